/** Finding payouts through batch queries: one query per batch, all batches in parallel. */
import { pairUp } from "../../domain/pairs";
import type { PayoutRef } from "../../domain/payout";
import type { LookupOutcome } from "../provider";

import { queryBatchCall } from "./endpoints";
import type { GatePayBatch, GatePaySuborder } from "./schemas";
import { suborderSnapshot } from "./snapshot";
import { setupError, type GatePayTransport } from "./transport";

/**
 * ASSUMPTION: GatePay does not document the answer for a batch_id it never created; its general
 * "order does not exist" code 400202 is the likely one. Confirm with a real merchant account.
 */
export const GATEPAY_BATCH_NOT_FOUND_CODE = "400202";

export type BatchLookup =
  | { kind: "found"; batch: GatePayBatch; byPayoutId: Map<string, GatePaySuborder> }
  | { kind: "absent" }
  | { kind: "unknown"; reason: string };

/**
 * Queries each batch once (reads are retried on passing failures when `retry`). Throws a
 * ProviderError for failures no row can fix (credentials, clock).
 */
export function lookupBatches(
  transport: GatePayTransport,
  batchIds: string[],
  retry = true,
): Map<string, BatchLookup> {
  const calls = batchIds.map((batchId) => queryBatchCall(batchId));
  const results = retry ? transport.read(calls) : transport.send(calls);
  const lookups = new Map<string, BatchLookup>();
  for (const [batchId, result] of pairUp(batchIds, results, "GatePay batch queries")) {
    if (result.ok) {
      const byPayoutId = new Map<string, GatePaySuborder>();
      for (const suborder of result.value.withdraw_list ?? []) {
        byPayoutId.set(suborder.merchant_withdraw_id, suborder);
      }
      lookups.set(batchId, { kind: "found", batch: result.value, byPayoutId });
      continue;
    }
    const fatal = setupError(result.failure);
    if (fatal) throw fatal;
    lookups.set(
      batchId,
      result.failure.code === GATEPAY_BATCH_NOT_FOUND_CODE
        ? { kind: "absent" }
        : { kind: "unknown", reason: result.failure.sentence },
    );
  }
  return lookups;
}

/**
 * `fetch` and `recover` outcomes. A batch GatePay does not know is `absent` only when recovering
 * (the create may never have arrived); for payouts known to exist it is a contradiction to report
 * as `unknown`, never as a reason to resend.
 */
export function lookupPayouts(
  transport: GatePayTransport,
  refs: PayoutRef[],
  purpose: "fetch" | "recover",
): LookupOutcome[] {
  const batchIds = [...new Set(refs.flatMap((ref) => (ref.batchId ? [ref.batchId] : [])))];
  const lookups = lookupBatches(transport, batchIds);
  return refs.map((ref): LookupOutcome => {
    if (!ref.batchId) {
      return {
        kind: "unknown",
        payoutId: ref.payoutId,
        reason: "No Batch ID is recorded for this payout; GatePay payouts are looked up by batch.",
      };
    }
    const lookup = lookups.get(ref.batchId) as BatchLookup;
    if (lookup.kind === "unknown") {
      return { kind: "unknown", payoutId: ref.payoutId, reason: lookup.reason };
    }
    if (lookup.kind === "absent") {
      return purpose === "recover"
        ? { kind: "absent", payoutId: ref.payoutId }
        : {
            kind: "unknown",
            payoutId: ref.payoutId,
            reason: `GatePay says batch ${ref.batchId} does not exist, although this payout was created in it.`,
          };
    }
    const suborder = lookup.byPayoutId.get(ref.payoutId);
    // GatePay creates a batch together with all its sub-orders in one request (or refuses the
    // whole request), so a batch that exists without this sub-order never contained it.
    if (!suborder) return { kind: "absent", payoutId: ref.payoutId };
    return { kind: "found", snapshot: suborderSnapshot(suborder, ref.batchId) };
  });
}
