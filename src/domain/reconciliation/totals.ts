/**
 * Totals per provider and currency, from the add-on's record: rows, requested, sent, fees, done,
 * open, failed. Each amount counts in its own currency (a CoinGate row asking for 200 EUR counts
 * its request under EUR, its ledger debit and fee under the ledger's currency), so every line
 * adds up exactly and can be held against a provider's statement. Sent, fees and done are those
 * of completed payouts: what left the account and reached the payees.
 */
import { addAmounts, parseAmount, ZERO, type Amount } from "../money";
import { isOpen, type PayoutRecord } from "../record";
import { recordInput } from "../record-inputs";

export interface TotalsLine {
  provider: string;
  currency: string;
  rows: number;
  completed: number;
  open: number;
  /** Failed, rejected, canceled or expired: not paid, and not going to be. */
  failed: number;
  requested: Amount;
  sent: Amount;
  fees: Amount;
  done: Amount;
}

const NOT_PAID = new Set(["FAILED", "REJECTED", "CANCELED", "EXPIRED"]);
const UNKNOWN_CURRENCY = "(unknown)";

export function totalsOf(records: readonly PayoutRecord[]): TotalsLine[] {
  const lines = new Map<string, TotalsLine>();
  const line = (provider: string, currency: string): TotalsLine => {
    const key = `${provider}\u0000${currency}`;
    let found = lines.get(key);
    if (!found) {
      found = { provider, currency, rows: 0, completed: 0, open: 0, failed: 0 } as TotalsLine;
      Object.assign(found, { requested: ZERO, sent: ZERO, fees: ZERO, done: ZERO });
      lines.set(key, found);
    }
    return found;
  };
  const add = (
    target: TotalsLine,
    field: "requested" | "sent" | "fees" | "done",
    value?: string,
  ) => {
    const amount = value === undefined ? undefined : parseAmount(value);
    if (amount?.ok) target[field] = addAmounts(target[field], amount.value);
  };
  for (const record of records) {
    if (record.phase === "returned") continue;
    const currency = recordInput(record, "currency").toUpperCase() || UNKNOWN_CURRENCY;
    const own = line(record.provider, currency);
    own.rows++;
    if (record.status === "COMPLETED") own.completed++;
    else if (isOpen(record)) own.open++;
    else if (NOT_PAID.has(record.status)) own.failed++;
    const requestedIn = recordInput(record, "amountCurrency").toUpperCase() || currency;
    add(line(record.provider, requestedIn), "requested", recordInput(record, "amount"));
    if (record.status !== "COMPLETED") continue;
    const { details } = record;
    const feeIn = (details.feeCurrency ?? "").toUpperCase() || currency;
    add(line(record.provider, feeIn), "sent", details.sentAmount);
    add(line(record.provider, feeIn), "fees", details.fee);
    add(own, "done", details.doneAmount);
  }
  return [...lines.values()].sort(
    (a, b) => a.provider.localeCompare(b.provider) || a.currency.localeCompare(b.currency),
  );
}
