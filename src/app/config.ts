/**
 * Configuration from Script Properties (CONTRACT section 6). Secrets are read here and handed to
 * the provider clients; they are never written to a cell, a log line or an error message.
 */
import * as z from "zod/mini";
import type { FeeMode } from "../domain/payout";
import type { Store } from "../ports";
import { KEYS } from "./keys";

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
