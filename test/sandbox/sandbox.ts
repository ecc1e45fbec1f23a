/**
 * The sandbox behind `npm start`: the built bundle in the Apps Script emulator against the
 * CoinGate and GatePay simulators (test/support/harness.ts), driven through a whole payout run
 * from a CSV file: setup, validation, submission (across executions), the providers' lifecycles
 * with callbacks into doPost, and the auto-refresh trigger until every submitted row is final.
 * Nothing leaves the process: every URL the bundle fetches is answered by a simulator.
 *
 * Honest by construction: on a user's own file nothing fails unless an option asks for it; the
 * demo keeps one planned failure per provider; every fault the sandbox injects is labelled
 * "(simulated)" wherever it is shown; every phase line's counts add up to its total; every row
 * is named by its Payouts row number (and its file line when that differs).
 */
import { basename, join, relative, resolve } from "node:path";

import { isSubmitted, isTerminal } from "../../src/domain/status";
import type { Execution } from "../emulator";
import type { LedgerEntry as CoinGateEntry } from "../simulators/coingate/simulator";
import type { LedgerEntry as GatePayEntry } from "../simulators/gatepay/simulator";
import type { Harness } from "../support/harness";
import {
  approvalProblems,
  castLine,
  ledgerAmount,
  PEOPLE,
  rehearsePlan,
  runApprovals,
  settingsLine,
  silentApprovalsIO,
  typedBy,
  typingLine,
  type ApprovalPlan,
  type ApprovalsIO,
  type ApprovalsOutcome,
} from "./approvals";
import {
  auditLine,
  chainLookups,
  mineCompletedPayouts,
  readReconciliation,
  RECONCILIATION,
  reconciliationLine,
  wireChainNodes,
  type AuditOutcome,
  type ReconciliationOutcome,
} from "./checks";
import type { Separator } from "./csv";
import { exportWorkbook, prepareOutDir } from "./export";
import { readPayoutFile, SandboxInputError, type PayoutFile } from "./input";
import { labelSimulated, oneLine, SIMULATED } from "./label";
import { silentProgress, type Progress } from "./progress";
import { seedUuids, seededRandom } from "./random";
import { reconcile, statusOf, summarize, type SummaryLine } from "./summary";
import {
  decideFailures,
  duplicatesAtProviders,
  LOW_BALANCE_USDT,
  ledgerCount,
  loadIntoSheet,
  openRows,
  providersStep,
  rehearseCrashPoint,
  sandboxHarness,
  sheetRows,
} from "./world";

export { parsePayoutFile, readPayoutFile, SandboxInputError, type PayoutFile } from "./input";
export { settingsLine } from "./approvals";
export { labelSimulated, oneLine, SIMULATED } from "./label";
export { reconcile, summarize, summaryTable, type SummaryLine } from "./summary";
export { LOW_BALANCE_USDT, loadIntoSheet, openRows, sandboxHarness, sheetNames } from "./world";

export const PROJECT_ROOT = join(__dirname, "..", "..");
export const DEMO_CSV = join(__dirname, "demo-payouts.csv");
export const DEFAULT_OUT = join(PROJECT_ROOT, "out");
export const DEFAULT_ROUNDS = 24;

export interface SandboxOptions {
  /** The payouts CSV; default the demo file. */
  csvPath?: string;
  /** The file's separator; default: found from the header row. */
  separator?: Separator;
  /** Where the workbook and CSVs go; default <project>/out. Null: write nothing. */
  outDir?: string | null;
  /** Seeds the failures chosen and the emulator's UUIDs (Payout IDs, batch IDs). Default 1. */
  seed?: number;
  /** Share of created payouts the providers fail (0..1). Default: none, one per provider on the demo. */
  failRate?: number;
  /** Kill the submit run right after a create request was delivered, then watch the recovery. */
  crash?: boolean;
  /** Callbacks are lost: refresh polling alone must finish the rows. */
  slowCallbacks?: boolean;
  /** GatePay's USDT balance is 50 USDT: a batch that needs more is refused (REJECTED). */
  lowBalance?: boolean;
  /**
   * Approvals on, acted out by simulated people (approvals.ts): typed by a preparer, approved by
   * two approvers, one self-approval refused and one approval voided by an edit, paid by a payer.
   */
  approvals?: boolean;
  /** Bound of the provider/refresh loop (each round is 10 virtual minutes). Default 24. */
  maxRounds?: number;
  /** Script Properties over the sandbox's own (tests: a provider left unconfigured, say). */
  properties?: Record<string, string>;
  progress?: Progress;
}

export interface ExecutionRecord {
  phase: string;
  functionName: string;
  killed: boolean;
  error?: string;
  message?: string;
  spreadsheetCalls: number;
  fetches: number;
  elapsedMs: number;
}

/** A row that did not end paid, and why. */
export interface RowOutcome {
  /** The Payouts sheet row (the header is row 1). */
  row: number;
  /** The file line the row came from. */
  line?: number;
  payoutId: string;
  recipient: string;
  provider: string;
  asset: string;
  amount: string;
  status: string;
  /** The add-on's Error text, or a description of the state. */
  reason: string;
  /** Set when the sandbox injected this row's fault: what it did (see `labelSimulated`). */
  simulated?: string;
  /** A deliberate mistake of the demo file. */
  deliberate?: boolean;
}

