/** Settings > Test connection for CoinGate: the saved token, and the ledger accounts it may pay from. */
import type { Clock, Http } from "../../ports";
import type { ConnectionReport } from "../entry";
import type { ProviderError } from "../provider";
import type { CoinGateConfig } from "./config";
import { checkCoinGateAccess, type LedgerAccountChoice } from "./ledger-list";

export function testCoinGateConnection(
  deps: { http: Http; clock: Clock },
  config: Pick<CoinGateConfig, "apiToken" | "environment" | "ledgerAccountId"> | undefined,
  environment: string,
): ConnectionReport {
  const report = (outcome: ConnectionReport["outcome"], message: string): ConnectionReport => ({
    provider: "coingate",
    outcome,
    message,
  });
  if (!config) return report("not_configured", "No CoinGate API token is saved.");
  const check = checkCoinGateAccess(deps, config);
  if (!check.ok) return failure(check.error, environment, report);
  const accounts = check.accounts;
  let message =
    `Working: CoinGate ${environment} accepted the token. ` +
    `${accounts.length} ledger account(s): ${accountSummary(accounts)}.`;
  const chosen = config.ledgerAccountId;
  if (chosen && !accounts.some((a) => a.id === chosen))
    message += " The chosen ledger account is not among them: choose another one.";
  return {
    ...report("working", message),
    choices: {
      COINGATE_LEDGER_ACCOUNT_ID: accounts.map((a) => ({
        value: a.id,
        label: `${a.currency} ${a.balance}${a.status === "active" ? "" : ` (${a.status})`}`,
      })),
    },
  };
}

function failure(
  error: ProviderError,
  environment: string,
  report: (outcome: ConnectionReport["outcome"], message: string) => ConnectionReport,
): ConnectionReport {
  if (error.kind === "auth") {
    const other = environment === "live" ? "sandbox" : "live";
    return report(
      "wrong_credentials",
      `Wrong token: CoinGate ${environment} refused it. A ${other} token does not work in ` +
        `${environment}; check the token and the environment.`,
    );
  }
  if (
    error.kind === "transient" ||
    error.kind === "rate_limited" ||
    error.kind === "unknown_outcome"
  )
    return report("unreachable", `Unreachable: ${error.message}`);
  return report("problem", error.message);
}

function accountSummary(accounts: LedgerAccountChoice[]): string {
  if (!accounts.length) return "none";
  return [...new Set(accounts.map((a) => a.currency))].join(", ");
}
