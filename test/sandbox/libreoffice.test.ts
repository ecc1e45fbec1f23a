/**
 * The exported files in a real spreadsheet engine: LibreOffice (headless) converts the workbook
 * to CSV, one file per sheet, "as shown", and every cell must show the spreadsheet's text (times
 * as `yyyy-mm-dd hh:mm:ss.000` UTC); it also opens the sandbox's CSV, where nothing may become a
 * formula. Skipped, with the reason printed, only when `soffice` is not installed
 * (Debian: `apt-get install -y --no-install-recommends libreoffice-calc-nogui`).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";

import {
  exportedRows,
  payoutsFile,
  readWorkbook,
  removeTempDirs,
  tempDir,
  TRON,
} from "./check-export";
import { DEMO_CSV, runSandbox, type SandboxResult } from "./sandbox";

const soffice = (
  spawnSync("sh", ["-c", "command -v soffice"], { encoding: "utf8" }).stdout ?? ""
).trim();
if (!soffice)
  console.warn(
    "libreoffice.test.ts skipped: LibreOffice is not installed (no soffice on PATH). " +
      "Install it with: apt-get install -y --no-install-recommends libreoffice-calc-nogui",
  );
const describeWithLibreOffice = soffice ? describe : describe.skip;

afterAll(removeTempDirs);
// LibreOffice starts in 2 to 5 s; a conversion of the workbook takes a few more.
jest.setTimeout(120_000);

/** Runs soffice with a profile of its own (a first start creates it; parallel runs would clash). */
function convert(profile: string, args: string[]): void {
  execFileSync(
    soffice,
    [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", ...args],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 100_000 },
  );
}

/** Export filter options: comma, double quote, UTF-8, from line 1, ..., cells as shown, all sheets. */
const CSV_EXPORT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1";

const asShown = (text: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text)
    ? text.replace("T", " ").replace("Z", "")
    : text;

const trimRow = (row: string[]) => {
  const copy = [...row];
  while (copy.length > 0 && copy[copy.length - 1] === "") copy.pop();
  return copy;
};

describeWithLibreOffice("the exported files in LibreOffice", () => {
  let result: SandboxResult;
  let out: string;
  let profile: string;

  beforeAll(async () => {
    // The demo plus two rows a spreadsheet could run as formulas.
    const demo = readFileSync(DEMO_CSV, "utf8").trimEnd();
    const file = payoutsFile(
      "demo-plus.csv",
      `${demo}\n` +
        `GatePay,"=HYPERLINK(""http://evil.example"",""click"")",,,,,USDT,TRC20,${TRON},,5,,,,x\n` +
        `GatePay,Mallory Smith,,,,,USDT,TRC20,${TRON},,7,,,,+cmd|' /C calc'!A0\n`,
    );
    out = tempDir();
    profile = tempDir();
    result = await runSandbox({ csvPath: file, outDir: out });
  });

  it("shows every workbook cell as the spreadsheet's text", () => {
    const csvDir = tempDir();
    convert(profile, ["--convert-to", CSV_EXPORT, "--outdir", csvDir, join(out, "sandbox.xlsx")]);
    let checked = 0;
    for (const sheet of result.sheets.filter((s) => s.rows.length > 0)) {
      const shown = parse(readFileSync(join(csvDir, `sandbox-${sheet.name}.csv`)), {
        bom: true,
        relax_column_count: true,
      }) as string[][];
      // The Reconciliation sheet is one table in the export (check-export.ts).
      const rows = exportedRows(sheet, trimRow(shown[0]));
      const bodyAt = sheet.name === "Callbacks" ? rows[0].indexOf("Body") : -1;
      const expected = rows.map((row) =>
        bodyAt < 0
          ? row.map(asShown)
          : [...row.slice(0, bodyAt).map(asShown), row.slice(bodyAt).join("")],
      );
      const got = shown.map((row, r) =>
        bodyAt < 0 || r === 0
          ? row.slice(0, rows[0].length)
          : [...row.slice(0, bodyAt), row.slice(bodyAt).join("")],
      );
      const header = bodyAt < 0 ? rows[0] : rows[0].slice(0, bodyAt + 1);
      expect(trimRow(got[0]).slice(0, header.length)).toEqual(header);
      expect(got.slice(1).map(trimRow)).toEqual(expected.slice(1).map(trimRow));
      checked += expected.flat().length;
    }
    expect(checked).toBeGreaterThan(1000);
    // Amounts are numbers LibreOffice shows with the add-on's decimals.
    const payouts = parse(readFileSync(join(csvDir, "sandbox-Payouts.csv")), {
      bom: true,
    }) as string[][];
    expect(payouts[1][payouts[0].indexOf("Amount")]).toBe("120.50");
  });

  it("opens the sandbox's CSV without running a single formula", async () => {
    const xlsxDir = tempDir();
    convert(profile, [
      "--infilter=CSV:44,34,76,1",
      "--convert-to",
      "xlsx",
      "--outdir",
      xlsxDir,
      join(out, "sandbox-payouts.csv"),
    ]);
    const workbook = await readWorkbook(join(xlsxDir, "sandbox-payouts.xlsx"));
    const texts: string[] = [];
    workbook.worksheets[0].eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        texts.push(String(cell.value));
      }),
    );
    expect(texts).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(texts).toContain("'+cmd|' /C calc'!A0");
  });
});
