export {
  GATEPAY_HOST,
  GatePaySimulator,
  sign as gatePaySimSignature,
  type BatchStatus,
  type GatePaySimulatorOptions,
  type LedgerEntry,
  type SentCallback,
  type SuborderStatus,
} from "./simulator";
export { DEFAULT_CHAINS, DEFAULT_FEES, type SimChain, type SimFees } from "./catalog-data";
