/** Settings of the GatePay client (from Script Properties). */

export const DEFAULT_GATEPAY_BASE_URL = "https://openplatform.gateapi.io";

/** GatePay does not publish its sub-order limit per batch (error 550238 exists); 100 is ours. */
export const DEFAULT_GATEPAY_MAX_BATCH_SIZE = 100;

export interface GatePayConfig {
  /** GATEPAY_CLIENT_ID. */
  clientId: string;
  /** GATEPAY_API_SECRET (the Payment API secret): the HMAC key; never logged or shown. */
  apiSecret: string;
  /** Default DEFAULT_GATEPAY_BASE_URL. */
  baseUrl: string;
  /** Most sub-orders the caller may put in one batch; default DEFAULT_GATEPAY_MAX_BATCH_SIZE. */
  maxBatchSize: number;
}

/** `batch_id` rule (published); GatePay does not publish one for `merchant_withdraw_id`. */
export const GATEPAY_ID_PATTERN = /^[A-Za-z0-9_]{1,32}$/;
