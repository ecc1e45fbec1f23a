/**
 * Shapes of GatePay answers, checked with zod/mini. Bodies are read with every JSON number quoted
 * first (see `readGatePayJson`), so amounts and 18-digit ids are always exact text here; numbers
 * that GatePay documents (fee_type, flags) are accepted as either text or number.
 */
import * as z from "zod/mini";

import { quoteNumericValues } from "../shared/json-amounts";

/** Text that may be missing, null or "" (GatePay uses all three for "none"). */
const optionalText = z.nullish(z.string());
const textOrNumber = z.nullish(z.union([z.string(), z.number()]));

export const envelopeSchema = z.object({
  status: optionalText,
  code: textOrNumber,
  label: optionalText,
  errorMessage: optionalText,
  data: z.optional(z.unknown()),
});
export type GatePayEnvelope = z.infer<typeof envelopeSchema>;

export const suborderSchema = z.object({
  merchant_withdraw_id: z.string(),
  suborder_id: optionalText,
  batch_id: optionalText,
  status: z.string(),
  currency: optionalText,
  chain: optionalText,
  address: optionalText,
  amount: optionalText,
  fee: optionalText,
  sub_amount: optionalText,
  done_amount: optionalText,
  tx_id: optionalText,
  err_msg: optionalText,
  fee_type: textOrNumber,
});
export type GatePaySuborder = z.infer<typeof suborderSchema>;

export const batchSchema = z.object({
  batch_id: z.string(),
  status: optionalText,
  withdraw_list: z.nullish(z.array(suborderSchema)),
});
export type GatePayBatch = z.infer<typeof batchSchema>;

export const createdBatchSchema = z.object({ batch_id: optionalText });

export const currencyChainsSchema = z.array(
  z.object({
    chain: z.string(),
    name_en: optionalText,
    is_disabled: textOrNumber,
    is_withdraw_disabled: textOrNumber,
    decimal: textOrNumber,
  }),
);
export type GatePayCurrencyChain = z.infer<typeof currencyChainsSchema>[number];

export const withdrawStatusSchema = z.array(
  z.object({
    currency: optionalText,
    withdraw_fix: optionalText,
    withdraw_percent: optionalText,
    withdraw_day_limit: optionalText,
    withdraw_day_limit_remain: optionalText,
    withdraw_amount_mini: optionalText,
    withdraw_eachtime_limit: optionalText,
    withdraw_fix_on_chains: z.nullish(z.record(z.string(), z.string())),
    withdraw_percent_on_chains: z.nullish(z.record(z.string(), z.string())),
  }),
);
export type GatePayWithdrawStatus = z.infer<typeof withdrawStatusSchema>[number];

export const balanceSchema = z.object({
  balance_list: z.nullish(z.array(z.object({ currency: z.string(), available: optionalText }))),
});

export const callbackSchema = z.object({
  main_order: z.object({ batch_id: z.string(), status: optionalText }),
  suborders: z.array(suborderSchema),
});

/**
 * JSON.parse with every numeric value of an object key turned into its exact text first, so no
 * amount or id ever passes through a float. Returns undefined for text that is not JSON.
 */
export function readGatePayJson(text: string): unknown {
  try {
    return JSON.parse(quoteNumericValues(text, "all"));
  } catch {
    return undefined;
  }
}

/** GatePay's is_* flags: 0 = not disabled, 1 = disabled; absent means not disabled. */
export function isFlagOff(flag: string | number | null | undefined): boolean {
  return flag === null || flag === undefined || String(flag).trim() === "" || Number(flag) === 0;
}
