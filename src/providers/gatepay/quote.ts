/**
 * Fees, limits and balance for payouts before they are sent, from fresh withdraw_status,
 * currency_chains and balance answers (GatePay publishes no error codes for its limits, so they
 * are checked here).
 */
import Big from "big.js";

import type { PayoutInstruction } from "../../domain/payout";
import type { QuoteLine } from "../provider";

import { decimalPlaces, decimalText, gatePayFee, isDecimalText } from "./amounts";
import { isFlagOff } from "./schemas";
import type { GatePayTransport } from "./transport";
import { readWallet, type WalletFacts } from "./wallet";

interface Assessed {
  payout: PayoutInstruction;
  amount: Big;
  fee: Big;
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

  const lines = new Map<string, { line: QuoteLine; fee: Big; total: Big; debit: Big }>();
  for (const item of assessed) {
    const { currency, network } = item.payout;
    const key = `${currency}\u0000${network}`;
    let entry = lines.get(key);
    if (!entry) {
      const line: QuoteLine = {
        currency,
        network,
        count: 0,
        total: "0",
        feeCurrency: currency,
        balance: facts.balances?.get(currency.toUpperCase()) ?? "0",
        balanceCurrency: currency,
        problems: {},
      };
      entry = { line, fee: new Big(0), total: new Big(0), debit: new Big(0) };
      lines.set(key, entry);
    }
    entry.line.count++;
    entry.total = entry.total.plus(item.amount);
    entry.fee = entry.fee.plus(item.fee);
    // Sender mode: the fee is charged on top. Recipient mode: it comes out of the amount.
    entry.debit = entry.debit.plus(
      item.payout.feeMode === "recipient" ? item.amount : item.amount.plus(item.fee),
    );
    if (item.problems.length > 0)
      entry.line.problems[item.payout.payoutId] = item.problems.join(" ");
  }
  return [...lines.values()].map(({ line, fee, total, debit }) => ({
    ...line,
    total: total.toFixed(),
    estimatedFee: fee.toFixed(),
    estimatedDebit: debit.toFixed(),
  }));
}

/** Checks every payout in input order; the daily limit is used up by the rows before it. */
function assessInOrder(payouts: PayoutInstruction[], facts: WalletFacts): Assessed[] {
  const dayRemaining = new Map<string, Big | undefined>();
  return payouts.map((payout) => {
    const { currency, network } = payout;
    const problems: string[] = [];
    if (!isDecimalText(payout.amount) || new Big(payout.amount.trim()).lte(0)) {
      return {
        payout,
        amount: new Big(0),
        fee: new Big(0),
        problems: ["The amount is not a positive decimal number."],
      };
    }
    const amount = new Big(payout.amount.trim());
    const limits = facts.limits.get(currency.toUpperCase());
    const chain = (facts.chains.get(currency.toUpperCase()) ?? []).find((c) => c.chain === network);
    if (!chain) problems.push(`GatePay does not offer ${currency} on network ${network}.`);
    else if (!isFlagOff(chain.is_disabled) || !isFlagOff(chain.is_withdraw_disabled)) {
      problems.push(`GatePay payouts of ${currency} on ${network} are disabled at the moment.`);
    }
    if (!limits) {
      problems.push(`GatePay gave no fees or limits for ${currency}.`);
      return { payout, amount, fee: new Big(0), problems };
    }
    const fee = gatePayFee(limits, network, amount.toFixed());

    const maxDecimals = chain ? Number(chain.decimal ?? "") : NaN;
    if (Number.isInteger(maxDecimals) && decimalPlaces(amount.toFixed()) > maxDecimals) {
      problems.push(
        `The amount has ${decimalPlaces(amount.toFixed())} decimals; GatePay accepts at most ${maxDecimals} for ${currency} on ${network}.`,
      );
    }
    const min = decimalText(limits.withdraw_amount_mini);
    if (min !== undefined && amount.lt(min)) {
      problems.push(`The amount is below GatePay's minimum of ${min} ${currency}.`);
    }
    const max = decimalText(limits.withdraw_eachtime_limit);
    if (max !== undefined && amount.gt(max)) {
      problems.push(`The amount is above GatePay's maximum of ${max} ${currency} per payout.`);
    }
    if (payout.feeMode === "recipient" && amount.lte(fee)) {
      problems.push(
        `With the fee deducted from the amount (Fee mode recipient), the amount must be above the fee of ${fee.toFixed()} ${currency}.`,
      );
    }
    if (problems.length === 0) {
      const key = currency.toUpperCase();
      if (!dayRemaining.has(key)) {
        const remain = decimalText(limits.withdraw_day_limit_remain);
        dayRemaining.set(key, remain === undefined ? undefined : new Big(remain));
      }
      const remaining = dayRemaining.get(key);
      if (remaining !== undefined) {
        if (amount.gt(remaining)) {
          problems.push(
            `Together with the payouts before it, this goes over GatePay's remaining daily limit (${remaining.toFixed()} ${currency} left for it).`,
          );
        } else {
          dayRemaining.set(key, remaining.minus(amount));
        }
      }
    }
    return { payout, amount, fee, problems };
  });
}
