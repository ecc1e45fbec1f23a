/**
 * The networks the add-on knows, as data: title, address family, memo rule and the aliases
 * people type. Each provider's own codes for them live with the provider
 * (providers/<name>/networks.ts).
 */
import type { AddressFamily } from "./address";

/** Whether a payout on the network takes a memo / tag: never, optionally, or always. */
export type MemoRule = "none" | "optional" | "required";

export interface NetworkInfo {
  /** Our own stable key, e.g. `ethereum`. */
  key: string;
  title: string;
  /** Address format; `unknown` when it is not checked (the caller shows a note). */
  family: AddressFamily;
  memo: MemoRule;
  /** What the network calls its memo, e.g. "destination tag". */
  memoName?: string;
  /** Longest memo accepted, in UTF-8 bytes. */
  memoMaxLength?: number;
  /** `uint32`: the memo must be a whole number below 2^32 (XRP destination tags). */
  memoFormat?: "text" | "uint32";
  /** Other names people type: token standards, tickers, common titles. */
  aliases: readonly string[];
}

type NetworkSpec = Omit<NetworkInfo, "memo"> & { memo?: MemoRule };

const SPECS: NetworkSpec[] = [
  {
    key: "ethereum",
    title: "Ethereum",
    family: "evm",
    aliases: ["ERC20", "ERC-20", "ETH", "Ethereum Mainnet", "Ether"],
  },
  {
    key: "tron",
    title: "Tron",
    family: "tron",
    aliases: ["TRC20", "TRC-20", "TRON", "TRX"],
  },
  {
    key: "bsc",
    title: "BNB Smart Chain",
    family: "evm",
    aliases: ["BEP20", "BEP-20", "BSC", "BNB Smart Chain", "Binance Smart Chain", "BNB Chain"],
  },
  {
    key: "solana",
    title: "Solana",
    family: "solana",
    // CoinGate documents a memo for Solana payouts; the 256-byte limit is an assumption.
    memo: "optional",
    memoName: "memo",
    memoMaxLength: 256,
    aliases: ["SOL", "SPL"],
  },
  {
    key: "polygon",
    title: "Polygon",
    family: "evm",
    aliases: ["MATIC", "POL", "Polygon PoS", "Polygon POS"],
  },
  {
    key: "arbitrum",
    title: "Arbitrum One",
    family: "evm",
    aliases: ["Arbitrum", "ARB", "Arbitrum One"],
  },
  {
    key: "optimism",
    title: "Optimism",
    family: "evm",
    aliases: ["OP", "OP Mainnet"],
  },
  {
    key: "base",
    title: "Base",
    family: "evm",
    aliases: [],
  },
  {
    key: "avalanche_c",
    title: "Avalanche C-Chain",
    family: "evm",
    aliases: ["Avalanche", "AVAX", "AVAXC", "Avalanche C"],
  },
  {
    key: "bitcoin",
    title: "Bitcoin",
    family: "bitcoin",
    aliases: ["BTC"],
  },
  {
    key: "litecoin",
    title: "Litecoin",
    family: "litecoin",
    aliases: ["LTC"],
  },
  {
    key: "dogecoin",
    title: "Dogecoin",
    family: "dogecoin",
    aliases: ["DOGE"],
  },
  {
    key: "bitcoin_cash",
    title: "Bitcoin Cash",
    family: "bitcoin_cash",
    aliases: ["BCH"],
  },
  {
    key: "ton",
    title: "TON",
    family: "ton",
    memo: "optional",
    memoName: "memo (comment)",
    // A text comment fits one cell: 127 bytes minus the 4-byte opcode, rounded down.
    memoMaxLength: 120,
    aliases: ["Toncoin", "The Open Network"],
  },
  {
    key: "xrp",
    title: "XRP Ledger",
    family: "xrp",
    // On chain the tag is optional, but payees on XRP are nearly always exchange accounts that
    // credit by tag, and a payout without one is lost: required (a personal wallet can use 0).
    memo: "required",
    memoName: "destination tag",
    memoMaxLength: 10,
    memoFormat: "uint32",
    aliases: ["XRP", "Ripple", "XRPL"],
  },
  {
    key: "stellar",
    title: "Stellar",
    family: "stellar",
    memo: "optional",
    memoName: "memo",
    memoMaxLength: 28, // MEMO_TEXT limit
    aliases: ["XLM", "Stellar Lumens"],
  },
  {
    key: "algorand",
    title: "Algorand",
    family: "algorand",
    aliases: ["ALGO"],
  },
  {
    key: "polkadot",
    title: "Polkadot",
    family: "polkadot",
    aliases: ["DOT"],
  },
  {
    key: "cosmos",
    title: "Cosmos Hub",
    family: "cosmos",
    memo: "optional",
    memoName: "memo",
    memoMaxLength: 256, // Cosmos SDK default MaxMemoCharacters
    aliases: ["Cosmos", "ATOM"],
  },
  {
    key: "near",
    title: "NEAR",
    family: "near",
    aliases: ["NEAR Protocol"],
  },
  {
    key: "aptos",
    title: "Aptos",
    family: "aptos",
    aliases: ["APT"],
  },
  {
    key: "sui",
    title: "Sui",
    family: "sui",
    aliases: [],
  },
  {
    key: "cardano",
    title: "Cardano",
    family: "cardano",
    aliases: ["ADA"],
  },
  {
    key: "eos",
    title: "EOS",
    family: "eos",
    memo: "optional",
    memoName: "memo",
    memoMaxLength: 256,
    aliases: [],
  },
];

export const NETWORKS: readonly NetworkInfo[] = SPECS.map((spec) => ({
  ...spec,
  memo: spec.memo ?? "none",
}));

export function networkByKey(key: string): NetworkInfo | undefined {
  return NETWORKS.find((network) => network.key === key);
}
