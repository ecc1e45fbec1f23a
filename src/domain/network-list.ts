/**
 * The networks the add-on knows, as data: title, address family, memo rule, each provider's own
 * code(s) and the aliases people type.
 *
 * Provider codes: GatePay chain codes follow its currency_chains examples (ETH, TRX, BSC, SOL,
 * ARBEVM, BASEEVM...). CoinGate platform id_names `ethereum`, `tron`, `solana`, `polygon`,
 * `arbitrum`, `base`, `optimism` and `bitcoin` appear in its API reference; every other CoinGate
 * code below is an ASSUMPTION, and so are GatePay codes marked so. When several codes are listed
 * the first is used unless the provider's live catalogue offers another; the live catalogue wins.
 */
import type { AddressFamily } from "./address";
import type { ProviderName } from "./payout";

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
  gatePayChains: readonly string[];
  coinGatePlatforms: readonly string[];
  /** Other names people type: token standards, tickers, common titles. */
  aliases: readonly string[];
}

type NetworkSpec = Omit<NetworkInfo, "memo"> & { memo?: MemoRule };

const SPECS: NetworkSpec[] = [
  {
    key: "ethereum",
    title: "Ethereum",
    family: "evm",
    gatePayChains: ["ETH"],
    coinGatePlatforms: ["ethereum"],
    aliases: ["ERC20", "ERC-20", "ETH", "Ethereum Mainnet", "Ether"],
  },
  {
    key: "tron",
    title: "Tron",
    family: "tron",
    gatePayChains: ["TRX"],
    coinGatePlatforms: ["tron"],
    aliases: ["TRC20", "TRC-20", "TRON", "TRX"],
  },
  {
    key: "bsc",
    title: "BNB Smart Chain",
    family: "evm",
    gatePayChains: ["BSC"],
    coinGatePlatforms: ["binance_smart_chain", "bsc"], // assumed
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
    gatePayChains: ["SOL"],
    coinGatePlatforms: ["solana"],
    aliases: ["SOL", "SPL"],
  },
  {
    key: "polygon",
    title: "Polygon",
    family: "evm",
    gatePayChains: ["MATIC"], // assumed; Gate may list it as POL
    coinGatePlatforms: ["polygon"],
    aliases: ["MATIC", "POL", "Polygon PoS", "Polygon POS"],
  },
  {
    key: "arbitrum",
    title: "Arbitrum One",
    family: "evm",
    gatePayChains: ["ARBEVM"],
    coinGatePlatforms: ["arbitrum"],
    aliases: ["Arbitrum", "ARB", "Arbitrum One"],
  },
  {
    key: "optimism",
    title: "Optimism",
    family: "evm",
    gatePayChains: ["OPETH"],
    coinGatePlatforms: ["optimism"],
    aliases: ["OP", "OP Mainnet"],
  },
  {
    key: "base",
    title: "Base",
    family: "evm",
    gatePayChains: ["BASEEVM"],
    coinGatePlatforms: ["base"],
    aliases: [],
  },
  {
    key: "avalanche_c",
    title: "Avalanche C-Chain",
    family: "evm",
    gatePayChains: ["AVAX_C"],
    coinGatePlatforms: ["avalanche_c_chain", "avalanche"], // assumed
    aliases: ["Avalanche", "AVAX", "AVAXC", "Avalanche C"],
  },
  {
    key: "bitcoin",
    title: "Bitcoin",
    family: "bitcoin",
    gatePayChains: ["BTC"],
    coinGatePlatforms: ["bitcoin"],
    aliases: ["BTC"],
  },
  {
    key: "litecoin",
    title: "Litecoin",
    family: "litecoin",
    gatePayChains: ["LTC"],
    coinGatePlatforms: ["litecoin"], // assumed
    aliases: ["LTC"],
  },
  {
    key: "dogecoin",
    title: "Dogecoin",
    family: "dogecoin",
    gatePayChains: ["DOGE"],
    coinGatePlatforms: ["dogecoin"], // assumed
    aliases: ["DOGE"],
  },
  {
    key: "bitcoin_cash",
    title: "Bitcoin Cash",
    family: "bitcoin_cash",
    gatePayChains: ["BCH"],
    coinGatePlatforms: ["bitcoin_cash", "bitcoincash"], // assumed
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
    gatePayChains: ["TON"],
    coinGatePlatforms: ["ton"], // assumed
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
    gatePayChains: ["XRP"],
    coinGatePlatforms: ["xrp", "ripple"], // assumed
    aliases: ["XRP", "Ripple", "XRPL"],
  },
  {
    key: "stellar",
    title: "Stellar",
    family: "stellar",
    memo: "optional",
    memoName: "memo",
    memoMaxLength: 28, // MEMO_TEXT limit
    gatePayChains: ["XLM"],
    coinGatePlatforms: ["stellar"], // assumed
    aliases: ["XLM", "Stellar Lumens"],
  },
  {
    key: "algorand",
    title: "Algorand",
    family: "algorand",
    gatePayChains: ["ALGO"],
    coinGatePlatforms: [],
    aliases: ["ALGO"],
  },
  {
    key: "polkadot",
    title: "Polkadot",
    family: "polkadot",
    gatePayChains: ["DOT"],
    coinGatePlatforms: [],
    aliases: ["DOT"],
  },
  {
    key: "cosmos",
    title: "Cosmos Hub",
    family: "cosmos",
    memo: "optional",
    memoName: "memo",
    memoMaxLength: 256, // Cosmos SDK default MaxMemoCharacters
    gatePayChains: ["ATOM"],
    coinGatePlatforms: [],
    aliases: ["Cosmos", "ATOM"],
  },
  {
    key: "near",
    title: "NEAR",
    family: "near",
    gatePayChains: ["NEAR"],
    coinGatePlatforms: [],
    aliases: ["NEAR Protocol"],
  },
  {
    key: "aptos",
    title: "Aptos",
    family: "aptos",
    gatePayChains: ["APT"],
    coinGatePlatforms: [],
    aliases: ["APT"],
  },
  {
    key: "sui",
    title: "Sui",
    family: "sui",
    gatePayChains: ["SUI"],
    coinGatePlatforms: [],
    aliases: [],
  },
  {
    key: "cardano",
    title: "Cardano",
    family: "cardano",
    gatePayChains: ["ADA"],
    coinGatePlatforms: [],
    aliases: ["ADA"],
  },
  {
    key: "eos",
    title: "EOS",
    family: "eos",
    memo: "optional",
    memoName: "memo",
    memoMaxLength: 256,
    gatePayChains: ["EOS"],
    coinGatePlatforms: [],
    aliases: [],
  },
];

export const NETWORKS: readonly NetworkInfo[] = SPECS.map((spec) => ({
  ...spec,
  memo: spec.memo ?? "none",
}));

export function providerCodes(network: NetworkInfo, provider: ProviderName): readonly string[] {
  return provider === "GatePay" ? network.gatePayChains : network.coinGatePlatforms;
}
