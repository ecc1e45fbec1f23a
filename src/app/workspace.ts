/**
 * Opening a run: its start time, the settings, the Payouts sheet read once, the add-on's record
 * read and checked, the rows sorted against it, the providers.
 */
import { SHEETS } from "./sheet-names";
import { readConfig, type AppConfig } from "./config";
import { readControls, type Controls } from "./controls/policy";
import type { ReviewContext } from "./approvals/review-rows";

import type { AppContext } from "./context";
import { PayoutTable } from "./payout-table";

import { openProviders, type Providers } from "./providers";

import { adoptSentRows } from "./record/adopt";

import { Journal } from "./record/journal";

import { txHashLinker } from "./record/tx-links";
import { planRows, type RowPlan } from "./record/view";

import { setupPayoutsSheet } from "./setup/setup";

export interface Run {
  startedAt: number;
  config: AppConfig;
  table: PayoutTable;
  journal: Journal;
  plan: RowPlan;
  providers: Providers;
  /** Roles and approval policy in force. */
  controls: Controls;
  /** The run's review of rows, once opened (review-rows.ts). */
  review?: ReviewContext;
}

export function openRun(ctx: AppContext): Run {
  const startedAt = ctx.clock.now();
  const config = readConfig(ctx.store);
  const table = openPayoutTable(ctx);
  const journal = Journal.open(ctx);
  if (journal.fresh && adoptSentRows(ctx, table, journal) > 0) journal.commit();
  const plan = planRows(ctx, table, journal);
  const providers = openProviders(ctx, config);
  table.linkTxHash = txHashLinker(journal, providers);
  return { startedAt, config, table, journal, plan, providers, controls: readControls(ctx.store) };
}

/** The Payouts sheet, repaired first when columns are missing, then read once. */
export function openPayoutTable(ctx: AppContext): PayoutTable {
  if (!ctx.workbook.sheet(SHEETS.payouts)) setupPayoutsSheet(ctx);
  let table = PayoutTable.load(ctx.workbook);
  if (table.missingOutputColumns().length > 0) {
    setupPayoutsSheet(ctx);
    table = PayoutTable.load(ctx.workbook);
  }
  return table;
}
