/**
 * The command line of `npm start`: options, the printed report, the exit code (start.ts runs it).
 * Exit code 0 when the run completes, 1 on a bad file or option, an internal error, or a
 * submitted row not final at the end.
 */
import { relative } from "node:path";
import { streamProgress, type TextOutput } from "./progress";
import {
  SandboxInputError,
  runSandbox,
  summaryTable,
  type SandboxOptions,
  type SandboxResult,
} from "./sandbox";

const USAGE = `Usage: npm start -- [payouts.csv] [options]

  payouts.csv        a CSV with the Payouts headers (default: test/sandbox/demo-payouts.csv)
  --fail-rate R      share of created payouts the providers fail, 0..1 (default: one per provider)
  --crash            kill the submit run right after a create request, then watch the recovery
  --slow-callbacks   lose every callback: refresh polling alone must finish the rows
  --low-balance      GatePay's USDT balance is too low for its batch: those rows end REJECTED
  --seed N           deterministic run (failures chosen, Payout IDs, batch IDs); default 1
  --out DIR          where the workbook and CSVs go (default: out/)
  --rounds N         bound of the settle/refresh loop, 10 virtual minutes each (default 24)
  --help             this text`;

class UsageError extends Error {}

export function parseArgs(argv: string[]): SandboxOptions & { help?: boolean } {
  const options: SandboxOptions & { help?: boolean } = {};
  const number = (flag: string, value: string | undefined) => {
    if (value === undefined || value.trim() === "" || !Number.isFinite(Number(value)))
      throw new UsageError(`${flag} needs a number.`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith("--") ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--help":
      case "-h":
        options.help = true;
        break;
      case "--fail-rate":
        options.failRate = number(flag, value());
        if (options.failRate < 0 || options.failRate > 1)
          throw new UsageError("--fail-rate must be from 0 to 1.");
        break;
      case "--crash":
        options.crash = true;
        break;
      case "--slow-callbacks":
        options.slowCallbacks = true;
        break;
      case "--low-balance":
        options.lowBalance = true;
        break;
      case "--seed":
        options.seed = Math.trunc(number(flag, value()));
        break;
      case "--rounds":
        options.maxRounds = Math.max(1, Math.trunc(number(flag, value())));
        break;
      case "--out":
        options.outDir = value();
        if (!options.outDir) throw new UsageError("--out needs a directory.");
        break;
      default:
        if (flag.startsWith("-")) throw new UsageError(`Unknown option ${flag}.`);
        if (options.csvPath) throw new UsageError("Give one CSV file.");
        options.csvPath = arg;
    }
  }
  return options;
}

function table(rows: string[][], rightAligned: (column: number) => boolean): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => (row[c] ?? "").length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (rightAligned(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join("  ")
      .trimEnd();
  return [
    line(rows[0]),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.slice(1).map(line),
  ].join("\n");
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function report(result: SandboxResult): string {
  const out: string[] = [];
  out.push("", "Summary (amounts of paid rows, exact decimals)", "");
  out.push(table(summaryTable(result.summary), (c) => c >= 2 && c <= 7));
  const attention = result.rows.filter((r) =>
    ["INVALID", "REJECTED", "FAILED", "CANCELED", "EXPIRED"].includes(r.Status),
  );
  if (attention.length > 0) {
    out.push("", `Rows that were not paid (${attention.length})`, "");
    const shown = attention
      .slice(0, 40)
      .map((r) => [
        r.Status,
        shorten(r.Recipient, 20),
        `${r.Provider} ${r.Currency} ${r.Network}`,
        r.Amount,
        shorten(r.Error, 90),
      ]);
    out.push(
      table(
        [["Status", "Recipient", "Provider / asset", "Amount", "Error"], ...shown],
        (c) => c === 3,
      ),
    );
    if (attention.length > 40)
      out.push(`... and ${attention.length - 40} more in the Payouts sheet.`);
  }
  const executions = result.executions;
  const byName = new Map<string, number>();
  for (const e of executions) byName.set(e.functionName, (byName.get(e.functionName) ?? 0) + 1);
  out.push(
    "",
    `Executions: ${[...byName].map(([name, n]) => `${name} ×${n}`).join(", ")}` +
      `; ${result.callbacks.delivered} callback(s) delivered, ${result.callbacks.dropped} lost; ` +
      `${result.virtualMinutes} virtual minutes.`,
  );
  out.push(
    result.mismatches.length === 0
      ? "Ledgers: the sheet's paid totals equal what the simulators paid, and no Payout ID was created twice."
      : `Ledgers DISAGREE:\n  ${result.mismatches.join("\n  ")}`,
  );
  for (const note of result.notes) out.push(`Note: ${note}`);
  if (result.files.length)
    out.push("", "Written:", ...result.files.map((f) => `  ${relative(process.cwd(), f) || f}`));
  out.push(
    "",
    result.ok
      ? "Done: every submitted row is final."
      : `NOT DONE: ${result.open.length} submitted row(s) not final${result.mismatches.length ? ", ledgers disagree" : ""}.`,
  );
  return out.join("\n");
}

export function main(argv: string[], io: { stdout: TextOutput; stderr: TextOutput }): number {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 1;
  }
  if (options.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const result = runSandbox({ ...options, progress: streamProgress(io.stderr) });
    io.stdout.write(`${report(result)}\n`);
    return result.exitCode;
  } catch (error) {
    if (error instanceof SandboxInputError) {
      io.stderr.write(`\nerror: ${error.message}\n`);
      return 1;
    }
    io.stderr.write(`\ninternal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    return 1;
  }
}
