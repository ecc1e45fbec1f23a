/**
 * Submitting payouts: re-validate, queue every VALID row, send under the script lock, stop
 * well before the time limit and continue from a one-off trigger.
 */
import { compareAmounts, subtractAmounts } from "../domain/money";
import { fingerprint } from "../domain/fingerprint";
import type { PayoutInstruction, ProviderName } from "../domain/payout";
import { PROVIDERS } from "../domain/payout";
import type { QuoteLine } from "../providers/provider";
import { audit } from "./audit-log";
import { isoNow, withScriptLock, type AppContext } from "./context";
import type { PayoutRow } from "./payout-table";
import { notConfiguredReason } from "./providers";
import { CONTINUE_HANDLER, runQueue, type QueueJob, type QueueTotals } from "./submit-queue";
import { recordOpenRows } from "./open-rows";
import { inputFingerprint, rowStatus, validateTable, type ValidationResult } from "./validate";
import { openRun } from "./workspace";

export interface SubmitSummary extends Partial<QueueTotals> {
  ok: boolean;
  message: string;
  queued?: number;
  /** True when a one-off trigger will continue the rest. */
  continuing?: boolean;
}

export const LOCK_WAIT_MS = 10_000;

export function busy(what: string) {
  return () => ({
    ok: false,
    message: `Another payouts run (a submit, a refresh or a callback) is working right now; ${what} changed nothing. Try again in a minute.`,
  });
}

/** The reviewed rows' identity: Payout IDs with a digest of their inputs. */
export function reviewFingerprint(
  rows: { row: PayoutRow; instruction: PayoutInstruction }[],
): string {
  return fingerprint(
    rows.map(({ row }) => `${row.outputs.payoutId}:${inputFingerprint(row)}`).sort(),
  );
}

export function submitPayouts(ctx: AppContext, options: { reviewed?: string } = {}): SubmitSummary {
  return withScriptLock(ctx, LOCK_WAIT_MS, busy("submitting"), () => {
    const { startedAt, config, table, providers } = openRun(ctx);
    const validation = validateTable(ctx, table, config, providers);
    const now = isoNow(ctx);
    const sendable = validation.valid.filter(({ instruction }) => providers[instruction.provider]);
    if (options.reviewed !== undefined && options.reviewed !== reviewFingerprint(sendable)) {
      table.write();
      const message =
        "The rows changed since the preview (added, edited or re-validated): nothing was sent. Open Submit payouts again to review them.";
      audit(ctx, "Submit refused", message);
      return { ok: false, message };
    }
    for (const { row, instruction } of validation.valid) {
      if (!providers[instruction.provider])
        table.set(row, { error: notConfiguredReason(instruction.provider) }, now);
    }
    for (const { row } of sendable) table.set(row, { status: "QUEUED" }, now);
    // The open-rows count goes up before the rows do: a run that dies after queuing must not
    // leave OPEN_ROWS at "0", or the refresh trigger would skip the rows it left behind.
    recordOpenRows(ctx, table);
    table.write();
    ctx.workbook.flush();
    const { continuing, ...totals } = sendWaiting({
      ctx,
      table,
      providers,
      config,
      startedAt,
      validation,
    });
    recordOpenRows(ctx, table);
    const summary = {
      ok: totals.problems.length === 0,
      message: [submitMessage(totals, sendable.length, continuing), ...config.warnings].join(" "),
      queued: sendable.length,
      continuing,
      ...totals,
    };
    audit(
      ctx,
      options.reviewed === undefined ? "Submit" : "Submit (reviewed)",
      summary.message,
      summary,
    );
    return summary;
  });
}

/** The one-off trigger's handler: continues QUEUED and SUBMITTING rows. */
export function continueSubmission(ctx: AppContext): SubmitSummary {
  return withScriptLock(ctx, LOCK_WAIT_MS, busy("continuing the submission"), () => {
    const { startedAt, config, table, providers } = openRun(ctx);
    // Only the rows already accepted: new rows wait for a person to validate and submit them.
    const validation = validateTable(ctx, table, config, providers, { onlyWaiting: true });
    table.write();
    const { continuing, ...totals } = sendWaiting({
      ctx,
      table,
      providers,
      config,
      startedAt,
      validation,
    });
    recordOpenRows(ctx, table);
    const summary = {
      ok: totals.problems.length === 0,
      message: submitMessage(totals, 0, continuing),
      continuing,
      ...totals,
    };
    if (totals.created + totals.rejected + totals.recovered + totals.resent + totals.unknown > 0)
      audit(ctx, "Continue submission", summary.message, summary);
    return summary;
  });
}

