/**
 * doPost: provider callbacks (CONTRACT section 5). The token is checked in constant time, the
 * body is stored in the Callbacks sheet before anything else, then applied under a short tryLock.
 * A callback is a hint about a payout the record holds: it moves that payout only when its
 * provider, Payout ID and provider IDs all match the record (otherwise it is noted as a
 * mismatch), and a final status is written only after the provider's API confirms it.
 */
import { SHEETS } from "../sheet-names";
import { constantTimeEquals } from "../../domain/mac";

import type { ProviderName } from "../../domain/payout";
import { identityConflict, type PayoutRecord } from "../../domain/record";

import { isTerminal } from "../../domain/status";

import { providerNamed } from "../../providers/registry";
import type {
  CallbackHint,
  LookupOutcome,
  ParsedCallback,
  Provider,
} from "../../providers/provider";
import {
  WAITING,
  advanceCursor,
  appendCallback,
  pendingCallbacks,
  readCallbackRows,
  readOutcomes,
  rememberOutcome,
  writeOutcomeOf,
  writeOutcomes,
  type CallbackSummary,
} from "./log";

import { readConfig } from "../config";

import { KEYS } from "../keys";

import type { AppContext } from "../context";

import { openProviders, type Providers } from "../providers";

import { Journal } from "../record/journal";

import { keepTextRowsAhead } from "../log-sheet";

import { inDeferredAuditRun } from "../audit/deferred";
import { trailOf } from "../audit/trail";
import { ensureCallbackLog } from "../setup/setup";

import { refOf } from "../submit/queue";

export interface CallbackRequest {
  parameter: Record<string, string | undefined>;
  body: string;
  contentType: string;
}

export interface CallbackReply {
  body: string;
  json: boolean;
}

const APPLY_LOCK_MS = 3000;
/** Handler of the one-off trigger that shows applied callbacks in the rows. */
export const SHOW_CALLBACKS_HANDLER = "applyCallbacks";
const SHOW_AFTER_MS = 1000;

export function parseCallback(
  provider: ProviderName,
  body: string,
  contentType: string,
): ParsedCallback {
  const entry = providerNamed(provider);
  if (!entry) throw new Error(`No provider is called ${provider}.`);
  return entry.parseCallback(body, contentType);
}

