/** Sheet: geometry, structure edits, protections and the entry to its ranges. */
import type { Scope } from "../scope";
import { parseA1 } from "./a1";
import { writeScriptValue } from "./cell-typing";
import { FakeProtection } from "./protection";
import { FakeRange } from "./range";
import { activeRange, activeRangeList, FakeRangeList } from "./selection";
import { displayOf } from "./display";
import type { Area, Cell, SheetModel } from "./sheet-model";
import { FakeSpreadsheet } from "./spreadsheet";
import { FakeTextFinder } from "./text-finder";

export class FakeSheet {
  constructor(
    private readonly scope: Scope,
    readonly model: SheetModel,
  ) {}

  private call<T>(method: string, effect: () => T, cells = 0): T {
    return this.scope.rt.call(`Sheet.${method}`, effect, cells);
  }

  private fail(message: string): never {
    throw this.scope.realm.error(message);
  }

  /** Apps Script's argument checks for getRange and structure edits. */
  private checkArea(area: Area): Area {
    if (!(area.row >= 1)) this.fail("The starting row of the range is too small.");
    if (!(area.column >= 1)) this.fail("The starting column of the range is too small.");
    if (!(area.numRows >= 1)) this.fail("The number of rows in the range must be at least 1.");
    if (!(area.numColumns >= 1))
      this.fail("The number of columns in the range must be at least 1.");
    const lastRow = area.row + area.numRows - 1;
    const lastColumn = area.column + area.numColumns - 1;
    if (lastRow > this.model.maxRows || lastColumn > this.model.maxColumns) {
      this.fail("The coordinates of the range are outside the dimensions of the sheet.");
    }
    return area;
  }

  getName(): string {
    return this.call("getName", () => this.model.name);
  }

  setName(name: string): this {
    return this.call("setName", () => {
      const existing = this.scope.state.spreadsheet.sheetByName(String(name));
      if (existing && existing !== this.model) {
        this.fail(`A sheet with the name "${name}" already exists. Please enter another name.`);
      }
      this.model.name = String(name);
      return this;
    });
  }

  getSheetId(): number {
    return this.call("getSheetId", () => this.model.id);
  }

  getIndex(): number {
    return this.call("getIndex", () => this.scope.state.spreadsheet.sheets.indexOf(this.model) + 1);
  }

  getParent(): FakeSpreadsheet {
    return this.call("getParent", () => new FakeSpreadsheet(this.scope));
  }

  getLastRow(): number {
    return this.call("getLastRow", () => this.model.lastRow());
  }

  getLastColumn(): number {
    return this.call("getLastColumn", () => this.model.lastColumn());
  }

  getMaxRows(): number {
    return this.call("getMaxRows", () => this.model.maxRows);
  }

  getMaxColumns(): number {
    return this.call("getMaxColumns", () => this.model.maxColumns);
  }

  getRange(a1OrRow: string | number, column?: number, numRows = 1, numColumns = 1): FakeRange {
    return this.call("getRange", () => this.resolveRange(a1OrRow, column, numRows, numColumns));
  }

  /** The range getRange returns, without a call of its own (Spreadsheet.getRange meters it). */
  resolveRange(a1OrRow: string | number, column?: number, numRows = 1, numColumns = 1): FakeRange {
    let area: Area | undefined;
    if (typeof a1OrRow === "string") {
      area = parseA1(a1OrRow, this.model.maxRows, this.model.maxColumns);
      if (!area) this.fail("Range not found");
    } else {
      if (column === undefined)
        this.fail(
          "The parameters (number) don't match the method signature for SpreadsheetApp.Sheet.getRange.",
        );
      area = { row: a1OrRow, column, numRows, numColumns };
    }
    return new FakeRange(this.scope, this.model, this.checkArea(area));
  }

  /** Apps Script answers with the active sheet's selection, whichever sheet is asked. */
  getActiveRange(): FakeRange {
    return this.call("getActiveRange", () => activeRange(this.scope));
  }

  getActiveRangeList(): FakeRangeList {
    return this.call("getActiveRangeList", () => activeRangeList(this.scope));
  }

