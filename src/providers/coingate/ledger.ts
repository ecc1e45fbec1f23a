/** The ledger account a payout is debited from. */
import type { CoinGateApi } from "./api-client";
import { sameSymbol, unreadable } from "./catalog";
import { runWideError } from "./errors";
import { ledgerAccountsPage, type LedgerAccount } from "./schemas";

const PER_PAGE = 100;

export class CoinGateLedger {
  private accounts?: LedgerAccount[];

  constructor(
    private readonly api: CoinGateApi,
    private readonly configuredId: string | undefined,
  ) {}

  /** Every account, all pages; fetched once per provider instance. */
  list(): LedgerAccount[] {
    if (this.accounts) return this.accounts;
    const first = this.page(1);
    const accounts = [...first.accounts];
    const pages = first.total_pages ?? 1;
    const rest = this.api.callAll(
      Array.from({ length: Math.max(0, pages - 1) }, (_, i) => ledgerPageCall(i + 2)),
    );
    for (const result of rest) accounts.push(...parsePage(result).accounts);
    this.accounts = accounts;
    return accounts;
  }

  /**
   * The configured account; otherwise the active account kept in the currency the payee
   * receives. A balance is kept in its account's currency, so debiting the payee's currency
   * needs no exchange (no actions_required to confirm within a minute, no conversion fee), and
   * the balance can be compared with the payouts' total directly.
   */
  accountFor(currency: string): LedgerAccount | { problem: string } {
    const accounts = this.list();
    if (this.configuredId) {
      const configured = accounts.find((a) => a.id === this.configuredId);
      return (
        configured ?? {
          problem: `The ledger account set in COINGATE_LEDGER_ACCOUNT_ID was not found at CoinGate.`,
        }
      );
    }
    const matching = accounts.filter(
      (a) => (a.status ?? "active") === "active" && sameSymbol(a.currency.symbol, currency),
    );
    // Prefer the main account when a currency has several.
    const chosen = matching.find((a) => a.account_type === "main") ?? matching[0];
    if (chosen) return chosen;
    const available = [...new Set(accounts.map((a) => a.currency.symbol))].join(", ");
    return {
      problem:
        `CoinGate has no active ${currency} ledger account to pay from` +
        (available ? ` (accounts: ${available}).` : " (no accounts).") +
        " Set COINGATE_LEDGER_ACCOUNT_ID to choose one.",
    };
  }

  private page(page: number) {
    return parsePage(this.api.call(ledgerPageCall(page)));
  }
}

function ledgerPageCall(page: number) {
  return {
    method: "get" as const,
    path: "/ledger/accounts",
    query: { page, per_page: PER_PAGE },
  };
}

function parsePage(result: ReturnType<CoinGateApi["call"]>) {
  if (!result.ok) throw runWideError(result);
  const parsed = ledgerAccountsPage.safeParse(result.data);
  if (!parsed.success) throw unreadable("ledger accounts");
  return parsed.data;
}