/**
 * Sends the QUEUED rows and resolves the SUBMITTING ones (see submit-queue), writes the results,
 * and schedules a continuation when the time budget left rows queued.
 */
export function sendWaiting(
  job: Omit<QueueJob, "instructions" | "blocked"> & { validation: ValidationResult },
): QueueTotals & { continuing: boolean } {
  const { validation, ...rest } = job;
  const totals = runQueue({
    ...rest,
    instructions: validation.instructions,
    blocked: validation.blocked,
  });
  job.table.write();
  const continuing = totals.remaining > 0 && scheduleContinuation(job.ctx);
  return { ...totals, continuing };
}

/** Exactly one pending continuation trigger: older ones (fired or not) are replaced. */
export function scheduleContinuation(ctx: AppContext): boolean {
  for (const trigger of ctx.triggers.list()) {
    if (trigger.handler === CONTINUE_HANDLER) ctx.triggers.remove(trigger.id);
  }
  ctx.triggers.once(CONTINUE_HANDLER, 60_000);
  return true;
}

function submitMessage(totals: QueueTotals, queued: number, continuing: boolean): string {
  const parts = [
    queued > 0 ? `${queued} row(s) queued` : "",
    `${totals.created} created`,
    totals.rejected ? `${totals.rejected} rejected` : "",
    totals.unknown ? `${totals.unknown} without an answer (looked up on the next run)` : "",
    totals.recovered ? `${totals.recovered} interrupted submission(s) found at the provider` : "",
    totals.resent
      ? `${totals.resent} interrupted submission(s) confirmed absent and sent again`
      : "",
    totals.remaining
      ? `${totals.remaining} still queued${continuing ? ", continuing automatically in a minute" : ""}`
      : "",
    ...totals.problems,
  ].filter(Boolean);
  return `${parts.join("; ")}.`;
}

export interface PreviewGroup extends QuoteLine {
  provider: ProviderName;
  shortfall?: string;
}

export interface PreviewSummary {
  ok: boolean;
  message: string;
  groups: PreviewGroup[];
  skipped: { row: number; payoutId: string; reason: string }[];
  fingerprint: string;
  count: number;
}

/** What a submit would do now: groups with totals, fees, balance and shortfall; rows skipped. */
export function previewPayouts(ctx: AppContext): PreviewSummary {
  const empty = { groups: [], skipped: [], fingerprint: "", count: 0 };
  return withScriptLock(
    ctx,
    LOCK_WAIT_MS,
    () => ({ ...empty, ...busy("the preview")() }),
    () => {
      const { config, table, providers } = openRun(ctx);
      const validation = validateTable(ctx, table, config, providers);
      table.write();
      const sendable = validation.valid.filter(
        ({ instruction }) => providers[instruction.provider],
      );
      const skipped = table
        .activeRows()
        .filter((row) => rowStatus(row) === "INVALID")
        .map((row) => ({
          row: row.row,
          payoutId: row.outputs.payoutId,
          reason: row.outputs.error,
        }));
      for (const { row, instruction } of validation.valid) {
        if (!providers[instruction.provider])
          skipped.push({
            row: row.row,
            payoutId: row.outputs.payoutId,
            reason: notConfiguredReason(instruction.provider),
          });
      }
      const groups: PreviewGroup[] = [];
      const problems: string[] = [];
      for (const name of PROVIDERS) {
        const provider = providers[name];
        const instructions = sendable
          .filter(({ instruction }) => instruction.provider === name)
          .map((v) => v.instruction);
        if (!provider || instructions.length === 0) continue;
        try {
          for (const line of provider.quote(instructions))
            groups.push({ ...line, provider: name, shortfall: shortfall(line) });
        } catch (error) {
          problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return {
        ok: problems.length === 0,
        message: problems.length ? `Fees or balances could not be read: ${problems.join(" ")}` : "",
        groups,
        skipped,
        fingerprint: reviewFingerprint(sendable),
        count: sendable.length,
      };
    },
  );
}

function shortfall(line: QuoteLine): string | undefined {
  if (line.balance === undefined) return undefined;
  const totalCurrency = line.totalCurrency ?? line.currency;
  if (line.balanceCurrency && line.balanceCurrency !== totalCurrency) return undefined;
  const needed = line.estimatedDebit ?? line.total;
  return compareAmounts(needed, line.balance) > 0
    ? subtractAmounts(needed, line.balance)
    : undefined;
}
