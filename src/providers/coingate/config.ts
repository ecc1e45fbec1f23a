/** What the CoinGate provider needs from the app, and its tunable limits. */

export interface CoinGateConfig {
  apiToken: string;
  /** Default sandbox. */
  environment: "sandbox" | "live";
  /** The ledger account to debit; when absent, the active account in the payout's currency. */
  ledgerAccountId?: string;
  /** What to do when CoinGate asks to confirm a currency exchange. */
  exchange: "cancel" | "confirm";
  /** Sent as each send request's callback_url (it carries a secret token). */
  callbackUrl?: string;
  /** Requests sent together through Http.fetchAll. Default 20. */
  chunkSize?: number;
  /** CoinGate's documented default limit. Default 200 requests per rolling minute. */
  requestsPerMinute?: number;
  /** First retry delay; doubles per try. Default 1000 ms. */
  backoffMs?: number;
  /**
   * The order of GET /send_requests, which CoinGate does not document (reference section 6).
   * "unknown" (the default) reads every page; "newest_first" stops at the first page that
   * reaches past the period asked for. Confirm the order against the real API before changing it.
   */
  listOrder?: "unknown" | "newest_first";
  /** Pages of the send request list read together in one listing step. Default 10. */
  listPagesPerStep?: number;
}

/**
 * Remembers the beneficiary payout setting id created for a payee, so a repeat payee costs no
 * request. The app stores it (a hidden sheet or properties).
 */
export interface PayeeDirectory {
  get(key: string): string | undefined;
  put(key: string, payoutSettingId: string): void;
  /**
   * Writes the puts of a resolve in one go. A run killed before it loses them: the next one
   * finds the payees at CoinGate by the lookup that comes before any create.
   */
  save(): void;
}

export const COINGATE_HOSTS = {
  sandbox: "https://api-sandbox.coingate.com",
  live: "https://api.coingate.com",
} as const;

export const DEFAULT_CHUNK_SIZE = 20;
export const DEFAULT_REQUESTS_PER_MINUTE = 200;
export const DEFAULT_BACKOFF_MS = 1000;
/** Tries per request for 429 and 5xx, the first included. */
export const MAX_TRIES = 3;
