/**
 * GatePay's chain codes for the networks the add-on knows (domain/network-list.ts), by network
 * key; the first code is used unless GatePay's live list offers another. The codes follow its
 * currency_chains examples (ETH, TRX, BSC, SOL, ARBEVM, BASEEVM...); those marked are ASSUMED.
 */
import type { NetworkCodes } from "../../domain/networks";
import { codesFromTable } from "../shared/network-codes";

const CHAINS: Readonly<Record<string, readonly string[]>> = {
  ethereum: ["ETH"],
  tron: ["TRX"],
  bsc: ["BSC"],
  solana: ["SOL"],
  polygon: ["MATIC"], // assumed; Gate may list it as POL
  arbitrum: ["ARBEVM"],
  optimism: ["OPETH"],
  base: ["BASEEVM"],
  avalanche_c: ["AVAX_C"],
  bitcoin: ["BTC"],
  litecoin: ["LTC"],
  dogecoin: ["DOGE"],
  bitcoin_cash: ["BCH"],
  ton: ["TON"],
  xrp: ["XRP"],
  stellar: ["XLM"],
  algorand: ["ALGO"],
  polkadot: ["DOT"],
  cosmos: ["ATOM"],
  near: ["NEAR"],
  aptos: ["APT"],
  sui: ["SUI"],
  cardano: ["ADA"],
  eos: ["EOS"],
};

export const GATEPAY_NETWORKS: NetworkCodes = codesFromTable("GatePay", CHAINS, "ETH, TRX, BSC");
