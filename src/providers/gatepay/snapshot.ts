/** A GatePay sub-order (from a batch query or a callback) as the sheet's payout snapshot. */
import type { PayoutSnapshot } from "../../domain/payout";

import { amountFromProvider, isZero, type Amount } from "../../domain/money";
import type { GatePaySuborder } from "./schemas";
import { mapGatePayStatus, unknownStatusNote } from "./status";

export function suborderSnapshot(suborder: GatePaySuborder, batchId: string): PayoutSnapshot {
  const providerStatus = suborder.status.trim().toUpperCase();
  const status = mapGatePayStatus(providerStatus);
  const snapshot: PayoutSnapshot = {
    payoutId: suborder.merchant_withdraw_id,
    status,
    providerStatus,
    batchId,
  };
  setIfPresent(snapshot, "providerId", suborder.suborder_id?.trim());
  // Before a sub-order is final GatePay may show 0 for its fee and amount: a placeholder, not a
  // fact to write into the row (ASSUMPTION: the documents do not say when they are filled in).
  const final = providerStatus === "DONE" || providerStatus === "FAIL";
  const fact = (amount: Amount | undefined) =>
    amount !== undefined && (final || !isZero(amount)) ? amount : undefined;
  setIfPresent(snapshot, "fee", fact(amountFromProvider(suborder.fee)));
  if (snapshot.fee !== undefined) setIfPresent(snapshot, "feeCurrency", suborder.currency?.trim());
  setIfPresent(snapshot, "sentAmount", fact(amountFromProvider(suborder.sub_amount)));
  // done_amount is filled before the payout is done (even on FAIL); only DONE means "received".
  if (providerStatus === "DONE")
    setIfPresent(snapshot, "doneAmount", amountFromProvider(suborder.done_amount));
  setIfPresent(snapshot, "txHash", suborder.tx_id?.trim());
  if (providerStatus === "FAIL") {
    snapshot.error = suborder.err_msg?.trim()
      ? `GatePay: ${suborder.err_msg.trim()}`
      : "GatePay reported the payout failed without giving a reason.";
  }
  if (status === null) snapshot.note = unknownStatusNote(providerStatus);
  return snapshot;
}

/** The snapshot of a sub-order GatePay has just accepted, before any query. */
export function acceptedSnapshot(payoutId: string, batchId: string): PayoutSnapshot {
  return { payoutId, status: "PENDING", providerStatus: "INIT", batchId };
}

function setIfPresent<K extends keyof PayoutSnapshot>(
  snapshot: PayoutSnapshot,
  key: K,
  value: PayoutSnapshot[K] | undefined,
): void {
  if (value !== undefined && value !== "") snapshot[key] = value;
}
