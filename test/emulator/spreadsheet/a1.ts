/**
 * A1 notation: "B3", "A1:C10", "A:C" (whole columns), "2:5" (whole rows), "A2:C" (from row 2 to
 * the sheet's last row, as Sheets reads an open-ended range).
 */
import type { Area } from "./sheet-model";

export function columnLetters(column: number): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

function columnNumber(letters: string): number {
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + letter.charCodeAt(0) - 64;
  return column;
}

export function toA1(area: Area): string {
  const start = `${columnLetters(area.column)}${area.row}`;
  if (area.numRows === 1 && area.numColumns === 1) return start;
  const end = `${columnLetters(area.column + area.numColumns - 1)}${area.row + area.numRows - 1}`;
  return `${start}:${end}`;
}

/** Parses a sheet-relative reference; undefined when it is not valid A1 notation. */
export function parseA1(notation: string, maxRows: number, maxColumns: number): Area | undefined {
  const ref = notation.replace(/\$/g, "").trim();
  const cell = /^([A-Za-z]+)(\d+)$/;
  const [first, second = first] = ref.split(":");
  const a = cell.exec(first);
  const b = cell.exec(second);
  if (a && b) {
    const rows = [Number(a[2]), Number(b[2])].sort((x, y) => x - y);
    const columns = [columnNumber(a[1]), columnNumber(b[1])].sort((x, y) => x - y);
    return area(rows[0], columns[0], rows[1], columns[1]);
  }
  const openEnded = /^([A-Za-z]+)$/.exec(second);
  if (a && openEnded && ref.includes(":")) {
    const columns = [columnNumber(a[1]), columnNumber(openEnded[1])].sort((x, y) => x - y);
    return area(Number(a[2]), columns[0], Math.max(Number(a[2]), maxRows), columns[1]);
  }
  const wholeColumns = /^([A-Za-z]+)$/;
  const ca = wholeColumns.exec(first);
  const cb = wholeColumns.exec(second);
  if (ca && cb && ref.includes(":")) {
    const columns = [columnNumber(ca[1]), columnNumber(cb[1])].sort((x, y) => x - y);
    return area(1, columns[0], maxRows, columns[1]);
  }
  const wholeRows = /^(\d+)$/;
  const ra = wholeRows.exec(first);
  const rb = wholeRows.exec(second);
  if (ra && rb && ref.includes(":")) {
    const rows = [Number(ra[1]), Number(rb[1])].sort((x, y) => x - y);
    return area(rows[0], 1, rows[1], maxColumns);
  }
  return undefined;
}

function area(row: number, column: number, lastRow: number, lastColumn: number): Area {
  return { row, column, numRows: lastRow - row + 1, numColumns: lastColumn - column + 1 };
}
