/**
 * The Callbacks sheet: every accepted callback body is appended here before anything else, so
 * none is lost when applying it fails or the lock is busy. Rows are never rewritten except for
 * their Outcome and Applied at cells; a blank or "waiting" outcome means "still to apply".
 */
import { escapeFormulaText } from "../domain/text";
import type { CallbackHint } from "../providers/provider";
import type { Sheet } from "../ports";
import { KEYS } from "./config";
import { MAX_CELL } from "./log-sheet";
import type { AppContext } from "./context";

export const CALLBACK_HEADERS = [
  "Received at",
  "Provider",
  "Payout ID",
  "Provider ID",
  "Batch ID",
  "Provider status",
  "Outcome",
  "Applied at",
  "Hints",
  "Body",
] as const;

const OUTCOME_COLUMN = 7;
const HINTS_COLUMN = 9;
export const WAITING = "waiting";

export interface StoredCallback {
  row: number;
  provider: string;
  hints: CallbackHint[];
  outcome: string;
}

/** Removes the callback token wherever the body echoes it (CoinGate echoes callback_url). */
export function redactBody(body: string, token: string | null): string {
  let redacted = body.replace(/(token(?:=|%3D))[^&"'\s]+/gi, "$1[REDACTED]");
  if (token) redacted = redacted.split(token).join("[REDACTED]");
  return redacted;
}

function joinUnique(values: (string | undefined)[]): string {
  return [...new Set(values.filter((v): v is string => !!v))].join(" ");
}

export function appendCallback(
  ctx: AppContext,
  sheet: Sheet,
  entry: { provider: string; body: string; hints: CallbackHint[]; outcome: string },
): number {
  const token = ctx.store.get(KEYS.callbackToken);
  const body = redactBody(entry.body, token);
  const hints = JSON.stringify(entry.hints);
  const cells = [
    new Date(ctx.clock.now()).toISOString(),
    entry.provider,
    joinUnique(entry.hints.map((h) => h.payoutId)),
    joinUnique(entry.hints.map((h) => h.providerId)),
    joinUnique(entry.hints.map((h) => h.batchId)),
    joinUnique(entry.hints.map((h) => h.providerStatus)),
    entry.outcome,
    "",
    hints.length > MAX_CELL ? "[too long to keep: see Body]" : hints,
    body.length > MAX_CELL ? `${body.slice(0, MAX_CELL)}...[truncated]` : body,
  ].map((cell) => escapeFormulaText(cell.slice(0, MAX_CELL)));
  sheet.appendRow(cells);
  return sheet.lastRow();
}

/** Callbacks not applied yet, oldest first, starting after the applied-through cursor. */
export function pendingCallbacks(ctx: AppContext, sheet: Sheet): StoredCallback[] {
  const from = Math.max(2, Number(ctx.store.get(KEYS.callbacksAppliedThrough) ?? "1") + 1);
  const last = sheet.lastRow();
  if (last < from) return [];
  const cells = sheet.readDisplay(from, 1, last - from + 1, HINTS_COLUMN);
  const pending: StoredCallback[] = [];
  cells.forEach((cell, index) => {
    const outcome = cell[OUTCOME_COLUMN - 1];
    if (outcome !== "" && !outcome.startsWith(WAITING)) return;
    pending.push({
      row: from + index,
      provider: cell[1],
      hints: parseHints(cell[HINTS_COLUMN - 1]),
      outcome,
    });
  });
  return pending;
}

function parseHints(text: string): CallbackHint[] {
  try {
    const hints: unknown = JSON.parse(text);
    return Array.isArray(hints) ? (hints as CallbackHint[]) : [];
  } catch {
    return [];
  }
}

export function recordOutcome(ctx: AppContext, sheet: Sheet, row: number, outcome: string): void {
  sheet.write(row, OUTCOME_COLUMN, [
    [escapeFormulaText(outcome.slice(0, MAX_CELL)), new Date(ctx.clock.now()).toISOString()],
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
