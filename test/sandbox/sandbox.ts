/**
 * The sandbox behind `npm start`: the built bundle in the Apps Script emulator against the
 * CoinGate and GatePay simulators (test/support/harness.ts), driven through a whole payout run
 * from a CSV file: setup, validation, submission (across executions), the providers' lifecycles
 * with callbacks into doPost, and the auto-refresh trigger until every submitted row is final.
 * Nothing leaves the process: every URL the bundle fetches is answered by a simulator.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import Big from "big.js";

import { INPUT_COLUMNS, OUTPUT_COLUMNS, headerKey } from "../../src/domain/columns";
import { isStatus, isSubmitted, isTerminal, type Status } from "../../src/domain/status";
import type { Execution } from "../emulator";
import type { LedgerEntry as CoinGateEntry } from "../simulators/coingate/simulator";
import type { LedgerEntry as GatePayEntry } from "../simulators/gatepay/simulator";
import { GATEPAY_HOST } from "../simulators/gatepay/simulator";
import { Harness } from "../support/harness";
import type { WireRequest } from "../support/wire";
import { CsvError, parseCsv, toCsv } from "./csv";
import { silentProgress, type Progress } from "./progress";
import { pick, seedUuids, seededRandom, type Random } from "./random";
import { writeXlsx, type TextSheet } from "./xlsx";

export const PROJECT_ROOT = join(__dirname, "..", "..");
export const DEMO_CSV = join(__dirname, "demo-payouts.csv");

export interface SandboxOptions {
  /** The payouts CSV; default the demo file. */
  csvPath?: string;
  /** Where the workbook and CSVs go; default <project>/out. Null: write nothing. */
  outDir?: string | null;
  /** Seeds the failures chosen and the emulator's UUIDs (Payout IDs, batch IDs). Default 1. */
  seed?: number;
  /** Share of created payouts the providers fail (0..1). Default: one per provider (of 4+). */
  failRate?: number;
  /** Kill the submit run right after a create request was delivered, then watch the recovery. */
  crash?: boolean;
  /** Callbacks are lost: refresh polling alone must finish the rows. */
  slowCallbacks?: boolean;
  /** GatePay's USDT balance is too low for its batch: those rows end REJECTED. */
  lowBalance?: boolean;
  /** Bound of the provider/refresh loop (each round is 10 virtual minutes). Default 24. */
  maxRounds?: number;
  progress?: Progress;
}

export interface SummaryLine {
  provider: string;
  currency: string;
  rows: number;
  paid: number;
  failed: number;
  rejected: number;
  invalid: number;
  /** Submitted, not final. */
  open: number;
  /** Sums over paid rows, per currency (decimal text). */
  sent: Record<string, string>;
  fees: Record<string, string>;
  done: Record<string, string>;
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

export interface SandboxResult {
  /** True when every submitted row is final and the sheet agrees with the simulators' ledgers. */
  ok: boolean;
  exitCode: 0 | 1;
  input: { file: string; rows: number; headers: string[]; unknownColumns: string[] };
  summary: SummaryLine[];
  /** The Payouts sheet as display text by header. */
  rows: Record<string, string>[];
  /** Payout IDs of submitted rows still not final at the end. */
  open: string[];
  /** Rows whose Error carried a warning after validation (e.g. a possible double payment). */
  warnings: { payoutId: string; recipient: string; warning: string }[];
  executions: ExecutionRecord[];
  notes: string[];
  callbacks: { delivered: number; dropped: number; refused: number };
  ledgers: { coingate: CoinGateEntry[]; gatepay: GatePayEntry[] };
  /** Differences between the sheet's totals and the ledgers; empty when they agree. */
  mismatches: string[];
  virtualMinutes: number;
  files: string[];
}

/** A problem with the input file: shown as is, exit code 1. */
export class SandboxInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxInputError";
  }
}

// ---- the input file -------------------------------------------------------------------------

const REQUIRED_HEADERS = [
  "provider",
  "recipient",
  "currency",
  "network",
  "address",
  "amount",
] as const;
const OUTPUT_HEADER_KEYS = new Set(Object.values(OUTPUT_COLUMNS).map(headerKey));
const KNOWN_HEADER_KEYS = new Set(Object.values(INPUT_COLUMNS).map(headerKey));

