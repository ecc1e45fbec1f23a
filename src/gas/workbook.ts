/** SpreadsheetApp behind the Workbook and Sheet ports. */
import type { CellValue, Sheet, Workbook } from "../ports";

function wrapSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet): Sheet {
  const range = (row: number, column: number, rows: number, columns: number) =>
    sheet.getRange(row, column, rows, columns);
  return {
    // Read on demand: an idle refresh should not pay a call for a name it never uses.
    get name() {
      return sheet.getName();
    },
    readAll() {
      const data = sheet.getDataRange();
      return {
        values: data.getValues() as CellValue[][],
        display: data.getDisplayValues(),
        formulas: data.getFormulas(),
      };
    },
    lastRow: () => sheet.getLastRow(),
    lastColumn: () => sheet.getLastColumn(),
    maxRows: () => sheet.getMaxRows(),
    maxColumns: () => sheet.getMaxColumns(),
    readValues: (row, column, rows, columns) =>
      rows < 1 || columns < 1
        ? []
        : (range(row, column, rows, columns).getValues() as CellValue[][]),
    readDisplay: (row, column, rows, columns) =>
      rows < 1 || columns < 1 ? [] : range(row, column, rows, columns).getDisplayValues(),
    readFormulas: (row, column, rows, columns) =>
      rows < 1 || columns < 1 ? [] : range(row, column, rows, columns).getFormulas(),
    write(row, column, values) {
      const width = values[0]?.length ?? 0;
      if (width === 0) return;
      range(row, column, values.length, width).setValues(values);
    },
    setNumberFormat(row, column, rows, columns, format) {
      range(row, column, rows, columns).setNumberFormat(format);
    },
    findRows(column, text) {
      if (text === "" || sheet.getLastRow() < 1) return [];
      return range(1, column, sheet.getLastRow(), 1)
        .createTextFinder(text)
        .matchEntireCell(true)
        .matchCase(true)
        .findAll()
        .map((found) => found.getRow());
    },
    appendRow(values) {
      sheet.appendRow(values);
    },
    insertColumnsAfter(column, count) {
      sheet.insertColumnsAfter(column, count);
    },
    insertRowsAfter(row, count) {
      sheet.insertRowsAfter(row, count);
    },
    freezeRows(count) {
      sheet.setFrozenRows(count);
    },
    styleHeader(columns) {
      range(1, 1, 1, columns).setFontWeight("bold").setBackground("#e8eaed");
    },
    setDropdown(column, fromRow, values) {
      const rule = SpreadsheetApp.newDataValidation()
        .requireValueInList(values, true)
        .setAllowInvalid(false)
        .build();
      range(fromRow, column, Math.max(1, sheet.getMaxRows() - fromRow + 1), 1).setDataValidation(
        rule,
      );
    },
    protectColumns(column, count, description) {
      const existing = sheet
        .getProtections(SpreadsheetApp.ProtectionType.RANGE)
        .filter((protection) => protection.getDescription() === description);
      const inPlace = existing.find((protection) => {
        const protectedRange = protection.getRange();
        return protectedRange.getColumn() === column && protectedRange.getNumColumns() === count;
      });
      if (inPlace) return;
      // The protected columns moved (columns were inserted before them): protect them anew.
      for (const stale of existing) stale.remove();
      range(1, column, sheet.getMaxRows(), count)
        .protect()
        .setDescription(description)
        .setWarningOnly(true);
    },
    hideColumn(column) {
      sheet.hideColumns(column);
    },
    hide() {
      sheet.hideSheet();
    },
    setNote(row, column, note) {
      range(row, column, 1, 1).setNote(note);
    },
  };
}

/** A1 of a block on a named sheet; `rows` omitted: open-ended, to the sheet's last row. */
function a1(sheet: string, row: number, column: number, toColumn: number, rows?: number): string {
  const end = rows === undefined ? "" : String(row + rows - 1);
  return `'${sheet.replace(/'/g, "''")}'!${letters(column)}${row}:${letters(toColumn)}${end}`;
}

function letters(column: number): string {
  let text = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    text = String.fromCharCode(65 + ((n - 1) % 26)) + text;
  return text;
}

export function gasWorkbook(): Workbook {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  // One lookup per sheet per execution: every getSheetByName is a call.
  const sheets = new Map<string, Sheet | null>();
  return {
    sheet(name) {
      if (!sheets.has(name)) {
        const sheet = spreadsheet.getSheetByName(name);
        sheets.set(name, sheet ? wrapSheet(sheet) : null);
      }
      return sheets.get(name) ?? null;
    },
    insertSheet(name) {
      const sheet = wrapSheet(spreadsheet.insertSheet(name));
      sheets.set(name, sheet);
      return sheet;
    },
    renameSheet(from, to) {
      const sheet = spreadsheet.getSheetByName(from);
      if (!sheet) return;
      sheet.setName(to);
      sheets.delete(from);
      sheets.delete(to);
    },
    readText(sheet, fromRow, fromColumn, toColumn, rows) {
      if (rows !== undefined && rows < 1) return [];
      try {
        return spreadsheet
          .getRange(a1(sheet, fromRow, fromColumn, toColumn, rows))
          .getDisplayValues();
      } catch {
        // No such sheet, or a range past its last row.
        return [];
      }
    },
    writeBlock(sheet, row, column, values, options = {}) {
      const width = values[0]?.length ?? 0;
      if (width === 0) return;
      const range = spreadsheet.getRange(a1(sheet, row, column, column + width - 1, values.length));
      if (options.asText) range.setNumberFormat("@");
      range.setValues(values);
    },
    highlight(sheet, cells, color) {
      if (cells.length === 0) return;
      const target = spreadsheet.getSheetByName(sheet);
      target
        ?.getRangeList(cells.map(({ row, column }) => `${letters(column)}${row}`))
        .setBackground(color);
    },
    selectedRows() {
      const sheet = spreadsheet.getActiveSheet();
      const rows = new Set<number>();
      for (const range of spreadsheet.getActiveRangeList()?.getRanges() ?? []) {
        for (let row = range.getRow(); row <= range.getLastRow(); row++) rows.add(row);
      }
      return { sheet: sheet.getName(), rows: [...rows].sort((a, b) => a - b) };
    },
    writeLinks(sheet, row, column, cells) {
      const width = cells[0]?.length ?? 0;
      if (width === 0) return;
      const values = cells.map((line) =>
        line.map((cell) => {
          const builder = SpreadsheetApp.newRichTextValue().setText(cell.text);
          for (const link of cell.links) builder.setLinkUrl(link.start, link.end, link.url);
          return builder.build();
        }),
      );
      spreadsheet
        .getRange(a1(sheet, row, column, column + width - 1, cells.length))
        .setRichTextValues(values);
    },
    flush: () => SpreadsheetApp.flush(),
    timeZone: () => spreadsheet.getSpreadsheetTimeZone(),
  };
}
