/**
 * refreshPayouts: the time-driven trigger's handler. Applies stored callbacks, recovers
 * SUBMITTING rows, continues QUEUED rows, polls every other non-terminal row, flags rows that
 * stay open too long, and writes everything back in batched writes, within a time budget. With
 * nothing open it reads two properties and one cell count and stops.
 */
import { CALLBACKS_SHEET } from "../domain/columns";
import type { PayoutRef, ProviderName } from "../domain/payout";
import { PROVIDERS } from "../domain/payout";
import { parseProvider } from "../domain/row-validation";
import { isTerminal } from "../domain/status";
import { applySnapshot } from "./apply-snapshot";
import { audit } from "./audit-log";
import { applyPendingCallbacks } from "./callbacks";
import { KEYS } from "./config";
import { isoNow, withScriptLock, type AppContext } from "./context";
import { recordOpenRows } from "./open-rows";
import type { PayoutRow, PayoutTable } from "./payout-table";
import type { Providers } from "./providers";
import { busy, LOCK_WAIT_MS, sendWaiting } from "./submit";
import { Budget } from "./budget";
import { rowStatus, validateTable } from "./validate";
import { openRun } from "./workspace";

/** Rows polled per provider request batch (CoinGate: parallel fetchAll chunks). */
const POLL_CHUNK = 50;
export const REFRESH_CURSOR = "REFRESH_CURSOR";

export interface RefreshSummary {
  ok: boolean;
  message: string;
  callbacksApplied?: number;
  polled?: number;
  changed?: number;
  open?: number;
  /** True when the time budget stopped polling; the next run resumes after the last row polled. */
  resumes?: boolean;
  /** Interrupted submissions found at the provider / confirmed absent and sent again. */
  recovered?: number;
  resent?: number;
  /** QUEUED rows this run sent: created, or refused by the provider. */
  created?: number;
  rejected?: number;
}

function nothingPending(ctx: AppContext): boolean {
  if (ctx.store.get(KEYS.openRows) !== "0") return false;
  const log = ctx.workbook.sheet(CALLBACKS_SHEET);
  const appliedThrough = Number(ctx.store.get(KEYS.callbacksAppliedThrough) ?? "1");
  return !log || log.lastRow() <= appliedThrough;
}

export function refreshPayouts(ctx: AppContext): RefreshSummary {
  if (nothingPending(ctx)) {
    ctx.store.set(KEYS.lastRefreshAt, isoNow(ctx));
    return { ok: true, message: "Nothing to refresh: every submitted row is final.", open: 0 };
  }
  return withScriptLock(ctx, LOCK_WAIT_MS, busy("the refresh"), () => {
    const { startedAt, config, table, providers } = openRun(ctx);
    const callbacksApplied = applyPendingCallbacks(ctx, table, providers);

    const waiting = table
      .activeRows()
      .some((row) => rowStatus(row) === "QUEUED" || rowStatus(row) === "SUBMITTING");
    const problems: string[] = [];
    const sent = { recovered: 0, resent: 0, created: 0, rejected: 0 };
    if (waiting) {
      const validation = validateTable(ctx, table, config, providers, { onlyWaiting: true });
      const totals = sendWaiting({ ctx, table, providers, config, startedAt, validation });
      problems.push(...totals.problems);
      for (const key of Object.keys(sent) as (keyof typeof sent)[]) sent[key] = totals[key];
    }

    const { polled, changed, resumes } = pollOpenRows(ctx, table, providers, startedAt, problems);
    flagStaleRows(ctx, table, config.staleAfterHours);
    table.write();
    const open = recordOpenRows(ctx, table);
    ctx.store.set(KEYS.lastRefreshAt, isoNow(ctx));
    const summary = {
      ok: problems.length === 0,
      message: [
        `${callbacksApplied} callback(s) applied, ${polled} row(s) checked, ${changed} changed, ${open} still open`,
        sent.recovered || sent.resent
          ? `${sent.recovered} interrupted submission(s) found at the provider, ${sent.resent} confirmed absent and sent again`
          : "",
        sent.created || sent.rejected
          ? `${sent.created} queued row(s) created, ${sent.rejected} rejected`
          : "",
        resumes ? "the time budget ran out: the next refresh continues" : "",
        ...problems,
      ]
        .filter(Boolean)
        .join("; "),
      callbacksApplied,
      polled,
      changed,
      open,
      resumes,
      ...sent,
    };
    // Only refreshes that changed something are worth a line: the trigger runs all day.
    const moved =
      callbacksApplied + changed + sent.recovered + sent.resent + sent.created + sent.rejected;
    if (moved > 0 || problems.length > 0) audit(ctx, "Refresh", summary.message, summary);
    return summary;
  });
}

