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
import { MAX_CELL } from "../log-sheet";
import { SHEETS } from "../sheet-names";
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
  | { row: number; ok: true; provider: ProviderName; body: string; outcome: string; check: string }
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
 * Appends one callback (token removed) with its summary and check, in one appendRow (atomic:
 * concurrent doPosts never write over each other); returns its check, which names the row. The
 * rows below are plain text already (keepTextRowsAhead), so IDs keep their digits.
 */
export function appendCallback(
  ctx: AppContext,
  sheet: Sheet,
  entry: { provider: ProviderName; body: string; summary: CallbackSummary; outcome: string },
): string {
  const token = ctx.store.get(KEYS.callbackToken);
  const parts = splitBody(redactBody(entry.body, token));
  const receivedAt = new Date(ctx.clock.now()).toISOString();
  const check = macWithKey(signingKey(ctx))(checkedText(receivedAt, entry.provider, parts));
  const { summary } = entry;
  sheet.appendRow([
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
  return check;
}

/** The Callbacks rows from the cursor on, as read: where outcomes go back, and the sheet's size. */
export interface CallbackRows {
  /** Sheet row of the first row read. */
  from: number;
  /** The rows with anything in them (blank rows below the data dropped). */
  cells: string[][];
  /** Rows the sheet has (blank ones included). */
  maxRows: number;
}

/** Columns a stored callback may use: up to AZ, a body of about two million characters. */
export const CALLBACK_WIDTH = 52;

export function readCallbackRows(ctx: AppContext): CallbackRows {
  const from = Math.max(2, Number(ctx.store.get(KEYS.callbacksAppliedThrough) ?? "1") + 1);
  let block = ctx.workbook.readText(SHEETS.callbacks, from, 1, CALLBACK_WIDTH);
  if (block.length === 0) {
    // A sheet narrower than the read (made by an older version), or none at all.
    const sheet = ctx.workbook.sheet(SHEETS.callbacks);
    if (sheet && sheet.lastRow() >= from) {
      if (sheet.maxColumns() < CALLBACK_WIDTH)
        sheet.insertColumnsAfter(sheet.maxColumns(), CALLBACK_WIDTH - sheet.maxColumns());
      block = ctx.workbook.readText(SHEETS.callbacks, from, 1, CALLBACK_WIDTH);
    }
  }
  let height = block.length;
  while (height > 0 && block[height - 1]?.every((cell) => cell === "")) height--;
  return { from, cells: block.slice(0, height), maxRows: from + block.length - 1 };
}

/** Callbacks not applied yet, oldest first, from rows read by readCallbackRows. */
export function pendingCallbacks(ctx: AppContext, rows: CallbackRows): StoredCallback[] {
  const { from, cells } = rows;
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
    const check = sign(checkedText(cell[0] ?? "", cell[PROVIDER_COLUMN - 1] ?? "", parts));
    if (!provider || !ctx.store.get(KEYS.recordKey) || check !== cell[CHECK_COLUMN - 1]) {
      pending.push({
        row,
        ok: false,
        reason:
          "ignored: this row was not written by the add-on, or was changed (its check does not match)",
      });
      return;
    }
    pending.push({
      row,
      ok: true,
      provider,
      body: parts.join(""),
      outcome,
      check: cell[CHECK_COLUMN - 1] ?? "",
    });
  });
  return pending;
}

/**
 * Writes the outcomes of rows read by readCallbackRows back, in one block over those rows:
 * the others keep what was read (no other run writes an outcome there meanwhile: only this one,
 * under the lock, writes outcomes).
 */
export function writeOutcomes(
  ctx: AppContext,
  rows: CallbackRows,
  outcomes: ReadonlyMap<number, string>,
): void {
  if (outcomes.size === 0) return;
  const last = Math.max(...outcomes.keys());
  const at = new Date(ctx.clock.now()).toISOString();
  const block = rows.cells.slice(0, last - rows.from + 1).map((cell, index) => {
    const outcome = outcomes.get(rows.from + index);
    return outcome === undefined
      ? [cell[OUTCOME_COLUMN - 1] ?? "", cell[OUTCOME_COLUMN] ?? ""]
      : [outcome.slice(0, MAX_CELL), at];
  });
  ctx.workbook.writeBlock(SHEETS.callbacks, rows.from, OUTCOME_COLUMN, block);
}

/**
 * Writes an outcome into the stored row with this check, found among the rows after the
 * cursor (doPost with a busy lock: four calls, only then).
 */
export function writeOutcomeOf(ctx: AppContext, check: string, outcome: string): void {
  const from = Math.max(2, Number(ctx.store.get(KEYS.callbacksAppliedThrough) ?? "1") + 1);
  const checks = ctx.workbook.readText(SHEETS.callbacks, from, CHECK_COLUMN, CHECK_COLUMN);
  const index = checks.map((cell) => cell[0]).lastIndexOf(check);
  if (index < 0) return;
  ctx.workbook.writeBlock(SHEETS.callbacks, from + index, OUTCOME_COLUMN, [
    [outcome.slice(0, MAX_CELL), new Date(ctx.clock.now()).toISOString()],
  ]);
}

/** The outcome a doPost reached for the row with this check, kept for the next run to write. */
export function rememberOutcome(ctx: AppContext, check: string, outcome: string): void {
  const known = readOutcomes(ctx);
  known[check] = outcome.slice(0, 300);
  // Bounded: a row whose outcome fell off is applied again by the refresh (idempotent).
  const entries = Object.entries(known).slice(-50);
  ctx.store.set(KEYS.callbackOutcomes, JSON.stringify(Object.fromEntries(entries)));
}

export function readOutcomes(ctx: AppContext): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(ctx.store.get(KEYS.callbackOutcomes) ?? "{}");
    return parsed && typeof parsed === "object" ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
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