  /** Several ranges of this sheet by A1 notation ("B5", "C7:D7"), acted on together. */
  getRangeList(notations: string[]): FakeRangeList {
    return this.call("getRangeList", () => {
      const areas = [...notations].map((notation) => {
        const area = parseA1(String(notation), this.model.maxRows, this.model.maxColumns);
        if (!area) this.fail("Range not found");
        return this.checkArea(area);
      });
      return new FakeRangeList(this.scope, this.model, areas);
    });
  }

  getDataRange(): FakeRange {
    return this.call("getDataRange", () => {
      const area = {
        row: 1,
        column: 1,
        numRows: Math.max(1, this.model.lastRow()),
        numColumns: Math.max(1, this.model.lastColumn()),
      };
      return new FakeRange(this.scope, this.model, area);
    });
  }

  /** Writes below the last row with content, growing the sheet when needed. */
  appendRow(rowContents: unknown[]): this {
    const values = Array.from(rowContents);
    return this.call(
      "appendRow",
      () => {
        const row = this.model.lastRow() + 1;
        this.model.maxRows = Math.max(this.model.maxRows, row);
        this.model.maxColumns = Math.max(this.model.maxColumns, values.length);
        const timeZone = this.scope.state.spreadsheet.timeZone;
        values.forEach((value, index) =>
          writeScriptValue(this.model.cell(row, index + 1), value, timeZone),
        );
        return this;
      },
      values.length,
    );
  }

  insertRowsAfter(afterPosition: number, howMany: number): this {
    return this.call("insertRowsAfter", () => {
      this.checkPositive(howMany);
      this.model.insertRowsAfter(afterPosition, howMany);
      return this;
    });
  }

  insertRowAfter(afterPosition: number): this {
    return this.call("insertRowAfter", () => {
      this.model.insertRowsAfter(afterPosition, 1);
      return this;
    });
  }

  insertRowBefore(beforePosition: number): this {
    return this.call("insertRowBefore", () => {
      this.model.insertRowsAfter(beforePosition - 1, 1);
      return this;
    });
  }

  insertColumnsAfter(afterPosition: number, howMany: number): this {
    return this.call("insertColumnsAfter", () => {
      this.checkPositive(howMany);
      this.model.insertColumnsAfter(afterPosition, howMany);
      return this;
    });
  }

  insertColumnAfter(afterPosition: number): this {
    return this.call("insertColumnAfter", () => {
      this.model.insertColumnsAfter(afterPosition, 1);
      return this;
    });
  }

  deleteRow(rowPosition: number): this {
    return this.call("deleteRow", () => this.removeRows(rowPosition, 1));
  }

  deleteRows(rowPosition: number, howMany: number): this {
    return this.call("deleteRows", () => this.removeRows(rowPosition, howMany));
  }

  private removeRows(rowPosition: number, howMany: number): this {
    this.checkPositive(howMany);
    this.checkArea({ row: rowPosition, column: 1, numRows: howMany, numColumns: 1 });
    if (howMany >= this.model.maxRows) this.fail("You can't delete all the rows on the sheet.");
    this.model.deleteRows(rowPosition, howMany);
    return this;
  }

  deleteColumn(columnPosition: number): this {
    return this.call("deleteColumn", () => {
      this.checkArea({ row: 1, column: columnPosition, numRows: 1, numColumns: 1 });
      if (this.model.maxColumns <= 1) this.fail("You can't delete all the columns on the sheet.");
      this.model.deleteColumns(columnPosition, 1);
      return this;
    });
  }

  private checkPositive(howMany: number): void {
    if (!(howMany >= 1)) this.fail("Those rows are out of bounds.");
  }

  setFrozenRows(rows: number): this {
    return this.call("setFrozenRows", () => {
      this.model.frozenRows = rows;
      return this;
    });
  }

  getFrozenRows(): number {
    return this.call("getFrozenRows", () => this.model.frozenRows);
  }

  hideSheet(): this {
    return this.call("hideSheet", () => {
      const visible = this.scope.state.spreadsheet.sheets.filter((sheet) => !sheet.hidden);
      if (visible.length === 1 && visible[0] === this.model) {
        this.fail("You can't hide all the sheets in a document.");
      }
      this.model.hidden = true;
      return this;
    });
  }

