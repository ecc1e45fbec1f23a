/**
 * Where a reconciliation pass stands between executions (RECONCILE_CURSOR in Script Properties):
 * which stage it is in and that stage's cursor, which payouts of the record the pass covers (the
 * first `count` of the journal's order, with a digest of their IDs, so a changed record starts a
 * new pass), which of them the providers listed, and a digest of the exception lines already
 * written to the Reconciliation sheet (carried over there, and checked when read back).
 */
import { BitSet } from "../../domain/bitset";
import { fingerprint } from "../../domain/fingerprint";
import type { PayoutRecord } from "../../domain/record";
import type { AppContext } from "../context";
import { KEYS } from "../keys";

/** A pass older than this starts again rather than finishing with stale findings. */
export const PASS_MAX_AGE_MS = 6 * 60 * 60 * 1000;
/** Script Properties hold 9 KB a value. */
const MAX_STATE_CHARS = 8500;

export interface PassState {
  startedAt: string;
  /** Payouts of the record (in journal order) the pass covers. */
  count: number;
  digest: string;
  /** Stages finished, by name ("CoinGate", "GatePay", "chain"). */
  done: string[];
  /** Stages whose listing failed: their payouts are not checked for MISSING_AT_PROVIDER. */
  failed: string[];
  /** The current stage's cursor ("" at its start). */
  cursor: string;
  /** Batches whose query failed. */
  unreadBatches: string[];
  /** Covered payouts a provider listed. */
  seen: BitSet;
  /** The pass outgrew what Script Properties hold, so `seen` was dropped: no MISSING lines. */
  seenLost?: boolean;
  /** Counts so far. */
  listed: number;
  chainChecked: number;
  chainUnchecked: number;
  /** Exception lines already in the sheet, and their digest. */
  lines: number;
  linesDigest: string;
  /** Problems met so far, in plain words (a few): the pass could not check everything. */
  problems: string[];
  /** What was left unchecked by design (a test network, a token not in the table). */
  notes: string[];
}

export function coveredDigest(records: readonly PayoutRecord[], count: number): string {
  return fingerprint(records.slice(0, count).map((record) => record.payoutId));
}

export function newPass(startedAt: string, records: readonly PayoutRecord[]): PassState {
  return {
    startedAt,
    count: records.length,
    digest: coveredDigest(records, records.length),
    done: [],
    failed: [],
    cursor: "",
    unreadBatches: [],
    seen: BitSet.empty(records.length),
    listed: 0,
    chainChecked: 0,
    chainUnchecked: 0,
    lines: 0,
    linesDigest: fingerprint([]),
    problems: [],
    notes: [],
  };
}

/**
 * The pass to continue, or why a new one starts: none kept, unreadable, too old, or the record's
 * covered payouts are no longer the same.
 */
export function loadPass(
  ctx: AppContext,
  records: readonly PayoutRecord[],
): { state: PassState } | { restart: string } {
  const text = ctx.store.get(KEYS.reconcileCursor);
  if (!text) return { restart: "" };
  // As saved; a pass saved by an older version has no notes.
  let raw: Omit<PassState, "seen" | "notes"> & { seen: string; notes?: string[] };
  try {
    raw = JSON.parse(text) as typeof raw;
  } catch {
    return { restart: "the saved position could not be read" };
  }
  const age = ctx.clock.now() - Date.parse(raw.startedAt);
  if (!(age >= 0 && age < PASS_MAX_AGE_MS)) return { restart: "the unfinished pass was too old" };
  if (
    !Number.isInteger(raw.count) ||
    raw.count > records.length ||
    coveredDigest(records, raw.count) !== raw.digest
  )
    return { restart: "the payout record changed since the pass began" };
  return {
    state: { ...raw, notes: raw.notes ?? [], seen: BitSet.fromText(raw.seen, raw.count) },
  };
}

/**
 * Keeps the pass for the next execution. A pass too large for one property (tens of thousands of
 * payouts) drops which payouts were listed: it still finishes, without MISSING_AT_PROVIDER.
 */
export function savePass(ctx: AppContext, state: PassState): void {
  const few = (list: string[]) => list.slice(-5).map((text) => text.slice(0, 300));
  const kept = { ...state, problems: few(state.problems), notes: few(state.notes) };
  let text = JSON.stringify({ ...kept, seen: state.seen.toText() });
  if (text.length > MAX_STATE_CHARS) {
    state.seenLost = true;
    text = JSON.stringify({ ...kept, seenLost: true, seen: "" });
  }
  ctx.store.set(KEYS.reconcileCursor, text);
}

export function clearPass(ctx: AppContext): void {
  if (ctx.store.get(KEYS.reconcileCursor) !== null) ctx.store.delete(KEYS.reconcileCursor);
}
