/**
 * refreshPayouts: the time-driven trigger's handler. Applies stored callbacks, settles payouts
 * whose create may have left, continues waiting ones, polls every other open payout the record
 * holds (whether or not a row still shows it), and writes every row from the record, within a
 * time budget. With nothing open it reads two properties and one cell count and stops.
 */

import { pairUp } from "../../domain/pairs";
import { isOpen, isWaitingToSend, type PayoutRecord } from "../../domain/record";

import { audit } from "../audit/log";

import { notifyExceptions } from "../audit/notify/exception-mail";

import { applyPendingCallbacks } from "../callbacks/callbacks";

import { KEYS } from "../keys";
import { SHEETS } from "../sheet-names";

import { frozenMessage, frozenState } from "../controls/freeze";
import { isoNow, withScriptLock, type AppContext } from "../context";

import { recordOpenRows } from "./open-rows";

import { Budget } from "../budget";

import { busy, LOCK_WAIT_MS, saveRun, sendWaiting } from "../submit/submit";

import { refOf } from "../submit/queue";

import { loadRules } from "../validate/rows";

import { openRun, type Run } from "../workspace";

/** Payouts polled per provider request batch (CoinGate: parallel fetchAll chunks). */
const POLL_CHUNK = 50;

export interface RefreshSummary {
  ok: boolean;
  message: string;
  callbacksApplied?: number;
  polled?: number;
  changed?: number;
  open?: number;
  /** True when the time budget stopped polling; the next run resumes after the last one polled. */
  resumes?: boolean;
  /** Interrupted submissions found at the provider / confirmed absent and sent again. */
  recovered?: number;
  resent?: number;
  /** Waiting payouts this run sent: created, or refused by the provider. */
  created?: number;
  rejected?: number;
  /** Open payouts no row shows any more (deleted rows): still followed. */
  unseen?: number;
}

function nothingPending(ctx: AppContext): boolean {
  // A damaged record (marked by the last full run, or its key gone): every run names it.
  if (ctx.store.get(KEYS.openRows) !== "0" || ctx.store.get(KEYS.recordState)) return false;
  // Exceptions a callback left for an e-mail (notify/pending.ts).
  if (ctx.store.get(KEYS.notifyPending)) return false;
  if (Number(ctx.store.get(KEYS.recordEntries) ?? "0") > 0 && !ctx.store.get(KEYS.recordKey))
    return false;
  const log = ctx.workbook.sheet(SHEETS.callbacks);
  const appliedThrough = Number(ctx.store.get(KEYS.callbacksAppliedThrough) ?? "1");
  return !log || log.lastRow() <= appliedThrough;
}

export function refreshPayouts(ctx: AppContext): RefreshSummary {
  if (nothingPending(ctx)) {
    ctx.store.set(KEYS.lastRefreshAt, isoNow(ctx));
    return { ok: true, message: "Nothing to refresh: every submitted row is final.", open: 0 };
  }
  return withScriptLock(ctx, LOCK_WAIT_MS, busy("the refresh"), () => {
    const run = openRun(ctx);
    const { journal, providers, plan } = run;
    const callbacksApplied = applyPendingCallbacks(ctx, journal, providers);

    const problems: string[] = [];
    const sent = { recovered: 0, resent: 0, created: 0, rejected: 0 };
    const unsettled = journal
      .all()
      .some((r) => isWaitingToSend(r) || r.phase === "sending" || r.phase === "held");
    if (unsettled) {
      const rows = [...plan.recorded]
        .filter(([id]) => {
          const record = journal.get(id);
          return record !== undefined && isWaitingToSend(record);
        })
        .flatMap(([, list]) => list);
      const totals = sendWaiting(ctx, run, loadRules(rows, providers));
      problems.push(...totals.problems);
      for (const key of Object.keys(sent) as (keyof typeof sent)[]) sent[key] = totals[key];
    }

    const { polled, changed, resumes } = pollOpenPayouts(ctx, run, problems);
    saveRun(ctx, run);
    const open = recordOpenRows(ctx, journal);
    const unseen = journal.all().filter((r) => isOpen(r) && !plan.recorded.has(r.payoutId)).length;
    ctx.store.set(KEYS.lastRefreshAt, isoNow(ctx));
    const notified = notifyExceptions(ctx, journal, run.config.staleAfterHours, "Refresh");
    const summary = {
      ok: problems.length === 0,
      message: [
        `${callbacksApplied} callback(s) applied, ${polled} row(s) checked, ${changed} changed, ${open} still open`,
        unseen
          ? `${unseen} open payout(s) are on no row (deleted or renamed rows): the add-on still follows them`
          : "",
        sent.recovered || sent.resent
          ? `${sent.recovered} interrupted submission(s) found at the provider, ${sent.resent} confirmed absent and sent again`
          : "",
        sent.created || sent.rejected
          ? `${sent.created} queued row(s) created, ${sent.rejected} rejected`
          : "",
        resumes ? "the time budget ran out: the next refresh continues" : "",
        frozenNote(ctx),
        journal.damageMessage(),
        notified,
        ...problems,
      ]
        .filter(Boolean)
        .join("; "),
      callbacksApplied,
      polled,
      changed,
      open,
      resumes,
      unseen,
      ...sent,
    };
    // Only refreshes that changed something are worth a line: the trigger runs all day.
    const moved =
      callbacksApplied + changed + sent.recovered + sent.resent + sent.created + sent.rejected;
    if (moved > 0 || problems.length > 0) audit(ctx, "Refresh", summary.message, summary);
    return summary;
  });
}

