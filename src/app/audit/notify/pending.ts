/**
 * Payouts that became FAILED or REJECTED in a run that sends no e-mail (a callback applied by
 * doPost, a validation) or could not (the daily quota): kept for the next run that does. Payout
 * IDs are at most 32 characters; a property holds 9 KB, so the oldest go first when it is full.
 */
import type { Store } from "../../../ports";
import type { AppContext } from "../../context";
import { KEYS } from "../../keys";
import { trailOf } from "../trail";
import { notifyRecipients } from "./recipients";

const MAX_PENDING = 8000;

export function pendingExceptions(store: Store): string[] {
  return (store.get(KEYS.notifyPending) ?? "").split(",").filter(Boolean);
}

export function clearPendingExceptions(store: Store): void {
  if (store.get(KEYS.notifyPending) !== null) store.delete(KEYS.notifyPending);
}

/** Moves the run's exceptions no e-mail told to the waiting list (none while nobody is told). */
export function keepUnsentExceptions(ctx: AppContext): void {
  const trail = trailOf(ctx);
  if (trail.exceptions.size === 0) return;
  const ids = [...trail.exceptions];
  trail.exceptions.clear();
  if (notifyRecipients(ctx.store).length === 0) return;
  const all = [...new Set([...pendingExceptions(ctx.store), ...ids])];
  // The newest that fit, counted from the end.
  const kept: string[] = [];
  let length = 0;
  for (const id of [...all].reverse()) {
    if (length + id.length + 1 > MAX_PENDING) break;
    length += id.length + 1;
    kept.unshift(id);
  }
  ctx.store.set(KEYS.notifyPending, kept.join(","));
}
