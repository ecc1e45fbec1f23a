/**
 * What a person does in the Sheets editor: typing and pasting, deleting, inserting and sorting
 * rows. None of it is metered: it is not the script's doing. Mistakes in the arguments are test
 * bugs, so they throw plain test-realm Errors.
 */
import { typeEntry } from "./spreadsheet/cell-typing";
import { displayOf } from "./spreadsheet/display";
import type { SheetModel, SpreadsheetModel } from "./spreadsheet/sheet-model";

/** Typed text at (row, column), auto-typed as Sheets does; creates the sheet when missing. */
export function typeText(
  spreadsheet: SpreadsheetModel,
  sheetName: string,
  row: number,
  column: number,
  rows: string[][],
): SheetModel {
  const sheet = spreadsheet.sheetByName(sheetName) ?? spreadsheet.insertSheet(sheetName);
  rows.forEach((texts, r) =>
    texts.forEach((text, c) => {
      const cell = sheet.cell(row + r, column + c);
      const typed = typeEntry(text, cell.format, spreadsheet.timeZone);
      cell.value = text === "" ? "" : typed.value;
      if (typed.formula === undefined) delete cell.formula;
      else cell.formula = typed.formula;
      if (typed.format !== undefined && cell.format === undefined) cell.format = typed.format;
      delete cell.link; // typing over a linked cell replaces its rich text
      sheet.maxRows = Math.max(sheet.maxRows, row + r);
      sheet.maxColumns = Math.max(sheet.maxColumns, column + c);
    }),
  );
  return sheet;
}

function existingSheet(spreadsheet: SpreadsheetModel, name: string): SheetModel {
  const sheet = spreadsheet.sheetByName(name);
  if (!sheet) throw new Error(`No sheet named "${name}"`);
  return sheet;
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new Error(`Bad row count: ${count}`);
}

/** Right-click > Delete rows: the rows below move up. */
export function deleteRows(
  spreadsheet: SpreadsheetModel,
  sheetName: string,
  row: number,
  count: number,
): void {
  const sheet = existingSheet(spreadsheet, sheetName);
  checkCount(count);
  if (!Number.isInteger(row) || row < 1 || row + count - 1 > sheet.maxRows) {
    throw new Error(`Rows ${row}..${row + count - 1} are not all in "${sheetName}"`);
  }
  if (count >= sheet.maxRows) throw new Error("Sheets never deletes every row of a sheet");
  sheet.deleteRows(row, count);
}

/** Right-click > Insert rows above `beforeRow`: blank rows; the rows below move down. */
export function insertRows(
  spreadsheet: SpreadsheetModel,
  sheetName: string,
  beforeRow: number,
  count: number,
): void {
  const sheet = existingSheet(spreadsheet, sheetName);
  checkCount(count);
  if (!Number.isInteger(beforeRow) || beforeRow < 1 || beforeRow > sheet.maxRows + 1) {
    throw new Error(`Row ${beforeRow} is not in "${sheetName}"`);
  }
  sheet.insertRowsAfter(beforeRow - 1, count);
}

/**
 * Data > Sort range over rows firstRow..last row with content, ordered by `compare` on the rows'
 * display texts (stable, like Sheets). Whole cells move: value, formula, format, note,
 * validation, style and link.
 */
export function sortRows(
  spreadsheet: SpreadsheetModel,
  sheetName: string,
  firstRow: number,
  compare: (a: string[], b: string[]) => number,
): void {
  const sheet = existingSheet(spreadsheet, sheetName);
  if (!Number.isInteger(firstRow) || firstRow < 1) throw new Error(`Bad first row: ${firstRow}`);
  const lastRow = sheet.lastRow();
  if (lastRow <= firstRow) return;
  const lastColumn = sheet.lastColumn();
  const rows = Array.from({ length: lastRow - firstRow + 1 }, (_, index) => {
    const row = firstRow + index;
    const texts = Array.from({ length: lastColumn }, (__, c) =>
      displayOf(sheet.peek(row, c + 1), spreadsheet.timeZone),
    );
    return { row, texts };
  });
  rows.sort((a, b) => compare(a.texts, b.texts));
  sheet.moveRows(
    firstRow,
    rows.map((entry) => entry.row),
  );
}
