/**
 * LIMIT_PER_DAY (CONTRACT section 7), pure: the most that may be submitted in any 24 hours, per
 * currency, counted over what was actually sent (the add-on's record), so deleting rows does not
 * reset it. Rows are let through in order while they fit; the rest wait, told what is left and
 * when more frees up.
 */
import type { CurrencyLimits } from "./currency-limits";
import { addAmounts, compareAmounts, subtractAmounts, ZERO, type Amount } from "./money";

export const WINDOW_MS = 24 * 3_600_000;

/** An amount that counts against its currency's limit since it was sent. */
export interface Spent {
  currency: string;
  amount: Amount;
  /** ISO time it was (first) sent. */
  at: string;
}

export type Allowance = { ok: true } | { ok: false; limit: Amount; left: Amount; freesAt?: string };

export class DailyAllowance {
  private readonly inWindow: Spent[];

  constructor(
    private readonly limits: CurrencyLimits,
    spent: readonly Spent[],
    private readonly now: number,
  ) {
    this.inWindow = spent.filter((s) => now - Date.parse(s.at) < WINDOW_MS);
  }

  /** What was sent in this currency in the last 24 hours (and taken in this run). */
  used(currency: string): Amount {
    const key = currency.toUpperCase();
    return addAmounts(
      ZERO,
      ...this.inWindow.filter((s) => s.currency === key).map((s) => s.amount),
    );
  }

  /** Takes the amount when it fits, as if sent now; else says what is left and when more frees. */
  take(currency: string, amount: Amount): Allowance {
    const key = currency.toUpperCase();
    const limit = this.limits.get(key);
    if (limit === undefined) return { ok: true };
    const used = this.used(key);
    if (compareAmounts(addAmounts(used, amount), limit) <= 0) {
      this.inWindow.push({ currency: key, amount, at: new Date(this.now).toISOString() });
      return { ok: true };
    }
    const left = compareAmounts(used, limit) >= 0 ? ZERO : subtractAmounts(limit, used);
    const oldest = this.inWindow
      .filter((s) => s.currency === key)
      .map((s) => Date.parse(s.at))
      .sort((a, b) => a - b)[0];
    return {
      ok: false,
      limit,
      left,
      ...(oldest !== undefined && { freesAt: new Date(oldest + WINDOW_MS).toISOString() }),
    };
  }
}

/** What a row past the limit says in Error. */
export function waitMessage(currency: string, amount: Amount, refusal: Allowance): string {
  if (refusal.ok) return "";
  const frees = refusal.freesAt ? ` More frees up from ${refusal.freesAt}.` : "";
  return (
    `Waits: LIMIT_PER_DAY allows ${refusal.limit} ${currency} in any 24 hours, and ${refusal.left} ${currency} ` +
    `is left now, less than this row's ${amount} ${currency}.${frees}`
  );
}
