/**
 * What the sheet asks of each provider now: the currencies of its rows that are not final. Read
 * only (one read of the Payouts sheet); a sheet not set up yet asks nothing.
 */
import { isStatus, isTerminal } from "../../domain/status";
import type { SetupUsage } from "../../providers/entry";
import { providerNamed } from "../../providers/registry";
import type { AppContext } from "../context";
import { PayoutTable } from "../payout-table";
import { SHEETS } from "../sheet-names";

/** By provider name. */
export function sheetUsage(ctx: AppContext): Map<string, SetupUsage> {
  const currencies = new Map<string, Set<string>>();
  if (!ctx.workbook.sheet(SHEETS.payouts)) return new Map();
  for (const row of PayoutTable.load(ctx.workbook).activeRows()) {
    const status = row.outputs.status.trim().toUpperCase();
    if (isStatus(status) && isTerminal(status)) continue;
    const provider = providerNamed(row.inputs.provider.text)?.name;
    const currency = row.inputs.currency.text.toUpperCase();
    if (!provider || !currency) continue;
    currencies.set(provider, (currencies.get(provider) ?? new Set()).add(currency));
  }
  return new Map([...currencies].map(([name, set]) => [name, { currencies: [...set].sort() }]));
}
