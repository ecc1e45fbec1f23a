/**
 * What CoinGate pays out to (supported-currencies) and the ids it wants for currencies and
 * platforms. Ids differ between sandbox and live, so they are always looked up, never assumed.
 */
import { pairUp } from "../../domain/pairs";
import { ProviderError, type NetworkOffer } from "../provider";
import type { CoinGateApi } from "./api-client";
import { runWideError } from "./errors";
import { currencyList, supportedCurrencies, type SupportedCurrency } from "./schemas";

export class CoinGateCatalog {
  private currencies?: SupportedCurrency[];
  private readonly otherCurrencyIds = new Map<string, string | undefined>();

  constructor(private readonly api: CoinGateApi) {}

  /** Fetched once per provider instance (one execution). */
  list(): SupportedCurrency[] {
    if (!this.currencies) {
      const result = this.api.call({ method: "get", path: "/send_requests/supported-currencies" });
      if (!result.ok) throw runWideError(result);
      const parsed = supportedCurrencies.safeParse(result.data);
      if (!parsed.success) throw unreadable("supported currencies");
      this.currencies = parsed.data;
    }
    return this.currencies;
  }

  offers(): NetworkOffer[] {
    return this.list()
      .filter((currency) => currency.enabled !== false)
      .flatMap((currency) =>
        currency.platforms.map((platform) => ({
          currency: currency.symbol,
          network: platform.id_name,
          ...(platform.title ? { title: platform.title } : {}),
          enabled: platform.enabled !== false,
        })),
      );
  }

  /** The ids to create a beneficiary with, or a plain reason why CoinGate cannot pay there. */
  destination(
    symbol: string,
    network: string,
  ): { currencyId: string; platformId: string } | { problem: string } {
    const currency = this.list().find((c) => sameSymbol(c.symbol, symbol));
    const platform = currency?.platforms.find((p) => p.id_name === network);
    if (!currency || !platform || currency.enabled === false || platform.enabled === false) {
      return { problem: `CoinGate does not pay out ${symbol} on ${network}.` };
    }
    return { currencyId: currency.id, platformId: platform.id };
  }

  /**
   * The id of the currency an amount is denominated in (`amount_currency_id`). Payout currencies
   * come from the catalog; others (fiat such as EUR) from the public GET /currencies?symbol=.
   */
  amountCurrencyIds(symbols: string[]): Map<string, string | undefined> {
    const ids = new Map<string, string | undefined>();
    const unknown: string[] = [];
    for (const symbol of new Set(symbols)) {
      const payoutCurrency = this.list().find((c) => sameSymbol(c.symbol, symbol));
      if (payoutCurrency) ids.set(symbol, payoutCurrency.id);
      else if (this.otherCurrencyIds.has(symbol))
        ids.set(symbol, this.otherCurrencyIds.get(symbol));
      else unknown.push(symbol);
    }
    const results = this.api.callAll(
      unknown.map((symbol) => ({ method: "get", path: "/currencies", query: { symbol } })),
    );
    for (const [symbol, result] of pairUp(unknown, results, "CoinGate currency searches")) {
      if (!result.ok) throw runWideError(result);
      const parsed = currencyList.safeParse(result.data);
      if (!parsed.success) throw unreadable("currencies");
      const id = parsed.data.find((c) => sameSymbol(c.symbol, symbol))?.id;
      this.otherCurrencyIds.set(symbol, id);
      ids.set(symbol, id);
    }
    return ids;
  }
}

export function sameSymbol(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

export function unreadable(what: string): ProviderError {
  return new ProviderError(
    `CoinGate's ${what} answer was not in the documented shape.`,
    "transient",
  );
}
