/**
 * The Reconciliation sheet: rebuilt by every reconciliation execution in one block write (a
 * status line, the totals, then one line per exception), and read back once by an execution
 * that continues a pass, for the exception lines the earlier ones found.
 */
import {
  EXCEPTION_KINDS,
  type ExceptionKind,
  type ReconciliationException,
} from "../../domain/reconciliation/exceptions";
import type { TotalsLine } from "../../domain/reconciliation/totals";
import { fingerprint } from "../../domain/fingerprint";
import type { AppContext } from "../context";
import { SHEETS } from "../sheet-names";

export const TOTALS_HEADERS = [
  "Provider",
  "Currency",
  "Rows",
  "Completed",
  "Open",
  "Failed",
  "Requested",
  "Sent",
  "Fees",
  "Done",
] as const;
export const EXCEPTION_HEADERS = [
  "Exception",
  "Payout ID",
  "Provider",
  "Record says",
  "Provider says",
  "Explanation",
] as const;
const WIDTH = TOTALS_HEADERS.length;

/** What the sheet holds now: its size, and the exception lines it shows. */
export interface ReportRead {
  /** Rows the sheet has (0: no sheet). */
  maxRows: number;
  /** Rows down to the last one with anything in it. */
  used: number;
  lines: ReconciliationException[];
}

function isKind(text: string): text is ExceptionKind {
  return (EXCEPTION_KINDS as readonly string[]).includes(text);
}

/** Reads the sheet once (two calls). */
export function readReport(ctx: AppContext): ReportRead {
  const block = ctx.workbook.readText(SHEETS.reconciliation, 1, 1, WIDTH);
  let used = block.length;
  while (used > 0 && block[used - 1]?.every((cell) => cell === "")) used--;
  const header = block.findIndex(
    (row) => row[0] === EXCEPTION_HEADERS[0] && row[1] === EXCEPTION_HEADERS[1],
  );
  const lines: ReconciliationException[] = [];
  for (const row of header >= 0 ? block.slice(header + 1, used) : []) {
    const [
      kind = "",
      payoutId = "",
      provider = "",
      recordSays = "",
      providerSays = "",
      explanation = "",
    ] = row;
    if (!isKind(kind)) break;
    lines.push({ kind, payoutId, provider, recordSays, providerSays, explanation });
  }
  return { maxRows: block.length, used, lines };
}

/** An exception line's cells, in EXCEPTION_HEADERS order. */
function cellsOf(line: ReconciliationException): string[] {
  const { kind, payoutId, provider, recordSays, providerSays, explanation } = line;
  return [kind, payoutId, provider, recordSays, providerSays, explanation];
}

/** The digest a pass keeps of the lines it wrote, to trust them when read back. */
export function linesDigest(lines: readonly ReconciliationException[]): string {
  return fingerprint(lines.map((line) => cellsOf(line).join("\u0001")));
}

export interface ReportContent {
  complete: boolean;
  message: string;
  startedAt: string;
  updatedAt: string;
  totals: readonly TotalsLine[];
  lines: readonly ReconciliationException[];
}

/** Rewrites the whole sheet in one block (rows below the new content are cleared). */
export function writeReport(ctx: AppContext, before: ReportRead, content: ReportContent): void {
  const rows: string[][] = [
    ["Reconciliation", content.complete ? "complete" : "in progress", content.message],
    ["Started at", content.startedAt, "Updated at", content.updatedAt],
    [],
    [...TOTALS_HEADERS],
    ...content.totals.map((t) => [
      t.provider,
      t.currency,
      String(t.rows),
      String(t.completed),
      String(t.open),
      String(t.failed),
      t.requested,
      t.sent,
      t.fees,
      t.done,
    ]),
    [],
    [...EXCEPTION_HEADERS],
    ...content.lines.map(cellsOf),
  ];
  const height = Math.max(rows.length, before.used);
  const block = Array.from({ length: height }, (_, i) => {
    const row = rows[i] ?? [];
    return [...row, ...Array<string>(WIDTH - row.length).fill("")];
  });
  let maxRows = before.maxRows;
  if (maxRows === 0) {
    const sheet =
      ctx.workbook.sheet(SHEETS.reconciliation) ?? ctx.workbook.insertSheet(SHEETS.reconciliation);
    maxRows = sheet.maxRows();
  }
  if (height > maxRows)
    ctx.workbook.sheet(SHEETS.reconciliation)?.insertRowsAfter(maxRows, height - maxRows);
  ctx.workbook.writeBlock(SHEETS.reconciliation, 1, 1, block, { asText: true });
}
