/**
 * The command line of `npm start`: options (node:util parseArgs), the report, the exit code
 * (start.ts runs it). The report goes to stdout; progress to stderr, or to the `--log` file.
 * Exit code 0 when the run ended as planned, 1 otherwise (see `verdictOf` in sandbox.ts), on a
 * bad file or option, and on an internal error; the reason is always printed.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { relative } from "node:path";
import { parseArgs as parseNodeArgs } from "node:util";

import type { Separator } from "./csv";
import { checkOutDir } from "./export";
import { streamProgress, type Progress, type TextOutput } from "./progress";
import {
  DEFAULT_OUT,
  DEFAULT_ROUNDS,
  labelSimulated,
  LOW_BALANCE_USDT,
  oneLine,
  SandboxInputError,
  runSandbox,
  settingsLine,
  SIMULATED,
  summaryTable,
  type RowOutcome,
  type SandboxOptions,
  type SandboxResult,
} from "./sandbox";

export const USAGE = `Usage: npm start -- [payouts.csv] [options]

Runs the whole add-on offline on a payouts file, against simulated CoinGate and GatePay (no real
money moves); after the payouts, reconciles them (the sandbox's EVM nodes answer the on-chain
checks) and verifies the Audit log; writes the sheets to out/ (sandbox.xlsx and one CSV per
sheet, Reconciliation and Audit log included).

  payouts.csv         a CSV with the Payouts headers, separated by commas, semicolons or tabs
                      (default: test/sandbox/demo-payouts.csv, which fails one payout per
                      provider on purpose; your own file fails nothing unless you ask)
  --fail-rate R       the providers fail a share R (0 to 1) of the created payouts (simulated)
  --crash             kill the submit run right after a create request (simulated), then watch
                      the recovery
  --slow-callbacks    lose every callback (simulated): refresh polling alone finishes the rows
  --low-balance       GatePay's USDT balance is ${LOW_BALANCE_USDT} USDT (simulated): a GatePay batch that needs
                      more USDT is refused whole and its rows end REJECTED
  --approvals         approvals on, acted out by simulated people: a preparer types the rows,
                      two approvers approve them (both approve the largest amount), a payer
                      submits; one self-approval is refused and one approval is voided by an
                      edit (simulated, on rows picked with --seed), then both rows are paid
  --seed N            repeat a run exactly (failures chosen, the rows --approvals scripts,
                      Payout IDs, batch IDs); default 1
  --separator S       the file's separator: , ; or tab (default: found from the header row)
  --out DIR           where the workbook and CSVs go (default: out/); a previous run's
                      sandbox files there are removed first
  --rounds N          at most N rounds of 10 virtual minutes for the providers to finish,
                      1 to 1000 (default ${DEFAULT_ROUNDS})
  --log FILE          write progress to FILE instead of stderr
  -h, --help          this text

Exit code 0 when the run ended as planned; 1 when nothing was paid, when a row needs a person
for a reason the run did not plan (faults the sandbox injected and the demo's labelled mistakes
are planned), when the sheet and the providers' ledgers disagree, when --approvals finds a row
sent without the approvals its settings require, when the Audit log does not verify, when the
reconciliation finds an exception the run did not plan, or on a bad file or option.`;

export interface CliOptions extends SandboxOptions {
  help?: boolean;
  log?: string;
}

export class UsageError extends Error {}

const OPTIONS = {
  "fail-rate": { type: "string" },
  crash: { type: "boolean" },
  "slow-callbacks": { type: "boolean" },
  "low-balance": { type: "boolean" },
  approvals: { type: "boolean" },
  seed: { type: "string" },
  separator: { type: "string" },
  out: { type: "string" },
  rounds: { type: "string" },
  log: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function numberOf(flag: string, text: string, check: (n: number) => boolean, what: string) {
  const n = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(n) || !check(n))
    throw new UsageError(`--${flag} needs ${what} (got "${text}").`);
  return n;
}

const SEPARATOR_NAMES: Record<string, Separator> = {
  ",": ",",
  comma: ",",
  ";": ";",
  semicolon: ";",
  tab: "\t",
  "\t": "\t",
  "\\t": "\t",
};

export function parseArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseNodeArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const e = error as { code?: string; message: string };
    const flag = /'(-[^' ]+)/.exec(e.message)?.[1];
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`Unknown option ${flag}.`);
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE")
      throw new UsageError(
        /argument missing/.test(e.message)
          ? `${flag?.split(" ")[0] ?? "An option"} needs a value.`
          : `${flag ?? "An option"} takes no value.`,
      );
    throw new UsageError(e.message);
  }
  const { values, positionals } = parsed;
  const options: CliOptions = {};
  if (positionals.length > 1)
    throw new UsageError(
      `Give one CSV file (got ${positionals.length}: ${positionals.join(", ")}).`,
    );
  if (positionals.length === 1) options.csvPath = positionals[0];
  if (values.help) options.help = true;
  if (values["fail-rate"] !== undefined)
    options.failRate = numberOf(
      "fail-rate",
      values["fail-rate"],
      (n) => n >= 0 && n <= 1,
      "a number from 0 to 1",
    );
  if (values.crash) options.crash = true;
  if (values["slow-callbacks"]) options.slowCallbacks = true;
  if (values["low-balance"]) options.lowBalance = true;
  if (values.approvals) options.approvals = true;
  if (values.seed !== undefined)
    options.seed = numberOf(
      "seed",
      values.seed,
      (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff,
      "a whole number from 0 to 4294967295",
    );
  if (values.rounds !== undefined)
    options.maxRounds = numberOf(
      "rounds",
      values.rounds,
      (n) => Number.isInteger(n) && n >= 1 && n <= 1000,
      "a whole number from 1 to 1000",
    );
  if (values.separator !== undefined) {
    const separator = SEPARATOR_NAMES[values.separator.toLowerCase()];
    if (!separator)
      throw new UsageError(`--separator needs , ; or tab (got "${values.separator}").`);
    options.separator = separator;
  }
  if (values.out !== undefined) {
    if (values.out.trim() === "") throw new UsageError("--out needs a folder.");
    options.outDir = values.out;
  }
  if (values.log !== undefined) {
    if (values.log.trim() === "") throw new UsageError("--log needs a file name.");
    options.log = values.log;
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
  const line = oneLine(text);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const SHOWN = 40;

function why(o: RowOutcome): string {
  if (o.simulated) return oneLine(labelSimulated(o.reason, o.simulated));
  if (o.deliberate) return oneLine(`${o.reason} (a deliberate mistake of the demo file)`);
  return oneLine(o.reason);
}

/** The approvals run: settings, counts, the two scripted cases and how each ended. */
function approvalsSection(a: NonNullable<SandboxResult["approvals"]>): string[] {
  const out = ["", "Approvals (the people are simulated)", ""];
  out.push(`  settings: ${settingsLine(a.plan)}`);
  const planned = a.refusals.filter((r) => r.planned).length;
  out.push(
    `  ${a.approved} of ${a.valid} valid row(s) approved before they were sent; ${a.given} approval(s) recorded, ` +
      `${a.refusals.length} refused${planned ? ` (${planned} planned: the self-approval, simulated)` : ""}, ` +
      `${a.voids.length} voided by an edit${a.voids.length ? " (simulated)" : ""}` +
      (a.needsTwo.length
        ? `; two approvals for ${a.needsTwo.map((r) => `row ${r}`).join(", ")} (above ${a.plan.settings.SECOND_APPROVAL_ABOVE})`
        : ""),
  );
  const end = (row: number) => a.ends.get(row) ?? "?";
  if (a.selfApproval) {
    const s = a.selfApproval;
    out.push(
      oneLine(
        `  row ${s.row} ${SIMULATED} self-approval refused: ${s.preparer} typed ${s.recipient}'s row and tried to approve it; ` +
          `the add-on refused: "${s.reason}". Decision: ${s.approvedBy ? `${s.approvedBy} approved it instead` : "nobody else approved it"}; it ended ${end(s.row)}.`,
      ),
    );
  }
  if (a.voided) {
    const v = a.voided;
    out.push(
      oneLine(
        `  row ${v.row} ${SIMULATED} approval voided by an edit: ${v.editor} changed ${v.header} from ${v.from} to ${v.to} after ${v.approver} approved ${v.recipient}'s row; ` +
          `the add-on's Error: "${v.error}" Decision: ${v.reapprovedBy.length ? `re-approved by ${v.reapprovedBy.join(" and ")} and paid with the new value` : "left unapproved"}; it ended ${end(v.row)}` +
          (a.sentAs ? `, ${a.sentAs}` : "") +
          ".",
      ),
    );
  }
  for (const why of a.plan.skipped) out.push(`  note: ${why}`);
  out.push(
    a.problems.length === 0
      ? `  Checked: every row sent was approved, never by its preparer${a.needsTwo.length ? "; the rows above the threshold by two people" : ""}; Prepared by names who typed each row.`
      : `  Approvals NOT kept:\n    ${a.problems.join("\n    ")}`,
  );
  return out;
}

