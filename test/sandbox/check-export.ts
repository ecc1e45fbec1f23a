/**
 * Test helpers: run the CLI in-process, write a payouts file, and read an exported workbook back
 * cell by cell against the spreadsheet the add-on left (SandboxResult.sheets). The checks here
 * do not reuse the export's own rules: a number cell must print back, with its number format's
 * decimals, as the sheet's text; a date cell must be the sheet's ISO instant; a text cell must
 * be the sheet's text.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";

import { main } from "./cli";
import type { SandboxResult } from "./sandbox";

export class Sink {
  text = "";
  isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** `npm start -- ...argv` in-process: exit code, stdout, stderr, and the run's result if any. */
export async function cli(...argv: string[]) {
  const io = { stdout: new Sink(), stderr: new Sink() };
  let result: SandboxResult | undefined;
  const code = await main(argv, io, { onResult: (r) => (result = r) });
  return { code, stdout: io.stdout.text, stderr: io.stderr.text, result };
}

const dirs: string[] = [];
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-test-"));
  dirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes a payouts file (text, or bytes as given) into a fresh folder; returns its path. */
export function payoutsFile(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

/**
 * A phase line's counts: "21 valid row(s): 19 created, 2 refused; ..." -> [21, [19, 2]]. The
 * parts must add up to the total.
 */
export function phaseCounts(line: string): [number, number[]] {
  const [head, rest = ""] = line.split(/:(.*)/s);
  const total = Number(/(\d+)/.exec(head)?.[1]);
  const parts = rest
    .split(/;| after /)[0]
    .split(",")
    .map((part) => Number(/^\s*(\d+)/.exec(part)?.[1]));
  return [total, parts];
}

export const HEADER = "Provider,Recipient,Currency,Network,Address,Amount";
export const TRON = "TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY";

export async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

const decimalsOf = (numFmt: string) => (numFmt.split(".")[1] ?? "").length;

/** Checks one worksheet cell against the sheet's display text; returns a problem or "". */
export function compareCell(cell: ExcelJS.Cell, text: string): string {
  const where = `${cell.worksheet.name}!${cell.address}`;
  const value = cell.value;
  if (text === "")
    return value === null || value === undefined ? "" : `${where}: ${cellText(value)} for ""`;
  if (typeof value === "number") {
    const shown = value.toFixed(decimalsOf(cell.numFmt ?? ""));
    return shown === text.trim() ? "" : `${where}: number ${value} shows ${shown}, sheet ${text}`;
  }
  if (value instanceof Date)
    return value.toISOString() === text ? "" : `${where}: date ${value.toISOString()} for ${text}`;
  if (typeof value === "string")
    return value === text ? "" : `${where}: "${value.slice(0, 40)}" for "${text.slice(0, 40)}"`;
  return `${where}: unexpected ${JSON.stringify(value)}`;
}

/** The add-on's tables in its Reconciliation sheet: each row by header, below a header row. */
function tablesOf(rows: string[][]): { table: string; cells: Record<string, string> }[] {
  const out: { table: string; cells: Record<string, string> }[] = [];
  let headers: string[] | undefined;
  for (const row of rows) {
    if (row[0] === "Provider" || row[0] === "Exception") headers = row;
    else if ((row[0] ?? "") === "") headers = undefined;
    else if (headers) {
      const h = headers;
      out.push({
        table: h[0],
        cells: Object.fromEntries(h.flatMap((name, c) => (name ? [[name, row[c] ?? ""]] : []))),
      });
    }
  }
  return out;
}

/**
 * What the export's Reconciliation table must hold, in the order of `headers` (its header row):
 * the sheet's status line first (Line "Status", the words under Explanation), then every row
 * of the sheet's totals and exceptions tables under the same header names, Line naming the row
 * (Totals, or the exception's kind).
 */
export function reconciliationRows(rows: string[][], headers: string[]): string[][] {
  const [status = [], times = []] = rows;
  const line = (cells: Record<string, string>) => headers.map((header) => cells[header] ?? "");
  return [
    line({
      Line: "Status",
      Explanation: `${status[1]}: ${status[2]} (started at ${times[1]}, updated at ${times[3]})`,
    }),
    ...tablesOf(rows).map(({ table, cells }) =>
      line({ ...cells, Line: table === "Provider" ? "Totals" : (cells.Exception ?? "") }),
    ),
  ];
}

/** A sheet's rows as the export must hold them (the Reconciliation sheet is one table there). */
export function exportedRows(
  sheet: SandboxResult["sheets"][number],
  headers: string[],
): string[][] {
  return sheet.name === "Reconciliation"
    ? [headers, ...reconciliationRows(sheet.rows, headers)]
    : sheet.rows;
}

/**
 * Every cell of every exported sheet against the spreadsheet. Callbacks: the columns up to Body
 * cell by cell, the body joined across its cells. Payouts may end with the sandbox's own column.
 * Returns the problems found (empty: every cell agrees) and the cells checked.
 */
export function compareWorkbook(
  workbook: ExcelJS.Workbook,
  sheets: SandboxResult["sheets"],
): { problems: string[]; cells: number } {
  const problems: string[] = [];
  let cells = 0;
  for (const sheet of sheets.filter((s) => s.rows.length > 0)) {
    const ws = workbook.getWorksheet(sheet.name);
    if (!ws) {
      problems.push(`no worksheet ${sheet.name}`);
      continue;
    }
    if (ws.state !== (sheet.hidden ? "hidden" : "visible"))
      problems.push(`${sheet.name}: state ${ws.state}, hidden in the spreadsheet: ${sheet.hidden}`);
    const rows = exportedRows(
      sheet,
      (ws.getRow(1).values as unknown[]).slice(1).map((v) => cellText(v as ExcelJS.CellValue)),
    );
    const [headers] = rows;
    if (sheet.name === "Reconciliation")
      for (const name of new Set(tablesOf(sheet.rows).flatMap((t) => Object.keys(t.cells))))
        if (name !== "Exception" && !headers.includes(name))
          problems.push(`Reconciliation: no column ${name}`);
    const bodyAt = sheet.name === "Callbacks" ? headers.indexOf("Body") : -1;
    const width = bodyAt >= 0 ? bodyAt : headers.length;
    if (ws.actualRowCount < rows.length)
      problems.push(`${sheet.name}: ${ws.actualRowCount} rows, the sheet has ${rows.length}`);
    rows.forEach((row, r) => {
      const wsRow = ws.getRow(r + 1);
      for (let c = 0; c < width; c++) {
        cells++;
        const problem = compareCell(wsRow.getCell(c + 1), row[c] ?? "");
        if (problem) problems.push(problem);
      }
      if (bodyAt >= 0 && r > 0) {
        cells++;
        const want = row.slice(bodyAt).join("");
        const got: string[] = [];
        for (let c = bodyAt + 1; c <= ws.columnCount; c++)
          got.push(cellText(wsRow.getCell(c).value));
        if (got.join("") !== want) problems.push(`Callbacks row ${r + 1}: the body differs`);
      }
    });
    for (const column of sheet.hiddenColumns)
      if (!ws.getColumn(column).hidden) problems.push(`${sheet.name}: column ${column} not hidden`);
  }
  return { problems, cells };
}
