/**
 * Token check and ledger account list for the Settings sidebar: GET /v2/auth/test, then
 * GET /v2/ledger/accounts (all pages) through the same client and ledger reader the provider uses.
 */
import type { Clock, Http } from "../../ports";
import { ProviderError } from "../provider";
import { CoinGateApi } from "./api-client";
import type { CoinGateConfig } from "./config";
import { runWideError } from "./errors";
import { CoinGateLedger } from "./ledger";

export interface LedgerAccountChoice {
  id: string;
  currency: string;
  balance: string;
  /** "active" unless CoinGate says otherwise. */
  status: string;
  type?: string;
}

export type CoinGateAccessCheck =
  | { ok: true; accounts: LedgerAccountChoice[] }
  /** The error names only the HTTP status and CoinGate's reason word, never the request. */
  | { ok: false; error: ProviderError };

/** A person waits on this in the sidebar: a short retry delay rather than the provider's 1 s. */
const CHECK_BACKOFF_MS = 300;

/** Whether CoinGate accepts the token, and the ledger accounts it may pay from. */
export function checkCoinGateAccess(
  deps: { http: Http; clock: Clock },
  config: Pick<CoinGateConfig, "apiToken" | "environment">,
): CoinGateAccessCheck {
  const api = new CoinGateApi(deps.http, deps.clock, {
    ...config,
    exchange: "cancel",
    backoffMs: CHECK_BACKOFF_MS,
  });
  const auth = api.call({ method: "get", path: "/auth/test" });
  // /auth/test answers a plain "OK", which the JSON reader refuses: a 2xx is what counts.
  if (!auth.ok && !(auth.kind === "http" && auth.status >= 200 && auth.status < 300)) {
    return { ok: false, error: runWideError(auth) };
  }
  try {
    const accounts = new CoinGateLedger(api, undefined).list().map((account) => ({
      id: account.id,
      currency: account.currency.symbol,
      balance: account.balance,
      status: account.status ?? "active",
      ...(account.account_type ? { type: account.account_type } : {}),
    }));
    return { ok: true, accounts };
  } catch (error) {
    if (error instanceof ProviderError) return { ok: false, error };
    throw error;
  }
}
