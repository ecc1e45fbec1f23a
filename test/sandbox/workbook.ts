/**
 * The sandbox's workbook for an accountant, written with exceljs: typed cells (amounts as
 * numbers where that is safe, times as dates, counts as integers, the rest as text), units in
 * their own columns, column widths, an autofilter, a frozen bold header row, hidden columns and
 * sheets as they are in the spreadsheet, and no cell over Excel's limit.
 *
 * The amount rule (`amountCell`): a spreadsheet number is an IEEE double, which holds 0.1 only
 * approximately. A decimal text is written as a number when (1) it is a plain decimal (digits,
 * one optional point, an optional minus; no exponent, no thousands separator), (2) it has at
 * most 15 significant digits, and (3) the double read from it prints back as the same decimal
 * (`String(Number(text))` equals the canonical form of the text). Under those conditions Excel,
 * LibreOffice and Google Sheets show, copy and export the cell as exactly that decimal (they keep
 * 15 significant digits), so nothing a reader sees or exports differs from the add-on's text;
 * the cell gets a number format with the text's own decimals, so "250.00" still shows "250.00".
 * Sums of such cells are float sums: they show right at 15 digits, but the exact totals are the
 * Summary's, computed in decimal. Any other amount (more digits, "12,50", "1e3", a typo) is
 * written as text and says so in a cell note.
 */
import ExcelJS from "exceljs";
import Big from "big.js";

/** Excel refuses more characters than this in a cell (Google Sheets allows 50,000). */
export const EXCEL_MAX_CELL = 32_767;

export type ColumnKind = "text" | "amount" | "count" | "time";

export interface ExportColumn {
  header: string;
  kind: ColumnKind;
  hidden?: boolean;
  /** A note on the header cell. */
  note?: string;
  /** Long text wraps inside the column's width (prose, not data). */
  wrap?: boolean;
}

export interface ExportSheet {
  name: string;
  columns: ExportColumn[];
  /** Data rows (below the header), as display text. */
  rows: string[][];
  /** A hidden sheet (tab) of the workbook. */
  hidden?: boolean;
  /** Where a cell cut to Excel's limit can be read whole (named in the cut marker). */
  wholeTextIn?: string;
  /**
   * Lines of text below the table, after a blank row: outside its filter and its column widths
   * (each line runs on into the empty cells to its right).
   */
  footer?: string[];
}

export type AmountCell =
  { kind: "number"; value: number; numFmt: string } | { kind: "text"; value: string; why: string };

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
const MAX_DIGITS = 15;

/** How an amount's decimal text goes into a cell: see the rule at the top of this file. */
export function amountCell(text: string): AmountCell {
  const trimmed = text.trim();
  if (!PLAIN_DECIMAL.test(trimmed))
    return { kind: "text", value: text, why: "not a plain decimal number" };
  const canonical = new Big(trimmed).toFixed();
  const digits = canonical.replace(/^-/, "").replace(".", "").replace(/^0+/, "") || "0";
  if (digits.length > MAX_DIGITS)
    return {
      kind: "text",
      value: text,
      why: `${digits.length} significant digits; a spreadsheet number keeps ${MAX_DIGITS}`,
    };
  const value = Number(trimmed);
  // String(1e-7) is "1e-7": compare decimals, not spellings.
  if (new Big(String(value)).toFixed() !== canonical)
    return { kind: "text", value: text, why: "no double prints back as this decimal" };
  const decimals = trimmed.includes(".") ? trimmed.length - trimmed.indexOf(".") - 1 : 0;
  return { kind: "number", value, numFmt: decimals > 0 ? `0.${"0".repeat(decimals)}` : "0" };
}

/** An instant as the add-on writes it: ISO 8601 in UTC, to the millisecond. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
export const TIME_FORMAT = "yyyy-mm-dd hh:mm:ss.000";

export function timeCell(text: string): Date | undefined {
  if (!ISO_INSTANT.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Characters XML 1.0 cannot carry: a cell with one would make the file unreadable. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text within Excel's cell limit; a longer one is cut with a marker saying so and where. */
export function fitCell(text: string, wholeTextIn?: string): string {
  const safe = text.replace(NOT_XML, "\ufffd");
  if (safe.length <= EXCEL_MAX_CELL) return safe;
  const marker = ` … [cut at Excel's ${EXCEL_MAX_CELL.toLocaleString("en-US")}-character cell limit: ${safe.length.toLocaleString("en-US")} characters in all${wholeTextIn ? `; the whole text is in ${wholeTextIn}` : ""}]`;
  let keep = EXCEL_MAX_CELL - marker.length;
  // Never cut between the two halves of a surrogate pair.
  if (/[\ud800-\udbff]/.test(safe[keep - 1])) keep--;
  return safe.slice(0, keep) + marker;
}

