/**
 * GatePay error codes as plain sentences for the sheet, and what the caller should do about each.
 * Codes and meanings: GatePay "Batch Payout Error Codes" and the general error-code list.
 */

/** What the caller does with an error. */
export type GatePayErrorAction =
  /** The row's data is wrong: the row is rejected and a person fixes it in a new row. */
  | "fix_row"
  /** The payment account lacks funds for the batch: top up, then submit again. */
  | "top_up"
  /** The batch has more sub-orders than GatePay accepts: send smaller batches. */
  | "split_batch"
  /** The batch id is already taken: query the batch, it was already created. */
  | "query_batch"
  /** GatePay failed internally: retry with the same parameters; a create may or may not exist. */
  | "retry_same"
  /** GATEPAY_API_SECRET is wrong. */
  | "check_secret"
  /** GATEPAY_CLIENT_ID is wrong. */
  | "check_client_id"
  /** The computer's clock is off by more than GatePay tolerates. */
  | "check_clock"
  /** The add-on built a request GatePay cannot read: a bug to report, not a row problem. */
  | "report_bug"
  /** The order GatePay was asked about does not exist. */
  | "not_found"
  /** Anything else: show the sentence to a person. */
  | "contact_gatepay";

export interface GatePayErrorInfo {
  code: string;
  sentence: string;
  action: GatePayErrorAction;
}

type Entry = Omit<GatePayErrorInfo, "code">;

const FIX_ROW_SUFFIX = "Fix the row and submit it again as a new row.";

export const GATEPAY_ERRORS: Readonly<Record<string, Entry>> = {
  "550233": {
    action: "top_up",
    sentence:
      "GatePay refused the batch: the payment account balance is too low for it (amounts plus fees). Top up the GatePay payment account, then submit again.",
  },
  "550234": {
    action: "fix_row",
    sentence: `GatePay refused the batch: a memo is too long. ${FIX_ROW_SUFFIX}`,
  },
  "550235": {
    action: "fix_row",
    sentence: `GatePay refused the batch: an amount has more decimals than the network allows. ${FIX_ROW_SUFFIX}`,
  },
  "550238": {
    action: "split_batch",
    sentence:
      "GatePay refused the batch: it has too many payouts. Lower GATEPAY_MAX_BATCH_SIZE (Payouts > Settings, payouts per batch) and submit again.",
  },
  "550239": {
    action: "fix_row",
    sentence: `GatePay refused the batch: an amount is missing. ${FIX_ROW_SUFFIX}`,
  },
  "550240": {
    action: "fix_row",
    sentence: `GatePay refused the batch: a currency is missing. ${FIX_ROW_SUFFIX}`,
  },
  "550241": {
    action: "fix_row",
    sentence: `GatePay refused the batch: an address is missing. ${FIX_ROW_SUFFIX}`,
  },
  "550242": {
    action: "fix_row",
    sentence: `GatePay refused the batch: a network (chain) is missing. ${FIX_ROW_SUFFIX}`,
  },
  "550245": {
    action: "query_batch",
    sentence: "GatePay already has a batch with this Batch ID: it was created before.",
  },
  "550249": {
    action: "fix_row",
    sentence:
      "GatePay refused the batch: a Batch ID or Payout ID is not 1 to 32 letters, digits or underscores.",
  },
  "400001": {
    action: "fix_row",
    sentence: `GatePay could not read a value in the request (parameter format error). ${FIX_ROW_SUFFIX}`,
  },
  "400002": {
    action: "check_secret",
    sentence:
      "GatePay rejected the request signature: check GATEPAY_API_SECRET in Script Properties.",
  },
  "400003": {
    action: "check_clock",
    sentence:
      "GatePay rejected the request time: check the clock, it must be within 10 seconds of GatePay's.",
  },
  "400004": {
    action: "check_client_id",
    sentence: "GatePay does not know this client: check GATEPAY_CLIENT_ID in Script Properties.",
  },
  "500008": {
    action: "check_client_id",
    sentence:
      "GatePay found no merchant for this client: check GATEPAY_CLIENT_ID in Script Properties.",
  },
  "400007": {
    action: "report_bug",
    sentence: "GatePay did not accept the request's content type; this is a bug in the add-on.",
  },
  "400020": {
    action: "report_bug",
    sentence: "GatePay did not accept the request nonce; this is a bug in the add-on.",
  },
  "300000": {
    action: "retry_same",
    sentence: "GatePay had a system error; the request will be retried with the same values.",
  },
  "300001": {
    action: "retry_same",
    sentence: "GatePay had an internal error; the request will be retried with the same values.",
  },
  "400000": {
    action: "retry_same",
    sentence: "GatePay had an unknown error; the request will be retried with the same values.",
  },
  "400201": { action: "query_batch", sentence: "GatePay already has an order with this number." },
  "400202": { action: "not_found", sentence: "GatePay has no such order." },
  "400203": {
    action: "check_client_id",
    sentence: "GatePay does not know this merchant: check GATEPAY_CLIENT_ID in Script Properties.",
  },
  "400204": {
    action: "contact_gatepay",
    sentence: "GatePay says the order is in the wrong state for this.",
  },
  "400205": {
    action: "fix_row",
    sentence: `GatePay does not accept this currency. ${FIX_ROW_SUFFIX}`,
  },
  "400605": {
    action: "top_up",
    sentence:
      "GatePay says the payment account balance is too low. Top up the GatePay payment account.",
  },
};

/** Codes for which GatePay answers HTTP 500: nothing is known about what happened. */
export const GATEPAY_SYSTEM_ERROR_CODES: ReadonlySet<string> = new Set([
  "300000",
  "300001",
  "400000",
]);

/**
 * The plain sentence and action for a GatePay error. `message` is GatePay's own errorMessage; it is
 * only quoted for codes not in the table, shortened, since it is the only clue there.
 */
export function describeGatePayError(code: string, message?: string | null): GatePayErrorInfo {
  const known = GATEPAY_ERRORS[code];
  if (known) return { code, ...known };
  const detail = (message ?? "").trim().slice(0, 200);
  return {
    code,
    action: "contact_gatepay",
    sentence: detail
      ? `GatePay refused the request with error ${code}: ${detail}`
      : `GatePay refused the request with error ${code}.`,
  };
}
