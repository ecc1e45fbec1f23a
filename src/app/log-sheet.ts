/** The add-on's append-only sheets (Callbacks, Audit log, its record): created once, then appended to. */
import type { CellValue, Sheet } from "../ports";
import type { AppContext } from "./context";

/** A cell holds at most 50,000 characters; text is cut (or split) below that. */
export const MAX_CELL = 45000;
const PLAIN_TEXT = "@";
/** Rows added at once when a log sheet runs out of rows. */
export const TEXT_ROWS_GROWTH = 1000;
const GROWTH = TEXT_ROWS_GROWTH;

/** The log sheet with its header row, created (plain text, frozen, protected) when missing. */
export function openLogSheet(
  ctx: AppContext,
  name: string,
  headers: readonly string[],
  protection: string,
): Sheet {
  const existing = ctx.workbook.sheet(name);
  if (existing && existing.lastRow() > 0) return existing;
  const sheet = existing ?? ctx.workbook.insertSheet(name);
  sheet.setNumberFormat(1, 1, sheet.maxRows(), headers.length, PLAIN_TEXT);
  sheet.write(1, 1, [[...headers]]);
  sheet.freezeRows(1);
  sheet.styleHeader(headers.length);
  sheet.protectColumns(1, headers.length, protection);
  return sheet;
}

/**
 * Appends rows below the last one as plain text: the rows are formatted "@" first (rows a
 * person or Sheets added may not be), so IDs keep their digits and nothing is read as a formula.
 * Rows of different widths are padded to the widest. Three or four calls, whatever the count.
 */
export function appendTextRows(
  sheet: Sheet,
  rows: CellValue[][],
  /** What the caller already knows of the sheet (it alone writes it, under the lock). */
  known?: { lastRow: number; maxRows: number },
): { lastRow: number; maxRows: number } {
  const lastRow = known?.lastRow ?? sheet.lastRow();
  let maxRows = known?.maxRows ?? sheet.maxRows();
  if (rows.length === 0) return { lastRow, maxRows };
  const width = Math.max(...rows.map((row) => row.length));
  const first = lastRow + 1;
  const last = first + rows.length - 1;
  if (last > maxRows) {
    sheet.insertRowsAfter(maxRows, last - maxRows + GROWTH);
    maxRows = last + GROWTH;
  }
  sheet.setNumberFormat(first, 1, rows.length, width, PLAIN_TEXT);
  sheet.write(
    first,
    1,
    rows.map((row) => [...row, ...Array<CellValue>(width - row.length).fill("")]),
  );
  return { lastRow: last, maxRows };
}

/**
 * Room below `lastRow` for `count` more rows: when the sheet is short, rows are added (with a
 * thousand more ahead) and formatted as plain text, so the next appends need no format call.
 * Returns the sheet's row count.
 */
export function makeRoom(
  sheet: Sheet,
  lastRow: number,
  maxRows: number,
  count: number,
  columns: number,
): number {
  if (lastRow + count <= maxRows) return maxRows;
  const added = lastRow + count - maxRows + GROWTH;
  sheet.insertRowsAfter(maxRows, added);
  sheet.setNumberFormat(maxRows + 1, 1, added, columns, PLAIN_TEXT);
  return maxRows + added;
}

/** Plain-text rows kept below the last row of a sheet doPost appends to without checking. */
const TEXT_ROWS_MARGIN = 500;

/**
 * Keeps plain-text rows below the last one, so appends that cannot afford a check (doPost)
 * land in plain-text cells. Called by full runs, which know the sheet's size from their read.
 */
export function keepTextRowsAhead(
  ctx: AppContext,
  name: string,
  lastRow: number,
  maxRows: number,
): void {
  if (maxRows - lastRow >= TEXT_ROWS_MARGIN) return;
  const sheet = ctx.workbook.sheet(name);
  if (!sheet) return;
  sheet.insertRowsAfter(maxRows, TEXT_ROWS_GROWTH);
  sheet.setNumberFormat(maxRows + 1, 1, TEXT_ROWS_GROWTH, sheet.maxColumns(), PLAIN_TEXT);
}
