/**
 * What a payout in a currency looks like on an EVM network: the network's own coin (sent as the
 * transaction's value, 18 decimals), or an ERC-20 token (a Transfer event of its contract).
 * The built-in table covers the usual payout tokens; CHAIN_TOKENS adds to it or overrides it
 * (see `parseTokenOverrides`), for a token missing here or a contract that changed.
 */
import { findNetworkByName, NETWORKS, networkByKey, type NetworkInfo } from "../networks";

export interface TokenContract {
  contract: string;
  decimals: number;
}

export type ChainAsset = { kind: "native"; decimals: 18 } | ({ kind: "token" } & TokenContract);

/** Each network's own coin, by network key (the symbols people write in Currency). */
const NATIVE: Readonly<Record<string, readonly string[]>> = {
  ethereum: ["ETH"],
  arbitrum: ["ETH"],
  optimism: ["ETH"],
  base: ["ETH"],
  bsc: ["BNB"],
  polygon: ["POL", "MATIC"],
  avalanche_c: ["AVAX"],
};

/** Token contracts by network key and currency symbol (the issuers' published addresses). */
const TOKENS: Readonly<Record<string, Readonly<Record<string, TokenContract>>>> = {
  ethereum: {
    USDT: { contract: "0xdac17f958d2ee523a2206206994597c13d831ec7", decimals: 6 },
    USDC: { contract: "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", decimals: 6 },
    DAI: { contract: "0x6b175474e89094c44da98b954eedeac495271d0f", decimals: 18 },
  },
  bsc: {
    // Binance-Peg tokens on BNB Smart Chain have 18 decimals, not 6.
    USDT: { contract: "0x55d398326f99059ff775485246999027b3197955", decimals: 18 },
    USDC: { contract: "0x8ac76a51cc950d9822d68b83fe1ad97b32cd580d", decimals: 18 },
  },
  polygon: {
    USDT: { contract: "0xc2132d05d31c914a87c6611c10748aeb04b58e8f", decimals: 6 },
    USDC: { contract: "0x3c499c542cef5e3811e1192ce70d8cc03d5c3359", decimals: 6 },
  },
  arbitrum: {
    USDT: { contract: "0xfd086bc7cd5c481dcc9c85ebe478a1c0b69fcbb9", decimals: 6 },
    USDC: { contract: "0xaf88d065e77c8cc2239327c5edb3a432268e5831", decimals: 6 },
  },
  optimism: {
    USDT: { contract: "0x94b008aa00579c1307b0ef2c499ad98a8ce58e58", decimals: 6 },
    USDC: { contract: "0x0b2c639c533813f4aa9d7837caf62653d097ff85", decimals: 6 },
  },
  base: {
    USDC: { contract: "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913", decimals: 6 },
  },
  avalanche_c: {
    USDT: { contract: "0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7", decimals: 6 },
    USDC: { contract: "0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e", decimals: 6 },
  },
};

/** Overrides by network key, then currency symbol. */
export type TokenOverrides = ReadonlyMap<string, ReadonlyMap<string, TokenContract>>;

/** How `currency` is paid on the network, or undefined when the add-on cannot tell. */
export function chainAsset(
  networkKey: string,
  currency: string,
  overrides: TokenOverrides = new Map(),
): ChainAsset | undefined {
  const symbol = currency.trim().toUpperCase();
  const token = overrides.get(networkKey)?.get(symbol) ?? TOKENS[networkKey]?.[symbol];
  if (token) return { kind: "token", ...token };
  if (NATIVE[networkKey]?.includes(symbol)) return { kind: "native", decimals: 18 };
  return undefined;
}

/** One CHAIN_TOKENS entry: `NETWORK:SYMBOL:0xCONTRACT:DECIMALS`. */
const ENTRY = /^([^:]+):([A-Za-z0-9.]{1,16}):(0x[0-9a-fA-F]{40}):(\d{1,2})$/;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every name of an EVM network as a regular-expression alternation (longest first). */
export const EVM_NAMES = NETWORKS.filter((network) => network.family === "evm")
  .flatMap((network) => [network.key, network.title, ...network.aliases])
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join("|");

const TOKEN_ENTRY = `\\s*(?:${EVM_NAMES})\\s*:[A-Za-z0-9.]{1,16}:0x[0-9a-fA-F]{40}:\\d{1,2}\\s*`;

/** What the CHAIN_TOKENS setting accepts. */
export const TOKEN_OVERRIDES_PATTERN = new RegExp(`^${TOKEN_ENTRY}(?:[,\\n]${TOKEN_ENTRY})*$`, "i");

/** An EVM network named in a setting (ETH, BSC, Polygon, ethereum...). */
export function evmNetworkNamed(name: string): NetworkInfo | undefined {
  const network = findNetworkByName(name) ?? networkByKey(name.trim().toLowerCase());
  return network?.family === "evm" ? network : undefined;
}

/**
 * Reads CHAIN_TOKENS: comma- or newline-separated `NETWORK:SYMBOL:0xCONTRACT:DECIMALS`, e.g.
 * `ETH:PYUSD:0x6c3ea9036406852006290770bedfcaba0e23a0e8:6`. Returns the overrides, or the
 * entries it could not read (for the settings check).
 */
export function parseTokenOverrides(
  text: string,
): { ok: true; overrides: TokenOverrides } | { ok: false; bad: string[] } {
  const overrides = new Map<string, Map<string, TokenContract>>();
  const bad: string[] = [];
  for (const entry of text.split(/[,\n]/).map((part) => part.trim())) {
    if (!entry) continue;
    const match = ENTRY.exec(entry);
    const [, networkName = "", currency = "", contract = "", decimalsText = ""] = match ?? [];
    const network = match && evmNetworkNamed(networkName.trim());
    const decimals = match ? Number(decimalsText) : NaN;
    if (!match || !network || decimals > 36) {
      bad.push(entry);
      continue;
    }
    const byCurrency = overrides.get(network.key) ?? new Map<string, TokenContract>();
    byCurrency.set(currency.toUpperCase(), { contract: contract.toLowerCase(), decimals });
    overrides.set(network.key, byCurrency);
  }
  return bad.length > 0 ? { ok: false, bad } : { ok: true, overrides };
}
