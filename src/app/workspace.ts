/** Opening the Payouts sheet for a run: repaired when columns are missing, then read once. */
import { PAYOUTS_SHEET } from "../domain/columns";
import type { AppContext } from "./context";
import { PayoutTable } from "./payout-table";
import { setupPayoutsSheet } from "./setup";

export function openPayoutTable(ctx: AppContext): PayoutTable {
  if (!ctx.workbook.sheet(PAYOUTS_SHEET)) setupPayoutsSheet(ctx);
  let table = PayoutTable.load(ctx.workbook);
  if (table.missingOutputColumns().length > 0) {
    setupPayoutsSheet(ctx);
    table = PayoutTable.load(ctx.workbook);
  }
  return table;
}