export function report(result: SandboxResult): string {
  const out: string[] = [];
  out.push("", "Summary (amounts of paid rows, exact decimals)", "");
  const summary = summaryTable(result.summary);
  const firstAmount = summary[0].indexOf("Total sent");
  out.push(table(summary, (c) => c >= 2 && c < firstAmount));
  if (result.approvals) out.push(...approvalsSection(result.approvals));
  if (result.notPaid.length > 0) {
    out.push("", `Rows not paid (${result.notPaid.length}), by Payouts row`, "");
    const shown = result.notPaid
      .slice(0, SHOWN)
      .map((o) => [
        String(o.row),
        o.status,
        shorten(o.recipient, 20),
        shorten(`${o.provider} ${o.asset}`, 24),
        shorten(o.amount, 14),
        why(o),
      ]);
    out.push(
      table(
        [["Row", "Status", "Recipient", "Provider / asset", "Amount", "Why"], ...shown],
        (c) => c === 0 || c === 4,
      ),
    );
    if (result.notPaid.length > SHOWN)
      out.push(
        `... and ${result.notPaid.length - SHOWN} more: every row and its Error is in the Payouts sheet (sandbox-payouts.csv, sandbox.xlsx).`,
      );
    const moved = result.notPaid.filter((o) => o.line !== undefined && o.line !== o.row);
    if (moved.length)
      out.push(
        `(Rows and file lines differ: ${moved.map((o) => `row ${o.row} = line ${o.line}`).join(", ")}.)`,
      );
  }
  if (result.warnings.length > 0) {
    out.push("", `Warnings (${result.warnings.length})`, "");
    for (const w of result.warnings)
      out.push(oneLine(`  row ${w.row} ${w.recipient}: ${w.warning}`));
  }
  const byName = new Map<string, number>();
  for (const e of result.executions)
    byName.set(e.functionName, (byName.get(e.functionName) ?? 0) + 1);
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
  out.push(result.reconciliation.line, result.audit.line);
  for (const note of result.notes) out.push(`Note: ${note}`);
  if (result.removed.length)
    out.push(`Removed stale file(s) of an earlier run: ${result.removed.join(", ")}.`);
  if (result.files.length)
    out.push("", "Written:", ...result.files.map((f) => `  ${relative(process.cwd(), f) || f}`));
  out.push("", result.verdict);
  return out.join("\n");
}