function pollable(row: PayoutRow): boolean {
  const status = rowStatus(row);
  return status === "PENDING" || status === "NEEDS_ACTION" || status === "PROCESSING";
}

/** Polls open rows in a rotating order, so a run cut short by its budget resumes where it stopped. */
function pollOpenRows(
  ctx: AppContext,
  table: PayoutTable,
  providers: Providers,
  startedAt: number,
  problems: string[],
): { polled: number; changed: number; resumes: boolean } {
  const active = table.activeRows();
  const open = active.filter(pollable);
  // The cursor is the Payout ID of the last row polled. Payout IDs are random, not in sheet
  // order: resume at the first open row below the cursor's row (wherever it is now), else at
  // the top.
  const cursor = ctx.store.get(REFRESH_CURSOR) ?? "";
  const cursorRow = cursor ? active.find((row) => row.outputs.payoutId === cursor) : undefined;
  const start = cursorRow
    ? Math.max(
        0,
        open.findIndex((row) => row.row > cursorRow.row),
      )
    : 0;
  const ordered = [...open.slice(start), ...open.slice(0, start)];
  let polled = 0;
  let changed = 0;
  const now = isoNow(ctx);
  const failed = new Set<ProviderName>();
  const budget = new Budget(ctx.clock, startedAt);
  for (let i = 0; i < ordered.length; i += POLL_CHUNK) {
    if (!budget.allowsAnotherStep()) {
      ctx.store.set(REFRESH_CURSOR, ordered[i - 1]?.outputs.payoutId ?? "");
      return { polled, changed, resumes: true };
    }
    const chunk = ordered.slice(i, i + POLL_CHUNK);
    budget.step(() => pollChunk(chunk));
  }
  ctx.store.delete(REFRESH_CURSOR);
  return { polled, changed, resumes: false };

  function pollChunk(chunk: PayoutRow[]): void {
    for (const name of PROVIDERS) {
      const provider = providers[name];
      const rows = chunk.filter((row) => parseProvider(row.inputs.provider.text) === name);
      if (!provider || rows.length === 0 || failed.has(name)) continue;
      const refs: PayoutRef[] = rows.map((row) => ({
        payoutId: row.outputs.payoutId,
        providerId: row.outputs.providerId || undefined,
        batchId: row.outputs.batchId || undefined,
      }));
      try {
        provider.fetch(refs).forEach((outcome, index) => {
          polled++;
          if (outcome.kind !== "found") return;
          const result = applySnapshot(table, rows[index], outcome.snapshot, now);
          if (result === "moved" || result === "updated") changed++;
        });
      } catch (error) {
        failed.add(name);
        problems.push(
          `${name} could not be polled: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    table.write();
  }
}

/** Rows still open long after submission get a visible note in Error. */
function flagStaleRows(ctx: AppContext, table: PayoutTable, staleAfterHours: number): void {
  const limit = staleAfterHours * 3600 * 1000;
  const now = isoNow(ctx);
  for (const row of table.activeRows()) {
    const status = rowStatus(row);
    if (!row.outputs.submittedAt || isTerminal(status) || !pollable(row)) continue;
    const age = ctx.clock.now() - Date.parse(row.outputs.submittedAt);
    if (!(age > limit)) continue;
    const note = `Still ${status} ${Math.floor(age / 3600000)} hours after submission: check it at the provider.`;
    const kept = row.outputs.error.replace(
      /Still [A-Z_]+ \d+ hours after submission: check it at the provider\.\s*/g,
      "",
    );
    table.set(row, { error: kept ? `${kept} ${note}` : note }, now);
  }
}
