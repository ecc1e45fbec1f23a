/** GatePay batch payouts: the provider and the pieces the app and tests use directly. */
export { createGatePayProvider, type GatePayProviderDeps } from "./provider";
export {
  DEFAULT_GATEPAY_BASE_URL,
  DEFAULT_GATEPAY_MAX_BATCH_SIZE,
  GATEPAY_ID_PATTERN,
  type GatePayConfig,
} from "./config";
export {
  GATEPAY_ERRORS,
  GATEPAY_SYSTEM_ERROR_CODES,
  describeGatePayError,
  type GatePayErrorAction,
  type GatePayErrorInfo,
} from "./errors";
export { mapGatePayStatus } from "./status";
export { gatePaySignature, gatePayNonce } from "./signing";
export { gatePayFee } from "./fees";
export { GATEPAY_BATCH_NOT_FOUND_CODE } from "./lookup";
export { parseGatePayCallback } from "./callback";
