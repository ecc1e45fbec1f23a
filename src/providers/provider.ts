/**
 * The one interface the submission, refresh and callback logic uses for both payout providers.
 * Implementations live in `coingate/` and `gatepay/`; they talk HTTP through the `Http` port
 * and never touch the sheet.
 */
import type { CatalogOffer } from "../domain/builtin-catalog";
import type { PayoutInstruction, PayoutRef, PayoutSnapshot, ProviderName } from "../domain/payout";
import type { Amount } from "../domain/money";
import type { FailureKind } from "./shared/failure";

/** What a provider offers on one network for one currency, for validation and previews. */
export type NetworkOffer = CatalogOffer;

export interface Catalog {
  provider: ProviderName;
  offers: NetworkOffer[];
}

/** Fees and balance for a set of payouts of one currency on one network (a preview line). */
export interface QuoteLine {
  currency: string;
  network: string;
  count: number;
  /** Sum of the rows' amounts. */
  total: Amount;
  /** The currency `total` is in, when not `currency` (CoinGate amounts in EUR, say). */
  totalCurrency?: string;
  /** Estimated fees for all the rows; undefined when the provider does not tell in advance. */
  estimatedFee?: Amount;
  feeCurrency?: string;
  /** What the provider will debit: total plus fees charged on top. */
  estimatedDebit?: Amount;
  /** Available balance in the debited currency, when known. */
  balance?: Amount;
  balanceCurrency?: string;
  /** Rows refused before sending (below minimum, above maximum, ...): payoutId -> reason. */
  problems: Record<string, string>;
}

export type SubmitOutcome =
  /** The provider created the payout. */
  | { kind: "created"; snapshot: PayoutSnapshot }
  /** The provider refused it; no money moved. `reason` is a plain sentence for the sheet. */
  | { kind: "rejected"; payoutId: string; reason: string }
  /** No answer: the payout may or may not exist. The row stays SUBMITTING for recovery. */
  | { kind: "unknown"; payoutId: string; reason: string };

export type LookupOutcome =
  | { kind: "found"; snapshot: PayoutSnapshot }
  /** Confirmed not at the provider: safe to resend with the same IDs. */
  | { kind: "absent"; payoutId: string }
  /** Could not tell (provider error); try later. */
  | { kind: "unknown"; payoutId: string; reason: string };

/** What a callback body says, before the provider's API confirms it. */
export interface CallbackHint {
  payoutId?: string;
  providerId?: string;
  batchId?: string;
  providerStatus: string;
  /** The provider status mapped to the sheet's status (null when unknown). */
  status: PayoutSnapshot["status"];
  /** The full snapshot as the callback states it. */
  snapshot: Partial<PayoutSnapshot>;
}

export interface ParsedCallback {
  hints: CallbackHint[];
}

export interface Provider {
  readonly name: ProviderName;
  /**
   * Currencies and networks offered for payouts, with precision and limits where known.
   * `currencies` names the ones of interest (GatePay asks per currency; CoinGate lists all).
   */
  catalog(currencies: string[]): Catalog;
  /** Fees, limits and balances for the given payouts, grouped by currency and network. */
  quote(payouts: PayoutInstruction[]): QuoteLine[];
  /**
   * Creates the payouts. GatePay sends them as one batch `batchId` (the caller plans batches and
   * records the batch id before calling); CoinGate sends one request each, in parallel.
   * Returns one outcome per payout, in input order.
   */
  submit(payouts: PayoutInstruction[], batchId?: string): SubmitOutcome[];
  /** Current state of payouts known to exist; one outcome per ref, in input order. */
  fetch(refs: PayoutRef[]): LookupOutcome[];
  /**
   * Looks up payouts whose create may or may not have reached the provider (rows found
   * SUBMITTING), by Payout ID. One outcome per ref, in input order.
   */
  recover(refs: PayoutRef[]): LookupOutcome[];
  /** Reads a callback body. Throws an Error with a plain message when the body is malformed. */
  parseCallback(body: string, contentType: string): ParsedCallback;
}

/**
 * A provider failure the app cannot resolve row by row (bad credentials, provider down, a
 * setting of ours refused), in the one failure model of shared/failure.ts.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}
