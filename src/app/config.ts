/**
 * Configuration from Script Properties (CONTRACT section 6). Secrets are read here and handed to
 * the provider clients; they are never written to a cell, a log line or an error message.
 */
import * as z from "zod/mini";
import type { FeeMode } from "../domain/payout";
import type { Store } from "../ports";

export const KEYS = {
  coingateToken: "COINGATE_API_TOKEN",
  coingateEnvironment: "COINGATE_ENVIRONMENT",
  coingateLedgerAccount: "COINGATE_LEDGER_ACCOUNT_ID",
  coingateExchange: "COINGATE_EXCHANGE",
  gatepayClientId: "GATEPAY_CLIENT_ID",
  gatepaySecret: "GATEPAY_API_SECRET",
  gatepayBaseUrl: "GATEPAY_BASE_URL",
  callbackToken: "CALLBACK_TOKEN",
  webAppUrl: "WEB_APP_URL",
  // Keys this add-on adds beyond the contract.
  gatepayMaxBatch: "GATEPAY_MAX_BATCH_SIZE",
  gatepayFeeMode: "GATEPAY_DEFAULT_FEE_MODE",
  autoRefreshMinutes: "AUTO_REFRESH_MINUTES",
  staleAfterHours: "STALE_AFTER_HOURS",
  lastRefreshAt: "LAST_REFRESH_AT",
  openRows: "OPEN_ROWS",
  callbacksAppliedThrough: "CALLBACKS_APPLIED_THROUGH",
  coingateRecentRequests: "COINGATE_RECENT_REQUESTS",
  // The add-on's own record (app/record): its signing key and how many entries it wrote.
  recordKey: "RECORD_KEY",
  recordEntries: "RECORD_ENTRIES",
  webAppUrlVerified: "WEB_APP_URL_VERIFIED",
} as const;

/** Keys whose values are secrets: never in a cell, a log line, an error message or an e-mail. */
export const SECRET_KEYS = [
  KEYS.coingateToken,
  KEYS.gatepaySecret,
  KEYS.callbackToken,
  KEYS.recordKey,
] as const;

export const DEFAULT_GATEPAY_BASE_URL = "https://openplatform.gateapi.io";
export const AUTO_REFRESH_CHOICES = [1, 5, 10, 15, 30, 60] as const;

const trimmed = z.pipe(
  z.string(),
  z.transform((value: string) => value.trim()),
);

const schema = z.object({
  coingateToken: z.optional(trimmed),
  coingateEnvironment: z.catch(z.enum(["sandbox", "live"]), "sandbox"),
  coingateLedgerAccount: z.optional(trimmed),
  coingateExchange: z.catch(z.enum(["cancel", "confirm"]), "cancel"),
  gatepayClientId: z.optional(trimmed),
  gatepaySecret: z.optional(trimmed),
  gatepayBaseUrl: z.catch(
    z.string().check(z.regex(/^https:\/\/[^\s/]+/)),
    DEFAULT_GATEPAY_BASE_URL,
  ),
  gatepayMaxBatch: z.catch(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 100),
  gatepayFeeMode: z.catch(z.enum(["sender", "recipient"]), "sender"),
  autoRefreshMinutes: z.catch(
    z.coerce
      .number()
      .check(z.refine((n) => (AUTO_REFRESH_CHOICES as readonly number[]).includes(n))),
    10,
  ),
  staleAfterHours: z.catch(z.coerce.number().check(z.minimum(1)), 72),
});

export interface AppConfig {
  coingate?: {
    apiToken: string;
    environment: "sandbox" | "live";
    ledgerAccountId?: string;
    exchange: "cancel" | "confirm";
  };
  gatepay?: { clientId: string; apiSecret: string; baseUrl: string; maxBatchSize: number };
  gatepayDefaultFeeMode: FeeMode;
  coingateEnvironment: "sandbox" | "live";
  gatepayMaxBatchSize: number;
  autoRefreshMinutes: number;
  staleAfterHours: number;
  /** Settings whose value could not be used, so the default applies: key names only. */
  warnings: string[];
}

/** What each non-secret setting accepts, for the warning when a value cannot be used. */
const ACCEPTED: Partial<Record<keyof typeof KEYS, string>> = {
  coingateEnvironment: "sandbox or live; sandbox is used",
  coingateExchange: "cancel or confirm; cancel is used",
  gatepayBaseUrl: `an https:// address; ${DEFAULT_GATEPAY_BASE_URL} is used`,
  gatepayMaxBatch: "a whole number from 1 to 1000; 100 is used",
  gatepayFeeMode: "sender or recipient; sender is used",
  autoRefreshMinutes: `one of ${AUTO_REFRESH_CHOICES.join(", ")}; 10 is used`,
  staleAfterHours: "a number of hours of at least 1; 72 is used",
};

export function readConfig(store: Store): AppConfig {
  const raw: Record<string, string | undefined> = {};
  for (const [name, key] of Object.entries(KEYS)) {
    const value = store.get(key);
    if (value !== null && value.trim() !== "") raw[name] = value;
  }
  const parsed = schema.parse(raw);
  // A value the schema replaced by its default was not usable. The value itself is not
  // repeated: a secret pasted into the wrong key must not end up in a message.
  const warnings = (Object.keys(ACCEPTED) as (keyof typeof KEYS)[])
    .filter((name) => {
      const given = raw[name];
      const used = (parsed as Record<string, unknown>)[name];
      if (given === undefined) return false;
      return typeof used === "number"
        ? Number(given.trim()) !== used
        : String(used) !== given.trim();
    })
    .map((name) => `${KEYS[name]} cannot be used: it must be ${ACCEPTED[name]}.`);
  const coingate = parsed.coingateToken
    ? {
        apiToken: parsed.coingateToken,
        environment: parsed.coingateEnvironment,
        ledgerAccountId: parsed.coingateLedgerAccount || undefined,
        exchange: parsed.coingateExchange,
      }
    : undefined;
  const gatepay =
    parsed.gatepayClientId && parsed.gatepaySecret
      ? {
          clientId: parsed.gatepayClientId,
          apiSecret: parsed.gatepaySecret,
          baseUrl: parsed.gatepayBaseUrl.replace(/\/+$/, ""),
          maxBatchSize: parsed.gatepayMaxBatch,
        }
      : undefined;
  return {
    coingate,
    gatepay,
    gatepayDefaultFeeMode: parsed.gatepayFeeMode,
    coingateEnvironment: parsed.coingateEnvironment,
    gatepayMaxBatchSize: parsed.gatepayMaxBatch,
    autoRefreshMinutes: parsed.autoRefreshMinutes,
    staleAfterHours: parsed.staleAfterHours,
    warnings,
  };
}
