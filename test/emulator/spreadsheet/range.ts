/** Range: reads and writes cells of the persistent sheet, one metered call per method. */
import type { Scope } from "../scope";
import { toA1 } from "./a1";
import { writeScriptValue } from "./cell-typing";
import { FakeDataValidation } from "./data-validation";
import { DEFAULT_NUMBER_FORMAT, displayOf } from "./display";
import { FakeProtection } from "./protection";
import { FakeRichTextValue, readRichText, writeRichText } from "./rich-text";
import { FakeSheet } from "./sheet";
import type { Area, Cell, CellStyle, SheetModel } from "./sheet-model";
import { FakeTextFinder } from "./text-finder";

/** Sheets refuses longer cell contents. */
const MAX_CELL_CHARACTERS = 50000;

export class FakeRange {
  private readonly area: Area;

  constructor(
    private readonly scope: Scope,
    private readonly sheet: SheetModel,
    area: Area,
  ) {
    this.area = {
      row: area.row,
      column: area.column,
      numRows: area.numRows,
      numColumns: area.numColumns,
    };
  }

  private get cellCount(): number {
    return this.area.numRows * this.area.numColumns;
  }

  private get timeZone(): string {
    return this.scope.state.spreadsheet.timeZone;
  }

  /** A metered call that moves `cells` cells. */
  private call<T>(method: string, effect: () => T, cells = 0): T {
    return this.scope.rt.call(`Range.${method}`, effect, cells);
  }

  private outValue(cell: Cell | undefined): unknown {
    if (!cell) return "";
    return cell.value instanceof Date ? this.scope.realm.date(cell.value.getTime()) : cell.value;
  }

  private grid<T>(pick: (cell: Cell | undefined) => T): T[][] {
    const { realm } = this.scope;
    return realm.array(this.sheet.read(this.area, pick).map((row) => realm.array(row)));
  }

  /** Apps Script's shape check for setValues/setFormulas/setNumberFormats/setNotes... */
  private checkShape(data: unknown): unknown[][] {
    const { realm } = this.scope;
    if (!Array.isArray(data) || !data.every((row) => Array.isArray(row))) {
      throw realm.error("The parameters (String) don't match the method signature.");
    }
    const rows = data as unknown[][];
    if (rows.length !== this.area.numRows) {
      throw realm.error(
        `The number of rows in the data does not match the number of rows in the range. The data has ${rows.length} but the range has ${this.area.numRows}.`,
      );
    }
    for (const row of rows) {
      if (row.length !== this.area.numColumns) {
        throw realm.error(
          `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this.area.numColumns}.`,
        );
      }
    }
    return rows;
  }

  private checkLength(value: unknown): void {
    if (typeof value === "string" && value.length > MAX_CELL_CHARACTERS) {
      throw this.scope.realm.error(
        `Your input contains more than the maximum of ${MAX_CELL_CHARACTERS} characters in a single cell.`,
      );
    }
  }

  private forEachCell(effect: (cell: Cell) => void): this {
    for (const row of this.sheet.cells(this.area)) row.forEach(effect);
    return this;
  }

  private eachCellFrom<T>(data: T[][], effect: (cell: Cell, item: T) => void): this {
    this.sheet
      .cells(this.area)
      .forEach((row, r) => row.forEach((cell, c) => effect(cell, data[r][c])));
    return this;
  }

  getRow(): number {
    return this.call("getRow", () => this.area.row);
  }

  getColumn(): number {
    return this.call("getColumn", () => this.area.column);
  }

  getNumRows(): number {
    return this.call("getNumRows", () => this.area.numRows);
  }

  getNumColumns(): number {
    return this.call("getNumColumns", () => this.area.numColumns);
  }

  getLastRow(): number {
    return this.call("getLastRow", () => this.area.row + this.area.numRows - 1);
  }

  getLastColumn(): number {
    return this.call("getLastColumn", () => this.area.column + this.area.numColumns - 1);
  }

  getA1Notation(): string {
    return this.call("getA1Notation", () => toA1(this.area));
  }

  getSheet(): FakeSheet {
    return this.call("getSheet", () => new FakeSheet(this.scope, this.sheet));
  }

  getValue(): unknown {
    return this.call(
      "getValue",
      () => this.outValue(this.sheet.peek(this.area.row, this.area.column)),
      1,
    );
  }

  getValues(): unknown[][] {
    return this.call("getValues", () => this.grid((cell) => this.outValue(cell)), this.cellCount);
  }

