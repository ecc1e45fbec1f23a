/**
 * Fees, limits and balance for payouts before they are sent, from fresh withdraw_status,
 * currency_chains and balance answers (GatePay publishes no error codes for its limits, so they
 * are checked here). Exact decimals throughout (domain/money.ts).
 */
import {
  addAmounts,
  amountFromProvider,
  compareAmounts,
  decimalPlaces,
  subtractAmounts,
  ZERO,
  type Amount,
} from "../../domain/money";
import type { PayoutInstruction } from "../../domain/payout";
import type { QuoteLine } from "../provider";

import { gatePayFee } from "./fees";
import { isFlagOff } from "./schemas";
import type { GatePayTransport } from "./transport";
import { readWallet, type WalletFacts } from "./wallet";

interface Assessed {
  payout: PayoutInstruction;
  amount: Amount;
  fee: Amount;
  problems: string[];
}

export function quotePayouts(
  transport: GatePayTransport,
  payouts: PayoutInstruction[],
): QuoteLine[] {
  if (payouts.length === 0) return [];
  const facts = readWallet(
    transport,
    payouts.map((p) => p.currency),
    true,
  );
  const assessed = assessInOrder(payouts, facts);

  const lines = new Map<string, { line: QuoteLine; fee: Amount; total: Amount; debit: Amount }>();
  for (const item of assessed) {
    const { currency, network } = item.payout;
    const key = `${currency}\u0000${network}`;
    let entry = lines.get(key);
    if (!entry) {
      const line: QuoteLine = {
        currency,
        network,
        count: 0,
        total: ZERO,
        feeCurrency: currency,
        balance: facts.balances?.get(currency.toUpperCase()) ?? ZERO,
        balanceCurrency: currency,
        problems: {},
      };
      entry = { line, fee: ZERO, total: ZERO, debit: ZERO };
      lines.set(key, entry);
    }
    entry.line.count++;
    entry.total = addAmounts(entry.total, item.amount);
    entry.fee = addAmounts(entry.fee, item.fee);
    // Sender mode: the fee is charged on top. Recipient mode: it comes out of the amount.
    entry.debit = addAmounts(
      entry.debit,
      item.payout.feeMode === "recipient" ? item.amount : addAmounts(item.amount, item.fee),
    );
    if (item.problems.length > 0)
      entry.line.problems[item.payout.payoutId] = item.problems.join(" ");
  }
  return [...lines.values()].map(({ line, fee, total, debit }) => ({
    ...line,
    total,
    estimatedFee: fee,
    estimatedDebit: debit,
  }));
}

/** Checks every payout in input order; the daily limit is used up by the rows before it. */
function assessInOrder(payouts: PayoutInstruction[], facts: WalletFacts): Assessed[] {
  const dayRemaining = new Map<string, Amount | undefined>();
  return payouts.map((payout) => {
    const { currency, network } = payout;
    const problems: string[] = [];
    const amount = amountFromProvider(payout.amount);
    if (amount === undefined || compareAmounts(amount, ZERO) <= 0) {
      return {
        payout,
        amount: ZERO,
        fee: ZERO,
        problems: ["The amount is not a positive decimal number."],
      };
    }
    const limits = facts.limits.get(currency.toUpperCase());
    const chain = (facts.chains.get(currency.toUpperCase()) ?? []).find((c) => c.chain === network);
    if (!chain) problems.push(`GatePay does not offer ${currency} on network ${network}.`);
    else if (!isFlagOff(chain.is_disabled) || !isFlagOff(chain.is_withdraw_disabled)) {
      problems.push(`GatePay payouts of ${currency} on ${network} are disabled at the moment.`);
    }
    if (!limits) {
      problems.push(`GatePay gave no fees or limits for ${currency}.`);
      return { payout, amount, fee: ZERO, problems };
    }
    const fee = gatePayFee(limits, network, amount);

    const maxDecimals = chain ? Number(chain.decimal ?? "") : NaN;
    if (Number.isInteger(maxDecimals) && decimalPlaces(amount) > maxDecimals) {
      problems.push(
        `The amount has ${decimalPlaces(amount)} decimals; GatePay accepts at most ${maxDecimals} for ${currency} on ${network}.`,
      );
    }
    const min = amountFromProvider(limits.withdraw_amount_mini);
    if (min !== undefined && compareAmounts(amount, min) < 0) {
      problems.push(`The amount is below GatePay's minimum of ${min} ${currency}.`);
    }
    const max = amountFromProvider(limits.withdraw_eachtime_limit);
    if (max !== undefined && compareAmounts(amount, max) > 0) {
      problems.push(`The amount is above GatePay's maximum of ${max} ${currency} per payout.`);
    }
    if (payout.feeMode === "recipient" && compareAmounts(amount, fee) <= 0) {
      problems.push(
        `With the fee deducted from the amount (Fee mode recipient), the amount must be above the fee of ${fee} ${currency}.`,
      );
    }
    if (problems.length === 0) {
      const key = currency.toUpperCase();
      if (!dayRemaining.has(key))
        dayRemaining.set(key, amountFromProvider(limits.withdraw_day_limit_remain));
      const remaining = dayRemaining.get(key);
      if (remaining !== undefined) {
        if (compareAmounts(amount, remaining) > 0) {
          problems.push(
            `Together with the payouts before it, this goes over GatePay's remaining daily limit (${remaining} ${currency} left for it).`,
          );
        } else {
          dayRemaining.set(key, subtractAmounts(remaining, amount));
        }
      }
    }
    return { payout, amount, fee, problems };
  });
}
