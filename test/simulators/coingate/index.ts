export {
  CoinGateSimulator,
  type CoinGateSimulatorOptions,
  type LedgerEntry,
  type SendStatus,
} from "./simulator";
export { defaultCurrencies, type SimCurrency, type SimPlatform } from "./currencies";
