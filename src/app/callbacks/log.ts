/**
 * The Callbacks sheet: every accepted callback body is appended here before anything else, so
 * none is lost when applying it fails or the lock is busy. A body is kept whole, split across
 * cells when it is longer than one cell holds, with the token removed. Each row is signed (the
 * record's key): a row a person typed or changed is reported and skipped, never applied. Rows
 * are never rewritten except for their Outcome and Applied at cells; a blank or "waiting"
 * outcome means "still to apply".
 */
import { macWithKey } from "../../domain/mac";
import type { ProviderName } from "../../domain/payout";
import { providerNamed } from "../../providers/registry";
import type { Sheet } from "../../ports";
import { KEYS } from "../keys";
import type { AppContext } from "../context";
import { appendLogRow, MAX_CELL } from "../log-sheet";
import { newSecretToken } from "../secret";

export const CALLBACK_HEADERS = [
  "Received at",
  "Provider",
  "Payout ID",
  "Provider ID",
  "Batch ID",
  "Provider status",
  "Outcome",
  "Applied at",
  "Check",
  "Body",
  "Body (continued)",
] as const;

const PROVIDER_COLUMN = 2;
const OUTCOME_COLUMN = 7;
const CHECK_COLUMN = 9;
const BODY_COLUMN = 10;
export const WAITING = "waiting";

/** A stored callback read back: its row, provider and body, or why it cannot be applied. */
export type StoredCallback =
  | { row: number; ok: true; provider: ProviderName; body: string; outcome: string }
  | { row: number; ok: false; reason: string };

/** What a callback says, for the summary cells a person reads. */
export interface CallbackSummary {
  payoutIds: string[];
  providerIds: string[];
  batchIds: string[];
  providerStatuses: string[];
}

/** Removes the callback token wherever the body echoes it (CoinGate echoes callback_url). */
export function redactBody(body: string, token: string | null): string {
  let redacted = body.replace(/(token(?:=|%3D))[^&"'\s]+/gi, "$1[REDACTED]");
  if (token) redacted = redacted.split(token).join("[REDACTED]");
  return redacted;
}

function joinUnique(values: string[]): string {
  return [...new Set(values.filter(Boolean))].join(" ").slice(0, MAX_CELL);
}

/** The body in cell-sized parts (at least one, possibly empty). */
function splitBody(body: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < body.length; i += MAX_CELL) parts.push(body.slice(i, i + MAX_CELL));
  return parts.length > 0 ? parts : [""];
}

function checkedText(receivedAt: string, provider: string, parts: string[]): string {
  return [receivedAt, provider, ...parts].join("\n");
}

/** The signing key, made now when this is the first thing the add-on ever signs. */
export function signingKey(ctx: AppContext): string {
  const existing = ctx.store.get(KEYS.recordKey);
  if (existing) return existing;
  const key = newSecretToken(ctx);
  ctx.store.set(KEYS.recordKey, key);
  return key;
}

/**
 * Appends one callback (token removed) with its summary and check; returns its row. The row is
 * found by its check rather than as the last row: another callback may be appended meanwhile.
 */
export function appendCallback(
  ctx: AppContext,
  sheet: Sheet,
  entry: { provider: ProviderName; body: string; summary: CallbackSummary; outcome: string },
): number {
  const token = ctx.store.get(KEYS.callbackToken);
  const parts = splitBody(redactBody(entry.body, token));
  const receivedAt = new Date(ctx.clock.now()).toISOString();
  const check = macWithKey(signingKey(ctx))(checkedText(receivedAt, entry.provider, parts));
  const { summary } = entry;
  appendLogRow(sheet, [
    receivedAt,
    entry.provider,
    joinUnique(summary.payoutIds),
    joinUnique(summary.providerIds),
    joinUnique(summary.batchIds),
    joinUnique(summary.providerStatuses),
    entry.outcome.slice(0, MAX_CELL),
    "",
    check,
    ...parts,
  ]);
  const rows = sheet.findRows(CHECK_COLUMN, check);
  return rows.length > 0 ? rows[rows.length - 1] : sheet.lastRow();
}

/** Callbacks not applied yet, oldest first, starting after the applied-through cursor. */
export function pendingCallbacks(ctx: AppContext, sheet: Sheet): StoredCallback[] {
  const from = Math.max(2, Number(ctx.store.get(KEYS.callbacksAppliedThrough) ?? "1") + 1);
  const last = sheet.lastRow();
  if (last < from) return [];
  const width = Math.max(BODY_COLUMN, sheet.lastColumn());
  const cells = sheet.readDisplay(from, 1, last - from + 1, width);
  const sign = macWithKey(ctx.store.get(KEYS.recordKey) ?? "");
  const pending: StoredCallback[] = [];
  cells.forEach((cell, index) => {
    const row = from + index;
    const outcome = cell[OUTCOME_COLUMN - 1] ?? "";
    if (outcome !== "" && !outcome.startsWith(WAITING)) return;
    if (cell.every((text) => text === "")) return;
    const parts = cell.slice(BODY_COLUMN - 1);
    while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
    const provider = providerNamed(cell[PROVIDER_COLUMN - 1] ?? "")?.name;
    const check = sign(checkedText(cell[0], cell[PROVIDER_COLUMN - 1], parts));
    if (!provider || !ctx.store.get(KEYS.recordKey) || check !== cell[CHECK_COLUMN - 1]) {
      pending.push({
        row,
        ok: false,
        reason:
          "ignored: this row was not written by the add-on, or was changed (its check does not match)",
      });
      return;
    }
    pending.push({ row, ok: true, provider, body: parts.join(""), outcome });
  });
  return pending;
}

export function recordOutcome(ctx: AppContext, sheet: Sheet, row: number, outcome: string): void {
  sheet.write(row, OUTCOME_COLUMN, [
    [outcome.slice(0, MAX_CELL), new Date(ctx.clock.now()).toISOString()],
  ]);
}

/**
 * Moves the cursor past every examined row before the first one still to apply. Rows appended
 * after `examinedThrough` by a concurrent doPost stay ahead of the cursor.
 */
export function advanceCursor(
  ctx: AppContext,
  examinedThrough: number,
  stillPending: number[],
): void {
  const next = stillPending.length > 0 ? Math.min(...stillPending) - 1 : examinedThrough;
  ctx.store.set(KEYS.callbacksAppliedThrough, String(next));
}
