/**
 * Helpers for record.e2e.test.ts: the add-on's own record ("Payout record") as a test sees it,
 * the ways a person can damage it, and the signature check a row should pass.
 */
import { macWithKey } from "../../src/domain/mac";
import { fingerprint } from "../../src/domain/fingerprint";
import { INPUT_COLUMNS, INPUT_KEYS } from "../../src/domain/columns";
import type { Harness } from "../support/harness";

export const RECORD_SHEET = "Payout record";
export const RECORD_HEADERS = ["Seq", "Time", "Payout ID", "Event", "Details", "Check"];

/** The first words of every run summary's damage sentence (Journal.damageMessage). */
export const DAMAGE =
  /The add-on's payout record \(sheet "Payout record"\) was changed outside the add-on: /;

export interface RecordRow {
  /** 1-based row of the record's sheet. */
  sheetRow: number;
  seq: string;
  time: string;
  payoutId: string;
  event: string;
  details: string;
  check: string;
}

/** The record's data rows (blank rows left out), with their sheet row numbers. */
export function recordSheetRows(h: Harness): RecordRow[] {
  const [, ...data] = h.emu.sheet(RECORD_SHEET)?.display() ?? [];
  return data
    .map((cells, index) => ({
      sheetRow: index + 2,
      seq: cells[0] ?? "",
      time: cells[1] ?? "",
      payoutId: cells[2] ?? "",
      event: cells[3] ?? "",
      details: cells[4] ?? "",
      check: cells[5] ?? "",
    }))
    .filter((row) => row.seq || row.payoutId || row.event || row.details || row.check);
}

/** The one record row of this payout and event kind (the first when there are several). */
export function recordRowOf(h: Harness, payoutId: string, event: string): RecordRow {
  const row = recordSheetRows(h).find((r) => r.payoutId === payoutId && r.event === event);
  if (!row) throw new Error(`No ${event} entry for ${payoutId} in the record`);
  return row;
}

/** Whether the row's Check is the HMAC of its first five cells under RECORD_KEY. */
export function checksOut(h: Harness, row: RecordRow): boolean {
  const key = h.emu.properties.get("RECORD_KEY");
  if (!key) return false;
  const sign = macWithKey(key);
  return sign([row.seq, row.time, row.payoutId, row.event, row.details].join("\n")) === row.check;
}

/** A person typing over one cell of the record's sheet. */
export function typeIntoRecord(h: Harness, sheetRow: number, column: number, text: string): void {
  h.emu.typeInto(RECORD_SHEET, sheetRow, column, [[text]]);
}

/**
 * A person deleting a whole sheet (right-click on the tab > Delete). The emulator models a
 * person's row operations but not this one, so the test reaches into its spreadsheet model: the
 * same call the bundle's `Spreadsheet.deleteSheet` ends in, without a metered execution.
 */
export function deleteSheet(h: Harness, name: string): void {
  const { spreadsheet } = (
    h.emu as unknown as {
      state: {
        spreadsheet: { sheetByName(n: string): unknown; deleteSheet(sheet: unknown): void };
      };
    }
  ).state;
  const sheet = spreadsheet.sheetByName(name);
  if (!sheet) throw new Error(`No sheet named ${name}`);
  spreadsheet.deleteSheet(sheet);
  if (h.emu.sheet(name)) throw new Error(`Sheet ${name} is still there`);
}

/** What an older version, which had no record, would have written in "Submitted inputs". */
export function submittedInputsOf(row: Record<string, string>): string {
  return fingerprint(INPUT_KEYS.map((key) => row[INPUT_COLUMNS[key]] ?? ""));
}

/** The run summary's message. */
export function messageOf(execution: { value: unknown; error?: Error }): string {
  if (execution.error) throw execution.error;
  return (execution.value as { message?: string } | undefined)?.message ?? "";
}
