/**
 * Wallet facts for a set of currencies, read fresh in one parallel round: chains and precision,
 * fees and limits, and optionally the payment-account balance. Nothing is cached between calls,
 * since GatePay updates fees hourly.
 */
import { amountFromProvider, ZERO, type Amount } from "../../domain/money";
import { pairUp } from "../../domain/pairs";
import { ProviderError } from "../provider";

import { balanceCall, currencyChainsCall, withdrawStatusCall } from "./endpoints";
import type { GatePayCurrencyChain, GatePayWithdrawStatus } from "./schemas";
import { setupError, type GatePayResult, type GatePayTransport } from "./transport";

export interface WalletFacts {
  chains: Map<string, GatePayCurrencyChain[]>;
  /** Undefined for a currency GatePay returned nothing for. */
  limits: Map<string, GatePayWithdrawStatus | undefined>;
  /** Available payment-account balance per currency; only when asked for. */
  balances?: Map<string, Amount>;
}

export function readWallet(
  transport: GatePayTransport,
  currencies: string[],
  withBalance: boolean,
): WalletFacts {
  const unique = [...new Set(currencies.map((c) => c.trim().toUpperCase()).filter(Boolean))];
  const chainCalls = unique.map((c) => currencyChainsCall(c));
  const limitCalls = unique.map((c) => withdrawStatusCall(c));
  // One parallel round; the transport's calls are typed per endpoint, so send them as unknown.
  const calls = [...chainCalls, ...limitCalls, ...(withBalance ? [balanceCall()] : [])];
  const what = "GatePay wallet reads";
  const results = pairUp(calls, transport.read<unknown>(calls), what).map(([, result]) => result);
  const chainResults = pairUp(unique, results.slice(0, unique.length), what);
  const limitResults = results.slice(unique.length, 2 * unique.length);
  const [balanceResult] = results.slice(2 * unique.length);

  const facts: WalletFacts = { chains: new Map(), limits: new Map() };
  for (const [[currency, chainResult], limitResult] of pairUp(chainResults, limitResults, what)) {
    facts.chains.set(currency, valueOf(chainResult) as GatePayCurrencyChain[]);
    const rows = valueOf(limitResult) as GatePayWithdrawStatus[];
    facts.limits.set(
      currency,
      rows.find((row) => (row.currency ?? "").toUpperCase() === currency.toUpperCase()) ??
        (rows.length === 1 ? rows[0] : undefined),
    );
  }
  if (balanceResult) {
    const balance = valueOf(balanceResult) as {
      balance_list?: { currency: string; available?: string | null }[] | null;
    };
    facts.balances = new Map();
    for (const entry of balance.balance_list ?? []) {
      facts.balances.set(entry.currency.toUpperCase(), amountFromProvider(entry.available) ?? ZERO);
    }
  }
  return facts;
}

function valueOf(result: GatePayResult<unknown>): unknown {
  if (result.ok) return result.value;
  const fatal = setupError(result.failure);
  if (fatal) throw fatal;
  throw new ProviderError(
    `Could not read GatePay fees and limits: ${result.failure.sentence}`,
    result.failure.kind === "system" ? "transient" : "refused",
  );
}
