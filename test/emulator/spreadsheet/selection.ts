/**
 * The person's selection in an execution: the active sheet, the active range (the last range
 * selected) and the active range list. A test sets it per run; without it, the first sheet and
 * A1 are selected, as when a spreadsheet has just been opened.
 */
import type { Scope } from "../scope";
import { parseA1 } from "./a1";
import { FakeRange } from "./range";
import type { Area, SheetModel, SpreadsheetModel } from "./sheet-model";

/** RunOptions.selection: a sheet name and A1 ranges ("A2:C4", "5:7", "B9"). */
export interface Selection {
  sheet: string;
  ranges: string[];
}

export interface ActiveSelection {
  sheet: SheetModel;
  /** In selection order; the last one is the active range. */
  areas: Area[];
}

/** Checks a test's selection against the sheet; mistakes throw test-realm Errors. */
export function resolveSelection(
  spreadsheet: SpreadsheetModel,
  selection: Selection,
): ActiveSelection {
  const sheet = spreadsheet.sheetByName(selection.sheet);
  if (!sheet) throw new Error(`selection: no sheet named "${selection.sheet}"`);
  if (selection.ranges.length === 0) throw new Error("selection: no ranges");
  const areas = selection.ranges.map((notation) => {
    const area = parseA1(notation, sheet.maxRows, sheet.maxColumns);
    const fits =
      area !== undefined &&
      area.row >= 1 &&
      area.column >= 1 &&
      area.row + area.numRows - 1 <= sheet.maxRows &&
      area.column + area.numColumns - 1 <= sheet.maxColumns;
    if (!fits) throw new Error(`selection: "${notation}" is not a range of "${sheet.name}"`);
    return area;
  });
  return { sheet, areas };
}

/** The execution's selection; by default the first sheet's A1 (looked up when asked). */
export function activeSelection(scope: Scope): ActiveSelection {
  return (
    scope.selection ?? {
      sheet: scope.state.spreadsheet.sheets[0],
      areas: [{ row: 1, column: 1, numRows: 1, numColumns: 1 }],
    }
  );
}

export function activeRange(scope: Scope): FakeRange {
  const { sheet, areas } = activeSelection(scope);
  return new FakeRange(scope, sheet, areas[areas.length - 1]);
}

export class FakeRangeList {
  constructor(
    private readonly scope: Scope,
    private readonly sheet: SheetModel,
    private readonly areas: readonly Area[],
  ) {}

  getRanges(): FakeRange[] {
    return this.scope.rt.call("RangeList.getRanges", () =>
      this.scope.realm.array(this.areas.map((area) => new FakeRange(this.scope, this.sheet, area))),
    );
  }

  /** One call for every cell of every range, as Apps Script's RangeList does. */
  setBackground(color: string | null): this {
    this.scope.rt.call("RangeList.setBackground", () => {
      for (const area of this.areas)
        for (let r = 0; r < area.numRows; r++)
          for (let c = 0; c < area.numColumns; c++) {
            const cell = this.sheet.cell(area.row + r, area.column + c);
            cell.style = { ...cell.style, background: color };
          }
    });
    return this;
  }
}

export function activeRangeList(scope: Scope): FakeRangeList {
  const { sheet, areas } = activeSelection(scope);
  return new FakeRangeList(scope, sheet, areas);
}
