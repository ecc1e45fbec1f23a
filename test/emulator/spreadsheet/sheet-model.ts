/** The persistent spreadsheet: what survives from one execution to the next. */

/** What a cell holds. Dates are test-realm Dates; the services copy them into each realm. */
export type StoredValue = string | number | boolean | Date;

export interface CellStyle {
  fontWeight?: string | null;
  fontColor?: string | null;
  background?: string | null;
  horizontalAlignment?: string | null;
  wrap?: boolean;
}

export interface ValidationRule {
  criteria: "VALUE_IN_LIST";
  /** requireValueInList's values and showDropdown. */
  values: string[];
  showDropdown: boolean;
  allowInvalid: boolean;
  helpText: string;
}

export interface Cell {
  /** "" when empty. */
  value: StoredValue;
  formula?: string;
  /** Number format; undefined is Sheets' default (Automatic). */
  format?: string;
  note?: string;
  validation?: ValidationRule;
  style?: CellStyle;
  /** A rich-text link over the whole cell; any later write of a value clears it. */
  link?: string;
}

export interface ProtectionModel {
  id: number;
  type: "SHEET" | "RANGE";
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
  description: string;
  warningOnly: boolean;
}

/** A1 is row 1, column 1. */
export interface Area {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export class SheetModel {
  maxRows = 1000;
  maxColumns = 26;
  frozenRows = 0;
  hidden = false;
  readonly hiddenColumns = new Set<number>();
  readonly columnWidths = new Map<number, number>();
  readonly protections: ProtectionModel[] = [];
  /** grid[row - 1][column - 1]; sparse. */
  private grid: (Cell | undefined)[][] = [];

  constructor(
    public name: string,
    readonly id: number,
  ) {}

  peek(row: number, column: number): Cell | undefined {
    return this.grid[row - 1]?.[column - 1];
  }

  cell(row: number, column: number): Cell {
    const cells = (this.grid[row - 1] ??= []);
    return (cells[column - 1] ??= { value: "" });
  }

  lastRow(): number {
    for (let row = this.grid.length; row >= 1; row--) {
      if (this.grid[row - 1]?.some(hasContent)) return row;
    }
    return 0;
  }

  lastColumn(): number {
    let last = 0;
    for (const cells of this.grid) {
      if (!cells) continue;
      for (let column = cells.length; column > last; column--) {
        if (hasContent(cells[column - 1])) {
          last = column;
          break;
        }
      }
    }
    return last;
  }

  insertRowsAfter(row: number, count: number): void {
    if (this.grid.length > row) {
      this.grid.splice(row, 0, ...Array.from({ length: count }, (): (Cell | undefined)[] => []));
    }
    this.maxRows += count;
  }

  deleteRows(row: number, count: number): void {
    this.grid.splice(row - 1, count);
    this.maxRows -= count;
  }

  /**
   * Moves whole rows: row `order[i]` goes to row `first + i`. `order` is a permutation of the
   * rows first..first + order.length - 1. Every cell moves with all it holds (a sort).
   */
  moveRows(first: number, order: readonly number[]): void {
    const moved = order.map((row) => this.grid[row - 1] ?? []);
    moved.forEach((cells, index) => {
      this.grid[first - 1 + index] = cells;
    });
  }

  insertColumnsAfter(column: number, count: number): void {
    for (const cells of this.grid) {
      if (cells && cells.length > column) cells.splice(column, 0, ...new Array<undefined>(count));
    }
    this.maxColumns += count;
  }

  deleteColumns(column: number, count: number): void {
    for (const cells of this.grid) cells?.splice(column - 1, count);
    this.maxColumns -= count;
  }

  /** Every cell of the area, row by row, created on demand. */
  cells(area: Area): Cell[][] {
    const rows: Cell[][] = [];
    for (let r = 0; r < area.numRows; r++) {
      const row: Cell[] = [];
      for (let c = 0; c < area.numColumns; c++) row.push(this.cell(area.row + r, area.column + c));
      rows.push(row);
    }
    return rows;
  }

  /** Reads without creating cells. */
  read<T>(area: Area, pick: (cell: Cell | undefined) => T): T[][] {
    const rows: T[][] = [];
    for (let r = 0; r < area.numRows; r++) {
      const row: T[] = [];
      for (let c = 0; c < area.numColumns; c++)
        row.push(pick(this.peek(area.row + r, area.column + c)));
      rows.push(row);
    }
    return rows;
  }
}

export function hasContent(cell: Cell | undefined): boolean {
  return cell !== undefined && (cell.value !== "" || cell.formula !== undefined);
}

export class SpreadsheetModel {
  readonly id = "EMULATED_SPREADSHEET_ID";
  name = "Emulated spreadsheet";
  readonly sheets: SheetModel[];
  private nextSheetId = 1;
  private nextProtectionId = 1;

  constructor(readonly timeZone: string) {
    // A new spreadsheet has one sheet, "Sheet1", whose id (gid) is 0.
    this.sheets = [new SheetModel("Sheet1", 0)];
  }

  get url(): string {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }

  sheetByName(name: string): SheetModel | undefined {
    return this.sheets.find((sheet) => sheet.name === name);
  }

  insertSheet(name: string, index = this.sheets.length): SheetModel {
    const sheet = new SheetModel(name, this.nextSheetId++ * 1000003);
    this.sheets.splice(index, 0, sheet);
    return sheet;
  }

  deleteSheet(sheet: SheetModel): void {
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
  }

  newProtectionId(): number {
    return this.nextProtectionId++;
  }
}
