/**
 * `npm run bench [-- --max-rows N] [--quick]`: what the add-on costs in Apps Script terms
 * (spreadsheet calls, fetches, virtual seconds from the emulator's cost meter) at 100, 1,000 and
 * 10,000 rows, against a naive hand-written script run in the same emulator, plus a mixed
 * submission (1,000 GatePay + 200 CoinGate rows) and verifyAuditLog over 50,000 entries. Prints
 * tables and writes out/bench.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { Emulator, type Execution } from "../emulator";
import { GATEPAY_HOST } from "../simulators/gatepay/simulator";
import type { Harness } from "../support/harness";
import type { WireRequest, WireResponse } from "../support/wire";
import { seedUuids } from "./random";
import { measureControls, type ControlsResult } from "./bench-controls";
import { loadIntoSheet, PROJECT_ROOT, sandboxHarness, type PayoutFile } from "./sandbox";
import { INPUT_COLUMNS } from "../../src/domain/columns";
import { chainEntries } from "../../src/domain/audit-chain";
import { macWithKey } from "../../src/domain/mac";

// ---- generated payouts ----------------------------------------------------------------------

const HEADERS = Object.values(INPUT_COLUMNS);

const GATEPAY_TARGETS: [string, string, string][] = [
  ["USDT", "TRC20", "TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY"],
  ["USDT", "ERC20", "0x188d526A0Be5AFe74716dDf35d04fD7Bb57bFeAD"],
  ["USDT", "BEP20", "0xdE3fadFefA108D46c9f77057F66655db263AE966"],
  ["USDT", "SOL", "6rkATgCwefZq21KYt8LuxovBryxWgVJp6ohg17WdDGuA"],
  ["USDC", "ERC20", "0x955aD34Cb44506514CA688Ba0Be280e4Eb55e217"],
  ["USDC", "SOL", "7A3jT8UbLV7eoCJDhEyC3cRWabjjRA7wbfAAsg7cxzxc"],
];
const COINGATE_TARGETS: [string, string, string][] = [
  ["USDT", "ethereum", "0xc68f951144742A3dA4f7600C05C2094e4Ca309E5"],
  ["USDT", "tron", "TKSqrC4gFMZtztVvRDcxQhZ6Nw2Q9Wc3WT"],
  ["USDT", "solana", "F2rQXFkDAWUhkxYtwWus8rnxz3NRBd7NyfQ5rSAXFN9c"],
  ["BTC", "bitcoin", "tb1q7e7m5rcnr8tv5q94y52ja2m4vl7cr5k7lda322"],
];

/** `gatepay` GatePay rows then `coingate` CoinGate rows, all valid, every payee distinct. */
export function generatedFile(gatepay: number, coingate: number): PayoutFile {
  const records: string[][] = [];
  for (let i = 0; i < gatepay; i++) {
    const [currency, network, address] = GATEPAY_TARGETS[i % GATEPAY_TARGETS.length];
    records.push([
      "GatePay",
      `Payee ${i + 1}`,
      "",
      "",
      "",
      "",
      currency,
      network,
      address,
      "",
      `${10 + (i % 90)}.${i % 100}`,
      "",
      "",
      "",
    ]);
  }
  for (let i = 0; i < coingate; i++) {
    const [currency, network, address] = COINGATE_TARGETS[i % COINGATE_TARGETS.length];
    const amount = currency === "BTC" ? `0.00${10 + (i % 80)}` : `${20 + (i % 50)}`;
    records.push([
      "CoinGate",
      `Contractor ${i + 1}`,
      "person",
      `c${i + 1}@example.com`,
      "LTU",
      "",
      currency,
      network,
      address,
      "",
      amount,
      "",
      "",
      `Invoice ${i + 1}`,
    ]);
  }
  return { file: "generated", headers: HEADERS, records, unknownColumns: [], droppedColumns: [] };
}

// ---- measuring --------------------------------------------------------------------------------

