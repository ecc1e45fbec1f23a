/**
 * The sandbox end to end, one file of each kind the issue names: the demo (planned mistakes and
 * failures, labelled); a user's own file (nothing fails unless asked); a European file (`;`,
 * BOM, CRLF, decimal comma, formula-looking cells, callback bodies over Excel's cell limit); a
 * file where every row is invalid; binary files; bad options and folders. The workbook is read
 * back with exceljs cell by cell against the spreadsheet the add-on left.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Big from "big.js";
import type ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";

import {
  cli,
  compareWorkbook,
  exportedRows,
  HEADER,
  payoutsFile,
  phaseCounts,
  readWorkbook,
  removeTempDirs,
  Sink,
  tempDir,
  TRON,
} from "./check-export";
import { main, parseArgs, report } from "./cli";
import { recordingProgress, streamProgress } from "./progress";
import { exportWorkbook } from "./export";
import {
  PROJECT_ROOT,
  SandboxInputError,
  loadIntoSheet,
  parsePayoutFile,
  runSandbox,
  sandboxHarness,
  verdictOf,
  verifyAudit,
  type SandboxResult,
} from "./sandbox";

afterAll(removeTempDirs);
// A run takes about a second alone, several with the other test files on 2 cores.
jest.setTimeout(30_000);

function expectCountsAddUp(log: string[]): void {
  const lines = log.filter((l) => /^(validate|submit|settle): /.test(l));
  expect(lines).toHaveLength(3);
  for (const line of lines) {
    const [total, parts] = phaseCounts(line.slice(line.indexOf(": ") + 2));
    expect(parts.every(Number.isInteger)).toBe(true);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
  }
}

const csvRows = (path: string) =>
  parse(readFileSync(path), { bom: true, relax_column_count: true }) as string[][];

describe("npm start on the demo CSV", () => {
  let result: SandboxResult;
  let out: string;
  const log: string[] = [];

  beforeAll(async () => {
    out = tempDir();
    result = await runSandbox({ outDir: out, progress: recordingProgress(log) });
  });

  it("ends as planned: exit code 0, with the reason", () => {
    expect(result.open).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.verdict).toBe(
      "Done: 19 of 25 row(s) paid; the other 6 are 4 deliberate mistake(s) of the demo file and 2 simulated fault(s) the sandbox injected, as planned.",
    );
  });

  it("marks exactly the deliberate mistakes INVALID, each with its row number and reason", () => {
    const invalid = result.notPaid.filter((o) => o.status === "INVALID");
    expect(invalid.map((o) => [o.row, o.recipient, o.deliberate])).toEqual([
      [12, "Kofi Mensah", true],
      [13, "Marta Nowak", true],
      [14, "Nils Olsen", true],
      [26, "Lena Fischer", true],
    ]);
    expect(invalid.map((o) => o.reason).join("\n")).toMatch(
      /checksum[^]*7 decimals[^]*destination tag[^]*Tron address/,
    );
    expect(log).toContain(
      "  row 13 INVALID, Marta Nowak: Amount has 7 decimals; USDT on TRX allows 6.",
    );
  });

  it("fails one payout per provider on purpose, labelled simulated wherever shown", () => {
    const failed = result.notPaid.filter((o) => o.status === "FAILED");
    expect(failed.map((o) => o.provider).sort()).toEqual(["CoinGate", "GatePay"]);
    for (const o of failed)
      expect(o.simulated).toMatch(/the demo's one planned failure per provider/);
    const notes = log.filter((l) => / FAILED, /.test(l));
    expect(notes).toHaveLength(2);
    for (const note of notes)
      expect(note).toMatch(
        /^ {2}row \d+ FAILED, .*\(simulated: the sandbox made (GatePay|CoinGate) fail it/,
      );
    expect(result.summary.reduce((n, l) => n + l.simulated, 0)).toBe(2);
    expect(result.rows.filter((r) => r.Status === "COMPLETED")).toHaveLength(19);
    expect(result.callbacks.refused).toBe(0);
  });

  it("warns about the duplicate payment by row, without blocking it", () => {
    expect(result.warnings).toEqual([
      expect.objectContaining({
        row: 15,
        recipient: "Hiro Tanaka",
        warning: expect.stringMatching(/row 9 .*double payment/),
      }),
    ]);
  });

  it("phase lines: every count adds up to its total", () => {
    expectCountsAddUp(log);
    expect(log).toContain("validate: 25 row(s): 21 valid (1 with a warning), 4 invalid");
    expect(log.find((l) => l.startsWith("settle: "))).toMatch(
      /^settle: 21 submitted row\(s\): 19 paid, 2 failed \(2 of them simulated\), 0 still open after 2 round/,
    );
  });

  it("sums exactly what the simulators' ledgers paid", () => {
    expect(result.mismatches).toEqual([]);
    const line = (provider: string, currency: string) =>
      result.summary.find((l) => l.provider === provider && l.currency === currency);
    const done = result.ledgers.gatepay.filter((s) => s.status === "DONE" && s.currency === "USDT");
    expect(line("GatePay", "USDT")?.sent).toEqual({
      USDT: done.reduce((sum, s) => sum.plus(s.subAmount), new Big(0)).toFixed(),
    });
    expect(result.rows.find((r) => r.Recipient === "Sofia Rossi")?.["Done amount"]).toBe("216");
  });

  it("writes a workbook that reads back, cell by cell, as the spreadsheet", async () => {
    const workbook = await readWorkbook(join(out, "sandbox.xlsx"));
    expect(workbook.worksheets.map((ws) => [ws.name, ws.state])).toEqual([
      ["Payouts", "visible"],
      ["Callbacks", "visible"],
      ["Payout record", "hidden"],
      ["Input edits", "hidden"],
      ["Audit log", "visible"],
      ["CoinGate payees", "visible"],
      ["Address book", "visible"],
      ["Reconciliation", "visible"],
      ["Summary", "visible"],
      ["Notes", "visible"],
    ]);
    const { problems, cells } = compareWorkbook(workbook, result.sheets);
    expect(problems).toEqual([]);
    expect(cells).toBeGreaterThan(1000);
    const payouts = workbook.getWorksheet("Payouts") as import("exceljs").Worksheet;
    const headers = (payouts.getRow(1).values as string[]).slice(1);
    const at = (header: string) => headers.indexOf(header) + 1;
    // Amounts are numbers that show the add-on's decimals; times are dates; IDs stay text.
    expect(payouts.getRow(2).getCell(at("Amount")).value).toBe(120.5);
    expect(payouts.getRow(2).getCell(at("Amount")).numFmt).toBe("0.00");
    expect(payouts.getRow(2).getCell(at("Updated at")).value).toBeInstanceOf(Date);
    expect(typeof payouts.getRow(2).getCell(at("Provider ID")).value).toBe("string");
    expect(payouts.getColumn(at("Submitted inputs")).hidden).toBe(true);
    expect(payouts.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(payouts.autoFilter).toBe(`A1:${payouts.getColumn(headers.length).letter}26`);
    for (let c = 1; c <= headers.length; c++)
      expect(payouts.getColumn(c).width).toBeGreaterThanOrEqual(10);
    // The sandbox's own column names the simulated faults, and only those.
    expect(headers[headers.length - 1]).toBe("Sandbox note");
    const marked: string[] = [];
    payouts.getColumn(headers.length).eachCell((cell, row) => {
      if (row === 1 || cell.value === null) return;
      marked.push(String(payouts.getRow(row).getCell(at("Recipient")).value));
      expect(String(cell.value)).toMatch(/^\(simulated: /);
    });
    expect(marked.sort()).toEqual(["Bob Chen", "Tomas Novak"]);
  });

  it("puts Summary's values and units in their own cells, so a column sums", async () => {
    const workbook = await readWorkbook(join(out, "sandbox.xlsx"));
    const summary = workbook.getWorksheet("Summary") as import("exceljs").Worksheet;
    const headers = (summary.getRow(1).values as string[]).slice(1);
    expect(headers).toEqual([
      "Provider",
      "Currency",
      "Rows",
      "Paid",
      "Failed",
      "Rejected",
      "Invalid",
      "Open",
      "Simulated faults",
      "Total sent",
      "Sent currency",
      "Fees",
      "Fee currency",
      "Done",
      "Done currency",
    ]);
    const rows = result.summary.map((_, i) => (summary.getRow(i + 2).values as unknown[]).slice(1));
    result.summary.forEach((line, i) => {
      const [unit, sent] = Object.entries(line.sent)[0];
      expect(rows[i].slice(0, 9)).toEqual([
        line.provider,
        line.currency,
        line.rows,
        line.paid,
        line.failed,
        line.rejected,
        line.invalid,
        line.open,
        line.simulated,
      ]);
      expect(rows[i][9]).toBe(Number(sent));
      expect(rows[i][10]).toBe(unit);
      expect(rows[i][11]).toBe(Number(line.fees[unit]));
      expect(rows[i][13]).toBe(Number(Object.values(line.done)[0]));
    });
    // CoinGate USDT: "2384.61 USDT" before; now 2384.61 and USDT.
    expect(rows[1].slice(9, 11)).toEqual([2384.61, "USDT"]);
  });

  it("writes one CSV per sheet, with a BOM, that reads back to the same cells", () => {
    for (const sheet of result.sheets.filter((s) => s.rows.length > 0 && s.name !== "Callbacks")) {
      const path = join(out, `sandbox-${sheet.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.csv`);
      expect(readFileSync(path).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const back = csvRows(path);
      const rows = exportedRows(sheet, back[0]);
      expect(back.map((row) => row.slice(0, rows[0].length))).toEqual(rows);
    }
    expect(readFileSync(join(out, "sandbox-summary.csv"), "utf8")).toContain(
      "CoinGate,USDT,9,7,1,0,1,0,1,2384.61,USDT,23.61,USDT,2361,USDT\r\n",
    );
  });

  const worksheet = async (name: string) => {
    const workbook = await readWorkbook(join(out, "sandbox.xlsx"));
    const ws = workbook.getWorksheet(name) as ExcelJS.Worksheet;
    const headers = (ws.getRow(1).values as string[]).slice(1);
    const column = (header: string) =>
      Array.from(
        { length: ws.actualRowCount - 1 },
        (_, i) => ws.getRow(i + 2).getCell(headers.indexOf(header) + 1).value,
      );
    return { ws, headers, column };
  };

  it("reconciles: the simulated failures are its FAILED exceptions, and nothing else is", () => {
    const r = result.reconciliation;
    const simulatedFailures = result.notPaid
      .filter((o) => o.simulated && o.status === "FAILED")
      .map((o) => o.payoutId)
      .sort();
    expect(simulatedFailures).toHaveLength(2);
    expect(r.complete).toBe(true);
    expect(r.exceptions.map((e) => e.kind)).toEqual(["FAILED", "FAILED"]);
    expect(r.exceptions.map((e) => e.payoutId).sort()).toEqual(simulatedFailures);
    expect(r.unplanned).toEqual([]);
    // Each EVM payout GatePay's simulator paid was looked up on its simulated chain, and matched.
    const evmPaid = result.ledgers.gatepay.filter(
      (s) => s.status === "DONE" && ["ETH", "BSC"].includes(s.chain),
    );
    expect(evmPaid).toHaveLength(2);
    expect(r.chainChecked).toBe(evmPaid.length);
    expect(r.message).toContain(`${evmPaid.length} checked on chain`);
    expect(r.line).toMatch(
      /^Reconciliation \(reconcilePayouts\): complete; 2 payout\(s\) checked on chain \(the sandbox's EVM nodes\), 4 not checked \(CoinGate pays on a test network\); 2 exception\(s\): 2 FAILED, all of them the sandbox's \(simulated\) failures, as expected\.\n {2}Totals: CoinGate BTC 2 of 2 paid \(0\.0071 BTC to the payees\); CoinGate USDT 7 of 8 paid/,
    );
    // Results on stdout, progress on stderr.
    expect(report(result)).toContain(r.line);
    expect(log.find((l) => l.startsWith("reconcile: "))).toMatch(
      /^reconcile: complete in 1 execution\(s\): 2 exception\(s\) \(2 FAILED\); 2 payout\(s\) checked/,
    );
  });

  it("writes the Reconciliation as one table: frozen header, filter, amounts as numbers", async () => {
    const { ws, headers, column } = await worksheet("Reconciliation");
    const r = result.reconciliation;
    expect(headers).toEqual([
      "Line",
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
      "Payout ID",
      "Record says",
      "Provider says",
      "Explanation",
    ]);
    // A header, the status line, the totals, the exceptions.
    expect(ws.actualRowCount).toBe(2 + r.totals.length + r.exceptions.length);
    const lines = column("Line");
    expect(lines[0]).toBe("Status");
    expect(String(column("Explanation")[0])).toMatch(/^complete: Reconciled 21 payout\(s\)/);
    expect(lines.filter((l) => l === "Totals")).toHaveLength(r.totals.length);
    const failed = lines.flatMap((l, i) => (l === "FAILED" ? [column("Payout ID")[i]] : []));
    expect(failed.sort()).toEqual(r.exceptions.map((e) => e.payoutId).sort());
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.autoFilter).toBe(`A1:O${ws.actualRowCount}`);
    for (let c = 1; c <= headers.length; c++)
      expect(ws.getColumn(c).width).toBeGreaterThanOrEqual(10);
    const usdt = lines.findIndex(
      (l, i) =>
        l === "Totals" && column("Provider")[i] === "CoinGate" && column("Currency")[i] === "USDT",
    );
    expect([column("Rows")[usdt], column("Sent")[usdt], column("Fees")[usdt]]).toEqual([
      8, 2384.61, 23.61,
    ]);
    const csv = csvRows(join(out, "sandbox-reconciliation.csv"));
    expect(readFileSync(join(out, "sandbox-reconciliation.csv")).subarray(0, 3)).toEqual(
      Buffer.from([0xef, 0xbb, 0xbf]),
    );
    expect(csv).toHaveLength(ws.actualRowCount);
    expect(csv[0]).toEqual(headers);
  });

  it("verifies the Audit log, then exports every entry it verified", async () => {
    const a = result.audit;
    expect(a.ok).toBe(true);
    expect(a.entries).toBeGreaterThan(100);
    expect(a.line).toBe(
      `Audit log: ${a.entries.toLocaleString("en-US")} entries, chain verified, latest hash ${a.head?.slice(0, 12)}…`,
    );
    expect(report(result)).toContain(`\n${a.line}\n`);
    expect(log).toContain(`audit: ${a.line.replace("Audit log: ", "")}`);
    const { ws, headers, column } = await worksheet("Audit log");
    expect(headers).toEqual([
      "Entry",
      "Time",
      "User",
      "Payout ID",
      "Action",
      "Outcome",
      "Details",
      "Hash",
    ]);
    expect(ws.actualRowCount - 1).toBe(a.entries);
    expect(column("Entry")).toEqual(Array.from({ length: a.entries }, (_, i) => i + 1));
    expect(column("Hash")[a.entries - 1]).toBe(a.head);
    // The reconciliation is audited too, and verified with the rest.
    expect(column("Action")).toContain("Reconcile");
    expect(csvRows(join(out, "sandbox-audit-log.csv"))).toHaveLength(a.entries + 1);
  });

  it("puts both verdicts below Summary's table, in the workbook and the CSV", async () => {
    const { ws } = await worksheet("Summary");
    const last = Number(/\d+$/.exec(String(ws.autoFilter))?.[0]);
    const below = Array.from({ length: 4 }, (_, i) => ws.getRow(last + 2 + i).getCell(1).value);
    const [reconciliation, totals] = result.reconciliation.line.split("\n").map((l) => l.trim());
    expect(below).toEqual([reconciliation, totals, result.audit.line, null]);
    const csv = csvRows(join(out, "sandbox-summary.csv"));
    expect(csv.slice(-3).map((row) => row[0])).toEqual([reconciliation, totals, result.audit.line]);
  });
});

describe("the checks after the rounds, at the function level", () => {
  it("a changed Audit log cell fails verification, naming the entry, and the run (exit 1)", async () => {
    const h = sandboxHarness();
    loadIntoSheet(
      h,
      parsePayoutFile(
        `${HEADER}\nGatePay,Ann,USDT,TRC20,${TRON},5\nGatePay,Bo,USDT,TRC20,${TRON},6\n`,
        "x.csv",
      ),
    );
    h.run("validatePayouts");
    h.run("submitPayouts");
    const clean = verifyAudit(h);
    expect(clean).toMatchObject({ ok: true });
    expect(clean.entries).toBeGreaterThan(2);
    const { ok: cleanOk } = verdictOf(2, 2, [], [], [], { audit: clean });
    expect(cleanOk).toBe(true);
    // Someone edits entry 2's Outcome (row 3) in the spreadsheet.
    const formula = '=HYPERLINK("http://evil.example","click")';
    h.emu.typeInto("Audit log", 3, 6, [[formula]]);
    const audit = verifyAudit(h);
    expect(audit).toMatchObject({ ok: false, entries: 1, firstBadEntry: 2, firstBadRow: 3 });
    expect(audit.line).toMatch(
      /^Audit log: NOT verified: entry 2 \(row 3\) is the first bad entry; /,
    );
    const { ok, verdict } = verdictOf(2, 2, [], [], [], { audit });
    expect(ok).toBe(false);
    expect(verdict).toMatch(/^NOT DONE: the Audit log did not verify: .*entry 2 \(row 3\)/);

    // The export neutralises formula-looking cells of both sheets in the CSVs.
    h.run("reconcilePayouts");
    const rows = h.emu.sheet("Reconciliation")?.display() ?? [];
    const at = rows.findIndex((row) => row[0] === "Exception");
    h.emu.typeInto("Reconciliation", at + 2, 1, [
      ["FAILED", "P1", "GatePay", "-5 USDT", "@SUM(1)", "+cmd|' /C calc'!A0"],
    ]);
    const dir = tempDir();
    await exportWorkbook({ h, summary: [], sandboxNotes: new Map(), outDir: dir });
    expect(csvRows(join(dir, "sandbox-audit-log.csv")).flat()).toContain(`'${formula}`);
    const reconciliation = csvRows(join(dir, "sandbox-reconciliation.csv"));
    expect(reconciliation[reconciliation.length - 1].filter(Boolean)).toEqual([
      "FAILED",
      "GatePay",
      "P1",
      "'-5 USDT",
      "'@SUM(1)",
      "'+cmd|' /C calc'!A0",
    ]);
  });
});

describe("harder runs", () => {
  it("--crash: labelled simulated; the killed submission is found at the provider, nothing sent twice", async () => {
    const log: string[] = [];
    const result = await runSandbox({
      outDir: null,
      crash: true,
      progress: recordingProgress(log),
    });
    expect(result.ok).toBe(true);
    expect(result.executions.some((e) => e.killed && e.functionName === "submitPayouts")).toBe(
      true,
    );
    expect(result.notes.join(" ")).toMatch(/\(simulated\) crash: \d+ row\(s\) left SUBMITTING/);
    expect(log.join("\n")).toMatch(/\(simulated\) --crash: submitPayouts was killed/);
    expect(log.join("\n")).toMatch(/interrupted submission\(s\) found at the provider/);
    const ids = [
      ...result.ledgers.gatepay.map((s) => s.merchantWithdrawId),
      ...result.ledgers.coingate.map((s) => s.externalId),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(21);
    expectCountsAddUp(log);
  });

  it("--slow-callbacks: polling alone finishes every row, the loss labelled simulated", async () => {
    const log: string[] = [];
    const result = await runSandbox({
      outDir: null,
      slowCallbacks: true,
      progress: recordingProgress(log),
    });
    expect(result.callbacks.delivered).toBe(0);
    expect(result.callbacks.dropped).toBeGreaterThan(0);
    expect(result.ok).toBe(true);
    expect(log.find((l) => l.startsWith("settle: "))).toMatch(/callback\(s\) lost \(simulated\)/);
  });

  it("--low-balance: names USDT; GatePay's refused batch ends REJECTED, labelled simulated", async () => {
    const log: string[] = [];
    const result = await runSandbox({
      outDir: null,
      lowBalance: true,
      progress: recordingProgress(log),
    });
    expect(log.join("\n")).toMatch(
      /\(simulated\) --low-balance: GatePay's USDT balance is 50 USDT/,
    );
    const gatepay = result.notPaid.filter(
      (o) => o.provider === "GatePay" && o.status !== "INVALID",
    );
    expect(gatepay.map((o) => o.status)).toEqual(new Array(11).fill("REJECTED"));
    expect(gatepay[0].reason).toMatch(/balance/);
    expect(
      gatepay.every((o) => o.simulated === "--low-balance set GatePay's USDT balance to 50 USDT"),
    ).toBe(true);
    expect(log.filter((l) => / REJECTED, .*\(simulated: --low-balance/.test(l))).toHaveLength(11);
    expect(result.ledgers.gatepay).toEqual([]);
    expect(log.find((l) => l.startsWith("submit: "))).toMatch(
      /^submit: 21 valid row\(s\): 10 created at the provider, 11 refused by the provider \(REJECTED\), 0 still waiting/,
    );
    expectCountsAddUp(log);
    expect(result.ok).toBe(true);
  });

  it("valid rows left unsent are counted in the submit line and named with the reason", async () => {
    // GatePay without its secret: submitPayouts sends CoinGate's rows and leaves GatePay's VALID.
    const log: string[] = [];
    const result = await runSandbox({
      outDir: null,
      properties: { GATEPAY_API_SECRET: "" },
      progress: recordingProgress(log),
    });
    expect(log.find((l) => l.startsWith("submit: "))).toMatch(
      /^submit: 21 valid row\(s\): 10 created at the provider, 0 refused by the provider \(REJECTED\), 0 still waiting \(QUEUED or SUBMITTING\), 11 not sent;/,
    );
    expectCountsAddUp(log);
    const unsent = log.filter((l) => / not sent \(VALID\), /.test(l));
    expect(unsent).toHaveLength(11);
    expect(unsent[0]).toMatch(
      /^ {2}row 2 not sent \(VALID\), Alice Martin: GatePay is not configured/,
    );
    expect(result.exitCode).toBe(1);
    expect(result.verdict).toMatch(
      /^NOT DONE: 11 row\(s\) need a person: row 2 not sent, row 3 not sent,/,
    );
  });

  it("--fail-rate and --seed: the share failed is exact and the run repeats", async () => {
    const a = await runSandbox({ outDir: null, failRate: 0.5, seed: 7 });
    const b = await runSandbox({ outDir: null, failRate: 0.5, seed: 7 });
    const failed = a.notPaid.filter((o) => o.status === "FAILED");
    expect(failed).toHaveLength(Math.round(0.5 * 21));
    expect(
      failed.every(
        (o) => o.simulated === "the sandbox made " + o.provider + " fail it, --fail-rate 0.5",
      ),
    ).toBe(true);
    expect(b.rows).toEqual(a.rows);
  });
});

describe("a user's own file", () => {
  const good = () =>
    payoutsFile(
      "mine.csv",
      `Recipient,Provider,Currency,Network,Address,Amount,Recipient type,Email,Country,Purpose,Team\r\n` +
        `Ann,GatePay,USDT,TRC20,${TRON},12.5,,,,,Ops\r\n` +
        `Ben,GatePay,USDT,TRC20,${TRON},20,,,,,Ops\r\n` +
        `Cleo,GatePay,USDC,ERC20,0x955aD34Cb44506514CA688Ba0Be280e4Eb55e217,30,,,,,Ops\r\n` +
        `Dan Brown,CoinGate,USDT,tron,TKSqrC4gFMZtztVvRDcxQhZ6Nw2Q9Wc3WT,40,person,dan@example.com,LT,Design,Ops\r\n` +
        `Eva Green,CoinGate,USDT,tron,TKSqrC4gFMZtztVvRDcxQhZ6Nw2Q9Wc3WT,50,person,eva@example.com,LT,Design,Ops\r\n`,
    );

  it("fails nothing unless asked, and says nothing is simulated", async () => {
    const out = tempDir();
    const run = await cli(good(), "--out", out);
    expect(run.stderr).not.toMatch(/error|simulated/i);
    expect(run.stdout).not.toMatch(/simulated/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\nDone: all 5 row\(s\) paid\.\n$/);
    expect(run.stdout).toMatch(
      /GatePay\s+USDT\s+2\s+2\s+0\s+0\s+0\s+0\s+34\.5 USDT\s+2 USDT\s+32\.5 USDT/,
    );
    const csv = csvRows(join(out, "sandbox-payouts.csv"));
    expect(csv[0].slice(0, 11)).toEqual([
      "Recipient",
      "Provider",
      "Currency",
      "Network",
      "Address",
      "Amount",
      "Recipient type",
      "Email",
      "Country",
      "Purpose",
      "Team",
    ]);
    expect(csv[0]).not.toContain("Sandbox note");
  });

  it("with --fail-rate: the failures are simulated and say so, in the report and the files", async () => {
    const out = tempDir();
    const run = await cli(good(), "--out", out, "--fail-rate", "0.4", "--seed", "3");
    const failedLines = run.stdout.split("\n").filter((l) => /^\s*\d+\s+FAILED/.test(l));
    expect(failedLines).toHaveLength(2);
    for (const line of failedLines)
      expect(line).toMatch(/\(simulated: the sandbox made \w+ fail it, --fail-rate 0\.4\)/);
    expect(run.stderr).toMatch(
      /settle +5 submitted row\(s\): 3 paid, 2 failed \(2 of them simulated\)/,
    );
    const csv = csvRows(join(out, "sandbox-payouts.csv"));
    const note = csv[0].indexOf("Sandbox note");
    expect(
      csv
        .slice(1)
        .filter((row) => row[note] !== "")
        .map((row) => row[csv[0].indexOf("Status")]),
    ).toEqual(["FAILED", "FAILED"]);
    // Planned by the options: the run did what was asked.
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Done: 3 of 5 row\(s\) paid; the other 2 are 2 simulated fault\(s\) the sandbox injected, as planned\./,
    );
  });

  it("exits 1 when every row is INVALID: nothing paid, each row's reason by row number", async () => {
    const file = payoutsFile(
      "all-bad.csv",
      `${HEADER}\nGatePay,Ann,USDT,TRC20,nope,5\nGatePay,Ben,USDT,TRC20,${TRON},-3\n\nGatePay,"Cleo\nDe Wit",USDT,TRC20,${TRON},abc\n`,
    );
    const out = tempDir();
    const run = await cli(file, "--out", out, "--log", join(out, "run.log"));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /\nNOT DONE: nothing was paid \(0 of 3 row\(s\)\); 3 row\(s\) need a person: row 2 INVALID, row 3 INVALID, row 4 INVALID\.\n$/,
    );
    // The reasons are in the report on stdout, not only in the progress.
    expect(run.stdout).toMatch(/^\s+2\s+INVALID\s+Ann\s+.*Address is not a valid Tron address/m);
    expect(run.stdout).toMatch(/^\s+3\s+INVALID\s+Ben\s+.*negative/m);
    expect(run.stdout).toMatch(/^\s+4\s+INVALID\s+Cleo⏎De Wit\s+/m);
    expect(run.stdout).toContain("(Rows and file lines differ: row 4 = line 5.)");
    // Progress went to the log file; stderr carries only the verdict.
    expect(run.stderr).toBe(run.stdout.trim().split("\n").pop() + "\n");
    const log = readFileSync(join(out, "run.log"), "utf8");
    expect(log).toMatch(/^validate {3}3 row\(s\): 3 invalid/m);
    expect(log).toContain("row 4 (line 5 of all-bad.csv) INVALID, Cleo⏎De Wit: ");
    expect(log).not.toContain("\nCleo\nDe");
    expect(log.trimEnd().split("\n").pop()).toMatch(/^NOT DONE: nothing was paid/);
  });
});

describe("a file with many refused rows", () => {
  it("names the first 50 per phase, counts the rest, and lists 40 in the report", async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `GatePay,Payee ${i + 1},USDT,TRC20,nope,5`);
    const file = payoutsFile("many.csv", `${HEADER}\n${lines.join("\n")}\n`);
    const log: string[] = [];
    const result = await runSandbox({
      csvPath: file,
      outDir: null,
      progress: recordingProgress(log),
    });
    const invalid = log.filter((l) => / INVALID, Payee /.test(l));
    expect(invalid).toHaveLength(50);
    expect(invalid[49]).toMatch(/^ {2}row 51 INVALID, Payee 50: /);
    expect(log).toContain(
      "  ... and 10 more INVALID row(s): the report and the Payouts sheet list them all",
    );
    const text = report(result);
    expect(text).toMatch(/^\s+41\s+INVALID\s+Payee 40\s/m);
    expect(text).not.toMatch(/^\s+42\s+INVALID/m);
    expect(text).toContain(
      "... and 20 more: every row and its Error is in the Payouts sheet (sandbox-payouts.csv, sandbox.xlsx).",
    );
    expect(result.verdict).toMatch(
      /^NOT DONE: nothing was paid \(0 of 60 row\(s\)\); 60 row\(s\) need a person: row 2 INVALID, .*, row 11 INVALID, \.\.\.\.$/,
    );
  });
});

describe("a European file: semicolons, BOM, CRLF, formulas, long callbacks", () => {
  let run: Awaited<ReturnType<typeof cli>>;
  let out: string;
  let result: SandboxResult;

  beforeAll(async () => {
    const rows = ["Provider;Recipient;Currency;Network;Address;Amount;Notes"];
    // 70 payouts in one GatePay batch: its callback body is longer than an Excel cell holds.
    for (let i = 1; i <= 70; i++) rows.push(`GatePay;Payee ${i};USDT;TRC20;${TRON};${10 + i}.5;ok`);
    rows.push(`GatePay;"=HYPERLINK(""http://evil.example"",""click"")";USDT;TRC20;${TRON};5;x`);
    rows.push(`GatePay;Mallory;USDT;TRC20;${TRON};7;+cmd|' /C calc'!A0`);
    rows.push(`GatePay;Eve;USDT;TRC20;${TRON};12,50;@SUM(1)`);
    const file = payoutsFile("europe.csv", Buffer.from(`\ufeff${rows.join("\r\n")}\r\n`, "utf8"));
    out = tempDir();
    run = await cli(file, "--out", out);
    result = run.result as SandboxResult;
  });

  it("finds the separator, names it, and reads every row", () => {
    expect(run.stderr).toMatch(
      /^load {7}73 row\(s\), 7 column\(s\) from europe\.csv; separator ";" \(found from the header row\)/m,
    );
    expect(run.stderr).toMatch(/1 amount\(s\) use a decimal comma \(e\.g\. 12,50\)/);
    expect(result.rows).toHaveLength(73);
    expect(result.rows[0].Recipient).toBe("Payee 1");
    expect(result.paid).toBe(71);
  });

  it("exits 1, naming the rows that need a person", () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /NOT DONE: 2 row\(s\) need a person: row 72 INVALID, row 74 INVALID\.\n$/,
    );
  });

  it("neutralises every cell that could run as a formula in the CSVs", () => {
    const bytes = readFileSync(join(out, "sandbox-payouts.csv"));
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString("utf8")).toMatch(/\r\n$/);
    const cells = csvRows(join(out, "sandbox-payouts.csv")).flat();
    expect(cells).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(cells).toContain("'+cmd|' /C calc'!A0");
    expect(cells).toContain("'@SUM(1)");
    for (const name of ["payouts", "callbacks", "payout-record", "audit-log", "summary"])
      for (const cell of csvRows(join(out, `sandbox-${name}.csv`)).flat())
        expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("keeps every workbook cell within Excel's limit; bodies split, and whole when joined", async () => {
    const workbook = await readWorkbook(join(out, "sandbox.xlsx"));
    let longest = 0;
    for (const ws of workbook.worksheets)
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          longest = Math.max(longest, String(cell.value ?? "").length);
        }),
      );
    expect(longest).toBeLessThanOrEqual(32_767);
    const callbacks = result.sheets.find((s) => s.name === "Callbacks");
    const bodies =
      callbacks?.rows
        .slice(1)
        .map((row) => row.slice(callbacks.rows[0].indexOf("Body")).join("")) ?? [];
    expect(Math.max(...bodies.map((b) => b.length))).toBeGreaterThan(32_767);
    const { problems } = compareWorkbook(workbook, result.sheets);
    expect(problems).toEqual([]);
    const ws = workbook.getWorksheet("Callbacks") as import("exceljs").Worksheet;
    expect((ws.getRow(1).values as string[]).slice(-2)).toEqual(["Body", "Body (continued)"]);
    // The formula-looking recipient is a text cell, not a formula.
    const payouts = workbook.getWorksheet("Payouts") as import("exceljs").Worksheet;
    expect(payouts.getRow(72).getCell(2).value).toBe(`=HYPERLINK("http://evil.example","click")`);
    // A decimal comma is not an exact number: kept as text, with a note saying why.
    expect(payouts.getRow(74).getCell(6).value).toBe("12,50");
    expect(payouts.getRow(74).getCell(6).note).toBe("Kept as text: not a plain decimal number.");
  });
});

describe("the input file", () => {
  const parseText = (text: string) => () => parsePayoutFile(text, "x.csv");

  it("refuses a file it cannot use, saying why and where", async () => {
    expect(parseText("")).toThrow("x.csv is empty");
    expect(parseText("Provider,Recipient\nGatePay,Ann\n")).toThrow(
      /lacks Currency, Network, Address, Amount/,
    );
    expect(parseText(`${HEADER}\nGatePay,"Ann,1\n`)).toThrow(
      /not valid CSV: line 2: a quoted field is never closed/,
    );
    expect(parseText(`${HEADER}\n\nGatePay,a,b,c,d,e,f\n`)).toThrow(
      /line 3 has 7 fields but the header row has 6 \(separator , \(comma\); a field holding the separator needs quotes\)/,
    );
    expect(parseText(`${HEADER}\n`)).toThrow(/no payouts/);
    expect(parseText("Provider,provider ,Currency,Network,Address,Amount\nx\n")).toThrow(
      /"provider" appears twice/,
    );
    await expect(runSandbox({ csvPath: "/nonexistent/payouts.csv", outDir: null })).rejects.toThrow(
      SandboxInputError,
    );
  });

  it("names the separator when no separator gives the headers", () => {
    expect(
      parseText("Provider|Recipient|Currency|Network|Address|Amount\nGatePay|Ann|USDT|TRC20|x|1\n"),
    ).toThrow(
      /the header row lacks Provider, Recipient, Currency, Network, Address, Amount\. It was read with , \(comma\), the best of the separators tried \(, \(comma\), ; \(semicolon\), \\t \(tab\)\), which gives one column, "Provider\|Recipient\|Currency\|Network\|Address\|Amount"\./,
    );
    expect(() =>
      parsePayoutFile("Provider;Recipient;Currency;Network;Address;Amount\n", "y.csv", ","),
    ).toThrow(/read with the separator you gave, , \(comma\), which gives one column/);
  });

  it("reads tab-separated UTF-16 (Excel's Unicode text) and a sep= line", async () => {
    const text = `Provider\tRecipient\tCurrency\tNetwork\tAddress\tAmount\r\nGatePay\tÅsa\tUSDT\tTRC20\t${TRON}\t12\r\n`;
    const file = payoutsFile(
      "unicode.txt",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
    );
    const { readPayoutFile } = await import("./input");
    const read = readPayoutFile(file);
    expect(read).toMatchObject({
      encoding: "UTF-16LE",
      separator: { char: "\t", how: "header row" },
    });
    expect(read.records).toEqual([["GatePay", "Åsa", "USDT", "TRC20", TRON, "12"]]);
    const sep = parsePayoutFile(
      `sep=;\n${HEADER.replace(/,/g, ";")}\nGatePay;Ann;USDT;TRC20;${TRON};1\n`,
      "s.csv",
    );
    expect(sep.separator).toEqual({ char: ";", how: "sep= line" });
    expect(sep.lines).toEqual([3]);
  });

  it("refuses binary files without echoing their bytes", async () => {
    const zip = payoutsFile(
      "payouts.xlsx",
      Buffer.from("PK\u0003\u0004\u0014\u0000\u0006\u0000\u0008\u0000binary\u0000", "latin1"),
    );
    const a = await cli(zip, "--out", tempDir());
    expect(a.code).toBe(1);
    expect(a.stderr).toBe(
      `error: ${zip}: this is a zip archive (an .xlsx workbook is one), not a CSV text file. Save it from the spreadsheet as CSV (UTF-8) and run again.\n`,
    );
    const bin = payoutsFile(
      "random.csv",
      Buffer.from([0x50, 0x72, 0x6f, 0x0a, 0x00, 0x01, 0x1b, 0x5b, 0x32, 0x4a, 0xff]),
    );
    const b = await cli(bin, "--out", tempDir());
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(
      /^error: .*random\.csv: line 2: this is not a CSV text file: it holds the control character \\u0000/,
    );
    // eslint-disable-next-line no-control-regex
    expect(a.stderr + b.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it("keeps unknown columns, ignores the add-on's own, accepts any column order", () => {
    const file = parsePayoutFile(
      `Amount,Network,Cost center,Status,Address,Currency,Recipient,Provider\n1,TRC20,"R&D, EU",COMPLETED,${TRON},USDT,Ann,GatePay\n`,
      "y.csv",
    );
    expect(file.unknownColumns).toEqual(["Cost center"]);
    expect(file.droppedColumns).toEqual(["Status"]);
    expect(file.records).toEqual([["1", "TRC20", "R&D, EU", TRON, "USDT", "Ann", "GatePay"]]);
  });
});

describe("the command line", () => {
  it("parses options with node:util, refusing bad values before any run", async () => {
    expect(
      parseArgs(["x.csv", "--seed=5", "--crash", "--fail-rate", "0.2", "--separator", "tab"]),
    ).toEqual({
      csvPath: "x.csv",
      seed: 5,
      crash: true,
      failRate: 0.2,
      separator: "\t",
    });
    const refused = async (argv: string[], message: string) => {
      const run = await cli(...argv);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`error: ${message}\nRun npm start -- --help for the options.\n`);
      expect(run.stdout).toBe("");
    };
    await refused(["--rounds", "0"], '--rounds needs a whole number from 1 to 1000 (got "0").');
    await refused(["--rounds", "2.5"], '--rounds needs a whole number from 1 to 1000 (got "2.5").');
    await refused(["--fail-rate", "2"], '--fail-rate needs a number from 0 to 1 (got "2").');
    await refused(["--seed", "x"], '--seed needs a whole number from 0 to 4294967295 (got "x").');
    await refused(["--separator", "|"], '--separator needs , ; or tab (got "|").');
    await refused(["--bogus"], "Unknown option --bogus.");
    await refused(["--out"], "--out needs a value.");
    await refused(["--crash=yes"], "--crash takes no value.");
    await refused(["a.csv", "b.csv"], "Give one CSV file (got 2: a.csv, b.csv).");
  });

  it("--out on a file: refused before the run, without a stack trace", async () => {
    const file = payoutsFile("not-a-folder", "x");
    const run = await cli("--out", file);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: --out ${file}: that is a file, not a folder. Give a folder.\n`);
    expect(run.stdout).toBe("");
  });

  const onLinux = process.platform === "linux" ? it : it.skip;
  onLinux("--out where no folder can be made: refused at once, with the reason", async () => {
    // /proc refuses new entries: Node's recursive mkdir used to spin forever there.
    const run = await cli("--out", "/proc/sandbox-test/out");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: --out \/proc\/sandbox-test\/out: cannot write there \(E[A-Z]+\)\.\n$/,
    );
  });

  it("starts each run with a fresh set of files in the output folder", async () => {
    const out = tempDir();
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "sandbox-old-sheet.csv"), "stale");
    // Written by a demo run; a GatePay-only run has no CoinGate payees: it must not stay.
    writeFileSync(join(out, "sandbox-coingate-payees.csv"), "stale");
    writeFileSync(join(out, "sandbox.xlsx"), "stale");
    writeFileSync(join(out, "bench.json"), "{}");
    const file = payoutsFile("one.csv", `${HEADER}\nGatePay,Ann,USDT,TRC20,${TRON},12\n`);
    const run = await cli(file, "--out", out);
    expect(run.code).toBe(0);
    expect(existsSync(join(out, "sandbox-old-sheet.csv"))).toBe(false);
    expect(existsSync(join(out, "bench.json"))).toBe(true);
    expect(run.stdout).toContain(
      "Removed stale file(s) of an earlier run: sandbox-coingate-payees.csv, sandbox-old-sheet.csv.",
    );
    expect(existsSync(join(out, "sandbox-coingate-payees.csv"))).toBe(false);
  });

  it("progress: a cli-progress bar on a terminal, then the phase line and its notes", () => {
    const tty = Object.assign(new Sink(), { isTTY: true, columns: 100 });
    const progress = streamProgress(tty);
    progress.start("settle", 10);
    progress.update(10, "round 1");
    progress.note("row 3 FAILED, Bob Chen: ... (simulated: ...)");
    progress.end("10 submitted row(s): 10 paid");
    expect(tty.text).toContain("settle     [");
    expect(tty.text).toMatch(
      /settle {5}10 submitted row\(s\): 10 paid \(\d+\.\d s\)\n {11}row 3 FAILED, Bob Chen: \.\.\. \(simulated: \.\.\.\)\n$/,
    );
    // Not a terminal: the plain lines only.
    const pipe = new Sink();
    const plain = streamProgress(pipe);
    plain.start("settle", 10);
    plain.update(5);
    plain.end("done");
    expect(pipe.text).toMatch(/^settle {5}done \(\d+\.\d s\)\n$/);
  });

  it("--help answers before any build; a bad option never builds", async () => {
    const build = jest.fn(() => "built");
    const io = () => ({ stdout: new Sink(), stderr: new Sink() });
    const help = io();
    expect(await main(["--help"], help, { build })).toBe(0);
    expect(help.stdout.text).toMatch(/^Usage: npm start -- \[payouts\.csv\] \[options\]/);
    expect(help.stdout.text).toMatch(
      /--low-balance +GatePay's USDT balance is 50 USDT \(simulated\)/,
    );
    expect(await main(["--rounds", "0"], io(), { build })).toBe(1);
    expect(build).not.toHaveBeenCalled();
    // A bundle that does not build: the reason, no stack trace, before any run.
    const broken = io();
    const failing = () => {
      throw new Error("the build failed (node esbuild.config.mjs):\nsrc/main.ts:1:1: ERROR: x");
    };
    expect(await main(["--out", tempDir()], broken, { build: failing })).toBe(1);
    expect(broken.stderr.text).toBe(
      "error: the build failed (node esbuild.config.mjs):\nsrc/main.ts:1:1: ERROR: x\n",
    );
  });

  it("npm start's script runs as a process: --help first, a bad file exits 1 with a clear message", () => {
    const tsx = join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
    const help = spawnSync(tsx, [join(__dirname, "start.ts"), "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout.split("\n")[0]).toBe("Usage: npm start -- [payouts.csv] [options]");
    expect(help.stderr).toBe("");
    const bad = spawnSync(
      tsx,
      [join(__dirname, "start.ts"), "/nonexistent/p.csv", "--out", tempDir()],
      {
        encoding: "utf8",
      },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/error: Cannot read \/nonexistent\/p\.csv: no such file\.\n$/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
