/**
 * Creates or repairs the Payouts sheet (CONTRACT section 3) and the Callbacks log, and creates
 * CALLBACK_TOKEN when absent. Running it again changes nothing; a sheet with extra or reordered
 * columns keeps its data: missing columns are added after the last one.
 */
import { SHEETS } from "../sheet-names";
import {
  DROPDOWNS,
  INPUT_COLUMNS,
  INPUT_KEYS,
  OUTPUT_COLUMNS,
  OUTPUT_KEYS,
  PLAIN_TEXT_INPUTS,
  headerKey,
  mapColumns,
  type InputKey,
} from "../../domain/columns";
import type { Sheet } from "../../ports";
import { audit } from "../audit/log";
import { ensureDigestTrigger } from "../audit/notify/digest-trigger";
import { inAuditedRun } from "../audit/run";

import { CALLBACK_HEADERS, CALLBACK_WIDTH } from "../callbacks/log";

import { KEYS } from "../keys";

import type { AppContext } from "../context";
import { openLogSheet } from "../log-sheet";

import { outputColumnRuns } from "../payout-table";

import { ensureRecordSheet } from "../record/journal";
import { EDIT_HANDLER, ensureEditLogSheet } from "../approvals/edit-log";

import { newSecretToken } from "../secret";

export interface SetupSummary {
  ok: true;
  sheet: string;
  createdSheet: boolean;
  addedColumns: string[];
  callbackTokenCreated: boolean;
  /** The on-edit trigger that records who prepared each row was installed now. */
  editTriggerInstalled: boolean;
  /** The daily digest's trigger was missing and is now installed. */
  digestTriggerInstalled: boolean;
}

const PLAIN_TEXT = "@";
export const OUTPUT_PROTECTION = "Written by the Payouts add-on: edits here are overwritten";

/** Headless; inside another run (a sheet missing its columns) it is part of that run. */
export function setupPayoutsSheet(ctx: AppContext): SetupSummary {
  return inAuditedRun(ctx, false, () => setUp(ctx));
}

function setUp(ctx: AppContext): SetupSummary {
  let sheet = ctx.workbook.sheet(SHEETS.payouts);
  const createdSheet = !sheet;
  if (!sheet) sheet = ctx.workbook.insertSheet(SHEETS.payouts);
  const addedColumns = ensureHeaders(sheet);
  formatPayoutsSheet(sheet);
  ensureCallbackLog(ctx);
  ensureRecordSheet(ctx);
  ensureEditLogSheet(ctx);
  const editTriggerInstalled = ensureEditTrigger(ctx);
  const callbackTokenCreated = ensureCallbackToken(ctx);
  const digestTriggerInstalled = ensureDigestTrigger(ctx);
  if (
    createdSheet ||
    addedColumns.length > 0 ||
    callbackTokenCreated ||
    editTriggerInstalled ||
    digestTriggerInstalled
  ) {
    const added = addedColumns.length ? `added columns: ${addedColumns.join(", ")}` : "";
    audit(
      ctx,
      "Set up sheet",
      [
        createdSheet ? "created the Payouts sheet" : "",
        added,
        callbackTokenCreated ? "created CALLBACK_TOKEN" : "",
        editTriggerInstalled ? "installed the on-edit trigger (Prepared by)" : "",
        digestTriggerInstalled ? "installed the daily digest trigger" : "",
      ]
        .filter(Boolean)
        .join("; "),
      {
        createdSheet,
        addedColumns: addedColumns.length,
        callbackTokenCreated,
        digestTriggerInstalled,
      },
    );
  }
  ctx.workbook.flush();
  return {
    ok: true,
    sheet: SHEETS.payouts,
    createdSheet,
    addedColumns,
    callbackTokenCreated,
    editTriggerInstalled,
    digestTriggerInstalled,
  };
}

/**
 * Exactly one on-edit trigger of this user's (Apps Script shows each user only their own): it
 * records who changes each row's inputs. True when it was installed now.
 */