export interface SandboxResult {
  /** True when the run ended as planned: see `verdict`. */
  ok: boolean;
  exitCode: 0 | 1;
  /** One line: "Done: ..." or "NOT DONE: ...", with the reason. */
  verdict: string;
  demo: boolean;
  input: {
    file: string;
    rows: number;
    headers: string[];
    unknownColumns: string[];
    separator: string;
  };
  summary: SummaryLine[];
  /** The Payouts sheet as display text by header. */
  rows: Record<string, string>[];
  paid: number;
  /** Every row that did not end COMPLETED, in sheet order. */
  notPaid: RowOutcome[];
  /** Payout IDs of submitted rows still not final at the end. */
  open: string[];
  /** Rows whose Error carried a warning after validation (e.g. a possible double payment). */
  warnings: { row: number; payoutId: string; recipient: string; warning: string }[];
  executions: ExecutionRecord[];
  notes: string[];
  callbacks: { delivered: number; dropped: number; refused: number };
  ledgers: { coingate: CoinGateEntry[]; gatepay: GatePayEntry[] };
  /** Differences between the sheet's totals and the ledgers; empty when they agree. */
  mismatches: string[];
  virtualMinutes: number;
  files: string[];
  /** Files of an earlier run removed from the output folder and not written again (stale). */
  removed: string[];
  /** Every sheet of the spreadsheet at the end, as displayed (what the export started from). */
  sheets: { name: string; rows: string[][]; hidden: boolean; hiddenColumns: number[] }[];
  /** reconcilePayouts after the rounds, with the sandbox's EVM nodes as its chain nodes. */
  reconciliation: ReconciliationOutcome;
  /** verifyAuditLog at the end (after the reconciliation's own entry). */
  audit: AuditOutcome;
  /**
   * With --approvals: the plan, what happened, the checks that failed (empty: none), how the
   * scripted rows ended (sheet row -> Status) and what the provider was asked to send for the
   * voided row ("300.11 USDC at GatePay").
   */
  approvals?: ApprovalsOutcome & { problems: string[]; ends: Map<number, string>; sentAs?: string };
}

// ---- counting --------------------------------------------------------------------------------

/**
 * "21 valid rows: 19 created at the provider, 2 refused, 0 still waiting": a total and parts
 * that add up to it (a part not named in `always` is left out when it is 0).
 */
export function tally(total: string, parts: [string, number][], always: string[] = []): string {
  const sum = parts.reduce((s, [, n]) => s + n, 0);
  const shown = parts.filter(([label, n]) => n > 0 || always.includes(label));
  return `${sum} ${total}: ${(shown.length ? shown : parts.slice(0, 1)).map(([label, n]) => `${n} ${label}`).join(", ")}`;
}

// ---- the run --------------------------------------------------------------------------------

