/**
 * A preview of a run: payouts grouped by currency and network, with the ledger balance they draw
 * on. CoinGate states fees only once a send request exists, so no fee estimate is given.
 */
import Big from "big.js";
import type { PayoutInstruction } from "../../domain/payout";
import type { QuoteLine } from "../provider";
import { sameSymbol, type CoinGateCatalog } from "./catalog";
import type { CoinGateLedger } from "./ledger";

export function quotePayouts(
  catalog: CoinGateCatalog,
  ledger: CoinGateLedger,
  payouts: PayoutInstruction[],
): QuoteLine[] {
  const lines = new Map<string, { line: QuoteLine; total: Big }>();
  // What is left on each account after the payouts before, so the rows it cannot cover are named.
  const remaining = new Map<string, Big>();
  for (const payout of payouts) {
    const amountCurrency = payout.amountCurrency || payout.currency;
    // Amounts in another currency (e.g. EUR) cannot be added to the others: their own line.
    const key = JSON.stringify([payout.currency, payout.network, amountCurrency]);
    const entry = lines.get(key) ?? {
      line: {
        currency: payout.currency,
        network: payout.network,
        count: 0,
        total: "0",
        ...(sameSymbol(amountCurrency, payout.currency) ? {} : { totalCurrency: amountCurrency }),
        problems: {},
      },
      total: new Big(0),
    };
    lines.set(key, entry);
    const { line } = entry;
    line.count++;
    entry.total = entry.total.plus(payout.amount);
    line.total = entry.total.toFixed();

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
    line.balance = account.balance;
    line.balanceCurrency = account.currency.symbol;
    if (!sameSymbol(amountCurrency, account.currency.symbol)) continue;
    const left = (remaining.get(account.id) ?? new Big(account.balance)).minus(payout.amount);
    remaining.set(account.id, left);
    if (left.lt(0)) {
      line.problems[payout.payoutId] =
        `The ${account.currency.symbol} balance (${account.balance}) does not cover this payout ` +
        `together with the ones before it.`;
    }
  }
  return [...lines.values()].map((entry) => entry.line);
}