function ensureEditTrigger(ctx: AppContext): boolean {
  const mine = ctx.triggers.list().filter((trigger) => trigger.handler === EDIT_HANDLER);
  for (const extra of mine.slice(1)) ctx.triggers.remove(extra.id);
  if (mine.length > 0) return false;
  ctx.triggers.onEdit(EDIT_HANDLER);
  return true;
}

function ensureHeaders(sheet: Sheet): string[] {
  const width = sheet.lastColumn();
  const [headers = []] = width > 0 ? sheet.readDisplay(1, 1, 1, width) : [];
  const present = new Set(headers.map(headerKey));
  const wanted = [
    ...INPUT_KEYS.map((key) => INPUT_COLUMNS[key]),
    ...OUTPUT_KEYS.map((key) => OUTPUT_COLUMNS[key]),
  ];
  const missing = wanted.filter((header) => !present.has(headerKey(header)));
  if (missing.length === 0) return [];
  // New headers go after the last column holding anything: a column with data but no header
  // is the user's, not a free slot. Empty columns are reused; a sheet too narrow gets more.
  const lastUsed = width;
  const needed = lastUsed + missing.length;
  if (needed > sheet.maxColumns()) {
    sheet.insertColumnsAfter(sheet.maxColumns(), needed - sheet.maxColumns());
  }
  sheet.setNumberFormat(1, lastUsed + 1, 1, missing.length, PLAIN_TEXT);
  sheet.write(1, lastUsed + 1, [missing]);
  return missing;
}

function formatPayoutsSheet(sheet: Sheet): void {
  const width = sheet.lastColumn();
  const [headers = []] = sheet.readDisplay(1, 1, 1, width);
  const columns = mapColumns(headers);
  const rows = sheet.maxRows() - 1;
  sheet.freezeRows(1);
  sheet.styleHeader(width);
  // Plain text, so that Sheets cannot turn 0.10 into a float or 1e21 into scientific notation.
  for (const key of PLAIN_TEXT_INPUTS) {
    const column = columns.input[key];
    if (column) sheet.setNumberFormat(2, column, rows, 1, PLAIN_TEXT);
  }
  for (const run of outputColumnRuns(columns)) {
    sheet.setNumberFormat(2, run.column, rows, run.keys.length, PLAIN_TEXT);
    // Named by the run's first header, not its position: a person may insert columns before it.
    const first = OUTPUT_COLUMNS[run.keys[0]];
    sheet.protectColumns(run.column, run.keys.length, `${OUTPUT_PROTECTION} (from ${first})`);
  }
  for (const [key, values] of Object.entries(DROPDOWNS) as [InputKey, string[]][]) {
    const column = columns.input[key];
    if (column) sheet.setDropdown(column, 2, values);
  }
  const fingerprint = columns.output.fingerprint;
  if (fingerprint) sheet.hideColumn(fingerprint);
}

export function ensureCallbackLog(ctx: AppContext): Sheet {
  const sheet = openLogSheet(
    ctx,
    SHEETS.callbacks,
    CALLBACK_HEADERS,
    "Callbacks log: append-only, kept by the add-on",
  );
  // Wide enough for a long body split across cells (the refresh reads up to that column).
  const columns = sheet.maxColumns();
  if (columns < CALLBACK_WIDTH) {
    sheet.insertColumnsAfter(columns, CALLBACK_WIDTH - columns);
    sheet.setNumberFormat(1, columns + 1, sheet.maxRows(), CALLBACK_WIDTH - columns, "@");
  }
  return sheet;
}

/**
 * CALLBACK_TOKEN, and the key that signs the record and the stored callbacks (made here so that
 * no two callbacks ever race to make it). Returns whether the token was created.
 */
function ensureCallbackToken(ctx: AppContext): boolean {
  if (!ctx.store.get(KEYS.recordKey)) ctx.store.set(KEYS.recordKey, newSecretToken(ctx));
  if (ctx.store.get(KEYS.callbackToken)) return false;
  ctx.store.set(KEYS.callbackToken, newSecretToken(ctx));
  return true;
}
