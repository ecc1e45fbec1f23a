/**
 * Realistic wallet data for the GatePay simulator: chains with withdrawal precision, fees and
 * limits in the shapes of /v1/pay/wallet/currency_chains and /withdraw_status. Values are
 * plausible, not live; tests that need other values pass their own.
 */

export interface SimChain {
  chain: string;
  nameEn: string;
  nameCn?: string;
  /** Withdrawal precision (GatePay sends it as a string). */
  decimal: number;
  disabled?: boolean;
  withdrawDisabled?: boolean;
}

export interface SimFees {
  /** Currency-wide fixed fee and percent, used for chains without their own. */
  fix: string;
  percent: string;
  fixOnChains: Record<string, string>;
  percentOnChains: Record<string, string>;
  /** Minimum and maximum per sub-order, and the daily limit. */
  min: string;
  eachtime: string;
  dayLimit: string;
}

export const DEFAULT_CHAINS: Record<string, SimChain[]> = {
  USDT: [
    { chain: "ETH", nameEn: "ETH/ERC20", nameCn: "以太坊ERC20", decimal: 6 },
    { chain: "TRX", nameEn: "Tron/TRC20", nameCn: "波场TRC20", decimal: 6 },
    { chain: "BSC", nameEn: "BSC/BEP20", nameCn: "BSC/BEP20", decimal: 6 },
    { chain: "SOL", nameEn: "Solana", nameCn: "Solana", decimal: 6 },
    { chain: "MATIC", nameEn: "Polygon", nameCn: "Polygon", decimal: 6 },
  ],
  USDC: [
    { chain: "ETH", nameEn: "ETH/ERC20", nameCn: "以太坊ERC20", decimal: 6 },
    { chain: "SOL", nameEn: "Solana", nameCn: "Solana", decimal: 6 },
    { chain: "BASEEVM", nameEn: "Base", nameCn: "Base", decimal: 6 },
  ],
  BTC: [{ chain: "BTC", nameEn: "Bitcoin", nameCn: "比特币", decimal: 8 }],
};

export const DEFAULT_FEES: Record<string, SimFees> = {
  USDT: {
    fix: "1",
    percent: "0%",
    fixOnChains: { ETH: "4.5", TRX: "1", BSC: "0.3", SOL: "1", MATIC: "0.8" },
    percentOnChains: { ETH: "0%", TRX: "0%", BSC: "0%", SOL: "0%", MATIC: "0%" },
    min: "1.5",
    eachtime: "1000000",
    dayLimit: "2000000",
  },
  USDC: {
    fix: "1",
    percent: "0%",
    fixOnChains: { ETH: "4", SOL: "1", BASEEVM: "0.0499" },
    percentOnChains: { ETH: "0%", SOL: "0%", BASEEVM: "0%" },
    min: "1",
    eachtime: "1000000",
    dayLimit: "2000000",
  },
  BTC: {
    fix: "0.0002",
    percent: "0%",
    fixOnChains: { BTC: "0.0002" },
    percentOnChains: { BTC: "0%" },
    min: "0.001",
    eachtime: "50",
    dayLimit: "100",
  },
};

export const CURRENCY_NAMES: Record<string, string> = {
  USDT: "Tether",
  USDC: "USD Coin",
  BTC: "Bitcoin",
};