  getDisplayValue(): string {
    return this.call(
      "getDisplayValue",
      () => displayOf(this.sheet.peek(this.area.row, this.area.column), this.timeZone),
      1,
    );
  }

  getDisplayValues(): string[][] {
    return this.call(
      "getDisplayValues",
      () => this.grid((cell) => displayOf(cell, this.timeZone)),
      this.cellCount,
    );
  }

  /** Sets every cell of the range to the value (auto-typed like typing it in). */
  setValue(value: unknown): this {
    return this.call(
      "setValue",
      () => {
        this.checkLength(value);
        return this.forEachCell((cell) => writeScriptValue(cell, value, this.timeZone));
      },
      this.cellCount,
    );
  }

  setValues(values: unknown[][]): this {
    return this.call(
      "setValues",
      () => {
        const rows = this.checkShape(values);
        rows.forEach((row) => row.forEach((value) => this.checkLength(value)));
        return this.eachCellFrom(rows, (cell, value) =>
          writeScriptValue(cell, value, this.timeZone),
        );
      },
      this.cellCount,
    );
  }

  setRichTextValue(value: FakeRichTextValue): this {
    return this.call(
      "setRichTextValue",
      () => {
        this.checkRichText(value, "setRichTextValue");
        this.checkLength(value.text);
        return this.forEachCell((cell) => writeRichText(cell, value));
      },
      this.cellCount,
    );
  }

  /** One round trip, like setValues. */
  setRichTextValues(values: FakeRichTextValue[][]): this {
    return this.call(
      "setRichTextValues",
      () => {
        const rows = this.checkShape(values);
        for (const row of rows) {
          for (const value of row) {
            this.checkRichText(value, "setRichTextValues");
            this.checkLength(value.text);
          }
        }
        return this.eachCellFrom(rows as FakeRichTextValue[][], writeRichText);
      },
      this.cellCount,
    );
  }

  /** The top-left cell's rich text; null when it holds a number, boolean or date. */
  getRichTextValue(): FakeRichTextValue | null {
    return this.call(
      "getRichTextValue",
      () => readRichText(this.sheet.peek(this.area.row, this.area.column)),
      1,
    );
  }

  getRichTextValues(): (FakeRichTextValue | null)[][] {
    return this.call("getRichTextValues", () => this.grid(readRichText), this.cellCount);
  }

  private checkRichText(value: unknown, method: string): asserts value is FakeRichTextValue {
    if (!(value instanceof FakeRichTextValue)) {
      throw this.scope.realm.error(
        `The parameters (${typeof value}) don't match the method signature for SpreadsheetApp.Range.${method}.`,
      );
    }
  }

  getFormula(): string {
    return this.call(
      "getFormula",
      () => this.sheet.peek(this.area.row, this.area.column)?.formula ?? "",
      1,
    );
  }

  getFormulas(): string[][] {
    return this.call("getFormulas", () => this.grid((cell) => cell?.formula ?? ""), this.cellCount);
  }

  setFormula(formula: string): this {
    return this.call(
      "setFormula",
      () =>
        this.forEachCell((cell) => writeScriptValue(cell, this.asFormula(formula), this.timeZone)),
      this.cellCount,
    );
  }

  setFormulas(formulas: string[][]): this {
    return this.call(
      "setFormulas",
      () =>
        this.eachCellFrom(this.checkShape(formulas), (cell, formula) =>
          writeScriptValue(cell, this.asFormula(formula), this.timeZone),
        ),
      this.cellCount,
    );
  }

  private asFormula(formula: unknown): string {
    const text = String(formula ?? "");
    return text === "" || text.startsWith("=") ? text : `=${text}`;
  }

  getNumberFormat(): string {
    return this.call(
      "getNumberFormat",
      () => this.sheet.peek(this.area.row, this.area.column)?.format ?? DEFAULT_NUMBER_FORMAT,
      1,
    );
  }

  getNumberFormats(): string[][] {
    return this.call(
      "getNumberFormats",
      () => this.grid((cell) => cell?.format ?? DEFAULT_NUMBER_FORMAT),
      this.cellCount,
    );
  }

  setNumberFormat(numberFormat: string): this {
    return this.call(
      "setNumberFormat",
      () => this.forEachCell((cell) => (cell.format = String(numberFormat))),
      this.cellCount,
    );
  }

  setNumberFormats(numberFormats: string[][]): this {
    return this.call(
      "setNumberFormats",
      () =>
        this.eachCellFrom(this.checkShape(numberFormats), (cell, format) => {
          cell.format = String(format);
        }),
      this.cellCount,
    );
  }

