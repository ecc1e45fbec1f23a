/** The payout as the application and the providers exchange it. Amounts are decimal text. */
import type { Amount } from "./money";
import type { Status } from "./status";

/** A provider's name as the registry (providers/registry.ts) and the Provider column spell it. */
export type ProviderName = string;

export type FeeMode = "sender" | "recipient";
export type RecipientType = "person" | "business";

/** One validated row, ready to be sent. */
export interface PayoutInstruction {
  /** `^[A-Za-z0-9_]{1,32}$`; CoinGate external_id / GatePay merchant_withdraw_id. */
  payoutId: string;
  provider: ProviderName;
  /** Payee full name or company name. */
  recipient: string;
  recipientType?: RecipientType;
  email?: string;
  /** ISO 3166 alpha-3. */
  country?: string;
  companyCode?: string;
  /** Upper-case asset symbol the payee receives, e.g. USDT. */
  currency: string;
  /** The provider's own network code (GatePay chain, CoinGate platform id_name). */
  network: string;
  address: string;
  memo?: string;
  /** Canonical decimal text, e.g. "10.5". */
  amount: Amount;
  /** CoinGate only: the currency `amount` is denominated in, when not `currency`. */
  amountCurrency?: string;
  /** GatePay only. */
  feeMode?: FeeMode;
  /** CoinGate only. */
  purpose?: string;
}

/** Where a payout lives at its provider, as far as the sheet knows. */
export interface PayoutRef {
  payoutId: string;
  providerId?: string;
  batchId?: string;
}

/** A payout's state at the provider, mapped to the sheet's words. */
export interface PayoutSnapshot {
  payoutId: string;
  /** The provider status mapped to the sheet's; null when the provider's word is unknown. */
  status: Status | null;
  /** The provider's own latest status word. */
  providerStatus: string;
  providerId?: string;
  batchId?: string;
  fee?: Amount;
  feeCurrency?: string;
  sentAmount?: Amount;
  doneAmount?: Amount;
  txHash?: string;
  /** Why the payout failed, in plain words, when it did. */
  error?: string;
  /** Something a person should know or do (2FA confirmation, exchange canceled...). */
  note?: string;
}
