/**
 * doPost: provider callbacks (CONTRACT section 5). The token is checked in constant time, the
 * body is stored in the Callbacks sheet before anything else, then applied under a short tryLock.
 * A callback is a hint: a terminal status is written only after the provider's API confirms it.
 */
import { CALLBACKS_SHEET } from "../domain/columns";
import type { ProviderName } from "../domain/payout";
import { isTerminal } from "../domain/status";
import { parseCoinGateCallback } from "../providers/coingate";
import { parseGatePayCallback } from "../providers/gatepay";
import type { PayoutRef } from "../domain/payout";
import type { CallbackHint, LookupOutcome, ParsedCallback, Provider } from "../providers/provider";
import { applySnapshot } from "./apply-snapshot";
import {
  WAITING,
  advanceCursor,
  appendCallback,
  pendingCallbacks,
  recordOutcome,
  type StoredCallback,
} from "./callback-log";
import { KEYS, readConfig } from "./config";
import { isoNow, type AppContext } from "./context";
import { PayoutTable } from "./payout-table";
import { openProviders, type Providers } from "./providers";
import { ensureCallbackLog } from "./setup";
import { rowStatus } from "./validate";

export interface CallbackRequest {
  parameter: Record<string, string | undefined>;
  body: string;
  contentType: string;
}

export interface CallbackReply {
  body: string;
  json: boolean;
}

const PROVIDER_PARAM: Record<string, ProviderName> = { coingate: "CoinGate", gatepay: "GatePay" };
export const GATEPAY_ACK = '{"returnCode":"SUCCESS","returnMessage":""}';
const APPLY_LOCK_MS = 3000;

/** Equal-time string comparison: the time taken does not tell how much of the token matched. */
export function constantTimeEquals(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    // charCodeAt past the end is NaN, and NaN | 0 is 0: every position costs the same.
    difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return difference === 0;
}

function parse(provider: ProviderName, body: string, contentType: string): ParsedCallback {
  return provider === "CoinGate"
    ? parseCoinGateCallback(body, contentType)
    : parseGatePayCallback(body);
}

export function handleCallback(ctx: AppContext, request: CallbackRequest): CallbackReply {
  const provider = PROVIDER_PARAM[(request.parameter.provider ?? "").toLowerCase()];
  const expected = ctx.store.get(KEYS.callbackToken);
  const token = request.parameter.token ?? "";
  if (!expected || !constantTimeEquals(token, expected)) {
    return { body: "Refused: missing or wrong token.", json: false };
  }
  if (!provider) return { body: "Refused: provider must be coingate or gatepay.", json: false };

  let parsed: ParsedCallback | undefined;
  let malformed = "";
  try {
    parsed = parse(provider, request.body, request.contentType);
  } catch (error) {
    malformed = `malformed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const log = ensureCallbackLog(ctx);
  const hints = parsed?.hints ?? [];
  const row = appendCallback(ctx, log, { provider, body: request.body, hints, outcome: malformed });
  const ack =
    provider === "GatePay" ? { body: GATEPAY_ACK, json: true } : { body: "OK", json: false };
  if (malformed) return ack;

  // Applying is best effort: when the lock is busy, the stored callback waits for the refresh.
  if (!ctx.lock.tryLock(APPLY_LOCK_MS)) {
    recordOutcome(
      ctx,
      log,
      row,
      `${WAITING}: another run held the lock; the next refresh applies it`,
    );
    return ack;
  }
  try {
    const config = readConfig(ctx.store);
    const providers = openProviders(ctx, config);
    const entry: StoredCallback = { row, provider, hints, outcome: "" };
    const ids = hints.map((h) => h.payoutId).filter((id): id is string => !!id);
    const providerIds = hints.map((h) => h.providerId).filter((id): id is string => !!id);
    const table = PayoutTable.loadMatching(ctx.workbook, ids, providerIds);
    const outcome = applyStoredCallback(ctx, table, providers, entry);
    table.write();
    recordOutcome(ctx, log, row, outcome);
  } catch (error) {
    recordOutcome(
      ctx,
      log,
      row,
      `${WAITING}: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    ctx.workbook.flush();
    ctx.lock.release();
  }
  return ack;
}

