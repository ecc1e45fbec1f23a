/**
 * What each provider is assumed to offer when its live catalogue cannot be fetched (no
 * credentials yet). Every entry is an ASSUMPTION from public token deployments, not a provider
 * answer; the live catalogue replaces it as soon as it is available.
 *
 * Decimals are capped conservatively: GatePay documents "up to 6 decimal places in general"
 * (its per-chain `decimal` can be lower), and CoinGate amounts are capped at 8. No minimums are
 * given: neither provider publishes payout minimums offline, and a wrong minimum would block
 * valid rows.
 */
import { NETWORKS, providerCodes } from "./network-list";
import type { ProviderName } from "./payout";

/** What a provider offers for one currency on one network; providers' catalogues use it too. */
export interface CatalogOffer {
  currency: string;
  /** The provider's own network code. */
  network: string;
  title?: string;
  enabled: boolean;
  /** Maximum decimals accepted for an amount, when known. */
  decimals?: number;
  /** Minimum and maximum amount per payout, decimal text, when known. */
  min?: string;
  max?: string;
}

const DECIMALS_CAP: Record<ProviderName, number> = { GatePay: 6, CoinGate: 8 };

/** [currency, network key, the asset's decimals on that chain, offered by CoinGate too]. */
type Listing = [string, string, number, boolean];

const LISTINGS: Listing[] = [
  ["USDT", "ethereum", 6, true],
  ["USDT", "tron", 6, true],
  ["USDT", "bsc", 18, true],
  ["USDT", "solana", 6, true],
  ["USDT", "polygon", 6, true],
  ["USDT", "arbitrum", 6, false],
  ["USDT", "optimism", 6, false],
  ["USDT", "avalanche_c", 6, false],
  ["USDT", "ton", 6, false],
  ["USDC", "ethereum", 6, true],
  ["USDC", "bsc", 18, false],
  ["USDC", "solana", 6, true],
  ["USDC", "polygon", 6, true],
  ["USDC", "arbitrum", 6, true],
  ["USDC", "optimism", 6, true],
  ["USDC", "base", 6, true],
  ["USDC", "avalanche_c", 6, false],
  ["BTC", "bitcoin", 8, true],
  ["ETH", "ethereum", 18, true],
  ["ETH", "arbitrum", 18, true],
  ["ETH", "optimism", 18, true],
  ["ETH", "base", 18, true],
  ["LTC", "litecoin", 8, true],
  ["TRX", "tron", 6, true],
  ["SOL", "solana", 9, true],
  ["BNB", "bsc", 18, true],
  ["XRP", "xrp", 6, true],
  ["TON", "ton", 9, true],
  ["DOGE", "dogecoin", 8, true],
  // Polygon's native coin was renamed MATIC -> POL in 2024; providers may list either.
  ["POL", "polygon", 18, true],
  ["MATIC", "polygon", 18, false],
  ["DAI", "ethereum", 18, true],
  ["DAI", "bsc", 18, false],
  ["DAI", "polygon", 18, false],
  ["DAI", "arbitrum", 18, false],
  ["DAI", "optimism", 18, false],
  ["BCH", "bitcoin_cash", 8, true],
  ["AVAX", "avalanche_c", 18, false],
  ["XLM", "stellar", 7, false],
  ["ALGO", "algorand", 6, false],
  ["DOT", "polkadot", 10, false],
  ["ATOM", "cosmos", 6, false],
  ["NEAR", "near", 24, false],
  ["APT", "aptos", 8, false],
  ["SUI", "sui", 9, false],
  ["ADA", "cardano", 6, false],
  ["EOS", "eos", 4, false],
];

function offersOf(provider: ProviderName): CatalogOffer[] {
  const offers: CatalogOffer[] = [];
  for (const [currency, key, decimals, coinGate] of LISTINGS) {
    if (provider === "CoinGate" && !coinGate) continue;
    const network = NETWORKS.find((n) => n.key === key);
    const code = network ? providerCodes(network, provider)[0] : undefined;
    if (!network || !code) continue;
    offers.push({
      currency,
      network: code,
      title: network.title,
      enabled: true,
      decimals: Math.min(decimals, DECIMALS_CAP[provider]),
    });
  }
  return offers;
}

export const BUILTIN_CATALOG: Readonly<Record<ProviderName, readonly CatalogOffer[]>> = {
  CoinGate: offersOf("CoinGate"),
  GatePay: offersOf("GatePay"),
};

/** A fresh copy of the built-in offers of `provider`. */
export function builtInOffers(provider: ProviderName): CatalogOffer[] {
  return BUILTIN_CATALOG[provider].map((offer) => ({ ...offer }));
}
