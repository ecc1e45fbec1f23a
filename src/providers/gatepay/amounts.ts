/** Decimal text helpers and GatePay's fee formula; all math in big.js, never in floats. */
import Big from "big.js";

const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;
const JSON_NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Canonical decimal text for a GatePay amount ("" and null mean absent). Plain decimals are kept
 * as GatePay wrote them; exponent forms ("1e-7", possible when amounts come as JSON numbers) are
 * written out in full.
 */
export function decimalText(value: string | null | undefined): string | undefined {
  const text = (value ?? "").trim();
  if (text === "") return undefined;
  if (PLAIN_DECIMAL.test(text)) return text;
  if (JSON_NUMBER.test(text)) return new Big(text).toFixed();
  return undefined;
}

export function isDecimalText(value: string): boolean {
  return JSON_NUMBER.test(value.trim());
}

/** Number of decimals written, ignoring trailing zeros ("1.50" has 1). */
export function decimalPlaces(amount: string): number {
  return Math.max(0, -new Big(amount).e + (new Big(amount).c.length - 1));
}

/** "0.1%" -> Big(0.001); "" / absent -> 0. */
export function percentFraction(value: string | null | undefined): Big {
  const text = (value ?? "").trim().replace(/%$/, "").trim();
  if (text === "" || !JSON_NUMBER.test(text)) return new Big(0);
  return new Big(text).div(100);
}

export interface FeeRule {
  withdraw_fix?: string | null;
  withdraw_percent?: string | null;
  withdraw_fix_on_chains?: Record<string, string> | null;
  withdraw_percent_on_chains?: Record<string, string> | null;
}

/**
 * GatePay's published fee formula for one payout: the chain's fixed fee plus the chain's percent
 * of the amount, each falling back to the currency-wide value when the chain has none.
 */
export function gatePayFee(rule: FeeRule, chain: string, amount: string): Big {
  const fix = decimalText(rule.withdraw_fix_on_chains?.[chain] ?? rule.withdraw_fix) ?? "0";
  const percent = percentFraction(
    rule.withdraw_percent_on_chains?.[chain] ?? rule.withdraw_percent,
  );
  return new Big(fix).plus(percent.times(amount));
}
