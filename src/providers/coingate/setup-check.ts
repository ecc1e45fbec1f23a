/** Check provider setup for CoinGate: its ids, then its ledger account. Read-only requests. */
import type { Clock, Http } from "../../ports";
import type { SetupCheck, SetupUsage } from "../entry";
import { CoinGateApi } from "./api-client";
import type { CoinGateConfig } from "./config";
import { checkCoinGateIds } from "./id-check";
import { checkCoinGateLedger } from "./ledger-check";

/** A person waits on this: a short retry delay rather than the provider's 1 s. */
const CHECK_BACKOFF_MS = 300;

export function checkCoinGateSetup(
  deps: { http: Http; clock: Clock },
  config: Omit<CoinGateConfig, "callbackUrl">,
  usage: SetupUsage,
): SetupCheck[] {
  const api = new CoinGateApi(deps.http, deps.clock, { ...config, backoffMs: CHECK_BACKOFF_MS });
  const environment = `CoinGate ${config.environment}`;
  return [checkCoinGateIds(api), checkCoinGateLedger(api, config, usage.currencies)].map(
    (check) => ({ ...check, message: `${environment}: ${check.message}` }),
  );
}
