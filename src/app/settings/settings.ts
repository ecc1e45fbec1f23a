/**
 * The Settings sidebar's use cases: what the sidebar may show (never a secret's value), an
 * all-or-nothing save of what a person entered, and a connection test per provider.
 */
import * as z from "zod/mini";
import { ProviderError } from "../../providers/provider";
import {
  checkCoinGateAccess,
  type LedgerAccountChoice,
} from "../../providers/coingate/ledger-list";
import { checkGatePayAccess } from "../../providers/gatepay/connection-test";
import { autoRefreshInstalled, installAutoRefresh } from "../refresh/auto-refresh";
import { AUTO_REFRESH_CHOICES, readConfig } from "../config";
import { KEYS, setAtKey } from "../keys";
import { isoNow, type AppContext } from "../context";
import { audit } from "../audit/log";
import { checkOwnWebApp, markOwnWebApp } from "../web-app/own-url";

export interface SecretState {
  set: boolean;
  /** ISO time it was set through the sidebar; absent when set elsewhere (Project settings). */
  setAt?: string;
}

export interface SettingsView {
  coingateToken: SecretState;
  coingateEnvironment: "sandbox" | "live";
  coingateLedgerAccountId: string;
  coingateExchange: "cancel" | "confirm";
  gatepayClientId: string;
  gatepaySecret: SecretState;
  gatepayFeeMode: "sender" | "recipient";
  gatepayMaxBatchSize: number;
  autoRefreshMinutes: number;
  autoRefreshChoices: number[];
  autoRefreshOn: boolean;
  webAppUrl: string;
  /** The URL Apps Script reports for the deployment, shown when WEB_APP_URL is empty. */
  detectedWebAppUrl: string | null;
  /** Submitted rows not final yet: the CoinGate environment cannot change while any exist. */
  openRows: number;
}

/** What the sidebar sends. An empty secret keeps the stored one; `...Remove` deletes it. */
export interface SettingsForm {
  coingateToken: string;
  coingateTokenRemove: boolean;
  coingateEnvironment: string;
  /** The person confirmed a switch to live. */
  confirmLive: boolean;
  coingateLedgerAccountId: string;
  coingateExchange: string;
  gatepayClientId: string;
  gatepaySecret: string;
  gatepaySecretRemove: boolean;
  gatepayFeeMode: string;
  gatepayMaxBatchSize: string;
  autoRefreshMinutes: string;
  webAppUrl: string;
}

export type SettingsField = keyof SettingsForm;

export type SaveResult =
  | { ok: true; message: string; settings: SettingsView }
  | { ok: false; message: string; errors: Partial<Record<SettingsField, string>> };

export function getSettings(ctx: AppContext): SettingsView {
  const config = readConfig(ctx.store);
  return {
    coingateToken: secretState(ctx, KEYS.coingateToken),
    coingateEnvironment: config.coingateEnvironment,
    coingateLedgerAccountId: stored(ctx, KEYS.coingateLedgerAccount),
    coingateExchange: config.coingate?.exchange ?? exchangeOf(ctx),
    gatepayClientId: stored(ctx, KEYS.gatepayClientId),
    gatepaySecret: secretState(ctx, KEYS.gatepaySecret),
    gatepayFeeMode: config.gatepayDefaultFeeMode,
    gatepayMaxBatchSize: config.gatepayMaxBatchSize,
    autoRefreshMinutes: config.autoRefreshMinutes,
    autoRefreshChoices: [...AUTO_REFRESH_CHOICES],
    autoRefreshOn: autoRefreshInstalled(ctx),
    webAppUrl: stored(ctx, KEYS.webAppUrl),
    detectedWebAppUrl: ctx.webApp.url(),
    openRows: openRows(ctx),
  };
}

// ---- validation --------------------------------------------------------------------------

const trimmed = z.pipe(
  z.string(),
  z.transform((value: string) => value.trim()),
);

/** Sent in an HTTP header: printable ASCII without spaces. Empty means "keep the stored one". */
function secretField(message: string) {
  return z.pipe(trimmed, z.string().check(z.regex(/^$|^[\x21-\x7e]{8,512}$/, { error: message })));
}

