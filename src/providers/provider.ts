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

/** One payout as the provider lists it, for reconciliation. */
export interface ListedPayout {
  /** The Payout ID it carries (CoinGate external_id, GatePay merchant_withdraw_id); "" if none. */
  payoutId: string;
  snapshot: PayoutSnapshot;
  /** When the provider created it (ISO 8601), when it says. */
  createdAt?: string;
  currency?: string;
  amount?: Amount;
  address?: string;
}

/** What the add-on's record knows that narrows a listing. */
export interface ListingScope {
  /** Batches the record holds payouts in (a provider that lists by batch reads these). */
  batchIds: readonly string[];
  /** The earliest time the record covers (ISO 8601): older payouts are not the add-on's. */
  since?: string;
}

/** One step of a listing: a bounded number of requests, sent together. */
export interface ListingStep {
  payouts: ListedPayout[];
  /** Batches read in full by this step: a payout recorded in one and not listed is not there. */
  batchesRead: string[];
  /** Batches the provider says do not exist. */
  batchesAbsent: string[];
  /** Batches that could not be read (a query that failed): nothing is concluded about them. */
  batchesUnread: string[];
  /** What could not be read, in plain words. */
  problems: string[];
  /** Where the next step starts; null when the listing is complete. */
  next: string | null;
}

/**
 * The provider's own list of payouts, read in steps so that a long one resumes in a later run.
 * `covers`: "account" when the steps together list every payout of the account (so a payout the
 * record holds and no step listed is not there); "batches" when only the scope's batches are.
 * A step throws ProviderError when nothing can be read (credentials) or an Error with a plain
 * message when the listing cannot go on (a page that cannot be read).
 */
export interface PayoutListing {
  readonly covers: "account" | "batches";
  /** `cursor` "" starts; a step's `next` continues. */
  step(cursor: string, scope: ListingScope): ListingStep;
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
  /**
   * Its payouts as it lists them, for reconciliation. Optional: without one, a provider's payouts
   * are reconciled from the record alone (no UNKNOWN_AT_PROVIDER or MISSING_AT_PROVIDER).
   */
  readonly listing?: PayoutListing;
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