/** A valid, unique sheet name: at most 31 characters, none of : \ / ? * [ ]. */
function sheetNames(sheets: ExportSheet[]): string[] {
  const used = new Set<string>();
  return sheets.map((sheet) => {
    const base = sheet.name.replace(/[:\\/?*[\]]/g, "_").slice(0, 31) || "Sheet";
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 28)} ${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

const MIN_WIDTH = 10;
const MAX_WIDTH = 60;

function widthOf(column: ExportColumn, texts: string[]): number {
  if (column.kind === "time") return Math.max(TIME_FORMAT.length + 2, column.header.length + 2);
  const longest = Math.max(
    column.header.length,
    ...texts.slice(0, 500).map((text) => Math.min(text.length, MAX_WIDTH)),
  );
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2));
}

function addSheet(workbook: ExcelJS.Workbook, sheet: ExportSheet, name: string): void {
  const width = sheet.columns.length;
  const ws = workbook.addWorksheet(name, {
    state: sheet.hidden ? "hidden" : "visible",
    views: [{ state: "frozen", ySplit: 1, xSplit: 0 }],
  });
  ws.columns = sheet.columns.map((column, c) => ({
    width: widthOf(
      column,
      sheet.rows.map((row) => row[c] ?? ""),
    ),
    hidden: !!column.hidden,
  }));
  const header = ws.getRow(1);
  sheet.columns.forEach((column, c) => {
    const cell = header.getCell(c + 1);
    cell.value = fitCell(column.header);
    cell.font = { bold: true };
    if (column.note) cell.note = column.note;
  });
  sheet.rows.forEach((row, r) => {
    const wsRow = ws.getRow(r + 2);
    sheet.columns.forEach((column, c) => {
      const text = row[c] ?? "";
      if (text === "") return;
      const cell = wsRow.getCell(c + 1);
      if (column.kind === "amount" || column.kind === "count") {
        const amount = amountCell(text);
        if (
          amount.kind === "number" &&
          (column.kind === "amount" || Number.isInteger(amount.value))
        ) {
          cell.value = amount.value;
          cell.numFmt = amount.numFmt;
          return;
        }
        cell.value = fitCell(text, sheet.wholeTextIn);
        cell.note = `Kept as text: ${amount.kind === "text" ? amount.why : "not a whole number"}.`;
        return;
      }
      if (column.kind === "time") {
        const date = timeCell(text);
        if (date) {
          cell.value = date;
          cell.numFmt = TIME_FORMAT;
          return;
        }
      }
      cell.value = fitCell(text, sheet.wholeTextIn);
      if (column.wrap) cell.alignment = { wrapText: true, vertical: "top" };
    });
  });
  (sheet.footer ?? []).forEach((line, i) => {
    ws.getRow(sheet.rows.length + 3 + i).getCell(1).value = fitCell(line, sheet.wholeTextIn);
  });
  if (width > 0)
    ws.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: Math.max(1, sheet.rows.length + 1), column: width },
    };
}

/** The workbook as .xlsx bytes. */
export async function writeWorkbook(sheets: ExportSheet[]): Promise<Buffer> {
  if (sheets.length === 0) throw new Error("A workbook needs at least one sheet.");
  if (sheets.every((sheet) => sheet.hidden)) throw new Error("A workbook needs a visible sheet.");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "sheet-payouts sandbox";
  // A fixed date: the same run writes the same workbook.
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  const names = sheetNames(sheets);
  sheets.forEach((sheet, i) => addSheet(workbook, sheet, names[i]));
  return fixZipTimes(Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** 1980-01-01 00:00, the earliest time a zip entry holds (MS-DOS date and time fields). */
const DOS_DATE = (1 << 5) | 1;
const DOS_TIME = 0;

/**
 * Sets every entry's modification time to a fixed one, in the central directory and in each
 * local header. exceljs zips with JSZip, which stamps each entry with the current time and
 * takes no option for it: without this, the same run would write different bytes.
 */
export function fixZipTimes(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  const end = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error("not a zip file: no end of central directory");
  const entries = out.readUInt16LE(end + 10);
  let at = out.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (out.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip entry ${i}: bad central header`);
    out.writeUInt16LE(DOS_TIME, at + 12);
    out.writeUInt16LE(DOS_DATE, at + 14);
    const local = out.readUInt32LE(at + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error(`zip entry ${i}: bad local header`);
    out.writeUInt16LE(DOS_TIME, local + 10);
    out.writeUInt16LE(DOS_DATE, local + 12);
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}