  setDataValidation(rule: FakeDataValidation | null): this {
    return this.call(
      "setDataValidation",
      () =>
        this.forEachCell((cell) => {
          if (rule) cell.validation = rule.rule;
          else delete cell.validation;
        }),
      this.cellCount,
    );
  }

  setDataValidations(rules: (FakeDataValidation | null)[][]): this {
    return this.call(
      "setDataValidations",
      () =>
        this.eachCellFrom(
          this.checkShape(rules) as (FakeDataValidation | null)[][],
          (cell, rule) => {
            if (rule) cell.validation = rule.rule;
            else delete cell.validation;
          },
        ),
      this.cellCount,
    );
  }

  getDataValidation(): FakeDataValidation | null {
    return this.call("getDataValidation", () => {
      const rule = this.sheet.peek(this.area.row, this.area.column)?.validation;
      return rule ? new FakeDataValidation(rule, this.scope.realm) : null;
    });
  }

  getDataValidations(): (FakeDataValidation | null)[][] {
    return this.call(
      "getDataValidations",
      () =>
        this.grid((cell) =>
          cell?.validation ? new FakeDataValidation(cell.validation, this.scope.realm) : null,
        ),
      this.cellCount,
    );
  }

  clearDataValidations(): this {
    return this.setDataValidation(null);
  }

  getNote(): string {
    return this.call(
      "getNote",
      () => this.sheet.peek(this.area.row, this.area.column)?.note ?? "",
      1,
    );
  }

  getNotes(): string[][] {
    return this.call("getNotes", () => this.grid((cell) => cell?.note ?? ""), this.cellCount);
  }

  setNote(note: string | null): this {
    return this.call(
      "setNote",
      () =>
        this.forEachCell((cell) => {
          if (note === null || note === undefined || note === "") delete cell.note;
          else cell.note = String(note);
        }),
      this.cellCount,
    );
  }

  setNotes(notes: (string | null)[][]): this {
    return this.call(
      "setNotes",
      () =>
        this.eachCellFrom(this.checkShape(notes), (cell, note) => {
          if (note === null || note === undefined || note === "") delete cell.note;
          else cell.note = String(note);
        }),
      this.cellCount,
    );
  }

  private style(method: string, patch: CellStyle): this {
    return this.call(
      method,
      () => this.forEachCell((cell) => (cell.style = { ...cell.style, ...patch })),
      this.cellCount,
    );
  }

  setFontWeight(fontWeight: string | null): this {
    return this.style("setFontWeight", { fontWeight });
  }

  setFontColor(color: string | null): this {
    return this.style("setFontColor", { fontColor: color });
  }

  setBackground(color: string | null): this {
    return this.style("setBackground", { background: color });
  }

  setHorizontalAlignment(alignment: string | null): this {
    return this.style("setHorizontalAlignment", { horizontalAlignment: alignment });
  }

  setWrap(isWrapEnabled: boolean): this {
    return this.style("setWrap", { wrap: Boolean(isWrapEnabled) });
  }

  /** Clears values and formulas; formats, notes and validation stay. */
  clearContent(): this {
    return this.call(
      "clearContent",
      () =>
        this.forEachCell((cell) => {
          cell.value = "";
          delete cell.formula;
          delete cell.link;
        }),
      this.cellCount,
    );
  }

  clearFormat(): this {
    return this.call(
      "clearFormat",
      () =>
        this.forEachCell((cell) => {
          delete cell.format;
          delete cell.style;
        }),
      this.cellCount,
    );
  }

  protect(): FakeProtection {
    return this.call("protect", () => {
      const model = {
        id: this.scope.state.spreadsheet.newProtectionId(),
        type: "RANGE" as const,
        ...this.area,
        description: "",
        warningOnly: false,
      };
      this.sheet.protections.push(model);
      return new FakeProtection(this.scope, this.sheet, model);
    });
  }

  createTextFinder(findText: string): FakeTextFinder {
    return this.call(
      "createTextFinder",
      () => new FakeTextFinder(this.scope, this.sheet, () => this.area, String(findText)),
    );
  }

  offset(
    rowOffset: number,
    columnOffset: number,
    numRows?: number,
    numColumns?: number,
  ): FakeRange {
    return this.call(
      "offset",
      () =>
        new FakeRange(this.scope, this.sheet, {
          row: this.area.row + rowOffset,
          column: this.area.column + columnOffset,
          numRows: numRows ?? this.area.numRows,
          numColumns: numColumns ?? this.area.numColumns,
        }),
    );
  }
}
