/**
 * The assets the add-on knows per network, for the offers a provider is assumed to make when its
 * live catalogue cannot be fetched (no credentials yet). Every entry is an ASSUMPTION from public
 * token deployments, not a provider answer; the live catalogue replaces it as soon as it is
 * available. Which of them a provider offers, and its decimals cap, are the provider's own
 * (providers/<name>/). No minimums are given: no provider publishes payout minimums offline, and
 * a wrong minimum would block valid rows.
 */
import type { Amount } from "./money";
import { NETWORKS } from "./network-list";
import type { NetworkCodes } from "./networks";

/** What a provider offers for one currency on one network; providers' catalogues use it too. */
export interface CatalogOffer {
  currency: string;
  /** The provider's own network code. */
  network: string;
  title?: string;
  enabled: boolean;
  /** Maximum decimals accepted for an amount, when known. */
  decimals?: number;
  /** Minimum and maximum amount per payout, when known. */
  min?: Amount;
  max?: Amount;
}

/** [currency, network key, the asset's decimals on that chain]. */
type Listing = [string, string, number];

const LISTINGS: Listing[] = [
  ["USDT", "ethereum", 6],
  ["USDT", "tron", 6],
  ["USDT", "bsc", 18],
  ["USDT", "solana", 6],
  ["USDT", "polygon", 6],
  ["USDT", "arbitrum", 6],
  ["USDT", "optimism", 6],
  ["USDT", "avalanche_c", 6],
  ["USDT", "ton", 6],
  ["USDC", "ethereum", 6],
  ["USDC", "bsc", 18],
  ["USDC", "solana", 6],
  ["USDC", "polygon", 6],
  ["USDC", "arbitrum", 6],
  ["USDC", "optimism", 6],
  ["USDC", "base", 6],
  ["USDC", "avalanche_c", 6],
  ["BTC", "bitcoin", 8],
  ["ETH", "ethereum", 18],
  ["ETH", "arbitrum", 18],
  ["ETH", "optimism", 18],
  ["ETH", "base", 18],
  ["LTC", "litecoin", 8],
  ["TRX", "tron", 6],
  ["SOL", "solana", 9],
  ["BNB", "bsc", 18],
  ["XRP", "xrp", 6],
  ["TON", "ton", 9],
  ["DOGE", "dogecoin", 8],
  ["POL", "polygon", 18],
  ["MATIC", "polygon", 18],
  ["DAI", "ethereum", 18],
  ["DAI", "bsc", 18],
  ["DAI", "polygon", 18],
  ["DAI", "arbitrum", 18],
  ["DAI", "optimism", 18],
  ["BCH", "bitcoin_cash", 8],
  ["AVAX", "avalanche_c", 18],
  ["XLM", "stellar", 7],
  ["ALGO", "algorand", 6],
  ["DOT", "polkadot", 10],
  ["ATOM", "cosmos", 6],
  ["NEAR", "near", 24],
  ["APT", "aptos", 8],
  ["SUI", "sui", 9],
  ["ADA", "cardano", 6],
  ["EOS", "eos", 4],
];

/**
 * The offers a provider is assumed to make: every listing on a network it has a code for (and
 * that `offered` accepts), with decimals capped at `decimalsCap`.
 */
export function offlineOffers(
  codes: NetworkCodes,
  options: { decimalsCap: number; offered?: (currency: string, networkKey: string) => boolean },
): readonly Readonly<CatalogOffer>[] {
  const offers: CatalogOffer[] = [];
  for (const [currency, key, decimals] of LISTINGS) {
    if (options.offered && !options.offered(currency, key)) continue;
    const network = NETWORKS.find((n) => n.key === key);
    const code = network ? codes.codes(network)[0] : undefined;
    if (!network || !code) continue;
    offers.push({
      currency,
      network: code,
      title: network.title,
      enabled: true,
      decimals: Math.min(decimals, options.decimalsCap),
    });
  }
  // Shared by every run: frozen, and copied by whoever needs to change one.
  return Object.freeze(offers.map((offer) => Object.freeze(offer)));
}