export interface PayoutFile {
  file: string;
  headers: string[];
  records: string[][];
  unknownColumns: string[];
  droppedColumns: string[];
}

export function readPayoutFile(path: string): PayoutFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error);
    throw new SandboxInputError(`Cannot read ${path}: ${reason}.`);
  }
  return parsePayoutFile(text, path);
}

export function parsePayoutFile(text: string, file: string): PayoutFile {
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError)
      throw new SandboxInputError(`${file} is not valid CSV: ${error.message}.`);
    throw error;
  }
  const blank = (row: string[]) => row.every((cell) => cell.trim() === "");
  while (table.length > 0 && blank(table[0])) table.shift();
  if (table.length === 0)
    throw new SandboxInputError(`${file} is empty: its first line must be the header row.`);
  const [rawHeaders, ...rest] = table;
  const headers = rawHeaders.map((h) => h.trim());
  while (headers.length > 0 && headers[headers.length - 1] === "") headers.pop();
  const seen = new Map<string, string>();
  for (const [index, header] of headers.entries()) {
    if (header === "")
      throw new SandboxInputError(`${file}: column ${index + 1} of the header row has no name.`);
    const key = headerKey(header);
    if (seen.has(key))
      throw new SandboxInputError(`${file}: the header "${header}" appears twice.`);
    seen.set(key, header);
  }
  const missing = REQUIRED_HEADERS.filter((key) => !seen.has(key)).map((key) => INPUT_COLUMNS[key]);
  if (missing.length > 0)
    throw new SandboxInputError(
      `${file}: the header row lacks ${missing.join(", ")}. Found: ${headers.join(", ")}. ` +
        `Expected the Payouts headers (${Object.values(INPUT_COLUMNS).join(", ")}).`,
    );
  const records: string[][] = [];
  rest.forEach((row, index) => {
    if (blank(row)) return;
    const extra = row.slice(headers.length).filter((cell) => cell.trim() !== "");
    if (extra.length > 0)
      throw new SandboxInputError(
        `${file}: data row ${index + 1} has ${row.length} fields but the header row has ${headers.length}.`,
      );
    records.push(headers.map((_, i) => row[i] ?? ""));
  });
  if (records.length === 0) throw new SandboxInputError(`${file} has a header row but no payouts.`);
  // Output columns are the add-on's: the sandbox starts every row fresh.
  const keep = headers.map((h) => !OUTPUT_HEADER_KEYS.has(headerKey(h)));
  return {
    file,
    headers: headers.filter((_, i) => keep[i]),
    records: records.map((row) => row.filter((_, i) => keep[i])),
    unknownColumns: headers.filter((h, i) => keep[i] && !KNOWN_HEADER_KEYS.has(headerKey(h))),
    droppedColumns: headers.filter((_, i) => !keep[i]),
  };
}

// ---- the simulated world --------------------------------------------------------------------

/** The harness the sandbox and the bench use: both providers, XRP offered by GatePay too. */
export function sandboxHarness(
  options: { lowBalance?: boolean; properties?: Record<string, string> } = {},
): Harness {
  return new Harness({
    properties: options.properties,
    gatepay: {
      chains: { XRP: [{ chain: "XRP", nameEn: "XRP Ledger", decimal: 6 }] },
      fees: {
        XRP: {
          fix: "0.2",
          percent: "0%",
          fixOnChains: { XRP: "0.2" },
          percentOnChains: { XRP: "0%" },
          min: "1",
          eachtime: "1000000",
          dayLimit: "10000000",
        },
      },
      balances: {
        USDT: options.lowBalance ? "50" : "10000000",
        USDC: "10000000",
        BTC: "1000",
        ETH: "10000",
        XRP: "10000000",
      },
    },
    coingate: {
      ledgerAccounts: [
        { id: "01JNQWKKJ6WXN8BZT1Y66B6G9H", currency: "USDT", balance: "10000000" },
        { id: "01JNQWKKJ6WXN8BZT1Y66B6G9J", currency: "BTC", balance: "1000" },
        { id: "01JNQWKKJ6WXN8BZT1Y66B6G9K", currency: "EUR", balance: "10000000" },
      ],
    },
  });
}