function summaryOf(hints: CallbackHint[]): CallbackSummary {
  const pick = (get: (hint: CallbackHint) => string | undefined) =>
    hints.map(get).filter((v): v is string => !!v);
  return {
    payoutIds: pick((h) => h.payoutId),
    providerIds: pick((h) => h.providerId),
    batchIds: pick((h) => h.batchId),
    providerStatuses: pick((h) => h.providerStatus),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function handleCallback(ctx: AppContext, request: CallbackRequest): CallbackReply {
  const entry = providerNamed(request.parameter.provider ?? "");
  const provider = entry?.name;
  const expected = ctx.store.get(KEYS.callbackToken);
  const token = request.parameter.token ?? "";
  if (!expected || !constantTimeEquals(token, expected)) {
    return { body: "Refused: missing or wrong token.", json: false };
  }
  if (
    !entry ||
    !provider ||
    entry.callbackParam !== (request.parameter.provider ?? "").toLowerCase()
  )
    return { body: "Refused: unknown provider.", json: false };

  let parsed: ParsedCallback | undefined;
  let malformed = "";
  try {
    parsed = parseCallback(provider, request.body, request.contentType);
  } catch (error) {
    malformed = `malformed: ${describe(error)}`;
  }
  const log = ctx.workbook.sheet(SHEETS.callbacks) ?? ensureCallbackLog(ctx);
  const hints = parsed?.hints ?? [];
  const check = appendCallback(ctx, log, {
    provider,
    body: request.body,
    summary: summaryOf(hints),
    outcome: malformed,
  });
  const ack = entry.callbackAck;
  if (malformed) return ack;

  // Applied to the record at once when the lock is free; the rows show it when the one-off
  // trigger below (or any run) writes them. A busy lock leaves it for the refresh.
  if (!ctx.lock.tryLock(APPLY_LOCK_MS)) {
    writeOutcomeOf(
      ctx,
      check,
      `${WAITING}: another run held the lock; the next refresh applies it`,
    );
    return ack;
  }
  try {
    ctx.store.refresh();
    // Its audit entries are told by the next run, from the record (audit/deferred.ts).
    inDeferredAuditRun(ctx, () => {
      trailOf(ctx).actor = `${provider} callback`;
      const providers = openProviders(ctx, readConfig(ctx.store));
      const journal = Journal.open(ctx, { deferAudit: true });
      const outcome = applyHints(journal, providers, provider, hints);
      journal.commit();
      rememberOutcome(ctx, check, outcome);
      scheduleShowing(ctx);
    });
  } catch (error) {
    // The stored callback stays pending: the refresh applies it.
    ctx.log.warn(`A callback could not be applied now: ${describe(error)}`);
  } finally {
    ctx.lock.release();
  }
  return ack;
}

/** The one-off trigger that writes what callbacks changed into the rows: exactly one pending. */
export function scheduleShowing(ctx: AppContext): void {
  for (const trigger of ctx.triggers.list())
    if (trigger.handler === SHOW_CALLBACKS_HANDLER) ctx.triggers.remove(trigger.id);
  ctx.triggers.once(SHOW_CALLBACKS_HANDLER, SHOW_AFTER_MS);
}

/**
 * Applies every stored callback not applied yet (the refresh, and the trigger that follows
 * doPost). A row doPost already applied gets the outcome doPost reached, without a second
 * lookup. Returns how many were applied.
 */
export function applyPendingCallbacks(
  ctx: AppContext,
  journal: Journal,
  providers: Providers,
  options: { onlyRemembered?: boolean } = {},
): number {
  const rows = readCallbackRows(ctx);
  if (rows.cells.length === 0) return 0;
  keepTextRowsAhead(ctx, SHEETS.callbacks, rows.from + rows.cells.length - 1, rows.maxRows);
  const lastExamined = rows.from + rows.cells.length - 1;
  const pending = pendingCallbacks(ctx, rows);
  const known = readOutcomes(ctx);
  const still: number[] = [];
  const outcomes = new Map<number, string>();
  for (const entry of pending) {
    let outcome: string;
    const remembered = entry.ok ? known[entry.check] : undefined;
    if (!entry.ok) outcome = entry.reason;
    // What doPost reached: final (applied, no second lookup), or waiting (shown; applied here
    // by the refresh, not by the run that only shows).
    else if (
      remembered !== undefined &&
      (options.onlyRemembered || !remembered.startsWith(WAITING))
    )
      outcome = remembered;
    else if (options.onlyRemembered) continue;
    else {
      try {
        const { hints } = parseCallback(entry.provider, entry.body, "");
        outcome = applyHints(journal, providers, entry.provider, hints);
      } catch (error) {
        outcome = `malformed stored row, skipped: ${describe(error)}`;
      }
    }
    outcomes.set(entry.row, outcome);
    if (outcome.startsWith(WAITING)) still.push(entry.row);
  }
  // The record first: an outcome is never written for an update a dead run did not keep.
  journal.commit();
  writeOutcomes(ctx, rows, outcomes);
  if (Object.keys(known).length > 0) ctx.store.delete(KEYS.callbackOutcomes);
  // Rows left blank (the run that only shows) keep the cursor where they are.
  for (const entry of pending) if (!outcomes.has(entry.row)) still.push(entry.row);
  advanceCursor(ctx, lastExamined, still);
  return pending.length - still.length;
}

function findRecord(journal: Journal, hint: CallbackHint): PayoutRecord | undefined {
  if (hint.payoutId) return journal.get(hint.payoutId);
  if (!hint.providerId) return undefined;
  return journal.all().find((r) => r.details.providerId === hint.providerId);
}

interface HintOutcome {
  text: string;
  waiting: boolean;
}

/**
 * Applies a callback's hints to the record. One waiting hint keeps the whole callback pending
 * (the others are idempotent on replay); mismatches and contradictions are final outcomes, so
 * they never hold the cursor.
 */
export function applyHints(
  journal: Journal,
  providers: Providers,
  provider: ProviderName,
  hints: CallbackHint[],
): string {
  if (hints.length === 0) return "nothing to apply: the body names no payout";
  const confirmations = confirmTerminalHints(journal, providers.client(provider), provider, hints);
  const outcomes = hints.map((hint, index) =>
    applyHint(journal, provider, hint, confirmations[index]),
  );
  const text = outcomes.map((o) => o.text).join("; ");
  return outcomes.some((o) => o.waiting) ? `${WAITING}: ${text}` : text;
}

/** Why a hint may not touch this record, or undefined when it is the record's own payout. */
function mismatch(
  record: PayoutRecord,
  provider: ProviderName,
  hint: CallbackHint,
): string | undefined {
  if (record.provider !== provider)
    return `the callback came from ${provider}, but the payout is ${record.provider}'s`;
  if (record.phase === "queued" || record.phase === "absent" || record.phase === "returned")
    return "the add-on has not sent this payout";
  return identityConflict(record, {
    payoutId: hint.payoutId,
    providerId: hint.providerId,
    batchId: hint.batchId,
  });
}

/**
 * Looks up, in one provider call, every payout a hint says is final (GatePay answers a whole
 * batch in one query): a terminal status is written only when the provider confirms it.
 */
function confirmTerminalHints(
  journal: Journal,
  client: Provider | undefined,
  provider: ProviderName,
  hints: CallbackHint[],
): (LookupOutcome | undefined)[] {
  const wanted = hints.map((hint) => {
    const record = findRecord(journal, hint);
    const final = hint.status !== null && isTerminal(hint.status);
    if (!record || !final || isTerminal(record.status) || mismatch(record, provider, hint))
      return undefined;
    return refOf(record);
  });
  const refs = wanted.filter((ref) => ref !== undefined);
  if (!client || refs.length === 0) return hints.map(() => undefined);
  let answers: LookupOutcome[];
  try {
    answers = client.fetch(refs);
  } catch (error) {
    answers = refs.map((ref) => ({
      kind: "unknown",
      payoutId: ref.payoutId,
      reason: describe(error),
    }));
  }
  let next = 0;
  return wanted.map((ref) => (ref ? answers[next++] : undefined));
}

function applyHint(
  journal: Journal,
  provider: ProviderName,
  hint: CallbackHint,
  lookup: LookupOutcome | undefined,
): HintOutcome {
  const done = (text: string): HintOutcome => ({ text, waiting: false });
  const label = hint.payoutId ?? hint.providerId ?? "?";
  const record = findRecord(journal, hint);
  if (!record) return done(`${label}: unmatched (the add-on sent no payout with this ID)`);
  const wrong = mismatch(record, provider, hint);
  if (wrong) return done(`${label}: mismatch, ${wrong}; nothing changed`);
  const id = record.payoutId;
  if (isTerminal(record.status))
    return done(`${label}: ignored, the row is already ${record.status}`);
  if (hint.status === null)
    return done(
      `${label}: unknown provider status "${hint.providerStatus}", the payout keeps ${record.status}`,
    );
  if (!isTerminal(hint.status)) {
    const changed = journal.record(id, {
      kind: "update",
      source: "callback",
      snapshot: { ...hint.snapshot, status: hint.status },
    });
    if (changed) return done(`${label}: applied ${hint.status}`);
    const backwards = journal.get(id)?.status !== hint.status && record.status !== hint.status;
    return done(
      backwards
        ? `${label}: ignored, ${hint.status} would move ${record.status} backwards`
        : `${label}: duplicate, nothing new`,
    );
  }
  // Terminal: written only as the provider's API confirms it.
  if (!lookup)
    return { text: `${label}: ${provider} is not configured, cannot confirm`, waiting: true };
  if (lookup.kind === "unknown")
    return { text: `${label}: could not confirm (${lookup.reason})`, waiting: true };
  if (lookup.kind === "absent") {
    journal.record(id, {
      kind: "note",
      text: `A callback said ${hint.status}, but ${provider} has no such payout.`,
      dispute: { callback: hint.status, provider: "no such payout" },
    });
    return done(`${label}: disputed, ${provider} has no such payout`);
  }
  const confirmed = lookup.snapshot;
  const conflict = identityConflict(record, confirmed);
  if (conflict)
    return done(`${label}: mismatch, the provider's answer does not match (${conflict})`);
  journal.record(id, { kind: "update", source: "callback", snapshot: confirmed });
  if (confirmed.status !== hint.status) {
    const says = confirmed.status ?? confirmed.providerStatus;
    journal.record(id, {
      kind: "note",
      text: `A callback said ${hint.status}, but ${provider} says ${says}; the row follows ${provider}.`,
      dispute: { callback: hint.status, provider: says },
    });
    return done(`${label}: disputed, callback said ${hint.status} but the API says ${says}`);
  }
  return done(`${label}: confirmed ${confirmed.status}`);
}
