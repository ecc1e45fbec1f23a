/**
 * GatePay's payouts as a listing for reconciliation. GatePay has no list of batches, only the
 * query of one batch (reference 2.2), so the listing reads the batches the add-on's record
 * knows, in batch-id order, several at once per step; the cursor is the last batch id read.
 */
import { amountFromProvider } from "../../domain/money";
import type { ListedPayout, ListingStep, PayoutListing } from "../provider";
import { lookupBatches } from "./lookup";
import { suborderSnapshot } from "./snapshot";
import type { GatePayTransport } from "./transport";

const BATCHES_PER_STEP = 20;

export function gatePayListing(transport: GatePayTransport): PayoutListing {
  return {
    covers: "batches",
    step(cursor, scope): ListingStep {
      const ordered = [...new Set(scope.batchIds)].sort();
      const batchIds = ordered.filter((id) => id > cursor).slice(0, BATCHES_PER_STEP);
      const step: ListingStep = {
        payouts: [],
        batchesRead: [],
        batchesAbsent: [],
        batchesUnread: [],
        problems: [],
        next: null,
      };
      for (const [batchId, lookup] of lookupBatches(transport, batchIds)) {
        if (lookup.kind === "absent") step.batchesAbsent.push(batchId);
        else if (lookup.kind === "unknown") {
          step.batchesUnread.push(batchId);
          step.problems.push(`GatePay batch ${batchId} could not be read: ${lookup.reason}`);
        } else {
          step.batchesRead.push(batchId);
          for (const suborder of lookup.batch.withdraw_list ?? []) {
            const payout: ListedPayout = {
              payoutId: suborder.merchant_withdraw_id,
              snapshot: suborderSnapshot(suborder, batchId),
            };
            const amount = amountFromProvider(suborder.amount);
            if (amount) payout.amount = amount;
            if (suborder.currency) payout.currency = suborder.currency;
            if (suborder.address) payout.address = suborder.address;
            step.payouts.push(payout);
          }
        }
      }
      const last = batchIds[batchIds.length - 1];
      step.next = last !== undefined && last !== ordered[ordered.length - 1] ? last : null;
      return step;
    },
  };
}
