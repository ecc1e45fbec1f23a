/** Range/Sheet.createTextFinder: searches display values in row-major order. */
import type { Scope } from "../scope";
import { displayOf } from "./display";
import { FakeRange } from "./range";
import type { Area, SheetModel } from "./sheet-model";

export class FakeTextFinder {
  private entireCell = false;
  private caseSensitive = false;
  /** Index into the matches of the last findNext. */
  private cursor = -1;

  constructor(
    private readonly scope: Scope,
    private readonly sheet: SheetModel,
    private readonly area: () => Area,
    private readonly text: string,
  ) {}

  matchEntireCell(entireCell: boolean): this {
    return this.scope.rt.call("TextFinder.matchEntireCell", () => {
      this.entireCell = Boolean(entireCell);
      return this;
    });
  }

  matchCase(matchCase: boolean): this {
    return this.scope.rt.call("TextFinder.matchCase", () => {
      this.caseSensitive = Boolean(matchCase);
      return this;
    });
  }

  findAll(): FakeRange[] {
    return this.scope.rt.call("TextFinder.findAll", () => {
      const found = this.matches().map((area) => new FakeRange(this.scope, this.sheet, area));
      return this.scope.realm.array(found);
    });
  }

  findNext(): FakeRange | null {
    return this.scope.rt.call("TextFinder.findNext", () => {
      const matches = this.matches();
      if (this.cursor + 1 >= matches.length) return null;
      this.cursor++;
      return new FakeRange(this.scope, this.sheet, matches[this.cursor]);
    });
  }

  private matches(): Area[] {
    if (this.text === "") return [];
    const { row, column, numRows, numColumns } = this.area();
    const fold = (text: string) => (this.caseSensitive ? text : text.toLowerCase());
    const wanted = fold(this.text);
    const found: Area[] = [];
    for (let r = row; r < row + numRows; r++) {
      for (let c = column; c < column + numColumns; c++) {
        const shown = fold(displayOf(this.sheet.peek(r, c), this.scope.state.spreadsheet.timeZone));
        if (this.entireCell ? shown === wanted : shown.includes(wanted)) {
          found.push({ row: r, column: c, numRows: 1, numColumns: 1 });
        }
      }
    }
    return found;
  }
}
