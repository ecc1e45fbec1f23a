/**
 * Creating one GatePay batch. Exactly one create request per call, never retried: a lost answer
 * leaves the batch unknown and recovery (a batch query) decides.
 */
import { pairUp } from "../../domain/pairs";
import type { PayoutInstruction, PayoutSnapshot } from "../../domain/payout";
import type { SubmitOutcome } from "../provider";

import { GATEPAY_ID_PATTERN } from "./config";
import { createBatchCall, type WithdrawItem } from "./endpoints";
import { lookupBatches } from "./lookup";
import { acceptedSnapshot, suborderSnapshot } from "./snapshot";
import { setupError, type GatePayTransport } from "./transport";

export function submitBatch(
  transport: GatePayTransport,
  maxBatchSize: number,
  payouts: PayoutInstruction[],
  batchId: string | undefined,
): SubmitOutcome[] {
  if (payouts.length === 0) return [];
  if (!batchId || !GATEPAY_ID_PATTERN.test(batchId)) {
    throw new Error("A GatePay batch needs a Batch ID of 1 to 32 letters, digits or underscores.");
  }
  if (payouts.length > maxBatchSize) {
    throw new Error(
      `A GatePay batch holds at most ${maxBatchSize} payouts; ${payouts.length} were given.`,
    );
  }
  const seen = new Set<string>();
  for (const payout of payouts) {
    if (seen.has(payout.payoutId)) {
      throw new Error(`Payout ID ${payout.payoutId} appears twice in GatePay batch ${batchId}.`);
    }
    seen.add(payout.payoutId);
  }

  // A bad id would make GatePay refuse the whole batch (550249): refuse only that row instead.
  const badIds = new Set(
    payouts.filter((p) => !GATEPAY_ID_PATTERN.test(p.payoutId)).map((p) => p.payoutId),
  );
  const sendable = payouts.filter((p) => !badIds.has(p.payoutId));
  const outcomes = new Map<string, SubmitOutcome>();
  for (const payoutId of badIds) {
    outcomes.set(payoutId, {
      kind: "rejected",
      payoutId,
      reason: "The Payout ID must be 1 to 32 letters, digits or underscores; nothing was sent.",
    });
  }
  if (sendable.length > 0) {
    const created = createAndResolve(transport, sendable, batchId);
    for (const [payout, outcome] of pairUp(sendable, created, "GatePay batch outcomes"))
      outcomes.set(payout.payoutId, outcome);
  }
  return payouts.map((p) => outcomes.get(p.payoutId) as SubmitOutcome);
}

function createAndResolve(
  transport: GatePayTransport,
  payouts: PayoutInstruction[],
  batchId: string,
): SubmitOutcome[] {
  const result = transport.sendOne(createBatchCall(batchId, payouts.map(withdrawItem)));
  if (result.ok) return afterCreate(transport, payouts, batchId);

  const failure = result.failure;
  const fatal = setupError(failure);
  if (fatal) throw fatal;
  if (failure.action === "query_batch") return resolveExistingBatch(transport, payouts, batchId);
  if (failure.kind === "business") {
    return payouts.map((p) => ({
      kind: "rejected",
      payoutId: p.payoutId,
      reason: failure.sentence,
    }));
  }
  // No answer, HTTP 5xx, a system error code or an unreadable answer: the batch may exist.
  const reason = `${failure.sentence} The batch may or may not exist; the next refresh looks it up.`;
  return payouts.map((p) => ({ kind: "unknown", payoutId: p.payoutId, reason }));
}

/**
 * After a successful create, one query (no retries) fills in sub-order ids, fees and statuses:
 * cheap, and it saves the sheet a round without Provider IDs. If it fails, the accepted INIT
 * snapshots stand and the next refresh fills them in.
 */
function afterCreate(
  transport: GatePayTransport,
  payouts: PayoutInstruction[],
  batchId: string,
): SubmitOutcome[] {
  let lookup;
  try {
    lookup = lookupBatches(transport, [batchId], false).get(batchId);
  } catch {
    lookup = undefined; // the create succeeded; a failing follow-up read must not hide that
  }
  return payouts.map((p) => {
    const suborder = lookup?.kind === "found" ? lookup.byPayoutId.get(p.payoutId) : undefined;
    const snapshot: PayoutSnapshot = suborder
      ? suborderSnapshot(suborder, batchId)
      : acceptedSnapshot(p.payoutId, batchId);
    return { kind: "created", snapshot };
  });
}

/** 550245: the batch id is taken, so an earlier create of this batch arrived. */
function resolveExistingBatch(
  transport: GatePayTransport,
  payouts: PayoutInstruction[],
  batchId: string,
): SubmitOutcome[] {
  const lookup = lookupBatches(transport, [batchId]).get(batchId);
  return payouts.map((p): SubmitOutcome => {
    const suborder = lookup?.kind === "found" ? lookup.byPayoutId.get(p.payoutId) : undefined;
    if (suborder) return { kind: "created", snapshot: suborderSnapshot(suborder, batchId) };
    const reason =
      lookup?.kind === "found"
        ? `GatePay batch ${batchId} already exists without this payout; the batch was created earlier with other rows.`
        : `GatePay batch ${batchId} already exists but could not be read: ${lookup?.kind === "unknown" ? lookup.reason : "it was not found"}`;
    return { kind: "unknown", payoutId: p.payoutId, reason };
  });
}

function withdrawItem(payout: PayoutInstruction): WithdrawItem {
  const memo = payout.memo?.trim() ? { memo: payout.memo } : {};
  return {
    merchant_withdraw_id: payout.payoutId,
    currency: payout.currency,
    amount: payout.amount,
    chain: payout.network,
    address: payout.address,
    ...memo,
    // GatePay fee_type 1 = fee on top (payee receives the amount); 0 = fee deducted from it.
    fee_type: payout.feeMode === "recipient" ? 0 : 1,
  };
}