/** Types the file into a fresh Payouts sheet the way a person would: headers, setup, paste. */
export function loadIntoSheet(h: Harness, file: PayoutFile): Execution {
  h.emu.typeInto("Payouts", 1, 1, [file.headers]);
  // Setup formats the sheet's existing rows as plain text: make room for every row first.
  h.emu.typeInto("Payouts", file.records.length + 1, 1, [[""]]);
  const setup = h.run("setupPayoutsSheet");
  if (setup.error) throw setup.error;
  const headerRow = h.emu.sheet("Payouts")?.display()[0] ?? [];
  const columnOf = file.headers.map((header) =>
    headerRow.findIndex((cell) => headerKey(cell) === headerKey(header)),
  );
  const width = headerRow.length;
  const cells = file.records.map((record) => {
    const row = new Array<string>(width).fill("");
    record.forEach((value, i) => {
      if (columnOf[i] >= 0) row[columnOf[i]] = value;
    });
    return row;
  });
  h.emu.typeInto("Payouts", 2, 1, cells);
  return setup;
}

/** Every sheet of the emulated spreadsheet, in tab order. */
export function sheetNames(h: Harness): string[] {
  return h.emu.sheetNames();
}

function statusOf(row: Record<string, string>): Status {
  const text = (row.Status ?? "").toUpperCase();
  return isStatus(text) ? text : "";
}

export function openRows(rows: Record<string, string>[]): Record<string, string>[] {
  return rows.filter((row) => {
    const status = statusOf(row);
    return isSubmitted(status) && !isTerminal(status);
  });
}

// ---- summary --------------------------------------------------------------------------------

function addTo(sums: Record<string, Big>, currency: string, amount: string): void {
  if (!amount) return;
  sums[currency] = (sums[currency] ?? new Big(0)).plus(amount);
}

function fixed(sums: Record<string, Big>): Record<string, string> {
  return Object.fromEntries(Object.entries(sums).map(([c, v]) => [c, v.toFixed()]));
}

function providerName(text: string): string {
  const wanted = text.trim().toLowerCase();
  return (
    ["CoinGate", "GatePay"].find((p) => p.toLowerCase() === wanted) ?? (text.trim() || "(none)")
  );
}

