/**
 * Check provider setup, CoinGate ledger: whether the account payouts are debited from
 * (COINGATE_LEDGER_ACCOUNT_ID, or the one chosen per currency) can pay the currencies the sheet's
 * CoinGate rows use, with the same choice the submission makes (ledger.ts).
 */
import type { SetupCheck } from "../entry";
import { ProviderError } from "../provider";
import type { CoinGateApi } from "./api-client";
import { sameSymbol } from "./catalog";
import type { CoinGateConfig } from "./config";
import { CoinGateLedger } from "./ledger";

const NAME = "CoinGate ledger account";

export function checkCoinGateLedger(
  api: CoinGateApi,
  config: Pick<CoinGateConfig, "ledgerAccountId" | "exchange">,
  currencies: readonly string[],
): SetupCheck {
  const ledger = new CoinGateLedger(api, config.ledgerAccountId);
  try {
    const accounts = ledger.list();
    const [first] = currencies;
    if (first === undefined) {
      const held = [...new Set(accounts.map((a) => a.currency.symbol))].join(", ") || "none";
      return {
        name: NAME,
        ok: true,
        message: `No open CoinGate rows to check against; the token's ledger accounts are in: ${held}.`,
      };
    }
    return config.ledgerAccountId
      ? chosenAccount(ledger, config.exchange, first, currencies)
      : accountPerCurrency(ledger, currencies);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return { name: NAME, ok: false, message: error.message };
  }
}

/** COINGATE_LEDGER_ACCOUNT_ID pays every row; another currency needs CoinGate's exchange. */
function chosenAccount(
  ledger: CoinGateLedger,
  exchange: "cancel" | "confirm",
  first: string,
  currencies: readonly string[],
): SetupCheck {
  const account = ledger.accountFor(first);
  if ("problem" in account) return { name: NAME, ok: false, message: account.problem };
  const held = account.currency.symbol;
  if ((account.status ?? "active") !== "active")
    return {
      name: NAME,
      ok: false,
      message: `The ledger account set in COINGATE_LEDGER_ACCOUNT_ID (${held}) is ${account.status}, not active: CoinGate cannot pay from it.`,
    };
  const others = currencies.filter((c) => !sameSymbol(c, held));
  if (!others.length)
    return {
      name: NAME,
      ok: true,
      message: `The ledger account set in COINGATE_LEDGER_ACCOUNT_ID is in ${held}, the currency of every open CoinGate row.`,
    };
  if (exchange === "confirm")
    return {
      name: NAME,
      ok: true,
      message: `The ledger account set in COINGATE_LEDGER_ACCOUNT_ID is in ${held}; rows in ${others.join(", ")} are exchanged from it (COINGATE_EXCHANGE is confirm, so CoinGate's conversion fee applies).`,
    };
  return {
    name: NAME,
    ok: false,
    message:
      `The ledger account set in COINGATE_LEDGER_ACCOUNT_ID is in ${held}, but rows pay ${others.join(", ")}: ` +
      "CoinGate would ask to confirm an exchange and COINGATE_EXCHANGE is cancel, so those payouts would be canceled. " +
      "Empty COINGATE_LEDGER_ACCOUNT_ID (an account per currency) or set COINGATE_EXCHANGE to confirm.",
  };
}

/** Automatic: each currency needs an active account of its own. */
function accountPerCurrency(ledger: CoinGateLedger, currencies: readonly string[]): SetupCheck {
  const problems = currencies.flatMap((currency) => {
    const account = ledger.accountFor(currency);
    return "problem" in account ? [account.problem] : [];
  });
  if (problems.length) return { name: NAME, ok: false, message: problems.join(" ") };
  return {
    name: NAME,
    ok: true,
    message: `An active ledger account pays each currency of the open CoinGate rows: ${currencies.join(", ")}.`,
  };
}