function choiceField<T extends string>(values: readonly [T, ...T[]], message: string) {
  return z.pipe(trimmed, z.enum(values, { error: message }));
}

/** The deployed web app: script.google.com/macros/s/ID/exec, or .../a/macros/DOMAIN/s/ID/exec. */
const WEB_APP_URL_PATTERN =
  /^https:\/\/script\.google\.com\/(?:a\/macros\/[A-Za-z0-9.-]+|macros)\/s\/[A-Za-z0-9_-]+\/exec$/;

const formSchema = z.object({
  coingateToken: secretField(
    "A CoinGate API token is at least 8 letters, digits or symbols, without spaces.",
  ),
  coingateTokenRemove: z.boolean({ error: "Choose whether to remove the token." }),
  coingateEnvironment: choiceField(["sandbox", "live"], "Choose sandbox or live."),
  confirmLive: z.boolean({ error: "Confirm the switch to live." }),
  coingateLedgerAccountId: z.pipe(
    trimmed,
    z.string().check(
      z.regex(/^$|^[A-Za-z0-9_-]{1,64}$/, {
        error: "A ledger account id is letters, digits, - or _ (up to 64), or empty for automatic.",
      }),
    ),
  ),
  coingateExchange: choiceField(["cancel", "confirm"], "Choose cancel or confirm."),
  gatepayClientId: z.pipe(
    trimmed,
    z.string().check(
      z.regex(/^$|^[\x21-\x7e]{1,128}$/, {
        error: "A GatePay ClientId is letters, digits or symbols without spaces (up to 128).",
      }),
    ),
  ),
  gatepaySecret: secretField(
    "A GatePay API secret is at least 8 letters, digits or symbols, without spaces.",
  ),
  gatepaySecretRemove: z.boolean({ error: "Choose whether to remove the secret." }),
  gatepayFeeMode: choiceField(["sender", "recipient"], "Choose sender or recipient."),
  gatepayMaxBatchSize: z.pipe(
    trimmed,
    z.string().check(
      z.regex(/^[0-9]{1,4}$/, { error: "Enter a whole number from 1 to 1000." }),
      z.refine((text) => Number(text) >= 1 && Number(text) <= 1000, {
        error: "Enter a whole number from 1 to 1000.",
      }),
    ),
  ),
  autoRefreshMinutes: z.pipe(
    trimmed,
    z.enum(
      AUTO_REFRESH_CHOICES.map(String) as [string, ...string[]],
      `Choose one of ${AUTO_REFRESH_CHOICES.join(", ")} minutes.`,
    ),
  ),
  webAppUrl: z.pipe(
    trimmed,
    z.string().check(
      z.regex(new RegExp(`^$|${WEB_APP_URL_PATTERN.source}`), {
        error:
          "Paste the web app URL: https://script.google.com/macros/s/.../exec (or leave empty).",
      }),
    ),
  ),
});

type ValidForm = z.infer<typeof formSchema>;

/**
 * Validates every field, then stores all of them or none. Nothing of a secret is echoed: the
 * messages are fixed sentences and the answer carries only whether each secret is set.
 */
export function saveSettings(ctx: AppContext, form: unknown): SaveResult {
  const parsed = formSchema.safeParse(form);
  const errors: Partial<Record<SettingsField, string>> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "") as SettingsField;
      errors[field] ??= issue.message;
    }
    return refused(errors);
  }
  const valid = parsed.data;
  checkCombinations(ctx, valid, errors);
  if (Object.keys(errors).length) return refused(errors);

  const changed = writeSettings(ctx, valid);
  const notes = [changed.length ? "Settings saved." : "Nothing changed."];
  if (changed.includes(KEYS.autoRefreshMinutes) && autoRefreshInstalled(ctx)) {
    notes.push(installAutoRefresh(ctx).message);
  }
  const hasClientId = !!ctx.store.get(KEYS.gatepayClientId);
  if (hasClientId !== !!ctx.store.get(KEYS.gatepaySecret)) {
    notes.push(`GatePay needs its ${hasClientId ? "API secret" : "ClientId"} too before it works.`);
  }
  // Key names only: the audit trail says what changed, never to what.
  if (changed.length) {
    ctx.log.info(`Settings changed: ${changed.join(", ")}`);
    // Key names only: a value may be a secret.
    audit(ctx, "Settings saved", `Changed: ${changed.join(", ")}`);
  }
  return { ok: true, message: notes.join(" "), settings: getSettings(ctx) };
}

