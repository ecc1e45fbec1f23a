/**
 * What a run leaves in the output folder: `sandbox.xlsx` (workbook.ts) with every sheet the
 * add-on keeps, the Summary and a Notes sheet, and one CSV per sheet (csv.ts). Both are built
 * from the same tables, so the CSV and the worksheet of a sheet hold the same cells.
 *
 * Decisions, also written into the Notes sheet:
 * - The Payouts sheet's hidden column (Submitted inputs) is hidden in the workbook too.
 * - The add-on's "Payout record" sheet is hidden and protected in the spreadsheet; it is exported
 *   as its own worksheet and left hidden, so the workbook opens on what a person sees in Sheets,
 *   and an auditor who wants the record unhides it (the CSV has it too).
 * - The Callbacks sheet keeps a long body split across `Body`, `Body (continued)` and the unnamed
 *   cells to its right (Sheets holds 50,000 characters a cell). Excel holds 32,767: the export
 *   joins each body and splits it again at Excel's limit, into `Body`, `Body (continued)`,
 *   `Body (continued 2)`... Joining a row's body cells left to right gives the whole body.
 * - Any other cell longer than Excel's limit is cut in the workbook with a marker that says so
 *   and names the CSV, which keeps the whole text.
 * - Faults the sandbox injected are named in a "Sandbox note" column added at the right of the
 *   Payouts sheet (the add-on's own cells are exported as the add-on wrote them).
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";

import type { Harness } from "../support/harness";
import { RECONCILIATION, reconciliationTable } from "./checks";
import { writeCsv } from "./csv";
import { SandboxInputError } from "./input";
import { labelSimulated } from "./label";
import {
  APPROVAL_HEADERS,
  APPROVAL_NOTES,
  summaryHeaders,
  summaryRows,
  type SummaryLine,
} from "./summary";
import {
  EXCEL_MAX_CELL,
  TIME_FORMAT,
  writeWorkbook,
  type ColumnKind,
  type ExportColumn,
  type ExportSheet,
} from "./workbook";

const AMOUNT_HEADERS = new Set(["Amount", "Fee", "Sent amount", "Done amount"]);
const COUNT_HEADERS = new Set(["Seq", "Entry"]);
const isTimeHeader = (header: string) =>
  header === "Time" || / at$/.test(header) || /^(First|Last) (seen|paid)$/.test(header);

/** The Reconciliation totals' counts and amounts (each line's amounts are in its Currency). */
const RECONCILIATION_KINDS: Record<string, ColumnKind> = {
  Rows: "count",
  Completed: "count",
  Open: "count",
  Failed: "count",
  Requested: "amount",
  Sent: "amount",
  Fees: "amount",
  Done: "amount",
};

export const SANDBOX_NOTE = "Sandbox note";
const BODY = "Body";

export function kindOf(header: string): ColumnKind {
  if (AMOUNT_HEADERS.has(header)) return "amount";
  if (COUNT_HEADERS.has(header)) return "count";
  if (isTimeHeader(header)) return "time";
  return "text";
}

function columnsOf(headers: string[], hidden: number[] = []): ExportColumn[] {
  return headers.map((header, c) => ({
    header,
    kind: kindOf(header),
    ...(hidden.includes(c + 1) ? { hidden: true } : {}),
    ...(isTimeHeader(header) ? { note: "UTC" } : {}),
  }));
}

export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "sheet"
  );
}

export const csvName = (sheet: string) => `sandbox-${slug(sheet)}.csv`;

/** Splits text into pieces of at most `size` characters, never inside a surrogate pair. */
export function chunk(text: string, size: number): string[] {
  const pieces: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + size);
    if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1])) end--;
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces.length > 0 ? pieces : [""];
}

/**
 * The Callbacks table with every body re-split at Excel's cell limit. `rows` is the sheet as
 * displayed, header first.
 */
export function callbacksTable(rows: string[][]): { headers: string[]; data: string[][] } {
  const [headers = [], ...data] = rows;
  const at = headers.indexOf(BODY);
  if (at < 0) return { headers, data };
  const bodies = data.map((row) => chunk(row.slice(at).join(""), EXCEL_MAX_CELL));
  const width = Math.max(1, ...bodies.map((pieces) => pieces.length));
  const bodyHeaders = Array.from({ length: width }, (_, i) =>
    i === 0 ? BODY : i === 1 ? `${BODY} (continued)` : `${BODY} (continued ${i})`,
  );
  return {
    headers: [...headers.slice(0, at), ...bodyHeaders],
    data: data.map((row, r) => [
      ...headers.slice(0, at).map((_, c) => row[c] ?? ""),
      ...bodyHeaders.map((_, i) => bodies[r][i] ?? ""),
    ]),
  };
}

