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
      if (values.length === 0 || values[0].length === 0) return;
      range(row, column, values.length, values[0].length).setValues(values);
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

export function gasWorkbook(): Workbook {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  return {
    sheet(name) {
      const sheet = spreadsheet.getSheetByName(name);
      return sheet ? wrapSheet(sheet) : null;
    },
    insertSheet(name) {
      return wrapSheet(spreadsheet.insertSheet(name));
    },
    flush: () => SpreadsheetApp.flush(),
    timeZone: () => spreadsheet.getSpreadsheetTimeZone(),
  };
}
