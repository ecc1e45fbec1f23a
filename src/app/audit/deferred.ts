/**
 * doPost's audit entries, left for the next run. A callback's record entries are committed in
 * doPost, but writing the Audit log there would cost six more sheet calls on every callback
 * (the benchmark holds doPost within 8). So doPost writes none: it notes which record
 * entries it made and for whom (AUDIT_DEFERRED), and the next run that opens the record (the
 * one-off trigger doPost schedules, a second later) tells them in the log, named as the
 * callback's, from the record itself (journal.ts catchUpAudit). Anything else doPost kept for
 * the log waits in AUDIT_WAITING like the entries of a run that could not get the lock.
 */
import * as z from "zod/mini";
import type { Store } from "../../ports";
import type { AppContext } from "../context";
import { KEYS } from "../keys";
import { keepUnsentExceptions } from "./notify/pending";
import { inTrailScope } from "./run";
import { runActor, trailOf } from "./trail";
import { keepWaiting } from "./waiting";

/** [first record seq, last record seq, who]: the record entries one callback made. */
const RANGES = z.array(z.tuple([z.number(), z.number(), z.string()]));
type Range = z.infer<typeof RANGES>[number];

/** Under the 9 KB a Script Property value holds: the oldest ranges go first (then untold). */
const MAX_DEFERRED = 8000;

function readRanges(store: Store): Range[] {
  try {
    const parsed = RANGES.safeParse(JSON.parse(store.get(KEYS.auditDeferred) ?? "[]"));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Like inAuditedRun, for doPost: its entries are left for the next run to write. */
export function inDeferredAuditRun<T>(ctx: AppContext, work: () => T): T {
  return inTrailScope(ctx, work, () => deferRun(ctx));
}

function deferRun(ctx: AppContext): void {
  const trail = trailOf(ctx);
  keepUnsentExceptions(ctx);
  const seqs = trail.drafts.flatMap((draft) =>
    draft.recordSeq === undefined ? [] : [draft.recordSeq],
  );
  const others = trail.drafts.filter((draft) => draft.recordSeq === undefined);
  trail.drafts = [];
  if (others.length > 0) keepWaiting(ctx.store, others);
  if (seqs.length === 0) return;
  const ranges = [
    ...readRanges(ctx.store),
    [Math.min(...seqs), Math.max(...seqs), runActor(ctx)] as Range,
  ];
  let text = JSON.stringify(ranges);
  while (text.length > MAX_DEFERRED && ranges.length > 1) {
    ranges.shift();
    text = JSON.stringify(ranges);
  }
  ctx.store.set(KEYS.auditDeferred, text);
}

/** Who recorded each entry a callback left untold (undefined: not a callback's). */
export function deferredActors(store: Store): (seq: number) => string | undefined {
  const ranges = readRanges(store);
  return (seq) => ranges.find(([first, last]) => seq >= first && seq <= last)?.[2];
}

/** Forgets the ranges the Audit log has told (append.ts, once a write is counted). */
export function forgetToldRanges(store: Store, toldThrough: number): void {
  if (store.get(KEYS.auditDeferred) === null) return;
  const open = readRanges(store).filter(([, last]) => last > toldThrough);
  if (open.length === 0) store.delete(KEYS.auditDeferred);
  else store.set(KEYS.auditDeferred, JSON.stringify(open));
}
