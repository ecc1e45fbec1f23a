export {
  EvmSimulator,
  TRANSFER_TOPIC,
  toUnits,
  type ChainTransfer,
  type EvmSimulatorOptions,
} from "./simulator";