/** Applies every stored callback not applied yet (refresh). Returns how many were applied. */
export function applyPendingCallbacks(
  ctx: AppContext,
  table: PayoutTable,
  providers: Providers,
): number {
  const log = ctx.workbook.sheet(CALLBACKS_SHEET);
  if (!log) return 0;
  const lastExamined = log.lastRow();
  const pending = pendingCallbacks(ctx, log).filter((entry) => entry.row <= lastExamined);
  const still: number[] = [];
  for (const entry of pending) {
    const outcome = applyStoredCallback(ctx, table, providers, entry);
    table.write();
    recordOutcome(ctx, log, entry.row, outcome);
    if (outcome.startsWith(WAITING)) still.push(entry.row);
  }
  advanceCursor(ctx, lastExamined, still);
  return pending.length - still.length;
}

function applyStoredCallback(
  ctx: AppContext,
  table: PayoutTable,
  providers: Providers,
  entry: StoredCallback,
): string {
  if (entry.hints.length === 0) return "nothing to apply: the body names no payout";
  const providerName = entry.provider as ProviderName;
  const confirmations = confirmTerminalHints(table, providers[providerName], entry.hints);
  const outcomes = entry.hints.map((hint, index) =>
    applyHint(ctx, table, providerName, hint, confirmations[index]),
  );
  const waiting = outcomes.filter((o) => o.startsWith(WAITING));
  // One waiting hint keeps the whole callback pending; the others are idempotent on replay.
  return waiting.length > 0 ? `${WAITING}: ${outcomes.join("; ")}` : outcomes.join("; ");
}

/**
 * Looks up, in one provider call, every payout a hint says is final (GatePay answers a whole
 * batch in one query): a terminal status is written only when the provider confirms it.
 */
function confirmTerminalHints(
  table: PayoutTable,
  provider: Provider | undefined,
  hints: CallbackHint[],
): (LookupOutcome | undefined)[] {
  const wanted = hints.map((hint): PayoutRef | undefined => {
    const row = table.find(hint.payoutId, hint.providerId);
    const final = hint.status !== null && isTerminal(hint.status);
    if (!row || !final || isTerminal(rowStatus(row))) return undefined;
    return {
      payoutId: row.outputs.payoutId,
      providerId: row.outputs.providerId || hint.providerId,
      batchId: row.outputs.batchId || hint.batchId,
    };
  });
  const refs = wanted.filter((ref): ref is PayoutRef => ref !== undefined);
  if (!provider || refs.length === 0) return hints.map(() => undefined);
  let answers: LookupOutcome[];
  try {
    answers = provider.fetch(refs);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    answers = refs.map((ref) => ({ kind: "unknown", payoutId: ref.payoutId, reason }));
  }
  let next = 0;
  return wanted.map((ref) => (ref ? answers[next++] : undefined));
}

function applyHint(
  ctx: AppContext,
  table: PayoutTable,
  providerName: ProviderName,
  hint: CallbackHint,
  lookup: LookupOutcome | undefined,
): string {
  const label = hint.payoutId ?? hint.providerId ?? "?";
  const row = table.find(hint.payoutId, hint.providerId);
  if (!row) return `${label}: unmatched (no row has this Payout ID or provider ID)`;
  const current = rowStatus(row);
  const now = isoNow(ctx);
  if (isTerminal(current)) return `${label}: ignored, the row is already ${current}`;
  if (hint.status === null)
    return `${label}: unknown provider status "${hint.providerStatus}", the row keeps ${current || "its status"}`;
  if (!isTerminal(hint.status)) {
    const result = applySnapshot(table, row, { ...hint.snapshot, status: hint.status }, now);
    if (result === "refused")
      return `${label}: ignored, ${hint.status} would move ${current} backwards`;
    return result === "unchanged"
      ? `${label}: duplicate, nothing new`
      : `${label}: applied ${hint.status}`;
  }
  // Terminal: written only as the provider's API confirms it.
  if (!lookup) return `${WAITING}: ${label}: ${providerName} is not configured, cannot confirm`;
  if (lookup.kind === "unknown")
    return `${WAITING}: ${label}: could not confirm (${lookup.reason})`;
  if (lookup.kind === "absent") {
    table.set(
      row,
      { error: `A callback said ${hint.status}, but ${providerName} has no such payout.` },
      now,
    );
    return `${label}: disputed, ${providerName} has no such payout`;
  }
  const confirmed = lookup.snapshot;
  applySnapshot(table, row, confirmed, now);
  if (confirmed.status !== hint.status) {
    const says = confirmed.status ?? confirmed.providerStatus;
    table.set(
      row,
      {
        error: `A callback said ${hint.status}, but ${providerName} says ${says}; the row follows ${providerName}.`,
      },
      now,
    );
    return `${label}: disputed, callback said ${hint.status} but the API says ${says}`;
  }
  return `${label}: confirmed ${confirmed.status}`;
}