/** Created payouts not final yet, in the order they were queued. */
function pollable(run: Run): PayoutRecord[] {
  return run.journal
    .all()
    .filter((r) => r.phase === "created" && isOpen(r))
    .sort((a, b) => a.lastSeq - b.lastSeq);
}

/**
 * Polls open payouts in a rotating order, so a run cut short by its budget resumes where it
 * stopped. The record says which payout to ask for, never the cells.
 */
function pollOpenPayouts(
  ctx: AppContext,
  run: Run,
  problems: string[],
): { polled: number; changed: number; resumes: boolean } {
  const open = pollable(run);
  // The cursor is the Payout ID of the last payout polled.
  const cursor = ctx.store.get(KEYS.refreshCursor) ?? "";
  const at = cursor ? open.findIndex((r) => r.payoutId === cursor) : -1;
  const ordered = [...open.slice(at + 1), ...open.slice(0, at + 1)];
  let polled = 0;
  let changed = 0;
  const failed = new Set<string>();
  const budget = new Budget(ctx.clock, run.startedAt);
  for (let i = 0; i < ordered.length; i += POLL_CHUNK) {
    if (!budget.allowsAnotherStep()) {
      ctx.store.set(KEYS.refreshCursor, ordered[i - 1]?.payoutId ?? "");
      return { polled, changed, resumes: true };
    }
    const chunk = ordered.slice(i, i + POLL_CHUNK);
    budget.step(() => pollChunk(chunk));
  }
  ctx.store.delete(KEYS.refreshCursor);
  return { polled, changed, resumes: false };

  function pollChunk(chunk: PayoutRecord[]): void {
    for (const { entry, client: provider } of run.providers.configured()) {
      const name = entry.name;
      const records = chunk.filter((r) => r.provider === name);
      if (records.length === 0 || failed.has(name)) continue;
      try {
        const outcomes = provider.fetch(records.map(refOf));
        for (const [record, outcome] of pairUp(records, outcomes, `${name} lookups`)) {
          polled++;
          if (outcome.kind !== "found") continue;
          const update = run.journal.record(record.payoutId, {
            kind: "update",
            source: "poll",
            snapshot: outcome.snapshot,
          });
          if (update) changed++;
        }
      } catch (error) {
        failed.add(name);
        problems.push(
          `${name} could not be polled: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    // Recorded once, at the end of the run: a poll lost to a dead run is simply polled again.
  }
}

/** Every run says when payouts are frozen (a refresh still polls and applies callbacks). */
function frozenNote(ctx: AppContext): string {
  const frozen = frozenState(ctx);
  return frozen ? frozenMessage(frozen) : "";
}