export interface ExportInput {
  h: Harness;
  summary: SummaryLine[];
  /** Sandbox notes by Payout ID (simulated faults, scripted approval cases). */
  sandboxNotes: Map<string, string>;
  /** With --approvals: the Notes sheet's topic on the settings and the simulated people. */
  approvalsNote?: string;
  /** The report's lines on the reconciliation and the Audit log: below Summary's table. */
  checkLines?: string[];
  outDir: string;
}

/** The sheets to export, in tab order: the add-on's (non-empty), Summary, Notes. */
export function exportSheets(input: Omit<ExportInput, "outDir">): ExportSheet[] {
  const { h, summary, sandboxNotes } = input;
  const sheets: ExportSheet[] = [];
  for (const name of h.emu.sheetNames()) {
    const view = h.emu.sheet(name);
    const rows = view?.display() ?? [];
    if (!view || rows.length === 0) continue;
    let headers = rows[0];
    let data = rows.slice(1);
    let columns: ExportColumn[];
    if (name === "Callbacks") {
      ({ headers, data } = callbacksTable(rows));
      columns = columnsOf(headers);
      const body = columns.find((c) => c.header === BODY);
      if (body)
        body.note =
          "The whole callback body (token redacted). A body longer than Excel's 32,767-character cell limit continues in the Body (continued) cells to its right: join them left to right.";
    } else if (name === RECONCILIATION) {
      // A status line and two tables stacked in the sheet: one table here (Line says which).
      ({ headers, data } = reconciliationTable(rows));
      columns = headers.map((header) => ({
        header,
        kind: RECONCILIATION_KINDS[header] ?? "text",
      }));
      columns[0].note =
        "Status: the add-on's status line (its words under Explanation); Totals: one line per provider and currency; otherwise the exception's kind, one line per payout.";
    } else {
      columns = columnsOf(headers, view.hiddenColumns);
    }
    if (name === "Payouts" && sandboxNotes.size > 0) {
      const idAt = headers.indexOf("Payout ID");
      columns.push({
        header: SANDBOX_NOTE,
        kind: "text",
        note: "Added by the sandbox, not a column of the add-on: faults the sandbox injected on purpose, and what the simulated people did to a row on purpose (simulated).",
      });
      data = data.map((row) => [
        ...headers.map((_, c) => row[c] ?? ""),
        labelSimulated("", sandboxNotes.get(row[idAt] ?? "")),
      ]);
    }
    sheets.push({
      name,
      columns,
      rows: data,
      hidden: view.hidden,
      wholeTextIn: csvName(name),
    });
  }
  const counts = ["Rows", "Paid", "Failed", "Rejected", "Invalid", "Open", "Simulated faults"];
  sheets.push({
    name: "Summary",
    columns: summaryHeaders(summary).map((header) => {
      const approval = APPROVAL_HEADERS.find((h) => h === header);
      return {
        header,
        kind:
          header === "Total sent" || header === "Fees" || header === "Done"
            ? "amount"
            : counts.includes(header) || approval
              ? "count"
              : "text",
        ...(approval ? { note: APPROVAL_NOTES[approval] } : {}),
      };
    }),
    rows: summaryRows(summary),
    ...(input.checkLines?.length ? { footer: input.checkLines } : {}),
  });
  sheets.push(notesSheet(sheets, input.approvalsNote));
  return sheets;
}

