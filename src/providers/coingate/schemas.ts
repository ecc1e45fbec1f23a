/**
 * The shapes of CoinGate's answers, as far as the client relies on them. Unknown fields are
 * dropped and most fields are optional: the docs' examples omit some of them (e.g.
 * `external_id` in the confirm/cancel answers). Amounts and ids are read as text: see
 * `parseCoinGateJson`.
 */
import * as z from "zod/mini";
import { quoteNumericValues } from "../shared/json-amounts";

/** Keys whose numeric values are kept as exact text rather than JS numbers. */
const EXACT_KEYS: ReadonlySet<string> = new Set([
  "id",
  "amount",
  "balance",
  "input_amount",
  "sending_amount",
  "balance_debit_amount",
  "input_to_sending_rate",
  "sending_to_balance_debit_rate",
  "beneficiary_id",
]);

/** JSON.parse that never turns an amount or id into a binary float. Throws on malformed text. */
export function parseCoinGateJson(text: string): unknown {
  return JSON.parse(quoteNumericValues(text, EXACT_KEYS));
}

const text = z.string();
/** Form-encoded callbacks carry booleans as "true"/"false". */
const flag = z.union([z.boolean(), z.enum(["true", "false", "1", "0"])]);

export const currencyRef = z.object({
  id: z.optional(text),
  title: z.nullish(text),
  symbol: text,
});

const platformRef = z.object({ id: text, id_name: text, title: z.nullish(text) });

export const supportedCurrencies = z.array(
  z.object({
    id: text,
    title: z.nullish(text),
    symbol: text,
    enabled: z.optional(z.boolean()),
    platforms: z.array(z.object({ ...platformRef.shape, enabled: z.optional(z.boolean()) })),
  }),
);
export type SupportedCurrency = z.infer<typeof supportedCurrencies>[number];

export const currencyList = z.array(z.object({ id: text, symbol: text }));

/** GET /currencies items with the platforms each is offered on (reference section 2.5). */
export const currencyDetails = z.array(
  z.object({
    id: text,
    symbol: text,
    platforms: z.nullish(z.array(z.object({ id: text, id_name: text }))),
  }),
);

/** GET /platforms items (reference section 2.5). */
export const platformList = z.array(z.object({ id: text, id_name: text }));

export const ledgerAccountsPage = z.object({
  total_pages: z.optional(z.number()),
  accounts: z.array(
    z.object({
      id: text,
      balance: text,
      status: z.optional(text),
      account_type: z.optional(text),
      currency: currencyRef,
    }),
  ),
});
export type LedgerAccount = z.infer<typeof ledgerAccountsPage>["accounts"][number];

export const payoutSetting = z.object({
  id: text,
  crypto_address: text,
  crypto_address_metadata: z.nullish(text),
  platform: platformRef,
  currency: currencyRef,
});
export type PayoutSetting = z.infer<typeof payoutSetting>;

export const beneficiary = z.object({
  id: text,
  beneficiary_type: z.optional(text),
  first_name: z.nullish(text),
  surname: z.nullish(text),
  company_name: z.nullish(text),
  email: z.nullish(text),
  beneficiary_payout_settings: z.optional(z.array(payoutSetting)),
});
export type Beneficiary = z.infer<typeof beneficiary>;

export const beneficiariesPage = z.object({
  total_pages: z.optional(z.number()),
  beneficiaries: z.array(beneficiary),
});

const feeEntry = z.nullish(z.object({ amount: text, currency: z.nullish(currencyRef) }));

export const sendRequest = z.object({
  id: text,
  status: text,
  external_id: z.nullish(text),
  created_at: z.nullish(text),
  beneficiary_payout_setting: z.nullish(z.object({ crypto_address: z.nullish(text) })),
  sending_amount: z.nullish(text),
  sending_currency: z.nullish(currencyRef),
  balance_debit_amount: z.nullish(text),
  balance_debit_currency: z.nullish(currencyRef),
  fees: z.nullish(z.object({ service_fee: feeEntry, conversion_fee: feeEntry })),
  blockchain_transactions: z.nullish(z.array(z.object({ txid: z.nullish(text) }))),
  actions_required: z.nullish(z.object({ confirm: text, cancel: text })),
  requires_2fa_confirmation: z.nullish(flag),
});
export type SendRequest = z.infer<typeof sendRequest>;

export const sendRequestsPage = z.object({
  total_pages: z.optional(z.number()),
  send_requests: z.array(sendRequest),
});

/** `errors` is a list for send requests and a map by field for beneficiaries. */
export const errorBody = z.object({
  message: z.optional(text),
  reason: z.optional(text),
  errors: z.optional(z.union([z.array(text), z.record(text, z.union([z.array(text), text]))])),
});
export type ErrorBody = z.infer<typeof errorBody>;