  showSheet(): this {
    return this.call("showSheet", () => {
      this.model.hidden = false;
      return this;
    });
  }

  isSheetHidden(): boolean {
    return this.call("isSheetHidden", () => this.model.hidden);
  }

  hideColumns(columnIndex: number, numColumns = 1): void {
    this.call("hideColumns", () => {
      for (let c = columnIndex; c < columnIndex + numColumns; c++) this.model.hiddenColumns.add(c);
    });
  }

  showColumns(columnIndex: number, numColumns = 1): void {
    this.call("showColumns", () => {
      for (let c = columnIndex; c < columnIndex + numColumns; c++)
        this.model.hiddenColumns.delete(c);
    });
  }

  isColumnHiddenByUser(columnPosition: number): boolean {
    return this.call("isColumnHiddenByUser", () => this.model.hiddenColumns.has(columnPosition));
  }

  setColumnWidth(columnPosition: number, width: number): this {
    return this.call("setColumnWidth", () => {
      this.model.columnWidths.set(columnPosition, width);
      return this;
    });
  }

  getColumnWidth(columnPosition: number): number {
    return this.call("getColumnWidth", () => this.model.columnWidths.get(columnPosition) ?? 100);
  }

  /** Fits each column to its longest display value (7 px per character, like Arial 10). */
  autoResizeColumns(startColumn: number, numColumns: number): this {
    return this.call("autoResizeColumns", () => {
      const timeZone = this.scope.state.spreadsheet.timeZone;
      for (let c = startColumn; c < startColumn + numColumns; c++) {
        let longest = 0;
        for (let r = 1; r <= this.model.lastRow(); r++) {
          longest = Math.max(longest, displayOf(this.model.peek(r, c), timeZone).length);
        }
        this.model.columnWidths.set(c, Math.max(21, longest * 7 + 10));
      }
      return this;
    });
  }

  /** Sheet-level protection: one per sheet; asking again returns the existing one. */
  protect(): FakeProtection {
    return this.call("protect", () => {
      let model = this.model.protections.find((protection) => protection.type === "SHEET");
      if (!model) {
        model = {
          id: this.scope.state.spreadsheet.newProtectionId(),
          type: "SHEET",
          row: 1,
          column: 1,
          numRows: this.model.maxRows,
          numColumns: this.model.maxColumns,
          description: "",
          warningOnly: false,
        };
        this.model.protections.push(model);
      }
      return new FakeProtection(this.scope, this.model, model);
    });
  }

  getProtections(type: string): FakeProtection[] {
    return this.call("getProtections", () =>
      this.scope.realm.array(
        this.model.protections
          .filter((protection) => protection.type === String(type))
          .map((protection) => new FakeProtection(this.scope, this.model, protection)),
      ),
    );
  }

  createTextFinder(findText: string): FakeTextFinder {
    return this.call(
      "createTextFinder",
      () =>
        new FakeTextFinder(
          this.scope,
          this.model,
          () => ({
            row: 1,
            column: 1,
            numRows: Math.max(1, this.model.lastRow()),
            numColumns: Math.max(1, this.model.lastColumn()),
          }),
          String(findText),
        ),
    );
  }

  /** Clears contents and formats of every cell; notes and validation rules stay. */
  clear(): this {
    return this.call("clear", () => {
      this.eachCell((cell) => {
        cell.value = "";
        delete cell.formula;
        delete cell.link;
        delete cell.format;
        delete cell.style;
      });
      return this;
    });
  }

  clearContents(): this {
    return this.call("clearContents", () => {
      this.eachCell((cell) => {
        cell.value = "";
        delete cell.formula;
        delete cell.link;
      });
      return this;
    });
  }

  private eachCell(effect: (cell: Cell) => void): void {
    const area = {
      row: 1,
      column: 1,
      numRows: this.model.maxRows,
      numColumns: this.model.maxColumns,
    };
    for (const row of this.model.read(area, (cell) => cell)) {
      for (const cell of row) if (cell) effect(cell);
    }
  }
}