export function summarize(rows: Record<string, string>[]): SummaryLine[] {
  const groups = new Map<
    string,
    { line: SummaryLine; sums: Record<"sent" | "fees" | "done", Record<string, Big>> }
  >();
  for (const row of rows) {
    const provider = providerName(row.Provider ?? "");
    const currency = (row.Currency ?? "").trim().toUpperCase() || "(none)";
    const key = `${provider}\u0000${currency}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        line: {
          provider,
          currency,
          rows: 0,
          paid: 0,
          failed: 0,
          rejected: 0,
          invalid: 0,
          open: 0,
          sent: {},
          fees: {},
          done: {},
        },
        sums: { sent: {}, fees: {}, done: {} },
      };
      groups.set(key, group);
    }
    const { line, sums } = group;
    const status = statusOf(row);
    line.rows++;
    if (status === "COMPLETED") {
      line.paid++;
      const feeCurrency = row["Fee currency"] || currency;
      addTo(sums.sent, feeCurrency, row["Sent amount"]);
      addTo(sums.fees, feeCurrency, row.Fee);
      addTo(sums.done, currency, row["Done amount"]);
    } else if (status === "FAILED" || status === "CANCELED" || status === "EXPIRED") line.failed++;
    else if (status === "REJECTED") line.rejected++;
    else if (status === "INVALID") line.invalid++;
    else if (isSubmitted(status)) line.open++;
  }
  return [...groups.values()]
    .map(({ line, sums }) => ({
      ...line,
      sent: fixed(sums.sent),
      fees: fixed(sums.fees),
      done: fixed(sums.done),
    }))
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.currency.localeCompare(b.currency));
}

/** Compares the sheet's paid totals with what the simulators say they paid. */
export function reconcile(
  summary: SummaryLine[],
  coingate: CoinGateEntry[],
  gatepay: GatePayEntry[],
): string[] {
  const expected = new Map<
    string,
    {
      sent: Record<string, Big>;
      fees: Record<string, Big>;
      done: Record<string, Big>;
      paid: number;
    }
  >();
  const entry = (provider: string, currency: string) => {
    const key = `${provider}\u0000${currency}`;
    let found = expected.get(key);
    if (!found) expected.set(key, (found = { sent: {}, fees: {}, done: {}, paid: 0 }));
    return found;
  };
  for (const s of gatepay.filter((s) => s.status === "DONE")) {
    const e = entry("GatePay", s.currency);
    e.paid++;
    addTo(e.sent, s.currency, s.subAmount);
    addTo(e.fees, s.currency, s.fee);
    addTo(e.done, s.currency, s.doneAmount);
  }
  for (const s of coingate.filter((s) => s.status === "completed")) {
    const e = entry("CoinGate", s.currency);
    e.paid++;
    addTo(e.sent, s.debitCurrency, s.debited);
    addTo(e.fees, s.debitCurrency, s.fee);
    addTo(e.done, s.currency, s.amount);
  }
  const problems: string[] = [];
  const same = (a: Record<string, string>, b: Record<string, Big>) =>
    JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(fixed(b)).sort());
  const keys = new Set([
    ...summary.filter((l) => l.paid > 0).map((l) => `${l.provider}\u0000${l.currency}`),
    ...expected.keys(),
  ]);
  for (const key of keys) {
    const [provider, currency] = key.split("\u0000");
    const line = summary.find((l) => l.provider === provider && l.currency === currency);
    const want = expected.get(key) ?? { sent: {}, fees: {}, done: {}, paid: 0 };
    const label = `${provider} ${currency}`;
    if ((line?.paid ?? 0) !== want.paid)
      problems.push(`${label}: the sheet shows ${line?.paid ?? 0} paid, the ledger ${want.paid}`);
    for (const field of ["sent", "fees", "done"] as const)
      if (!same(line?.[field] ?? {}, want[field]))
        problems.push(
          `${label}: ${field} ${JSON.stringify(line?.[field] ?? {})} in the sheet, ${JSON.stringify(fixed(want[field]))} in the ledger`,
        );
  }
  return problems;
}

// ---- the run --------------------------------------------------------------------------------

const MINUTE = 60_000;
const REFRESH_EVERY_MS = 10 * MINUTE;

interface Run {
  h: Harness;
  options: SandboxOptions;
  progress: Progress;
  executions: ExecutionRecord[];
  notes: string[];
  callbacks: { delivered: number; dropped: number; refused: number };
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

const isCreate = (request: WireRequest) =>
  request.method === "POST" &&
  /\/v1\/pay\/withdraw$|\/v2\/send_requests$/.test(request.url.split("?")[0]);

/**
 * Which UrlFetchApp.fetchAll call of the submit run carries the last create request. Found in
 * a rehearsal: the same file, seed and settings in a fresh harness, with every request's virtual
 * time recorded (each fetchAll is one round trip: its requests share one instant).
 */
function rehearseCrashPoint(file: PayoutFile, options: SandboxOptions): number | undefined {
  const restore = seedUuids(options.seed ?? 1);
  try {
    const h = sandboxHarness({ lowBalance: options.lowBalance });
    const seen: { at: number; create: boolean }[] = [];
    const tap =
      (handler: (r: WireRequest) => ReturnType<Harness["coingate"]["handle"]>) =>
      (request: WireRequest) => {
        seen.push({ at: h.emu.clock.now(), create: isCreate(request) });
        return handler(request);
      };
    h.emu.route("api-sandbox.coingate.com", tap(h.coingate.handle));
    h.emu.route("api.coingate.com", tap(h.coingate.handle));
    h.emu.route(
      GATEPAY_HOST,
      tap((request) => h.gatepay.handle(request)),
    );
    loadIntoSheet(h, file);
    h.run("installAutoRefresh");
    h.run("validatePayouts");
    seen.length = 0;
    h.run("submitPayouts");
    const instants = [...new Set(seen.map((s) => s.at))];
    // The last create: on the demo, GatePay's batch, which sends no callback on creation, so the
    // rows stay SUBMITTING until a later run looks them up.
    const last = [...seen].reverse().find((s) => s.create);
    return last ? instants.indexOf(last.at) + 1 : undefined;
  } finally {
    restore();
  }
}

const MIN_FOR_DEFAULT_FAILURE = 4;

function decideFailures(run: Run, random: Random): Set<string> {
  const { h, options } = run;
  const gatepay = h.gatepay.ledger().filter((s) => s.status !== "DONE" && s.status !== "FAIL");
  const coingate = h.coingate
    .ledger()
    .filter((s) => ["draft", "in_progress", "processing"].includes(s.status));
  const gpIds = gatepay.map((s) => s.merchantWithdrawId);
  const cgIds = coingate.map((s) => s.externalId ?? String(s.id));
  if (options.failRate !== undefined) {
    const all = [...gpIds, ...cgIds];
    return new Set(pick(all, Math.round(options.failRate * all.length), random));
  }
  // Default: one failure for each provider with enough payouts that most are still paid.
  const one = (ids: string[]) =>
    ids.length >= MIN_FOR_DEFAULT_FAILURE ? pick(ids, 1, random) : [];
  return new Set([...one(gpIds), ...one(cgIds)]);
}

/** One step of the providers' back offices: created -> processing -> paid or failed. */
function providersStep(run: Run, failing: Set<string>): void {
  const { h } = run;
  const batches = [...new Set(h.gatepay.ledger().map((s) => s.batchId))];
  for (const batchId of batches) {
    const suborders = h.gatepay.ledger().filter((s) => s.batchId === batchId);
    const open = suborders.filter((s) => s.status !== "DONE" && s.status !== "FAIL");
    if (open.length === 0) continue;
    if (open.every((s) => s.status === "INIT")) h.gatepay.advance(batchId, "PROCESSING");
    else
      h.gatepay.settle(batchId, {
        fail: open.map((s) => s.merchantWithdrawId).filter((id) => failing.has(id)),
        errMsg: "withdraw failed: the destination refused the deposit",
      });
  }
  for (const send of h.coingate.ledger()) {
    const id = send.externalId ?? String(send.id);
    if (send.status === "in_progress") h.coingate.advance(send.id, "processing");
    else if (send.status === "processing")
      h.coingate.advance(
        send.id,
        failing.has(id) ? "failed" : "completed",
        failing.has(id) ? { failReason: "Rejected by the network" } : {},
      );
  }
}

export function runSandbox(options: SandboxOptions = {}): SandboxResult {
  const progress = options.progress ?? silentProgress;
  const seed = options.seed ?? 1;
  if (options.failRate !== undefined && !(options.failRate >= 0 && options.failRate <= 1))
    throw new SandboxInputError("--fail-rate must be a number from 0 to 1.");

  progress.start("load");
  const file = readPayoutFile(options.csvPath ?? DEMO_CSV);
  const notes: string[] = [];
  progress.end(
    `${file.records.length} row(s), ${file.headers.length} column(s) from ${basename(file.file)}` +
      (file.unknownColumns.length
        ? `; kept unknown column(s): ${file.unknownColumns.join(", ")}`
        : ""),
  );
  if (file.droppedColumns.length)
    progress.note(
      `ignored the add-on's own column(s) in the file: ${file.droppedColumns.join(", ")}`,
    );

  const crashAt = options.crash ? rehearseCrashPoint(file, options) : undefined;
  const restore = seedUuids(seed);
  try {
    const h = sandboxHarness({ lowBalance: options.lowBalance });
    const run: Run = {
      h,
      options,
      progress,
      executions: [],
      notes,
      callbacks: { delivered: 0, dropped: 0, refused: 0 },
    };
    const startedAt = h.emu.clock.now();
    const random = seededRandom(seed);

    // Setup: headers, setupPayoutsSheet, the rows pasted below, the auto-refresh trigger.
    progress.start("setup");
    record(run, "setup", loadIntoSheet(h, file));
    runEntryPoint(run, "setup", "installAutoRefresh");
    progress.end(
      `Payouts sheet set up (${h.emu.sheet("Payouts")?.display()[0].length} columns), auto-refresh every 10 min`,
    );

    // Validation.
    progress.start("validate");
    const validation = runEntryPoint(run, "validate", "validatePayouts");
    progress.end(String((validation.value as { message?: string }).message ?? ""));
    const warnings = h
      .rows()
      .filter((row) => /Warning:/.test(row.Error))
      .map((row) => ({
        payoutId: row["Payout ID"],
        recipient: row.Recipient,
        warning: row.Error.slice(row.Error.indexOf("Warning:")),
      }));
    for (const row of h.rows().filter((r) => r.Status === "INVALID"))
      progress.note(`INVALID ${row.Recipient}: ${row.Error}`);
    for (const w of warnings) progress.note(`VALID with a warning, ${w.recipient}: ${w.warning}`);
    const queuedTotal = h.rows().filter((r) => r.Status === "VALID").length;

    // Submission, continued by triggers (and recovered by the auto-refresh after a crash).
    progress.start("submit", queuedTotal);
    const faults = crashAt
      ? [{ call: "UrlFetchApp.fetchAll", nth: crashAt, when: "after" as const }]
      : [];
    const first = record(run, "submit", h.run("submitPayouts", { faults }));
    if (first.error && !first.killed)
      throw new Error(`submitPayouts failed: ${first.error.message}`);
    const submittedNow = () =>
      h
        .rows()
        .filter((r) => isSubmitted(statusOf(r)) && !["QUEUED", "SUBMITTING"].includes(r.Status))
        .length;
    if (first.killed) {
      // Before any callback arrives: what the dead run left behind.
      const stuck = h.rows().filter((r) => r.Status === "SUBMITTING");
      const atProvider = stuck.filter((r) => ledgerCount(h, r["Payout ID"]) > 0).length;
      progress.note(
        `submitPayouts was killed right after fetchAll #${crashAt} (${first.error?.message}): ` +
          `${stuck.length} row(s) left SUBMITTING (${atProvider} of them created at the provider, the answer lost), ` +
          `${h.rows().filter((r) => r.Status === "QUEUED").length} still QUEUED`,
      );
      notes.push(
        `crash: ${stuck.length} row(s) left SUBMITTING, ${atProvider} of them created at the provider`,
      );
    } else {
      progress.note(String((first.value as { message?: string }).message ?? ""));
    }
    flushCallbacks(run);
    const waiting = () =>
      h.rows().filter((r) => r.Status === "QUEUED" || r.Status === "SUBMITTING").length;
    for (let minute = 0; waiting() > 0 && minute < 180; minute++) {
      h.emu.clock.advance(MINUTE);
      for (const execution of runTriggers(run, "submit")) {
        const message = (execution.value as { message?: string } | undefined)?.message;
        if (execution.functionName === "refreshPayouts" && first.killed && message)
          progress.note(
            `auto-refresh at +${Math.round((h.emu.clock.now() - startedAt) / MINUTE)} min: ${message}`,
          );
      }
      progress.update(submittedNow(), `${waiting()} waiting`);
    }
    const twice = duplicatesAtProviders(h);
    if (twice.length) notes.push(`PAID TWICE: ${twice.join(", ")}`);
    if (first.killed)
      progress.note(
        twice.length === 0
          ? "recovered: every Payout ID appears at most once in the providers' ledgers (nothing sent twice)"
          : `sent twice: ${twice.join(", ")}`,
      );
    const submitExecutions = run.executions.filter((e) => e.phase === "submit");
    progress.end(
      `${submittedNow()} of ${queuedTotal} sent or refused in ${submitExecutions.length} execution(s)` +
        (waiting() ? `, ${waiting()} still waiting` : ""),
    );

    // The providers' lifecycles, callbacks into doPost, the auto-refresh until all is final.
    const failing = decideFailures(run, random);
    const submittedTotal = h.rows().filter((r) => isSubmitted(statusOf(r))).length;
    const finalCount = () => h.rows().filter((r) => isTerminal(statusOf(r))).length;
    progress.start("settle", submittedTotal);
    let rounds = 0;
    const maxRounds = options.maxRounds ?? 24;
    while (openRows(h.rows()).length > 0 && rounds < maxRounds) {
      rounds++;
      providersStep(run, failing);
      flushCallbacks(run);
      h.emu.clock.advance(REFRESH_EVERY_MS);
      runTriggers(run, "settle");
      progress.update(finalCount(), `round ${rounds}`);
    }
    const open = openRows(h.rows()).map((r) => r["Payout ID"]);
    progress.end(
      `${finalCount()} of ${submittedTotal} submitted row(s) final after ${rounds} round(s) of 10 virtual minutes; ` +
        (options.slowCallbacks
          ? `${run.callbacks.dropped} callback(s) lost, polling alone finished the rows`
          : `${run.callbacks.delivered} callback(s) delivered to doPost`),
    );
    if (open.length)
      notes.push(
        `${open.length} submitted row(s) not final after ${rounds} round(s): ${open.join(", ")}`,
      );
    if (run.callbacks.refused)
      notes.push(`${run.callbacks.refused} callback(s) refused or failed in doPost`);

    const rows = h.rows();
    const summary = summarize(rows);
    const ledgers = { coingate: h.coingate.ledger(), gatepay: h.gatepay.ledger() };
    const mismatches = [
      ...reconcile(summary, ledgers.coingate, ledgers.gatepay),
      ...twice.map((id) => `${id} created twice`),
    ];

    // Export.
    const files: string[] = [];
    if (options.outDir !== null) {
      progress.start("export");
      files.push(...exportWorkbook(h, summary, options.outDir ?? join(PROJECT_ROOT, "out")));
      progress.end(`${files.length} file(s) written`);
    }

    const ok = open.length === 0 && mismatches.length === 0;
    return {
      ok,
      exitCode: ok ? 0 : 1,
      input: {
        file: file.file,
        rows: file.records.length,
        headers: file.headers,
        unknownColumns: file.unknownColumns,
      },
      summary,
      rows,
      open,
      warnings,
      executions: run.executions,
      notes,
      callbacks: run.callbacks,
      ledgers,
      mismatches,
      virtualMinutes: Math.round((h.emu.clock.now() - startedAt) / MINUTE),
      files,
    };
  } finally {
    restore();
  }
}