function countBy(ids: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

function approvalsResult(
  outcome: ApprovalsOutcome,
  problems: string[],
  rows: Record<string, string>[],
  ledgers: SandboxResult["ledgers"],
): NonNullable<SandboxResult["approvals"]> {
  const scripted = [outcome.selfApproval?.row, outcome.voided?.row].filter(
    (row): row is number => row !== undefined,
  );
  const sent = outcome.voided && ledgerAmount(ledgers, outcome.voided.payoutId);
  return {
    ...outcome,
    problems,
    ends: new Map(scripted.map((row) => [row, rows[row - 2]?.Status || "(no status)"])),
    ...(sent ? { sentAs: `${sent.amount} ${sent.currency} at ${sent.provider}` } : {}),
  };
}

/** The Notes sheet's topic on an approvals run. */
function approvalsNote(plan: ApprovalPlan): string {
  return (
    `Approvals were on (npm start -- --approvals), with the settings ${settingsLine(plan)}. ` +
    `${castLine().replace(/^t/, "T")}. Prepared by and Approved by are the add-on's columns; ` +
    "the hidden sheet Input edits is the add-on's signed log of who typed what. What the simulated people did to a row on purpose " +
    "(a self-approval refused, an approval voided by an edit) is named in the Sandbox note column; Summary counts approvals per line."
  );
}

const MINUTE = 60_000;
const REFRESH_EVERY_MS = 10 * MINUTE;
/** How long the submit phase lets continuation triggers run before it reports rows waiting. */
const SUBMIT_MINUTES = 180;

interface Run {
  h: Harness;
  options: SandboxOptions;
  progress: Progress;
  file: PayoutFile;
  demo: boolean;
  executions: ExecutionRecord[];
  notes: string[];
  callbacks: { delivered: number; dropped: number; refused: number };
  /** Payout ID -> what the sandbox did to it (a simulated fault). */
  simulated: Map<string, string>;
  /** With --approvals: the settings, people and scripted rows. */
  plan?: ApprovalPlan;
  startedAt: number;
}

function record(run: Run, phase: string, execution: Execution): Execution {
  const value = execution.value as { message?: string } | undefined;
  run.executions.push({
    phase,
    functionName: execution.functionName,
    killed: execution.killed,
    ...(execution.error ? { error: execution.error.message } : {}),
    ...(value?.message ? { message: value.message } : {}),
    spreadsheetCalls: execution.meter.spreadsheetCalls,
    fetches: execution.meter.fetches,
    elapsedMs: execution.meter.elapsedMs,
  });
  return execution;
}

/** Hands queued callbacks to doPost, or loses them (--slow-callbacks). */
function flushCallbacks(run: Run): void {
  if (run.options.slowCallbacks) {
    run.callbacks.dropped += run.h.dropCallbacks();
    return;
  }
  for (const execution of run.h.deliverCallbacks()) {
    run.callbacks.delivered++;
    const reply = (execution as { output?: { content: string } }).output?.content ?? "";
    if (execution.error || reply.startsWith("Refused")) run.callbacks.refused++;
  }
}

function runEntryPoint(run: Run, phase: string, name: string, options = {}): Execution {
  const execution = record(run, phase, run.h.run(name, options));
  if (execution.error && !execution.killed)
    throw new Error(`${name} failed: ${execution.error.message}`);
  flushCallbacks(run);
  return execution;
}

function runTriggers(run: Run, phase: string): Execution[] {
  const executions = run.h.emu.runDueTriggers();
  for (const execution of executions) {
    record(run, phase, execution);
    if (execution.error)
      run.notes.push(`${execution.functionName} (trigger) failed: ${execution.error.message}`);
    flushCallbacks(run);
  }
  return executions;
}

/** At most this many row lines of one kind per phase; the rest are counted. */
const NOTED_ROWS = 50;

function noteRows(progress: Progress, lines: string[], kind: string): void {
  for (const line of lines.slice(0, NOTED_ROWS)) progress.note(oneLine(line));
  if (lines.length > NOTED_ROWS)
    progress.note(
      `... and ${lines.length - NOTED_ROWS} more ${kind} row(s): the report and the Payouts sheet list them all`,
    );
}

function isDemoFile(csvPath: string | undefined): boolean {
  return csvPath === undefined || resolve(csvPath) === DEMO_CSV;
}

const HOW_FOUND: Record<string, string> = {
  "header row": "found from the header row",
  "sep= line": "from the file's sep= line",
  given: "given with --separator",
};

function loadPhase(options: SandboxOptions, progress: Progress): PayoutFile {
  progress.start("load");
  const file = readPayoutFile(options.csvPath ?? DEMO_CSV, options.separator);
  const parts = [
    `${file.records.length} row(s), ${file.headers.length} column(s) from ${basename(file.file)}`,
  ];
  if (file.separator && (file.separator.char !== "," || file.separator.how !== "header row"))
    parts.push(
      `separator ${file.separator.char === "\t" ? "tab" : `"${file.separator.char}"`} (${HOW_FOUND[file.separator.how] ?? file.separator.how})`,
    );
  if (file.encoding && file.encoding !== "UTF-8") parts.push(`read as ${file.encoding}`);
  if (file.unknownColumns.length)
    parts.push(`kept unknown column(s): ${file.unknownColumns.join(", ")}`);
  progress.end(parts.join("; "));
  if (file.droppedColumns.length)
    progress.note(
      `ignored the add-on's own column(s) in the file: ${file.droppedColumns.join(", ")}`,
    );
  for (const remark of file.remarks ?? []) progress.note(`note: ${remark}`);
  const moved = (file.lines ?? []).findIndex((line, i) => line !== i + 2);
  if (moved >= 0)
    progress.note(
      `note: blank lines or line breaks inside quotes: Payouts row ${moved + 2} is line ${file.lines?.[moved]} of the file (messages give both)`,
    );
  return file;
}

/** "row 12", or "row 12 (line 14 of my.csv)" when the file line differs. */
export function rowLabel(run: Pick<Run, "file">, row: number): string {
  const line = run.file.lines?.[row - 2];
  return line !== undefined && line !== row
    ? `row ${row} (line ${line} of ${basename(run.file.file)})`
    : `row ${row}`;
}

function setupPhase(run: Run): void {
  const { h, progress, options, plan } = run;
  progress.start("setup");
  const loaded = loadIntoSheet(h, run.file, plan ? typedBy(plan) : undefined);
  for (const execution of [loaded.setup, ...loaded.edits]) record(run, "setup", execution);
  runEntryPoint(run, "setup", "installAutoRefresh");
  progress.end(
    `Payouts sheet set up (${h.emu.sheet("Payouts")?.display()[0].length} columns), auto-refresh every 10 min` +
      (plan ? "; approvals on" : ""),
  );
  if (plan) {
    progress.note(`settings: ${settingsLine(plan)}`);
    progress.note(castLine());
    progress.note(typingLine(run.file.records.length, plan));
    for (const why of plan.skipped) progress.note(`note: ${why}`);
  }
  if (options.lowBalance) {
    const paysUsdt = h
      .rows()
      .some((r) => /^gatepay$/i.test(r.Provider.trim()) && /^usdt$/i.test(r.Currency.trim()));
    progress.note(
      `${SIMULATED} --low-balance: GatePay's USDT balance is ${LOW_BALANCE_USDT} USDT; ` +
        (paysUsdt
          ? "a GatePay batch that needs more USDT is refused whole (its rows end REJECTED)"
          : "this file pays no USDT through GatePay, so nothing is refused"),
    );
  }
}

type Warning = SandboxResult["warnings"][number];

const FIRST_PAYMENT = "Warning: first payment to this address.";

function validatePhase(run: Run): { valid: RowSet; warnings: Warning[] } {
  const { progress } = run;
  progress.start("validate");
  runEntryPoint(run, "validate", "validatePayouts", run.plan ? { user: PEOPLE.preparer } : {});
  const rows = sheetRows(run.h);
  const valid = rows.filter((r) => r.cells.Status === "VALID");
  // Every new address gets "first payment" (CONTRACT section 7): counted, not listed row by row;
  // the other warnings (a double payment, a look-alike or changed address) are listed.
  const firstPayments = valid.filter((r) => r.cells.Error.includes(FIRST_PAYMENT)).length;
  const otherWarning = (error: string) => error.replace(FIRST_PAYMENT, "").trim();
  const warned = valid.filter((r) => /Warning:/.test(otherWarning(r.cells.Error)));
  const invalid = rows.filter((r) => r.cells.Status === "INVALID");
  progress.end(
    tally("row(s)", [
      [`valid${warned.length ? ` (${warned.length} with a warning)` : ""}`, valid.length],
      ["invalid", invalid.length],
      ["neither (no status)", rows.length - valid.length - invalid.length],
    ]),
  );
  noteRows(
    progress,
    invalid.map((r) => `${rowLabel(run, r.row)} INVALID, ${r.cells.Recipient}: ${r.cells.Error}`),
    "INVALID",
  );
  if (firstPayments > 0)
    progress.note(
      `${firstPayments} valid row(s) pay an address for the first time (the add-on warns of each)`,
    );
  noteRows(
    progress,
    warned.map((r) => {
      const error = otherWarning(r.cells.Error);
      return `${rowLabel(run, r.row)} VALID with a warning, ${r.cells.Recipient}: ${error.slice(error.indexOf("Warning:"))}`;
    }),
    "warned",
  );
  if (run.plan) {
    const two = valid.filter((r) => /Needs 2 approvals/.test(r.cells.Error));
    progress.note(
      `validated by ${PEOPLE.preparer}: ${tally("valid row(s) wait for approval", [
        ["need 1 approval", valid.filter((r) => /Needs 1 approval/.test(r.cells.Error)).length],
        [
          `need 2${two.length ? ` (${two.map((r) => rowLabel(run, r.row)).join(", ")}: above ${run.plan.settings.SECOND_APPROVAL_ABOVE})` : ""}`,
          two.length,
        ],
        [
          "say nothing of approvals",
          valid.filter((r) => !/Needs \d approval/.test(r.cells.Error)).length,
        ],
      ])}`,
    );
  }
  return {
    valid: new Set(valid.map((r) => r.row)),
    // Kept now: a warning leaves Error once the row is paid.
    warnings: warned.map(({ row, cells }) => {
      const error = otherWarning(cells.Error);
      return {
        row,
        payoutId: cells["Payout ID"],
        recipient: cells.Recipient,
        warning: error.slice(error.indexOf("Warning:")),
      };
    }),
  };
}

type RowSet = Set<number>;

/** The simulated people approve the valid rows (approvals.ts), each step a line of its own. */
function approvePhase(run: Run, plan: ApprovalPlan, valid: RowSet): ApprovalsOutcome {
  const { h, progress } = run;
  progress.start("approve", valid.size);
  const check = (execution: Execution) => {
    record(run, "approve", execution);
    if (execution.error && !execution.killed)
      throw new Error(`${execution.functionName} failed: ${execution.error.message}`);
    return execution;
  };
  const io: ApprovalsIO = {
    run: (name, user, args = []) => check(h.run(name, { user }, args)),
    edit: (row, header, text, user) => {
      const column = (h.emu.sheet("Payouts")?.display()[0] ?? []).indexOf(header) + 1;
      for (const execution of h.emu.edit("Payouts", row, column, [[text]], { user }))
        check(execution);
    },
    note: (text) => progress.note(text),
    update: (done) => progress.update(done),
  };
  const outcome = runApprovals(h, plan, io);
  const planned = outcome.refusals.filter((r) => r.planned).length;
  const refused = outcome.refusals.length;
  progress.end(
    tally(
      "valid row(s)",
      [
        ["approved", outcome.approved],
        ["not approved", outcome.valid - outcome.approved],
      ],
      ["approved", "not approved"],
    ) +
      `; ${outcome.given} approval(s) recorded, ` +
      `${refused} refused${planned ? ` (${refused > planned ? `${planned} of them ` : ""}the self-approval, simulated)` : ""}, ` +
      `${outcome.voids.length} voided by an edit${outcome.voids.length ? " (simulated)" : ""}`,
  );
  return outcome;
}

function submitPhase(run: Run, valid: RowSet, crashAt: number | undefined): RowSet {
  const { h, progress } = run;
  progress.start("submit", valid.size);
  const faults = crashAt
    ? [{ call: "UrlFetchApp.fetchAll", nth: crashAt, when: "after" as const }]
    : [];
  const payer = run.plan ? { user: PEOPLE.payer } : {};
  const first = record(run, "submit", h.run("submitPayouts", { faults, ...payer }));
  if (first.error && !first.killed) throw new Error(`submitPayouts failed: ${first.error.message}`);
  const ofValid = () => sheetRows(h).filter((r) => valid.has(r.row));
  const waiting = () =>
    ofValid().filter((r) => r.cells.Status === "QUEUED" || r.cells.Status === "SUBMITTING").length;
  if (first.killed) {
    // Before any callback arrives: what the dead run left behind.
    const stuck = h.rows().filter((r) => r.Status === "SUBMITTING");
    const atProvider = stuck.filter((r) => ledgerCount(h, r["Payout ID"]) > 0).length;
    progress.note(
      `${SIMULATED} --crash: submitPayouts was killed right after fetchAll #${crashAt} (${first.error?.message}): ` +
        `${stuck.length} row(s) left SUBMITTING (${atProvider} of them created at the provider, the answer lost), ` +
        `${h.rows().filter((r) => r.Status === "QUEUED").length} still QUEUED`,
    );
    run.notes.push(
      `${SIMULATED} crash: ${stuck.length} row(s) left SUBMITTING, ${atProvider} of them created at the provider`,
    );
  } else {
    progress.note(
      `submitPayouts${run.plan ? ` (run by ${PEOPLE.payer}, the payer)` : ""}: ${String((first.value as { message?: string }).message ?? "")}`,
    );
  }
  flushCallbacks(run);
  for (let minute = 0; waiting() > 0 && minute < SUBMIT_MINUTES; minute++) {
    h.emu.clock.advance(MINUTE);
    for (const execution of runTriggers(run, "submit")) {
      const message = (execution.value as { message?: string } | undefined)?.message;
      if (execution.functionName === "refreshPayouts" && first.killed && message)
        progress.note(
          `auto-refresh at +${Math.round((h.emu.clock.now() - run.startedAt) / MINUTE)} min: ${message}`,
        );
    }
    const rows = ofValid();
    progress.update(
      rows.filter((r) => !["QUEUED", "SUBMITTING"].includes(r.cells.Status)).length,
      `${waiting()} waiting`,
    );
  }
  const twice = duplicatesAtProviders(h);
  if (twice.length) run.notes.push(`PAID TWICE: ${twice.join(", ")}`);
  if (first.killed)
    progress.note(
      twice.length === 0
        ? "recovered: every Payout ID appears at most once in the providers' ledgers (nothing sent twice)"
        : `sent twice: ${twice.join(", ")}`,
    );
  const rows = ofValid();
  const count = (test: (status: string) => boolean) =>
    rows.filter((r) => test(r.cells.Status)).length;
  const executions = run.executions.filter((e) => e.phase === "submit").length;
  progress.end(
    tally(
      "valid row(s)",
      [
        [
          "created at the provider",
          count(
            (s) =>
              isSubmitted(statusOf({ Status: s })) &&
              !["QUEUED", "SUBMITTING", "REJECTED"].includes(s),
          ),
        ],
        ["refused by the provider (REJECTED)", count((s) => s === "REJECTED")],
        [
          "still waiting (QUEUED or SUBMITTING)",
          count((s) => s === "QUEUED" || s === "SUBMITTING"),
        ],
        ["not sent", count((s) => !isSubmitted(statusOf({ Status: s })))],
      ],
      [
        "created at the provider",
        "refused by the provider (REJECTED)",
        "still waiting (QUEUED or SUBMITTING)",
      ],
    ) + `; ${executions} execution(s)`,
  );
  noteRows(
    progress,
    rows
      .filter((r) => !isSubmitted(statusOf(r.cells)))
      .map(
        (r) =>
          `${rowLabel(run, r.row)} not sent (${r.cells.Status || "no status"}), ${r.cells.Recipient}: ${r.cells.Error || "the add-on gave no reason"}`,
      ),
    "unsent",
  );
  const rejected = rows.filter((r) => r.cells.Status === "REJECTED");
  for (const r of rejected)
    if (run.options.lowBalance && /balance/i.test(r.cells.Error))
      run.simulated.set(
        r.cells["Payout ID"],
        `--low-balance set GatePay's USDT balance to ${LOW_BALANCE_USDT} USDT`,
      );
  noteRows(
    progress,
    rejected.map(
      (r) =>
        `${rowLabel(run, r.row)} REJECTED, ${r.cells.Recipient}: ${labelSimulated(r.cells.Error, run.simulated.get(r.cells["Payout ID"]))}`,
    ),
    "REJECTED",
  );
  return new Set(rows.filter((r) => isSubmitted(statusOf(r.cells))).map((r) => r.row));
}

function settlePhase(run: Run, submitted: RowSet, failing: ReadonlyMap<string, string>): number {
  const { h, progress, options } = run;
  const ofSubmitted = () => sheetRows(h).filter((r) => submitted.has(r.row));
  progress.start("settle", submitted.size);
  let rounds = 0;
  const maxRounds = options.maxRounds ?? DEFAULT_ROUNDS;
  while (openRows(h.rows()).length > 0 && rounds < maxRounds) {
    rounds++;
    providersStep(h, failing);
    flushCallbacks(run);
    h.emu.clock.advance(REFRESH_EVERY_MS);
    runTriggers(run, "settle");
    progress.update(
      ofSubmitted().filter((r) => isTerminal(statusOf(r.cells))).length,
      `round ${rounds}`,
    );
  }
  const rows = ofSubmitted();
  const count = (statuses: string[]) => rows.filter((r) => statuses.includes(r.cells.Status));
  const withSimulated = (label: string, list: typeof rows): [string, number] => {
    const n = list.filter((r) => run.simulated.has(r.cells["Payout ID"])).length;
    return [n > 0 ? `${label} (${n} of them simulated)` : label, list.length];
  };
  const open = rows.filter((r) => !isTerminal(statusOf(r.cells)));
  progress.end(
    tally(
      "submitted row(s)",
      [
        ["paid", count(["COMPLETED"]).length],
        withSimulated("failed", count(["FAILED"])),
        withSimulated("rejected", count(["REJECTED"])),
        ["canceled or expired", count(["CANCELED", "EXPIRED"]).length],
        ["still open", open.length],
      ],
      ["paid", "still open"],
    ) +
      ` after ${rounds} round(s) of 10 virtual minutes; ` +
      (options.slowCallbacks
        ? `${run.callbacks.dropped} callback(s) lost ${SIMULATED}: only polling moved the rows`
        : `${run.callbacks.delivered} callback(s) delivered to doPost`),
  );
  noteRows(
    progress,
    count(["FAILED", "CANCELED", "EXPIRED"]).map(
      (r) =>
        `${rowLabel(run, r.row)} ${r.cells.Status}, ${r.cells.Recipient}: ${labelSimulated(r.cells.Error, run.simulated.get(r.cells["Payout ID"]))}`,
    ),
    "failed",
  );
  if (open.length)
    run.notes.push(
      `${open.length} submitted row(s) not final after ${rounds} round(s) (--rounds ${maxRounds}): ${open
        .map((r) => rowLabel(run, r.row))
        .join(", ")}`,
    );
  if (run.callbacks.refused)
    run.notes.push(`${run.callbacks.refused} callback(s) refused or failed in doPost`);
  return rounds;
}

/** How long the reconcile phase lets continuation triggers run before it reports it unfinished. */
const RECONCILE_MINUTES = 60;

type ReconcileRun = Omit<ReconciliationOutcome, "line" | "simulated" | "unplanned">;

/**
 * reconcilePayouts as a person runs it from the menu once the rows are final, after pointing
 * CHAIN_RPC_URLS at the sandbox's EVM nodes (each knows the EVM payouts GatePay's simulator paid);
 * a pass cut short continues from its continueReconciliation trigger.
 */
function reconcilePhase(run: Run): ReconcileRun {
  const { h, progress } = run;
  progress.start("reconcile");
  const chains = wireChainNodes(h);
  const mined = mineCompletedPayouts(h, chains);
  if (!run.options.properties?.CHAIN_RPC_URLS)
    h.emu.properties.set("CHAIN_RPC_URLS", chains.setting);
  const first = runEntryPoint(run, "reconcile", "reconcilePayouts");
  type Summary = {
    message?: string;
    ok?: boolean;
    resumes?: boolean;
    counts?: ReconcileRun["counts"];
  };
  let summary = (first.value ?? {}) as Summary;
  let executions = 1;
  for (let minute = 0; summary.resumes && minute < RECONCILE_MINUTES; minute++) {
    h.emu.clock.advance(MINUTE);
    for (const execution of runTriggers(run, "reconcile"))
      if (execution.functionName === "continueReconciliation") {
        executions++;
        summary = (execution.value ?? {}) as Summary;
      }
  }
  const sheet = readReconciliation(h.emu.sheet(RECONCILIATION)?.display() ?? []);
  const exceptions = sheet.exceptions.map((e) => ({
    kind: e.Exception,
    payoutId: e["Payout ID"],
    provider: e.Provider,
  }));
  const chainChecked = chainLookups(chains);
  const complete = !summary.resumes && sheet.state === "complete";
  progress.end(
    `${complete ? "complete" : "NOT complete"} in ${executions} execution(s): ${exceptions.length} exception(s)` +
      `${
        exceptions.length
          ? ` (${Object.entries(summary.counts ?? {})
              .map(([kind, n]) => `${n} ${kind}`)
              .join(", ")})`
          : ""
      }; ${chainChecked} payout(s) checked on chain, against the sandbox's EVM nodes (${mined} EVM payout(s) mined there)`,
  );
  if (!complete)
    run.notes.push(`reconcilePayouts did not finish: ${oneLine(summary.message ?? "")}`);
  return {
    ok: summary.ok ?? false,
    complete,
    message: summary.message ?? sheet.message,
    executions,
    counts: summary.counts ?? {},
    exceptions,
    totals: sheet.totals,
    chainChecked,
  };
}

/** verifyAuditLog, as a person runs it from the menu; it changes nothing. */
export function verifyAudit(h: Harness): AuditOutcome {
  const execution = h.run("verifyAuditLog");
  if (execution.error) throw new Error(`verifyAuditLog failed: ${execution.error.message}`);
  const v = execution.value as Omit<AuditOutcome, "line">;
  return { ...v, line: auditLine(v) };
}

function auditPhase(run: Run): AuditOutcome {
  run.progress.start("audit");
  const audit = verifyAudit(run.h);
  run.progress.end(audit.line.replace(/^Audit log: /, ""));
  return audit;
}

/** Every row that did not end paid, with the reason and whether the run planned it. */
function outcomes(run: Run): RowOutcome[] {
  return sheetRows(run.h)
    .filter((r) => r.cells.Status !== "COMPLETED")
    .map(({ row, cells }) => {
      const status = cells.Status || "(none)";
      const simulated = run.simulated.get(cells["Payout ID"]);
      const open = isSubmitted(statusOf(cells)) && !isTerminal(statusOf(cells));
      const reason =
        cells.Error ||
        (open
          ? `not final after the last round: the provider still reports ${cells["Provider status"] || status}`
          : status === "VALID"
            ? "valid but never submitted"
            : status === "APPROVED"
              ? "approved but never submitted"
              : "no status");
      const line = run.file.lines?.[row - 2];
      return {
        row,
        ...(line !== undefined ? { line } : {}),
        payoutId: cells["Payout ID"],
        recipient: cells.Recipient,
        provider: cells.Provider,
        asset: `${cells.Currency} ${cells.Network}`.trim(),
        amount: cells.Amount,
        status,
        reason,
        ...(simulated ? { simulated } : {}),
        ...(run.demo && /^MISTAKE/.test(cells.Notes ?? "") ? { deliberate: true } : {}),
      };
    });
}

/**
 * Whether the run ended as planned. Not done (exit 1) when nothing was paid, when a row needs a
 * person for a reason the run did not plan (any INVALID, REJECTED, FAILED, CANCELED or EXPIRED
 * row, or one still open, other than the demo's labelled mistakes and the faults the sandbox
 * injected), or when the sheet and the ledgers disagree.
 */
export function verdictOf(
  total: number,
  paid: number,
  notPaid: RowOutcome[],
  mismatches: string[],
  approvalIssues: string[] = [],
  checks: {
    audit?: AuditOutcome;
    reconciliation?: Pick<ReconciliationOutcome, "unplanned" | "complete">;
  } = {},
): { ok: boolean; verdict: string } {
  const unplanned = notPaid.filter((o) => !o.simulated && !o.deliberate);
  const planned = [
    [notPaid.filter((o) => o.deliberate).length, "deliberate mistake(s) of the demo file"],
    [notPaid.filter((o) => o.simulated).length, "simulated fault(s) the sandbox injected"],
  ].filter(([n]) => (n as number) > 0);
  const problems: string[] = [];
  if (paid === 0) problems.push(`nothing was paid (0 of ${total} row(s))`);
  if (unplanned.length > 0)
    problems.push(
      `${unplanned.length} row(s) need a person: ${unplanned
        .slice(0, 10)
        .map(
          (o) =>
            `row ${o.row} ${o.status === "VALID" || o.status === "APPROVED" ? "not sent" : o.status}`,
        )
        .join(", ")}${unplanned.length > 10 ? ", ..." : ""}`,
    );
  if (mismatches.length > 0)
    problems.push("the sheet's totals and the providers' ledgers disagree");
  if (approvalIssues.length > 0)
    problems.push(`the approvals were not kept: ${approvalIssues.slice(0, 5).join("; ")}`);
  const { audit, reconciliation } = checks;
  if (audit && !audit.ok) problems.push(`the Audit log did not verify: ${audit.message}`);
  if (reconciliation && !reconciliation.complete)
    problems.push("the reconciliation did not finish");
  if (reconciliation && reconciliation.unplanned.length > 0)
    problems.push(
      `the reconciliation found ${reconciliation.unplanned.length} exception(s) nobody planned: ${reconciliation.unplanned.slice(0, 5).join(", ")}`,
    );
  if (problems.length > 0) return { ok: false, verdict: `NOT DONE: ${problems.join("; ")}.` };
  const rest = planned.map(([n, what]) => `${n} ${what}`).join(" and ");
  return {
    ok: true,
    verdict:
      paid === total
        ? `Done: all ${total} row(s) paid.`
        : `Done: ${paid} of ${total} row(s) paid; the other ${total - paid} are ${rest}, as planned.`,
  };
}

export async function runSandbox(options: SandboxOptions = {}): Promise<SandboxResult> {
  const progress = options.progress ?? silentProgress;
  const seed = options.seed ?? 1;
  if (options.failRate !== undefined && !(options.failRate >= 0 && options.failRate <= 1))
    throw new SandboxInputError("--fail-rate must be a number from 0 to 1.");
  const outDir = options.outDir === undefined ? DEFAULT_OUT : options.outDir;
  const removed = outDir === null ? [] : prepareOutDir(outDir);

  const file = loadPhase(options, progress);
  const plan = options.approvals ? rehearsePlan(file, options) : undefined;
  const properties = plan ? { ...plan.settings, ...options.properties } : options.properties;
  const crashAt = options.crash
    ? rehearseCrashPoint(
        file,
        options,
        plan && {
          properties,
          payer: PEOPLE.payer,
          prepare: (h) => {
            loadIntoSheet(h, file, typedBy(plan));
            h.run("installAutoRefresh");
            h.run("validatePayouts", { user: PEOPLE.preparer });
            runApprovals(h, plan, silentApprovalsIO(h));
          },
        },
      )
    : undefined;
  const restore = seedUuids(seed);
  try {
    const h = sandboxHarness({ lowBalance: options.lowBalance, properties });
    const run: Run = {
      h,
      options,
      progress,
      file,
      demo: isDemoFile(options.csvPath),
      executions: [],
      notes: [],
      callbacks: { delivered: 0, dropped: 0, refused: 0 },
      simulated: new Map(),
      ...(plan ? { plan } : {}),
      startedAt: h.emu.clock.now(),
    };
    const random = seededRandom(seed);

    setupPhase(run);
    const { valid, warnings } = validatePhase(run);
    const approvals = plan ? approvePhase(run, plan, valid) : undefined;
    const submitted = submitPhase(run, valid, crashAt);
    const failing = decideFailures(
      h,
      { failRate: options.failRate, demo: run.demo, spare: new Set(approvals?.scripted.keys()) },
      random,
    );
    for (const [id, what] of failing) run.simulated.set(id, what);
    settlePhase(run, submitted, failing);
    const reconciled = reconcilePhase(run);
    const audit = auditPhase(run);

    const rows = h.rows();
    const summary = summarize(
      rows,
      new Set(run.simulated.keys()),
      approvals && {
        refused: countBy(approvals.refusals.map((r) => r.payoutId)),
        voided: countBy(approvals.voids.map((v) => v.payoutId)),
      },
    );
    const ledgers = { coingate: h.coingate.ledger(), gatepay: h.gatepay.ledger() };
    const twice = duplicatesAtProviders(h);
    const mismatches = [
      ...reconcile(summary, ledgers.coingate, ledgers.gatepay),
      ...twice.map((id) => `${id} created twice`),
    ];
    const notPaid = outcomes(run);
    // A simulated fault that ended some other way (say, paid after all) is no longer one.
    for (const id of [...run.simulated.keys()])
      if (!notPaid.some((o) => o.payoutId === id)) run.simulated.delete(id);
    const paid = rows.filter((r) => r.Status === "COMPLETED").length;
    const approvalIssues = approvals
      ? approvalProblems(rows, approvals, (status) => isSubmitted(statusOf({ Status: status })), {
          coingate: ledgers.coingate,
          gatepay: ledgers.gatepay,
        })
      : [];
    const reconciliation: ReconciliationOutcome = {
      ...reconciled,
      ...reconciliationLine(reconciled, new Set(run.simulated.keys())),
    };
    const { ok, verdict } = verdictOf(
      file.records.length,
      paid,
      notPaid,
      mismatches,
      approvalIssues,
      { audit, reconciliation },
    );

    const files: string[] = [];
    if (outDir !== null) {
      progress.start("export");
      const sandboxNotes = new Map(run.simulated);
      for (const [id, what] of approvals?.scripted ?? [])
        sandboxNotes.set(id, [sandboxNotes.get(id), what].filter(Boolean).join("; "));
      files.push(
        ...(await exportWorkbook({
          h,
          summary,
          sandboxNotes,
          outDir,
          ...(plan ? { approvalsNote: approvalsNote(plan) } : {}),
          checkLines: [...reconciliation.line.split("\n").map((l) => l.trim()), audit.line],
        })),
      );
      progress.end(`${files.length} file(s) written to ${relative(process.cwd(), outDir) || "."}`);
    }

    return {
      ok,
      exitCode: ok ? 0 : 1,
      verdict,
      demo: run.demo,
      input: {
        file: file.file,
        rows: file.records.length,
        headers: file.headers,
        unknownColumns: file.unknownColumns,
        separator: file.separator?.char ?? ",",
      },
      summary,
      rows,
      paid,
      notPaid,
      open: openRows(rows).map((r) => r["Payout ID"]),
      warnings,
      executions: run.executions,
      notes: run.notes,
      callbacks: run.callbacks,
      ledgers,
      mismatches,
      reconciliation,
      audit,
      virtualMinutes: Math.round((h.emu.clock.now() - run.startedAt) / MINUTE),
      files,
      removed: removed.filter((name) => !files.some((file) => basename(file) === name)),
      sheets: h.emu.sheetNames().flatMap((name) => {
        const view = h.emu.sheet(name);
        return view
          ? [{ name, rows: view.display(), hidden: view.hidden, hiddenColumns: view.hiddenColumns }]
          : [];
      }),
      ...(approvals
        ? { approvals: approvalsResult(approvals, approvalIssues, rows, ledgers) }
        : {}),
    };
  } finally {
    restore();
  }
}