function refused(errors: Partial<Record<SettingsField, string>>): SaveResult {
  const count = Object.keys(errors).length;
  return {
    ok: false,
    errors,
    message: `Nothing was saved: ${count === 1 ? "one field needs" : `${count} fields need`} attention.`,
  };
}

function checkCombinations(
  ctx: AppContext,
  form: ValidForm,
  errors: Partial<Record<SettingsField, string>>,
): void {
  if (form.coingateToken && form.coingateTokenRemove) {
    errors.coingateToken = "Enter a new token or remove the saved one, not both.";
  }
  if (form.gatepaySecret && form.gatepaySecretRemove) {
    errors.gatepaySecret = "Enter a new secret or remove the saved one, not both.";
  }
  const url = form.webAppUrl;
  if (url && url !== stored(ctx, KEYS.webAppUrl)) {
    const own = checkOwnWebApp(ctx, url);
    if (!own.ok) errors.webAppUrl = own.reason;
  }
  const current = readConfig(ctx.store).coingateEnvironment;
  if (form.coingateEnvironment !== current) {
    const open = openRows(ctx);
    if (open > 0) {
      // Refresh and recovery would look for those payouts in the other environment.
      errors.coingateEnvironment =
        `${open} submitted payout(s) are not final yet. Change the environment once every ` +
        "submitted row is final.";
    } else if (form.coingateEnvironment === "live" && !form.confirmLive) {
      errors.coingateEnvironment = "Confirm the switch to live: live payouts move real money.";
    }
  }
}

/** Writes the form; returns the keys whose stored value changed. */
function writeSettings(ctx: AppContext, form: ValidForm): string[] {
  const changed: string[] = [];
  const put = (key: string, value: string) => {
    if (stored(ctx, key) === value) return;
    if (value === "") ctx.store.delete(key);
    else ctx.store.set(key, value);
    changed.push(key);
  };
  const putSecret = (key: string, value: string, remove: boolean) => {
    if (remove) {
      if (ctx.store.get(key) !== null) changed.push(key);
      ctx.store.delete(key);
      ctx.store.delete(setAtKey(key));
    } else if (value) {
      ctx.store.set(key, value);
      ctx.store.set(setAtKey(key), isoNow(ctx));
      changed.push(key);
    }
  };
  putSecret(KEYS.coingateToken, form.coingateToken, form.coingateTokenRemove);
  put(KEYS.coingateEnvironment, form.coingateEnvironment);
  put(KEYS.coingateLedgerAccount, form.coingateLedgerAccountId);
  put(KEYS.coingateExchange, form.coingateExchange);
  put(KEYS.gatepayClientId, form.gatepayClientId);
  putSecret(KEYS.gatepaySecret, form.gatepaySecret, form.gatepaySecretRemove);
  put(KEYS.gatepayFeeMode, form.gatepayFeeMode);
  put(KEYS.gatepayMaxBatch, String(Number(form.gatepayMaxBatchSize)));
  put(KEYS.autoRefreshMinutes, form.autoRefreshMinutes);
  put(KEYS.webAppUrl, form.webAppUrl);
  if (form.webAppUrl) markOwnWebApp(ctx, form.webAppUrl);
  else ctx.store.delete(KEYS.webAppUrlVerified);
  return changed;
}

// ---- connection tests --------------------------------------------------------------------

export type ConnectionOutcome =
  "working" | "not_configured" | "wrong_credentials" | "clock" | "unreachable" | "problem";

export interface ConnectionReport {
  provider: "coingate" | "gatepay";
  outcome: ConnectionOutcome;
  /** Plain words for a person; never a secret. */
  message: string;
  /** CoinGate only, when the token works: the accounts the ledger drop-down offers. */
  ledgerAccounts?: LedgerAccountChoice[];
}

/** Tests the saved credentials of one provider with read-only requests. */
export function testConnection(ctx: AppContext, provider: string): ConnectionReport {
  if (provider === "coingate") return testCoinGate(ctx);
  if (provider === "gatepay") return testGatePay(ctx);
  throw new Error("Unknown provider: choose coingate or gatepay.");
}

