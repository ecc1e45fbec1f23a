/** A count of rows still moving, kept in a property so an idle refresh costs almost nothing. */
import { isSubmitted, isTerminal } from "../domain/status";
import { KEYS } from "./config";
import type { AppContext } from "./context";
import type { PayoutTable } from "./payout-table";
import { rowStatus } from "./validate";

export function countOpenRows(table: PayoutTable): number {
  return table.activeRows().filter((row) => {
    const status = rowStatus(row);
    return isSubmitted(status) && !isTerminal(status);
  }).length;
}

export function recordOpenRows(ctx: AppContext, table: PayoutTable): number {
  const open = countOpenRows(table);
  ctx.store.set(KEYS.openRows, String(open));
  return open;
}