function notesSheet(sheets: ExportSheet[], approvalsNote?: string): ExportSheet {
  const hidden = sheets.filter((s) => s.hidden).map((s) => s.name);
  const hiddenColumns = sheets.flatMap((s) =>
    s.columns.filter((c) => c.hidden).map((c) => `${s.name}: ${c.header}`),
  );
  const notes: [string, string][] = [
    [
      "What this is",
      "The sheets the add-on kept during a local sandbox run (npm start): simulated CoinGate and GatePay, no real money. Faults the sandbox injected on purpose (simulated) are counted in Summary's Simulated faults and, when there are any, named in a Sandbox note column at the right of Payouts.",
    ],
    [
      "Amounts",
      "An amount is a number cell when it is a plain decimal of at most 15 significant digits whose double prints back as the same decimal; the cell's format keeps the text's decimals (250.00 shows 250.00). Spreadsheets keep 15 significant digits, so such a cell shows and exports exactly the add-on's decimal. Any other amount stays text, with a cell note saying why. Summary's totals are exact decimal sums; a SUM of number cells is a float sum and agrees to 15 digits.",
    ],
    [
      "Units",
      "Summary puts each total and its currency in separate columns (Total sent / Sent currency, Fees / Fee currency, Done / Done currency): filter by currency, then SUM. A line debited in two currencies continues on the next line with empty counts.",
    ],
    ["Times", `Every time is a date cell in UTC, shown as ${TIME_FORMAT}.`],
    [
      "Hidden",
      `Hidden as in the spreadsheet: ${[...hidden.map((s) => `the sheet "${s}" (the add-on's own record; unhide it to audit)`), ...hiddenColumns.map((c) => `the column ${c}`)].join("; ") || "nothing"}.`,
    ],
    [
      "Long cells",
      "Excel holds 32,767 characters a cell. Callback bodies are split across Body, Body (continued), Body (continued 2)...: join them left to right. Any other longer cell is cut with a marker naming the CSV that holds the whole text.",
    ],
    [
      "CSV files",
      "One CSV per sheet: UTF-8 with a BOM, CRLF line ends. A cell starting with = + - @ (or a tab or CR) is written with a leading apostrophe so that no spreadsheet runs it as a formula; remove the apostrophe to get the add-on's text.",
    ],
    [
      "Reconciliation",
      "The add-on's Reconciliation sheet (reconcilePayouts, run after the payouts with the sandbox's EVM nodes as its CHAIN_RPC_URLS) stacks a status line, a totals table and an exceptions table. Here they are one table: the Line column says Status (the add-on's words under Explanation), Totals (one line per provider and currency) or the exception's kind (one line per payout). The simulated failures show as FAILED (or REJECTED) exceptions, as they should. Summary's last lines say what the run made of it.",
    ],
    [
      "Audit log",
      "The Audit log as the add-on wrote it, each entry's Hash chained to the one before. The sandbox ran verifyAuditLog on it before the export; its verdict is a line below Summary's table.",
    ],
    ...(approvalsNote ? [["Approvals", approvalsNote] as [string, string]] : []),
  ];
  return {
    name: "Notes",
    columns: [
      { header: "Topic", kind: "text" },
      { header: "Note", kind: "text", wrap: true },
    ],
    rows: notes,
  };
}

const SANDBOX_FILE = /^sandbox(-[a-z0-9-]+)?\.(csv|xlsx)$/;

/**
 * `mkdir -p` one level at a time: Node 20's recursive mkdirSync loops forever on some paths
 * (`/proc/x` spins at 100 % CPU), where a plain mkdir fails at once with the reason.
 */
function makeDir(dir: string): void {
  const path = resolve(dir);
  const parent = dirname(path);
  if (parent !== path && !existsSync(parent)) makeDir(parent);
  try {
    mkdirSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

/**
 * Checks the output folder before anything else happens: created if missing, refused with a
 * clear reason if it is a file or cannot be written.
 */
export function checkOutDir(dir: string): void {
  let stats;
  try {
    stats = statSync(dir);
  } catch {
    stats = undefined;
  }
  if (stats && !stats.isDirectory())
    throw new SandboxInputError(`--out ${dir}: that is a file, not a folder. Give a folder.`);
  try {
    makeDir(dir);
    const probe = join(dir, `.sandbox-write-test-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    throw new SandboxInputError(
      `--out ${dir}: cannot write there (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
    );
  }
}

/**
 * Makes the output folder ready for a run (`checkOutDir`) and empties it of a previous run's
 * sandbox files (sandbox.xlsx, sandbox-*.csv; nothing else is touched). Returns those removed.
 */
export function prepareOutDir(dir: string): string[] {
  checkOutDir(dir);
  const stale = readdirSync(dir).filter((name) => SANDBOX_FILE.test(name));
  for (const name of stale) rmSync(join(dir, name), { force: true });
  return stale.sort();
}

/** Written beside, then renamed: a reader never sees half a file. */
function writeAtomically(path: string, data: string | Buffer): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/** Writes out/sandbox.xlsx and one CSV per sheet (not the Notes); returns the paths. */
export async function exportWorkbook(input: ExportInput): Promise<string[]> {
  const sheets = exportSheets(input);
  makeDir(input.outDir);
  const xlsx = join(input.outDir, "sandbox.xlsx");
  writeAtomically(xlsx, await writeWorkbook(sheets));
  const files = [xlsx];
  for (const sheet of sheets.filter((s) => s.name !== "Notes")) {
    const path = join(input.outDir, csvName(sheet.name));
    const footer = (sheet.footer ?? []).map((line) => [line]);
    writeAtomically(
      path,
      writeCsv([
        sheet.columns.map((c) => c.header),
        ...sheet.rows,
        ...(footer.length ? [[], ...footer] : []),
      ]),
    );
    files.push(path);
  }
  return files;
}
