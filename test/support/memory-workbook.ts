/** A Workbook port held in memory (values only), for unit tests of use cases that log to sheets. */
import type { CellValue, LinkedCell, Sheet, Workbook } from "../../src/ports";

export class MemorySheet implements Sheet {
  readonly cells: CellValue[][] = [];
  constructor(readonly name: string) {}

  readAll() {
    const values = this.readValues(1, 1, this.lastRow(), this.lastColumn());
    return {
      values,
      display: values.map((row) => row.map((v) => String(v))),
      formulas: values.map((row) => row.map(() => "")),
    };
  }
  lastRow(): number {
    return this.cells.length;
  }
  lastColumn(): number {
    return Math.max(0, ...this.cells.map((row) => row.length));
  }
  maxRows(): number {
    return Math.max(1000, this.cells.length);
  }
  maxColumns(): number {
    return Math.max(26, this.lastColumn());
  }
  readValues(row: number, column: number, rows: number, columns: number): CellValue[][] {
    return Array.from({ length: rows }, (_, r) =>
      Array.from({ length: columns }, (_, c) => this.cells[row - 1 + r]?.[column - 1 + c] ?? ""),
    );
  }
  readDisplay(row: number, column: number, rows: number, columns: number): string[][] {
    return this.readValues(row, column, rows, columns).map((r) => r.map((v) => String(v)));
  }
  readFormulas(row: number, column: number, rows: number, columns: number): string[][] {
    return this.readValues(row, column, rows, columns).map((r) => r.map(() => ""));
  }
  write(row: number, column: number, values: CellValue[][]): void {
    values.forEach((cells, r) => {
      const target = (this.cells[row - 1 + r] ??= []);
      cells.forEach((value, c) => (target[column - 1 + c] = value));
    });
    for (let i = 0; i < this.cells.length; i++) this.cells[i] ??= [];
  }
  appendRow(values: CellValue[]): void {
    this.cells.push([...values]);
  }
  findRows(column: number, text: string): number[] {
    return this.cells.flatMap((row, i) => (String(row[column - 1] ?? "") === text ? [i + 1] : []));
  }
  setNumberFormat(): void {}
  insertColumnsAfter(): void {}
  insertRowsAfter(): void {}
  hide(): void {}
  freezeRows(): void {}
  styleHeader(): void {}
  setDropdown(): void {}
  protectColumns(): void {}
  hideColumn(): void {}
  setNote(): void {}
}

export class MemoryWorkbook implements Workbook {
  readonly sheets = new Map<string, MemorySheet>();
  sheet(name: string): MemorySheet | null {
    return this.sheets.get(name) ?? null;
  }
  insertSheet(name: string): MemorySheet {
    const sheet = new MemorySheet(name);
    this.sheets.set(name, sheet);
    return sheet;
  }
  renameSheet(from: string, to: string): void {
    const sheet = this.sheets.get(from);
    if (!sheet) return;
    this.sheets.delete(from);
    const renamed = Object.assign(new MemorySheet(to), { cells: sheet.cells });
    this.sheets.set(to, renamed);
  }
  readText(sheet: string, fromRow: number, fromColumn: number, toColumn: number, rows?: number) {
    const target = this.sheets.get(sheet);
    if (!target) return [];
    const count = rows ?? Math.max(0, target.maxRows() - fromRow + 1);
    return target.readDisplay(fromRow, fromColumn, count, toColumn - fromColumn + 1);
  }
  writeBlock(sheet: string, row: number, column: number, values: CellValue[][]) {
    this.sheets.get(sheet)?.write(row, column, values);
  }
  /** Cells highlighted, by "sheet!row:column", with their colour. */
  readonly highlights = new Map<string, string | null>();
  highlight(sheet: string, cells: { row: number; column: number }[], color: string | null): void {
    for (const { row, column } of cells) this.highlights.set(`${sheet}!${row}:${column}`, color);
  }
  /** What a person selected (tests set it). */
  selection: { sheet: string; rows: number[] } = { sheet: "", rows: [] };
  selectedRows(): { sheet: string; rows: number[] } {
    return this.selection;
  }
  /** Rich-text links written, by "sheet!row:column". */
  readonly links = new Map<string, LinkedCell["links"]>();
  writeLinks(sheet: string, row: number, column: number, cells: LinkedCell[][]) {
    this.writeBlock(
      sheet,
      row,
      column,
      cells.map((line) => line.map((cell) => cell.text)),
    );
    cells.forEach((line, r) =>
      line.forEach((cell, c) => this.links.set(`${sheet}!${row + r}:${column + c}`, cell.links)),
    );
  }
  flush(): void {}
  timeZone(): string {
    return "Etc/UTC";
  }
}
