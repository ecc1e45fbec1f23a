/**
 * Balance shortfalls per provider and currency, and the payer's promise to top up. The preview's
 * lines are per currency and network, but a provider debits one balance per currency (GatePay's
 * payment account, CoinGate's ledger account), so lines that are each covered can still be short
 * together: what the payer is told, and must acknowledge, is the sum. Exact decimal text.
 */
import {
  addAmounts,
  compareAmounts,
  parseAmount,
  subtractAmounts,
  ZERO,
  type Amount,
} from "../../domain/money";
import type { QuoteLine } from "../../providers/provider";

export interface Shortfall {
  provider: string;
  /** The balance's currency. */
  currency: string;
  balance: Amount;
  /** What the lines that could be summed will debit from that balance. */
  needed: Amount;
  shortBy: Amount;
  /** Other lines draw on the same balance in another currency: the shortfall is at least this. */
  partial: boolean;
  /** e.g. "GatePay USDT is short by 12.5 (balance 100, needed 112.5)". */
  text: string;
}

/** What the dialog sends when the payer ticks the top-up box: one per shortfall it showed. */
export interface TopUpPromise {
  provider: string;
  currency: string;
  /** The shortfall the payer saw, decimal text. */
  shortBy: string;
}

type Line = QuoteLine & { provider: string };

/** Every balance the lines need more of than there is, in the order the lines first name it. */
export function shortfallsOf(lines: readonly Line[]): Shortfall[] {
  const sums = new Map<
    string,
    { provider: string; currency: string; balance: Amount; needed: Amount; partial: boolean }
  >();
  for (const line of lines) {
    if (line.balance === undefined) continue;
    const currency = line.balanceCurrency ?? line.currency;
    const key = `${line.provider}\u0000${currency}`;
    const sum = sums.get(key) ?? {
      provider: line.provider,
      currency,
      balance: line.balance,
      needed: ZERO,
      partial: false,
    };
    sums.set(key, sum);
    // Amounts in another currency (CoinGate rows in EUR) cannot be added to this balance's.
    if ((line.totalCurrency ?? line.currency) !== currency) sum.partial = true;
    else sum.needed = addAmounts(sum.needed, line.estimatedDebit ?? line.total);
  }
  return [...sums.values()]
    .filter((sum) => compareAmounts(sum.needed, sum.balance) > 0)
    .map((sum) => {
      const shortBy = subtractAmounts(sum.needed, sum.balance);
      const name = `${sum.provider} ${sum.currency}`;
      return {
        ...sum,
        shortBy,
        text: sum.partial
          ? `${name} is short by at least ${shortBy} (balance ${sum.balance}, needed ${sum.needed} and rows in other currencies)`
          : `${name} is short by ${shortBy} (balance ${sum.balance}, needed ${sum.needed})`,
      };
    });
}

/** The top-up box's label, naming every short balance. */
export function topUpLabel(shortfalls: readonly Shortfall[]): string {
  const names = shortfalls.map((s) => `${s.provider} ${s.currency}`);
  const listed =
    names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names[0];
  return `I will top up ${listed} before these payouts are sent`;
}

/**
 * The shortfalls no promise covers: a promise covers its provider's currency up to the amount the
 * payer saw, so a shortfall that grew since the preview needs a new look.
 */
export function uncovered(
  shortfalls: readonly Shortfall[],
  promises: readonly TopUpPromise[],
): Shortfall[] {
  return shortfalls.filter(
    (short) =>
      !promises.some((promise) => {
        const promised = parseAmount(promise.shortBy);
        return (
          promise.provider === short.provider &&
          promise.currency === short.currency &&
          promised.ok &&
          compareAmounts(promised.value, short.shortBy) >= 0
        );
      }),
  );
}