function testCoinGate(ctx: AppContext): ConnectionReport {
  const config = readConfig(ctx.store);
  const environment = config.coingateEnvironment;
  const report = (outcome: ConnectionOutcome, message: string): ConnectionReport => ({
    provider: "coingate",
    outcome,
    message,
  });
  if (!config.coingate) return report("not_configured", "No CoinGate API token is saved.");
  const check = checkCoinGateAccess(ctx, config.coingate);
  if (!check.ok) return coinGateFailure(check.error, environment, report);

  const accounts = check.accounts;
  const chosen = config.coingate.ledgerAccountId;
  let message =
    `Working: CoinGate ${environment} accepted the token. ` +
    `${accounts.length} ledger account(s): ${accountSummary(accounts)}.`;
  if (chosen && !accounts.some((a) => a.id === chosen)) {
    message += " The chosen ledger account is not among them: choose another one.";
  }
  return { ...report("working", message), ledgerAccounts: accounts };
}

function coinGateFailure(
  error: ProviderError,
  environment: string,
  report: (outcome: ConnectionOutcome, message: string) => ConnectionReport,
): ConnectionReport {
  if (error.kind === "auth") {
    const other = environment === "live" ? "sandbox" : "live";
    return report(
      "wrong_credentials",
      `Wrong token: CoinGate ${environment} refused it. A ${other} token does not work in ` +
        `${environment}; check the token and the environment.`,
    );
  }
  if (error.kind === "unavailable" || error.kind === "rate_limited") {
    return report("unreachable", `Unreachable: ${error.message}`);
  }
  return report("problem", error.message);
}

function accountSummary(accounts: LedgerAccountChoice[]): string {
  if (!accounts.length) return "none";
  const currencies = [...new Set(accounts.map((a) => a.currency))];
  return currencies.join(", ");
}

function testGatePay(ctx: AppContext): ConnectionReport {
  const config = readConfig(ctx.store);
  const report = (outcome: ConnectionOutcome, message: string): ConnectionReport => ({
    provider: "gatepay",
    outcome,
    message,
  });
  if (!config.gatepay) {
    const missing = [
      ctx.store.get(KEYS.gatepayClientId) ? "" : "ClientId",
      ctx.store.get(KEYS.gatepaySecret) ? "" : "API secret",
    ].filter(Boolean);
    return report("not_configured", `No GatePay ${missing.join(" or ")} is saved.`);
  }
  const check = checkGatePayAccess(ctx, config.gatepay);
  if (check.ok) {
    const currencies = check.balances.map((b) => b.currency);
    return report(
      "working",
      "Working: GatePay accepted the ClientId and the signature. " +
        (currencies.length
          ? `Balances in ${currencies.join(", ")}.`
          : "The payment account has no balances yet."),
    );
  }
  const { failure } = check;
  switch (failure.action) {
    case "check_client_id":
      return report("wrong_credentials", `Wrong ClientId: ${failure.sentence}`);
    case "check_secret":
      return report("wrong_credentials", `Wrong secret: ${failure.sentence}`);
    case "check_clock":
      return report("clock", `Clock: ${failure.sentence}`);
    default:
      return failure.kind === "system"
        ? report("unreachable", `Unreachable: ${failure.sentence}`)
        : report("problem", failure.sentence);
  }
}

// ---- small readers -----------------------------------------------------------------------

function stored(ctx: AppContext, key: string): string {
  return (ctx.store.get(key) ?? "").trim();
}

function secretState(ctx: AppContext, key: string): SecretState {
  if (!stored(ctx, key)) return { set: false };
  const setAt = stored(ctx, setAtKey(key));
  return setAt ? { set: true, setAt } : { set: true };
}

/** readConfig only reads the exchange policy when a token is set; the sidebar shows it anyway. */
function exchangeOf(ctx: AppContext): "cancel" | "confirm" {
  return stored(ctx, KEYS.coingateExchange) === "confirm" ? "confirm" : "cancel";
}

function openRows(ctx: AppContext): number {
  const count = Number(stored(ctx, KEYS.openRows));
  return Number.isInteger(count) && count > 0 ? count : 0;
}
