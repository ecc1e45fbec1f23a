/** A CoinGate send request (API answer or callback) -> the sheet's view of the payout. */
import { addAmounts, amountFromProvider, type Amount } from "../../domain/money";
import type { PayoutSnapshot } from "../../domain/payout";
import type { SendRequest } from "./schemas";
import { mapCoinGateStatus } from "./status";

export const TWO_FACTOR_NOTE =
  "Confirm this payout in the CoinGate dashboard (Payouts > Outgoing payments) within 30 days.";

/** Statuses after which the ledger balance has been debited (CoinGate debits at in_progress). */
const DEBITED = new Set(["in_progress", "processing", "completed", "failed"]);

export function isTrue(flag: SendRequest["requires_2fa_confirmation"]): boolean {
  return flag === true || flag === "true" || flag === "1";
}

export function toSnapshot(request: SendRequest, payoutId?: string): PayoutSnapshot {
  const requires2fa = isTrue(request.requires_2fa_confirmation);
  const status = mapCoinGateStatus(request.status, requires2fa);
  const snapshot: PayoutSnapshot = {
    payoutId: payoutId ?? request.external_id ?? "",
    status,
    providerStatus: request.status,
    providerId: request.id,
  };
  const fee = feeOf(request);
  if (fee) {
    snapshot.fee = fee.amount;
    if (fee.currency) snapshot.feeCurrency = fee.currency;
  }
  // A draft's balance_debit_amount is only a plan; nothing is debited until in_progress.
  const debited = amountFromProvider(request.balance_debit_amount);
  if (DEBITED.has(request.status) && debited) snapshot.sentAmount = debited;
  const sent = amountFromProvider(request.sending_amount);
  if (request.status === "completed" && sent) snapshot.doneAmount = sent;
  const txids = (request.blockchain_transactions ?? []).map((t) => t.txid).filter((t) => !!t);
  if (txids.length) snapshot.txHash = txids.join(" ");
  if (status === "NEEDS_ACTION") snapshot.note = TWO_FACTOR_NOTE;
  if (status === null) snapshot.note = `Unknown CoinGate status "${request.status}"`;
  if (status === "FAILED") snapshot.error = "CoinGate reports that the payout failed.";
  return snapshot;
}

/**
 * Service fee plus conversion fee. When the two are in different currencies they cannot be
 * added, and only the service fee is reported (the conversion fee shows in the debited amount).
 */
function feeOf(request: SendRequest): { amount: Amount; currency?: string } | undefined {
  const service = amountFromProvider(request.fees?.service_fee?.amount);
  if (!service) return undefined;
  const currency = request.fees?.service_fee?.currency?.symbol;
  const conversion = amountFromProvider(request.fees?.conversion_fee?.amount);
  if (conversion && request.fees?.conversion_fee?.currency?.symbol === currency)
    return { amount: addAmounts(service, conversion), currency };
  return { amount: service, currency };
}