function ledgerCount(h: Harness, payoutId: string): number {
  return (
    h.gatepay.ledger().filter((s) => s.merchantWithdrawId === payoutId).length +
    h.coingate.ledger().filter((s) => s.externalId === payoutId).length
  );
}

function duplicatesAtProviders(h: Harness): string[] {
  const ids = [
    ...h.gatepay.ledger().map((s) => s.merchantWithdrawId),
    ...h.coingate.ledger().map((s) => s.externalId ?? ""),
  ].filter(Boolean);
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

// ---- output ---------------------------------------------------------------------------------

function amounts(sums: Record<string, string>): string {
  const entries = Object.entries(sums);
  return entries.length === 0 ? "0" : entries.map(([c, v]) => `${v} ${c}`).join(" + ");
}

export function summaryTable(summary: SummaryLine[]): string[][] {
  return [
    [
      "Provider",
      "Currency",
      "Rows",
      "Paid",
      "Failed",
      "Rejected",
      "Invalid",
      "Open",
      "Total sent",
      "Fees",
      "Done",
    ],
    ...summary.map((l) => [
      l.provider,
      l.currency,
      String(l.rows),
      String(l.paid),
      String(l.failed),
      String(l.rejected),
      String(l.invalid),
      String(l.open),
      amounts(l.sent),
      amounts(l.fees),
      amounts(l.done),
    ]),
  ];
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "sheet"
  );
}

/** out/sandbox.xlsx with every non-empty sheet plus the summary, and one CSV per sheet. */
export function exportWorkbook(h: Harness, summary: SummaryLine[], outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const sheets: TextSheet[] = sheetNames(h)
    .map((name) => ({ name, rows: h.emu.sheet(name)?.display() ?? [] }))
    .filter((sheet) => sheet.rows.length > 0);
  sheets.push({ name: "Summary", rows: summaryTable(summary) });
  const files: string[] = [];
  const xlsx = join(outDir, "sandbox.xlsx");
  writeFileSync(xlsx, writeXlsx(sheets));
  files.push(xlsx);
  for (const sheet of sheets) {
    const path = join(outDir, `sandbox-${slug(sheet.name)}.csv`);
    writeFileSync(path, toCsv(sheet.rows));
    files.push(path);
  }
  return files;
}