/** A file that progress lines are appended to, written at once (nothing lost on a crash). */
function fileOutput(path: string): TextOutput & { close(): void } {
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (error) {
    throw new SandboxInputError(
      `--log ${path}: cannot write there (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
    );
  }
  return {
    isTTY: false,
    write: (text: string) => writeSync(fd, text),
    close: () => closeSync(fd),
  };
}

export interface MainHooks {
  /** Builds dist/Code.js and returns its one-line summary (start.ts); tests leave it out. */
  build?: () => string;
  /** Receives the run's result (tests). */
  onResult?: (result: SandboxResult) => void;
}

export async function main(
  argv: string[],
  io: { stdout: TextOutput; stderr: TextOutput },
  hooks: MainHooks = {},
): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    io.stderr.write(
      `error: ${(error as Error).message}\nRun npm start -- --help for the options.\n`,
    );
    return 1;
  }
  if (options.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let log: ReturnType<typeof fileOutput> | undefined;
  try {
    // Everything that can be refused is checked before the run, not after it.
    if (options.log) log = fileOutput(options.log);
    if (options.outDir !== null) checkOutDir(options.outDir ?? DEFAULT_OUT);
    const progress: Progress = streamProgress(log ?? io.stderr);
    if (hooks.build) {
      progress.start("build");
      let built: string;
      try {
        built = hooks.build();
      } catch (error) {
        // The bundle does not compile: esbuild's own message says where; no stack needed.
        throw new SandboxInputError(error instanceof Error ? error.message : String(error));
      }
      progress.end(built);
    }
    const { log: _log, help: _help, ...sandboxOptions } = options;
    const result = await runSandbox({ ...sandboxOptions, progress });
    hooks.onResult?.(result);
    io.stdout.write(`${report(result)}\n`);
    if (log) {
      log.write(`${result.verdict}\n`);
      if (!result.ok) io.stderr.write(`${result.verdict}\n`);
    }
    return result.exitCode;
  } catch (error) {
    const message =
      error instanceof SandboxInputError
        ? `error: ${error.message}`
        : `internal error: ${error instanceof Error ? error.stack : String(error)}`;
    io.stderr.write(`${message}\n`);
    log?.write(`${message}\n`);
    return 1;
  } finally {
    log?.close();
  }
}
