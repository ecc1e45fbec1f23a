/** GatePay's published fee formula, in exact decimals (domain/money.ts). */
import { addAmounts, amountFromProvider, percentOf, ZERO, type Amount } from "../../domain/money";

export interface FeeRule {
  withdraw_fix?: string | null;
  withdraw_percent?: string | null;
  withdraw_fix_on_chains?: Record<string, string> | null;
  withdraw_percent_on_chains?: Record<string, string> | null;
}

/** "0.1%" or "0.1" (GatePay writes both) as a percentage text percentOf reads; "" when none. */
function percentText(value: string | null | undefined): string {
  const number = amountFromProvider((value ?? "").trim().replace(/%$/, ""));
  return number === undefined ? "" : `${number}%`;
}

/**
 * The fee for one payout: the chain's fixed fee plus the chain's percent of the amount, each
 * falling back to the currency-wide value when the chain has none.
 */
export function gatePayFee(rule: FeeRule, chain: string, amount: Amount): Amount {
  const fix = amountFromProvider(rule.withdraw_fix_on_chains?.[chain] ?? rule.withdraw_fix) ?? ZERO;
  const percent = percentText(rule.withdraw_percent_on_chains?.[chain] ?? rule.withdraw_percent);
  return addAmounts(fix, percent ? percentOf(amount, percent) : ZERO);
}
