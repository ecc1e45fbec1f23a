/**
 * A preview of a run: payouts grouped by currency and network, with the ledger balance they draw
 * on. CoinGate states fees only once a send request exists, so no fee estimate is given.
 */
import {
  addAmounts,
  amountFromProvider,
  compareAmounts,
  subtractAmounts,
  ZERO,
  type Amount,
} from "../../domain/money";
import type { PayoutInstruction } from "../../domain/payout";
import type { QuoteLine } from "../provider";
import { sameSymbol, type CoinGateCatalog } from "./catalog";
import type { CoinGateLedger } from "./ledger";

export function quotePayouts(
  catalog: CoinGateCatalog,
  ledger: CoinGateLedger,
  payouts: PayoutInstruction[],
): QuoteLine[] {
  const lines = new Map<string, QuoteLine>();
  // What is left on each account after the payouts before, so the rows it cannot cover are named.
  const remaining = new Map<string, Amount>();
  for (const payout of payouts) {
    const amountCurrency = payout.amountCurrency || payout.currency;
    // Amounts in another currency (e.g. EUR) cannot be added to the others: their own line.
    const key = JSON.stringify([payout.currency, payout.network, amountCurrency]);
    const line: QuoteLine = lines.get(key) ?? {
      currency: payout.currency,
      network: payout.network,
      count: 0,
      total: ZERO,
      ...(sameSymbol(amountCurrency, payout.currency) ? {} : { totalCurrency: amountCurrency }),
      problems: {},
    };
    lines.set(key, line);
    line.count++;
    line.total = addAmounts(line.total, payout.amount);

    const destination = catalog.destination(payout.currency, payout.network);
    if ("problem" in destination) {
      line.problems[payout.payoutId] = destination.problem;
      continue;
    }
    const account = ledger.accountFor(payout.currency);
    if ("problem" in account) {
      line.problems[payout.payoutId] = account.problem;
      continue;
    }
    const balance = amountFromProvider(account.balance) ?? ZERO;
    line.balance = balance;
    line.balanceCurrency = account.currency.symbol;
    if (!sameSymbol(amountCurrency, account.currency.symbol)) continue;
    const left = subtractAmounts(remaining.get(account.id) ?? balance, payout.amount);
    remaining.set(account.id, left);
    if (compareAmounts(left, ZERO) < 0) {
      line.problems[payout.payoutId] =
        `The ${account.currency.symbol} balance (${account.balance}) does not cover this payout ` +
        `together with the ones before it.`;
    }
  }
  return [...lines.values()];
}
