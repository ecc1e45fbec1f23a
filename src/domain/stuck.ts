/**
 * A payout still open long after it was sent (STALE_AFTER_HOURS): flagged in its row, e-mailed
 * once, listed in the digest. Counted from the first time a create may have left.
 */
import { isOpen, type PayoutRecord } from "./record";

const HOUR_MS = 3600 * 1000;

/** Whole hours since it was sent, or undefined when it was never sent. */
export function hoursSinceSent(record: PayoutRecord, now: number): number | undefined {
  if (!record.sentAt) return undefined;
  const age = now - Date.parse(record.sentAt);
  return Number.isFinite(age) ? Math.floor(age / HOUR_MS) : undefined;
}

export function isStuck(record: PayoutRecord, now: number, staleAfterHours: number): boolean {
  if (!record.sentAt || !isOpen(record)) return false;
  return now - Date.parse(record.sentAt) > staleAfterHours * HOUR_MS;
}
