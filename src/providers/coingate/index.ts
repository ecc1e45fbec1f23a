export { createCoinGateProvider, type CoinGateDeps } from "./provider";
export type { CoinGateConfig, PayeeDirectory } from "./config";
export type { RequestHistory } from "./rate-limiter";
export { mapCoinGateStatus } from "./status";
export { payeeKey } from "./payee-key";
/** Also usable without a provider instance (doPost reads a body before any token is loaded). */
export { parseCoinGateCallback } from "./callback";
