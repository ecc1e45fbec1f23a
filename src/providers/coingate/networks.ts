/**
 * CoinGate's platform id_names for the networks the add-on knows (domain/network-list.ts), by
 * network key; the first is used unless CoinGate's live list offers another. `ethereum`, `tron`,
 * `solana`, `polygon`, `arbitrum`, `base`, `optimism` and `bitcoin` appear in its API reference;
 * the others are ASSUMED. Networks CoinGate does not pay on are absent.
 */
import type { NetworkCodes } from "../../domain/networks";
import { codesFromTable } from "../shared/network-codes";

const PLATFORMS: Readonly<Record<string, readonly string[]>> = {
  ethereum: ["ethereum"],
  tron: ["tron"],
  bsc: ["binance_smart_chain", "bsc"], // assumed
  solana: ["solana"],
  polygon: ["polygon"],
  arbitrum: ["arbitrum"],
  optimism: ["optimism"],
  base: ["base"],
  avalanche_c: ["avalanche_c_chain", "avalanche"], // assumed
  bitcoin: ["bitcoin"],
  litecoin: ["litecoin"], // assumed
  dogecoin: ["dogecoin"], // assumed
  bitcoin_cash: ["bitcoin_cash", "bitcoincash"], // assumed
  ton: ["ton"], // assumed
  xrp: ["xrp", "ripple"], // assumed
  stellar: ["stellar"], // assumed
};

export const COINGATE_NETWORKS: NetworkCodes = codesFromTable(
  "CoinGate",
  PLATFORMS,
  "ethereum, tron, solana",
);
