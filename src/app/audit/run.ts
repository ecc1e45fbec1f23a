/**
 * Where a run's audit entries get written: when the outermost audited scope ends, however it
 * ends (a return, an early return, a thrown error), in one block. Runs under the script lock
 * (withScriptLock, doPost) write before they let it go; the others (setup, settings, the
 * auto-refresh switch, the digest) take it for the write, and when another run holds it for
 * long, leave their entries for the next write (waiting.ts). An execution killed by the time
 * limit writes nothing: the record entries it committed are told by the next run
 * (record-events.ts); its own summary entry is lost with it.
 */
import type { AppContext } from "../context";
import { KEYS } from "../keys";
import { writeTrail } from "./append";
import { keepUnsentExceptions } from "./notify/pending";
import { trailOf } from "./trail";
import { keepWaiting } from "./waiting";

/** How long a run outside the lock waits for it to write its entries. */
const LOCK_WAIT_MS = 10_000;

export function inAuditedRun<T>(ctx: AppContext, lockHeld: boolean, work: () => T): T {
  return inTrailScope(ctx, work, () => endRun(ctx, lockHeld));
}

/** Runs `work` as a scope of the run's trail; when the outermost scope ends, `end` runs. */
export function inTrailScope<T>(ctx: AppContext, work: () => T, end: () => void): T {
  const trail = trailOf(ctx);
  trail.depth++;
  try {
    return work();
  } finally {
    trail.depth--;
    if (trail.depth === 0) end();
  }
}

function endRun(ctx: AppContext, lockHeld: boolean): void {
  const trail = trailOf(ctx);
  const idle =
    trail.drafts.length === 0 &&
    trail.exceptions.size === 0 &&
    ctx.store.get(KEYS.auditWaiting) === null;
  if (idle) return;
  try {
    if (lockHeld) return writeRun(ctx);
    if (!ctx.lock.tryLock(LOCK_WAIT_MS)) {
      keepWaiting(ctx.store, trail.drafts);
      trail.drafts = [];
      return;
    }
    try {
      ctx.store.refresh();
      writeRun(ctx);
    } finally {
      ctx.lock.release();
    }
  } catch (error) {
    // The run's own outcome stands: a failed write is reported, not thrown over it.
    ctx.log.warn(
      `The Audit log could not be written: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function writeRun(ctx: AppContext): void {
  keepUnsentExceptions(ctx);
  writeTrail(ctx);
}
