/**
 * `CUR:amount` lists (CONTRACT section 7: SECOND_APPROVAL_ABOVE, LIMIT_PER_ROW, LIMIT_PER_DAY),
 * e.g. "USDT:10000, BTC:0.5, EUR:5000". Amounts are exact decimals; currencies upper case.
 */
import { compareAmounts, parseAmount, type Amount } from "./money";

export type CurrencyLimits = ReadonlyMap<string, Amount>;

const ITEM = /^([A-Za-z0-9]{2,12})\s*:\s*(\S+)$/;

/** The list read, or the first thing wrong with it in plain words. */
export function parseCurrencyLimits(
  text: string,
): { ok: true; limits: CurrencyLimits } | { ok: false; reason: string } {
  const limits = new Map<string, Amount>();
  const items = text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) {
    const match = ITEM.exec(item);
    if (!match) return { ok: false, reason: `"${item}" is not CURRENCY:amount (e.g. USDT:10000)` };
    const [, code = "", amountText = ""] = match;
    const currency = code.toUpperCase();
    const amount = parseAmount(amountText);
    if (!amount.ok) return { ok: false, reason: `${currency}: ${amount.reason}` };
    if (limits.has(currency)) return { ok: false, reason: `${currency} is listed twice` };
    limits.set(currency, amount.value);
  }
  return { ok: true, limits };
}

/** Whether `amount` in `currency` is above the list's figure for it (false when unlisted). */
export function isAbove(limits: CurrencyLimits, currency: string, amount: Amount): boolean {
  const limit = limits.get(currency.toUpperCase());
  return limit !== undefined && compareAmounts(amount, limit) > 0;
}

/** A list as one line, the way it is written. */
export function formatCurrencyLimits(limits: CurrencyLimits): string {
  return [...limits].map(([currency, amount]) => `${currency}:${amount}`).join(", ");
}
