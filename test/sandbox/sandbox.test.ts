/**
 * The sandbox end to end on the demo CSV: the deliberate mistakes are exactly the invalid rows,
 * every submitted row ends final, the sheet's totals equal the simulators' ledgers, and the
 * workbook and CSVs written to disk read back to the same sheets.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Big from "big.js";

import { main, parseArgs } from "./cli";
import { parseCsv } from "./csv";
import { recordingProgress } from "./progress";
import {
  DEMO_CSV,
  PROJECT_ROOT,
  SandboxInputError,
  parsePayoutFile,
  runSandbox,
  type SandboxResult,
} from "./sandbox";
import { readXlsx } from "./xlsx";

class Sink {
  text = "";
  isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-test-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const trimRow = (row: string[]) => {
  const copy = [...row];
  while (copy.length > 0 && copy[copy.length - 1] === "") copy.pop();
  return copy;
};
const trimSheet = (rows: string[][]) => rows.map(trimRow);

const TERMINAL = ["COMPLETED", "FAILED", "REJECTED", "CANCELED", "EXPIRED"];

describe("npm start on the demo CSV", () => {
  let result: SandboxResult;
  let out: string;
  const log: string[] = [];

  beforeAll(() => {
    out = tempDir();
    result = runSandbox({ outDir: out, progress: recordingProgress(log) });
  });

  it("completes: exit code 0, nothing left open", () => {
    expect(result.open).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.ok).toBe(true);
  });

  it("keeps the unknown column and reads all 25 rows", () => {
    expect(result.input.rows).toBe(25);
    expect(result.input.unknownColumns).toEqual(["Notes"]);
    expect(result.rows.filter((r) => r.Notes.startsWith("MISTAKE")).length).toBe(4);
  });

  it("marks exactly the deliberate mistakes INVALID, each with its reason", () => {
    const invalid = Object.fromEntries(
      result.rows.filter((r) => r.Status === "INVALID").map((r) => [r.Recipient, r.Error]),
    );
    expect(Object.keys(invalid).sort()).toEqual(
      ["Kofi Mensah", "Lena Fischer", "Marta Nowak", "Nils Olsen"].sort(),
    );
    expect(invalid["Kofi Mensah"]).toMatch(/checksum/);
    expect(invalid["Lena Fischer"]).toMatch(/Tron address/);
    expect(invalid["Marta Nowak"]).toMatch(/7 decimals/);
    expect(invalid["Nils Olsen"]).toMatch(/destination tag/);
    // The mistakes are the rows the file itself labels as such.
    expect(result.rows.filter((r) => r.Notes.startsWith("MISTAKE")).map((r) => r.Status)).toEqual([
      "INVALID",
      "INVALID",
      "INVALID",
      "INVALID",
    ]);
  });

  it("warns about the duplicate payment without blocking it", () => {
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0].recipient).toBe("Hiro Tanaka");
    expect(result.warnings[0].warning).toMatch(/double payment/);
    const hiro = result.rows.filter((r) => r.Recipient === "Hiro Tanaka");
    expect(hiro.map((r) => r.Status).every((s) => TERMINAL.includes(s))).toBe(true);
  });

  it("ends every valid row final: one failure per provider, the rest paid", () => {
    const submitted = result.rows.filter((r) => !["", "INVALID", "VALID"].includes(r.Status));
    expect(submitted).toHaveLength(21);
    expect(submitted.every((r) => TERMINAL.includes(r.Status))).toBe(true);
    const failed = submitted.filter((r) => r.Status === "FAILED");
    expect(failed.map((r) => r.Provider).sort()).toEqual(["CoinGate", "GatePay"]);
    expect(submitted.filter((r) => r.Status === "COMPLETED")).toHaveLength(19);
    expect(result.callbacks.delivered).toBeGreaterThan(0);
    expect(result.callbacks.refused).toBe(0);
  });

  it("sums exactly what the simulators' ledgers paid", () => {
    expect(result.mismatches).toEqual([]);
    // Recomputed here from the ledgers, independently of the sandbox's own reconciliation.
    const line = (provider: string, currency: string) =>
      result.summary.find((l) => l.provider === provider && l.currency === currency);
    const done = result.ledgers.gatepay.filter((s) => s.status === "DONE" && s.currency === "USDT");
    const gpSent = done.reduce((sum, s) => sum.plus(s.subAmount), new Big(0));
    const gpFees = done.reduce((sum, s) => sum.plus(s.fee), new Big(0));
    expect(line("GatePay", "USDT")?.sent).toEqual({ USDT: gpSent.toFixed() });
    expect(line("GatePay", "USDT")?.fees).toEqual({ USDT: gpFees.toFixed() });
    expect(line("GatePay", "USDT")?.paid).toBe(done.length);
    const paidBtc = result.ledgers.coingate.filter(
      (s) => s.status === "completed" && s.currency === "BTC",
    );
    const cgBtc = paidBtc.reduce((sum, s) => sum.plus(s.debited), new Big(0));
    expect(line("CoinGate", "BTC")?.sent).toEqual({ BTC: cgBtc.toFixed() });
    // The EUR-denominated row was paid in USDT at the simulator's rate: 200 EUR -> 216 USDT.
    const sofia = result.rows.find((r) => r.Recipient === "Sofia Rossi");
    expect(sofia?.["Done amount"]).toBe("216");
    // Exact decimals: no binary-float residue anywhere in the summary.
    const all = result.summary.flatMap((l) => [l.sent, l.fees, l.done].flatMap(Object.values));
    expect(all.every((v) => /^\d+(\.\d+)?$/.test(v) && v.replace(".", "").length < 15)).toBe(true);
    expect(line("GatePay", "USDC")).toMatchObject({ rows: 2, paid: 2, invalid: 0 });
  });

  it("writes an xlsx and one CSV per sheet that read back to the sheets", () => {
    const xlsxPath = join(out, "sandbox.xlsx");
    expect(result.files).toContain(xlsxPath);
    const sheets = readXlsx(readFileSync(xlsxPath));
    expect(sheets.map((s) => s.name)).toEqual([
      "Payouts",
      "Callbacks",
      "Payout record",
      "Audit log",
      "CoinGate payees",
      "Summary",
    ]);
    const payouts = sheets[0].rows;
    const headers = payouts[0];
    expect(headers.slice(0, 15)).toEqual(
      parseCsv(readFileSync(DEMO_CSV, "utf8"))[0].map((h) => h.trim()),
    );
    const fromXlsx = payouts
      .slice(1)
      .map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? ""])));
    expect(fromXlsx).toEqual(result.rows);
    for (const sheet of sheets) {
      const file = join(out, `sandbox-${sheet.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.csv`);
      expect(existsSync(file)).toBe(true);
      expect(trimSheet(parseCsv(readFileSync(file, "utf8")))).toEqual(trimSheet(sheet.rows));
    }
    // The callback log kept the bodies with the token removed.
    const callbacks = sheets[1].rows;
    expect(callbacks.length).toBe(result.callbacks.delivered + 1);
    expect(callbacks.flat().join("\n")).toContain("token=[REDACTED]");
  });

  it("is a zip that unzip accepts, when unzip is installed", () => {
    const which = spawnSync("sh", ["-c", "command -v unzip"], { encoding: "utf8" });
    if (which.status !== 0) return;
    const listing = execFileSync("unzip", ["-t", join(out, "sandbox.xlsx")], { encoding: "utf8" });
    expect(listing).toMatch(/No errors detected/);
    const sheet1 = execFileSync(
      "unzip",
      ["-p", join(out, "sandbox.xlsx"), "xl/worksheets/sheet1.xml"],
      {
        encoding: "utf8",
      },
    );
    expect(sheet1).toContain("Kofi Mensah");
  });

  it("reports each phase", () => {
    expect(log.map((line) => line.split(":")[0]).filter((l) => !l.startsWith(" "))).toEqual(
      ["load", "validate", "submit", "settle", "export"].flatMap((phase) =>
        phase === "validate" ? ["setup", phase] : [phase],
      ),
    );
  });
});

describe("harder runs", () => {
  it("--crash: the killed submission is found at the provider, nothing is sent twice", () => {
    const log: string[] = [];
    const result = runSandbox({ outDir: null, crash: true, progress: recordingProgress(log) });
    expect(result.ok).toBe(true);
    expect(result.executions.some((e) => e.killed && e.functionName === "submitPayouts")).toBe(
      true,
    );
    expect(result.notes.join(" ")).toMatch(/crash: \d+ row\(s\) left SUBMITTING/);
    expect(log.join("\n")).toMatch(/interrupted submission\(s\) found at the provider/);
    const ids = [
      ...result.ledgers.gatepay.map((s) => s.merchantWithdrawId),
      ...result.ledgers.coingate.map((s) => s.externalId),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(21);
  });

  it("--slow-callbacks: polling alone finishes every row", () => {
    const result = runSandbox({ outDir: null, slowCallbacks: true });
    expect(result.callbacks.delivered).toBe(0);
    expect(result.callbacks.dropped).toBeGreaterThan(0);
    expect(result.ok).toBe(true);
    expect(result.executions.filter((e) => e.functionName === "doPost")).toHaveLength(0);
  });

  it("--low-balance: GatePay's refused batch ends REJECTED with no money moved", () => {
    const result = runSandbox({ outDir: null, lowBalance: true });
    expect(result.ok).toBe(true);
    const gatepay = result.rows.filter((r) => r.Provider === "GatePay" && r.Status !== "INVALID");
    expect(gatepay.map((r) => r.Status)).toEqual(new Array(11).fill("REJECTED"));
    expect(gatepay[0].Error).toMatch(/balance/);
    expect(result.ledgers.gatepay).toEqual([]);
  });

  it("--fail-rate and --seed: the share failed is exact and the run repeats", () => {
    const a = runSandbox({ outDir: null, failRate: 0.5, seed: 7 });
    const b = runSandbox({ outDir: null, failRate: 0.5, seed: 7 });
    expect(a.rows.filter((r) => r.Status === "FAILED")).toHaveLength(Math.round(0.5 * 21));
    expect(b.rows).toEqual(a.rows);
    expect(a.ok).toBe(true);
  });
});

describe("the input file", () => {
  const parse = (text: string) => () => parsePayoutFile(text, "x.csv");

  it("refuses a file it cannot use, saying why", () => {
    expect(parse("")).toThrow("x.csv is empty");
    expect(parse("Provider,Recipient\nGatePay,Ann\n")).toThrow(
      /lacks Currency, Network, Address, Amount/,
    );
    expect(parse('Provider,Recipient,Currency,Network,Address,Amount\nGatePay,"Ann,1\n')).toThrow(
      /not valid CSV: line 2: a quoted field is never closed/,
    );
    expect(
      parse("Provider,Recipient,Currency,Network,Address,Amount\nGatePay,a,b,c,d,e,f\n"),
    ).toThrow(/data row 1 has 7 fields but the header row has 6/);
    expect(parse("Provider,Recipient,Currency,Network,Address,Amount\n")).toThrow(/no payouts/);
    expect(parse("Provider,provider ,Currency,Network,Address,Amount\nx\n")).toThrow(/twice/);
    expect(() => runSandbox({ csvPath: "/nonexistent/payouts.csv", outDir: null })).toThrow(
      SandboxInputError,
    );
  });

  it("keeps unknown columns, ignores the add-on's own, accepts any column order", () => {
    const file = parsePayoutFile(
      'Amount,Network,Cost center,Status,Address,Currency,Recipient,Provider\n1,TRC20,"R&D, EU",COMPLETED,TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY,USDT,Ann,GatePay\n',
      "y.csv",
    );
    expect(file.unknownColumns).toEqual(["Cost center"]);
    expect(file.droppedColumns).toEqual(["Status"]);
    expect(file.records).toEqual([
      ["1", "TRC20", "R&D, EU", "TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY", "USDT", "Ann", "GatePay"],
    ]);
  });

  it("runs a user's file from the command line and exits 1 on a bad one", () => {
    const dir = tempDir();
    const good = join(dir, "mine.csv");
    writeFileSync(
      good,
      "Recipient,Provider,Currency,Network,Address,Amount,Team\r\nAnn,GatePay,USDT,TRC20,TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY,12.5,Ops\r\n",
    );
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "Name,Sum\nAnn,1\n");
    const cli = (...argv: string[]) => {
      const io = { stdout: new Sink(), stderr: new Sink() };
      const code = main(argv, io);
      return { code, stdout: io.stdout.text, stderr: io.stderr.text };
    };
    const ok = cli(good, "--out", dir);
    expect(ok.stderr).not.toMatch(/error/);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /GatePay\s+USDT\s+1\s+1\s+0\s+0\s+0\s+0\s+13\.5 USDT\s+1 USDT\s+12\.5 USDT/,
    );
    expect(readFileSync(join(dir, "sandbox-payouts.csv"), "utf8")).toMatch(
      /^Recipient,Provider,.*,Team,/,
    );
    const refused = cli(bad, "--out", dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error: .*bad\.csv: the header row lacks Provider/);
    expect(cli("--fail-rate", "2").code).toBe(1);
    expect(cli("--bogus").stderr).toMatch(/Unknown option --bogus/);
    expect(parseArgs(["x.csv", "--seed=5", "--crash", "--fail-rate", "0.2"])).toEqual({
      csvPath: "x.csv",
      seed: 5,
      crash: true,
      failRate: 0.2,
    });
  });

  it("npm start's script runs as a process: a bad file exits 1 with a clear message", () => {
    const tsx = join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
    const run = spawnSync(tsx, [join(__dirname, "start.ts"), "/nonexistent/p.csv"], {
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/error: Cannot read \/nonexistent\/p\.csv: no such file\./);
  }, 15_000);
});