export interface Cost {
  executions: number;
  spreadsheetCalls: number;
  fetches: number;
  /** Sum of the executions' virtual time. */
  seconds: number;
  /** From the first execution's start to the last one's end, waits for triggers included. */
  spanSeconds?: number;
  /** Spreadsheet calls of each execution. */
  perExecution?: number[];
  killed?: number;
  /** Provider answers 429 (too many requests) during the step. */
  tooManyRequests?: number;
}

function cost(executions: Execution[], span?: number): Cost {
  return {
    executions: executions.length,
    spreadsheetCalls: executions.reduce((s, e) => s + e.meter.spreadsheetCalls, 0),
    fetches: executions.reduce((s, e) => s + e.meter.fetches, 0),
    seconds: round(executions.reduce((s, e) => s + e.meter.elapsedMs, 0) / 1000),
    ...(span !== undefined ? { spanSeconds: round(span / 1000) } : {}),
    perExecution: executions.map((e) => e.meter.spreadsheetCalls),
    killed: executions.filter((e) => e.killed).length,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Entries in the audit log the benchmark verifies: a busy year's worth. */
const AUDIT_ENTRIES = 50_000;

function mustRun(h: Harness, name: string): Execution {
  const execution = h.run(name);
  if (execution.error) throw new Error(`${name}: ${execution.error.message}`);
  return execution;
}

interface WireLog {
  at: number;
  host: string;
  method: string;
  path: string;
  status: number;
}

/** Records every request the providers answer (time, path, status). */
function tapWire(h: Harness): WireLog[] {
  const log: WireLog[] = [];
  const tap = (handler: (r: WireRequest) => WireResponse) => (request: WireRequest) => {
    const entry: WireLog = {
      at: h.emu.clock.now(),
      host: new RegExp("^https://([^/]+)").exec(request.url)?.[1] ?? "",
      method: request.method,
      path: request.url.replace(/^https:\/\/[^/]+/, "").split("?")[0],
      status: 0,
    };
    log.push(entry);
    const answer = handler(request);
    entry.status = answer.status;
    return answer;
  };
  h.emu.route("api-sandbox.coingate.com", tap(h.coingate.handle));
  h.emu.route(
    GATEPAY_HOST,
    tap((request) => h.gatepay.handle(request)),
  );
  return log;
}

/** submitPayouts, then every continuation trigger until nothing is queued. */
function submitToTheEnd(h: Harness): { executions: Execution[]; span: number } {
  const start = h.emu.clock.now();
  const executions = [mustRun(h, "submitPayouts")];
  h.dropCallbacks();
  let continuing = (executions[0].value as { continuing?: boolean }).continuing;
  for (let guard = 0; continuing && guard < 1000; guard++) {
    h.emu.clock.advance(60_000);
    for (const execution of h.emu.runDueTriggers()) {
      if (execution.error) throw new Error(`${execution.functionName}: ${execution.error.message}`);
      executions.push(execution);
      continuing = (execution.value as { continuing?: boolean }).continuing;
    }
    h.dropCallbacks();
  }
  return { executions, span: h.emu.clock.now() - start };
}

export interface ScaleResult {
  rows: number;
  gatepayRows: number;
  coingateRows: number;
  /** The first validation: every row new (its preparer recorded, and told in the Audit log). */
  validate: Cost;
  /** Validating again with nothing new. */
  revalidate: Cost;
  submit: Cost;
  refresh: Cost;
  callback: { coingate: Cost; gatepayBatch: Cost };
  record: RecordSize;
  realSeconds: number;
}

/** The add-on's own record after the run, and what keeping it elsewhere would take. */
export interface RecordSize {
  payouts: number;
  entries: number;
  cells: number;
  characters: number;
  /** The record as one Script Property value per payout (key plus a compact state). */
  asPropertiesBytes: number;
  /** Script Properties hold 500 KB in all. */
  propertiesLimitBytes: number;
  /** A run that opens it (validatePayouts on the settled sheet): calls and virtual seconds. */
  openedBy: Cost;
  /** Node's time to check every entry's signature, as Journal.open does. */
  checkRealMs: number;
}

/**
 * Measures the record in its sheet, and prices the alternative: each payout's state as a Script
 * Property (Payout ID key, provider, phase, status, provider and batch IDs, reviewed-inputs
 * fingerprint) against the 500 KB store.
 */
function measureRecord(h: Harness): RecordSize {
  const rows = h.emu.sheet("Payout record")?.display().slice(1) ?? [];
  const payouts = new Set(rows.map((row) => row[2]));
  const states = new Map<string, string>();
  for (const [, , id, kind, details] of rows) {
    const data = JSON.parse(details) as Record<string, unknown>;
    const known = JSON.parse(states.get(id) ?? "{}") as Record<string, unknown>;
    const snapshot = (data.snapshot ?? {}) as Record<string, unknown>;
    states.set(
      id,
      JSON.stringify({
        ...known,
        phase: kind,
        ...(data.provider ? { provider: data.provider, inputs: "0123456789abcdef0123" } : {}),
        ...(data.batchId ? { batchId: data.batchId } : {}),
        ...(snapshot.providerId ? { providerId: snapshot.providerId } : {}),
        ...(snapshot.status ? { status: snapshot.status } : {}),
      }),
    );
  }
  const asPropertiesBytes = [...states].reduce(
    (sum, [id, state]) => sum + Buffer.byteLength(id) + Buffer.byteLength(state),
    0,
  );
  const openedBy = cost([mustRun(h, "validatePayouts")]);
  const sign = macWithKey(h.emu.properties.get("RECORD_KEY") ?? "");
  const began = process.hrtime.bigint();
  for (const row of rows) sign(row.slice(0, 5).join("\n"));
  const checkRealMs = Number((process.hrtime.bigint() - began) / 1_000_000n);
  return {
    payouts: payouts.size,
    entries: rows.length,
    cells: rows.length * 6,
    characters: rows.reduce((sum, row) => sum + row.join("").length, 0),
    asPropertiesBytes,
    propertiesLimitBytes: 500 * 1024,
    openedBy,
    checkRealMs,
  };
}

export function measureScale(rows: number): ScaleResult {
  const began = Date.now();
  const coingateRows = Math.round(rows / 6);
  const gatepayRows = rows - coingateRows;
  const h = sandboxHarness();
  const wire = tapWire(h);
  const throttled = () => wire.splice(0).filter((w) => w.status === 429).length;
  loadIntoSheet(h, generatedFile(gatepayRows, coingateRows));
  const validate = cost([mustRun(h, "validatePayouts")]);
  // Again, nothing new: what a person pressing Validate twice costs.
  const revalidate = cost([mustRun(h, "validatePayouts")]);
  throttled();
  const submitted = submitToTheEnd(h);
  const submit = { ...cost(submitted.executions, submitted.span), tooManyRequests: throttled() };

  // One callback each, on the full sheet: a CoinGate payout completed (confirmed by one API
  // lookup), a GatePay batch moving to PROCESSING (one body naming up to 100 payouts).
  h.dropCallbacks();
  const send = h.coingate.ledger()[0];
  let coingate = cost([]);
  if (send) {
    h.coingate.advance(send.id, "completed");
    coingate = cost(h.deliverCallbacks());
  }
  const batch = h.gatepay.ledger()[0]?.batchId;
  let gatepayBatch = cost([]);
  if (batch) {
    h.gatepay.advance(batch, "PROCESSING");
    gatepayBatch = cost(h.deliverCallbacks());
  }

  // Everything paid at the providers, the callbacks lost: the refresh polls every open row.
  h.gatepay.settleAll();
  h.coingate.settleAll();
  h.dropCallbacks();
  throttled();
  const refreshStart = h.emu.clock.now();
  const refreshes: Execution[] = [];
  for (let guard = 0; guard < 200; guard++) {
    const execution = mustRun(h, "refreshPayouts");
    refreshes.push(execution);
    if ((execution.value as { open?: number }).open === 0) break;
    h.emu.clock.advance(60_000);
  }
  const refresh = {
    ...cost(refreshes, h.emu.clock.now() - refreshStart),
    tooManyRequests: throttled(),
  };
  const record = measureRecord(h);
  return {
    rows,
    gatepayRows,
    coingateRows,
    validate,
    revalidate,
    submit,
    refresh,
    callback: { coingate, gatepayBatch },
    record,
    realSeconds: round((Date.now() - began) / 1000),
  };
}

export interface PendingRefreshResult {
  rows: number;
  /** The provider still says pending: polled, nothing changes. */
  unchanged: Cost;
  /** The provider paid them all: every row changes (record, Audit log and links written). */
  completing: Cost;
  /** Of those, the calls that grew the record's and the Audit log's sheets by a thousand rows. */
  growthCalls: number;
}

/** A refresh of `rows` pending GatePay payouts, their callbacks lost (issue 12's target). */
export function measureGatePayRefresh(rows: number): PendingRefreshResult {
  const h = sandboxHarness();
  loadIntoSheet(h, generatedFile(rows, 0));
  mustRun(h, "validatePayouts");
  submitToTheEnd(h);
  h.dropCallbacks();
  const unchanged = cost([mustRun(h, "refreshPayouts")]);
  h.gatepay.settleAll();
  h.dropCallbacks();
  const run = mustRun(h, "refreshPayouts");
  // Each growth: the sheet's size, the rows inserted, formatted as plain text (3 calls).
  const growthCalls = 3 * (run.meter.calls["Sheet.insertRowsAfter"] ?? 0);
  return { rows, unchanged, completing: cost([run]), growthCalls };
}

// ---- the naive baseline ------------------------------------------------------------------------

/**
 * A typical hand-written Apps Script, run in the same emulator: every cell read with
 * getRange(r, c).getValue() and written with setValue, one UrlFetchApp.fetch per row to a stub
 * endpoint (no provider logic: only the cost of the calls is modelled). It keeps a row cursor in
 * a Script Property and stops after 5 minutes, so that it can be re-run to the end; a script
 * without that would simply die at the 6-minute limit.
 */
export const NAIVE_SCRIPT = `
var BUDGET_MS = 5 * 60 * 1000;
function loop_(name, perRow) {
  var props = PropertiesService.getScriptProperties();
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName("Payouts");
  var last = sheet.getLastRow();
  var started = Date.now();
  var row = Number(props.getProperty(name) || 2);
  for (; row <= last; row++) {
    if (Date.now() - started > BUDGET_MS) { props.setProperty(name, String(row)); return { done: false }; }
    perRow(sheet, row);
  }
  props.deleteProperty(name);
  return { done: true };
}
function readRow_(sheet, row) {
  var values = [];
  for (var c = 1; c <= 14; c++) values.push(sheet.getRange(row, c).getValue());
  return values;
}
function naiveValidate() {
  return loop_("validate", function (sheet, row) {
    var v = readRow_(sheet, row);
    var ok = v[0] !== "" && v[8] !== "" && Number(v[10]) > 0;
    sheet.getRange(row, 15).setValue(ok ? "VALID" : "INVALID");
    sheet.getRange(row, 16).setValue(ok ? "" : "Missing data");
  });
}
function naiveSubmit() {
  return loop_("submit", function (sheet, row) {
    var v = readRow_(sheet, row);
    var response = UrlFetchApp.fetch("https://naive.example/payouts", {
      method: "post", contentType: "application/json", muteHttpExceptions: true,
      payload: JSON.stringify({ to: v[8], amount: String(v[10]), currency: v[6], network: v[7] })
    });
    var body = JSON.parse(response.getContentText());
    sheet.getRange(row, 15).setValue("PENDING");
    sheet.getRange(row, 17).setValue(body.id);
    sheet.getRange(row, 18).setValue(new Date().toISOString());
  });
}
function naiveRefresh() {
  return loop_("refresh", function (sheet, row) {
    var status = sheet.getRange(row, 15).getValue();
    var id = sheet.getRange(row, 17).getValue();
    if (status !== "PENDING") return;
    var body = JSON.parse(UrlFetchApp.fetch("https://naive.example/payouts/" + id).getContentText());
    sheet.getRange(row, 15).setValue(body.status);
    sheet.getRange(row, 18).setValue(new Date().toISOString());
  });
}
`;

export interface NaiveResult {
  validate: Cost;
  submit: Cost;
  refresh: Cost;
  realSeconds: number;
}

export function measureNaive(rows: number): NaiveResult {
  const began = Date.now();
  const emu = new Emulator({ code: NAIVE_SCRIPT });
  let next = 1;
  emu.route("naive.example", (request) => ({
    status: 200,
    body: JSON.stringify(
      request.method === "POST" ? { id: String(next++) } : { status: "COMPLETED" },
    ),
  }));
  const file = generatedFile(rows - Math.round(rows / 6), Math.round(rows / 6));
  emu.typeInto("Payouts", 1, 1, [HEADERS]);
  emu.typeInto("Payouts", 2, 1, file.records);
  const toTheEnd = (name: string): Cost => {
    const executions: Execution[] = [];
    const start = emu.clock.now();
    for (let guard = 0; guard < 500; guard++) {
      const execution = emu.run(name, [], { context: "trigger" });
      if (execution.error) throw new Error(`${name}: ${execution.error.message}`);
      executions.push(execution);
      if ((execution.value as { done: boolean }).done) break;
      emu.clock.advance(60_000);
    }
    return cost(executions, emu.clock.now() - start);
  };
  return {
    validate: toTheEnd("naiveValidate"),
    submit: toTheEnd("naiveSubmit"),
    refresh: toTheEnd("naiveRefresh"),
    realSeconds: round((Date.now() - began) / 1000),
  };
}

// ---- the mixed submission ---------------------------------------------------------------------

export interface MixedResult {
  gatepayRows: number;
  coingateRows: number;
  submit: Cost;
  gatepay: { batches: number; createRequests: number; createsPerBatch: number };
  coingate: {
    requests: number;
    busiestMinute: number;
    averagePerMinute: number;
    tooManyRequests: number;
    limitPerMinute: number;
  };
  realSeconds: number;
}

export function measureMixed(gatepayRows: number, coingateRows: number): MixedResult {
  const began = Date.now();
  const h = sandboxHarness();
  const wire = tapWire(h);
  loadIntoSheet(h, generatedFile(gatepayRows, coingateRows));
  mustRun(h, "validatePayouts");
  wire.length = 0;
  const submitted = submitToTheEnd(h);
  const batches = new Set(h.gatepay.ledger().map((s) => s.batchId)).size;
  const creates = wire.filter(
    (w) => w.host === GATEPAY_HOST && w.method === "POST" && w.path === "/v1/pay/withdraw",
  ).length;
  const coingate = wire.filter((w) => w.host.includes("coingate"));
  let busiest = 0;
  for (let i = 0, j = 0; j < coingate.length; j++) {
    while (coingate[j].at - coingate[i].at >= 60_000) i++;
    busiest = Math.max(busiest, j - i + 1);
  }
  const spanMinutes =
    coingate.length > 1 ? (coingate[coingate.length - 1].at - coingate[0].at) / 60_000 : 0;
  return {
    gatepayRows,
    coingateRows,
    submit: cost(submitted.executions, submitted.span),
    gatepay: {
      batches,
      createRequests: creates,
      createsPerBatch: batches ? round(creates / batches) : 0,
    },
    coingate: {
      requests: coingate.length,
      busiestMinute: busiest,
      averagePerMinute: spanMinutes > 0 ? round(coingate.length / spanMinutes) : coingate.length,
      tooManyRequests: coingate.filter((w) => w.status === 429).length,
      limitPerMinute: 200,
    },
    realSeconds: round((Date.now() - began) / 1000),
  };
}

// ---- the audit log's check --------------------------------------------------------------------

export interface AuditVerifyResult {
  entries: number;
  /** verifyAuditLog on the untouched log: its cost, and node's time for the whole execution. */
  verify: Cost;
  realMs: number;
  /** The same log with one cell changed half-way: found at that entry. */
  tamperedFoundAt: number | undefined;
  realSeconds: number;
}

/**
 * verifyAuditLog over a log of `entries` entries: setup writes the first, the rest are chained
 * after it here (with the add-on's own chain code) and typed in as text, and the count and head
 * set as the add-on would have left them.
 */
export function measureAuditVerify(entries: number): AuditVerifyResult {
  const began = Date.now();
  const emu = new Emulator();
  emu.run("setupPayoutsSheet");
  const stored = {
    entries: Number(emu.properties.get("AUDIT_ENTRIES")),
    hash: emu.properties.get("AUDIT_HEAD") ?? "",
  };
  const drafts = Array.from({ length: entries - stored.entries }, (_, i) => [
    new Date(emu.clock.now() + i * 1000).toISOString(),
    "owner@example.com (trigger)",
    `P20260105_${i.toString(16).padStart(16, "0")}`,
    i % 3 ? "Status changed" : "Request sent",
    i % 3 ? "PROCESSING → COMPLETED" : "QUEUED → SUBMITTING",
    JSON.stringify({
      source: "poll",
      providerStatus: "DONE",
      providerId: String(268830764354776815n + BigInt(i)),
      fee: "1",
      feeCurrency: "USDT",
      sentAmount: "26",
      doneAmount: "25",
    }),
  ]);
  const { rows, head } = chainEntries(stored, drafts);
  // Typed in as text: the first rows are plain text already (as setup made them), and none of
  // these cells is one Sheets would retype (the verification below would say so).
  emu.typeInto("Audit log", stored.entries + 2, 1, rows);
  emu.properties.set("AUDIT_ENTRIES", String(head.entries));
  emu.properties.set("AUDIT_HEAD", head.hash);
  emu.properties.set("AUDIT_WRITING", `${head.entries} ${head.hash} 0`);
  const start = Date.now();
  const run = emu.run("verifyAuditLog");
  const realMs = Date.now() - start;
  if (run.error) throw new Error(`verifyAuditLog: ${run.error.message}`);
  if (!(run.value as { ok?: boolean }).ok) throw new Error(JSON.stringify(run.value));
  const half = Math.floor(entries / 2);
  emu.typeInto("Audit log", half + 1, 6, [["PROCESSING → CANCELED"]]);
  const tampered = emu.run("verifyAuditLog").value as { firstBadEntry?: number };
  return {
    entries,
    verify: cost([run]),
    realMs,
    tamperedFoundAt: tampered.firstBadEntry,
    realSeconds: round((Date.now() - began) / 1000),
  };
}

// ---- output -----------------------------------------------------------------------------------

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => (row[c] ?? "").length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  return [
    line(rows[0]),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.slice(1).map(line),
  ].join("\n");
}

const n = (value: number) => value.toLocaleString("en-US");
const ratio = (naive: number, addOn: number) =>
  addOn === 0 || naive === 0 ? "-" : `${round(naive / addOn)}×`;

function costRow(label: string, c: Cost): string[] {
  return [
    label,
    n(c.executions),
    n(c.spreadsheetCalls),
    n(c.fetches),
    n(c.seconds),
    c.spanSeconds !== undefined ? n(c.spanSeconds) : "",
    c.tooManyRequests !== undefined ? n(c.tooManyRequests) : "",
  ];
}

function main(argv: string[]): number {
  const quick = argv.includes("--quick");
  const maxIndex = argv.indexOf("--max-rows");
  const maxRows = maxIndex >= 0 ? Number(argv[maxIndex + 1]) : quick ? 1000 : 10_000;
  if (!Number.isFinite(maxRows) || maxRows < 1) {
    process.stderr.write("--max-rows needs a positive number\n");
    return 1;
  }
  const sizes = [100, 1000, 10_000].filter((size) => size <= maxRows);
  const restore = seedUuids(1);
  const results: { scale: ScaleResult; naive: NaiveResult }[] = [];
  try {
    for (const size of sizes) {
      process.stderr.write(`bench: ${n(size)} rows (add-on)...`);
      const scale = measureScale(size);
      process.stderr.write(` ${scale.realSeconds} s; naive baseline...`);
      const naive = measureNaive(size);
      process.stderr.write(` ${naive.realSeconds} s\n`);
      results.push({ scale, naive });
    }
    process.stderr.write("bench: mixed submission 1,000 GatePay + 200 CoinGate...");
    const mixed = measureMixed(1000, 200);
    process.stderr.write(` ${mixed.realSeconds} s\n`);
    process.stderr.write("bench: refresh of 1,000 pending GatePay rows...");
    const pending = measureGatePayRefresh(1000);
    process.stderr.write(" done\n");
    const controls: ControlsResult[] = [];
    for (const known of [1000, 10_000].filter((size) => size <= maxRows)) {
      process.stderr.write(`bench: controls against ${n(known)} paid addresses...`);
      controls.push(measureControls(known));
      process.stderr.write(` ${controls[controls.length - 1].realSeconds} s\n`);
    }
    process.stderr.write(`bench: verifying an audit log of ${n(AUDIT_ENTRIES)} entries...`);
    const audit = measureAuditVerify(AUDIT_ENTRIES);
    process.stderr.write(` ${audit.realSeconds} s\n`);

    const out: string[] = [];
    out.push(
      "",
      "Add-on vs a naive script, per step, to the end (all executions); virtual seconds from the emulator's cost model",
      "(rows: 5/6 GatePay, 1/6 CoinGate, every payee new; callbacks lost, so the refresh polls every row)",
    );
    for (const { scale, naive } of results) {
      out.push(
        "",
        `${n(scale.rows)} rows (${n(scale.gatepayRows)} GatePay, ${n(scale.coingateRows)} CoinGate)`,
        "",
      );
      out.push(
        table([
          ["step", "executions", "sheet calls", "fetches", "busy s", "span s", "429s"],
          ...(["validate", "submit", "refresh"] as const).flatMap((step) => [
            costRow(`${step}: add-on`, scale[step]),
            costRow(`${step}: naive`, naive[step]),
            [
              "  naive / add-on",
              ratio(naive[step].executions, scale[step].executions),
              ratio(naive[step].spreadsheetCalls, scale[step].spreadsheetCalls),
              ratio(naive[step].fetches, scale[step].fetches),
              ratio(naive[step].seconds, scale[step].seconds),
              "",
            ],
          ]),
          costRow("1 callback: CoinGate completed", scale.callback.coingate),
          costRow("1 callback: GatePay batch", scale.callback.gatepayBatch),
        ]),
      );
      out.push(`  real time: add-on ${scale.realSeconds} s, naive ${naive.realSeconds} s`);
      const r = scale.record;
      out.push(
        `  record: ${n(r.payouts)} payouts in ${n(r.entries)} entries (${n(r.cells)} cells, ${n(r.characters)} characters); ` +
          `a run opening it: ${r.openedBy.spreadsheetCalls} sheet calls, ${r.openedBy.seconds} virtual s; signatures checked in ${r.checkRealMs} ms (node)`,
        `  the same states as Script Properties: ${n(r.asPropertiesBytes)} bytes of the ${n(r.propertiesLimitBytes)} the store holds (${Math.round((100 * r.asPropertiesBytes) / r.propertiesLimitBytes)} %)`,
      );
    }
    out.push(
      "",
      `Mixed submission: ${n(mixed.gatepayRows)} GatePay + ${n(mixed.coingateRows)} CoinGate rows`,
      `  executions ${mixed.submit.executions} (submitPayouts + continueSubmission), span ${n(mixed.submit.spanSeconds ?? 0)} virtual s, busy ${n(mixed.submit.seconds)} s`,
      `  spreadsheet calls per execution: ${(mixed.submit.perExecution ?? []).join(", ")}`,
      `  fetches ${n(mixed.submit.fetches)}`,
      `  GatePay: ${mixed.gatepay.batches} batches, ${mixed.gatepay.createRequests} create requests (${mixed.gatepay.createsPerBatch} per batch)`,
      `  CoinGate: ${mixed.coingate.requests} requests, busiest minute ${mixed.coingate.busiestMinute} (limit ${mixed.coingate.limitPerMinute}), average ${mixed.coingate.averagePerMinute}/virtual min, ${mixed.coingate.tooManyRequests} answered 429`,
      "",
      "Targets (sheet calls per execution)",
      ...results.map(
        ({ scale }) =>
          `  validate, ${n(scale.rows)} rows: ${scale.validate.spreadsheetCalls} the first time (every row new: who prepared it is written to the record and the Audit log), ${scale.revalidate.spreadsheetCalls} again (target <= 15)`,
      ),
      ...results
        .slice(-1)
        .map(
          ({ scale }) =>
            `  doPost on a ${n(scale.rows)}-row sheet: ${Math.max(scale.callback.coingate.spreadsheetCalls, scale.callback.gatepayBatch.spreadsheetCalls)} (CoinGate payout completed ${scale.callback.coingate.spreadsheetCalls}, GatePay batch ${scale.callback.gatepayBatch.spreadsheetCalls}; target <= 8)`,
        ),
      `  refresh of ${n(pending.rows)} pending GatePay rows: ${pending.unchanged.spreadsheetCalls} when nothing changed, ${pending.completing.spreadsheetCalls} when all completed, ${pending.growthCalls} of them growing the record's and the Audit log's sheets by a thousand rows (target <= 30)`,
      "",
      "Controls: validating 1,000 new rows (half to addresses paid before) with LIMIT_PER_DAY and NEW_ADDRESS_COOLOFF_HOURS on",
      ...controls.map(
        (c) =>
          `  against ${n(c.knownAddresses)} paid addresses: ${c.spreadsheetCalls} sheet calls, ${c.virtualSeconds} virtual s, ${n(c.realMs)} ms real (node, whole execution); ${c.firstPaymentWarnings} first-payment warnings, ${c.waiting} rows held by the cool-off`,
      ),
      "",
      `Audit log: verifyAuditLog over ${n(audit.entries)} hash-chained entries (one execution)`,
      `  ${audit.verify.spreadsheetCalls} spreadsheet calls, ${audit.verify.seconds} virtual s, ${n(audit.realMs)} ms real (node, whole execution)`,
      `  one cell changed at entry ${n(Math.floor(audit.entries / 2))}: found at entry ${audit.tamperedFoundAt === undefined ? "?" : n(audit.tamperedFoundAt)}`,
      "",
      "The naive baseline is an emulated model: a ~50-line script (bench.ts NAIVE_SCRIPT) with a getRange(r,c).getValue()",
      "per cell, a setValue per output cell and one UrlFetchApp.fetch per row to a stub endpoint, in the same emulator",
      "and cost model. It does no real validation, signing or provider logic; it measures only the call pattern.",
    );
    process.stdout.write(`${out.join("\n")}\n`);
    const dir = join(PROJECT_ROOT, "out");
    mkdirSync(dir, { recursive: true });
    const json = join(dir, "bench.json");
    writeFileSync(
      json,
      `${JSON.stringify({ generatedAt: new Date().toISOString(), costModel: "test/emulator/costs.ts", scales: results, mixed, pending, controls, audit }, null, 2)}\n`,
    );
    process.stdout.write(`\nWritten: out/bench.json\n`);
    return 0;
  } finally {
    restore();
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
