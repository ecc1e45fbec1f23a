/**
 * Where the Audit log's chain ends, as Script Properties keep it (AUDIT_ENTRIES, AUDIT_HEAD),
 * outside the sheet: a cut tail or a log rewritten with recomputed hashes shows against it.
 *
 * A write announces what it is about to add (AUDIT_WRITING, left in place afterwards), writes
 * the rows, and only then counts them. A run that dies in between leaves rows the count does not
 * cover: they are taken as the add-on's own only when the log ends exactly as announced, never
 * rows someone appended.
 */
import { GENESIS_HASH, type ChainHead } from "../../domain/audit-chain";
import type { Store } from "../../ports";
import { KEYS } from "../keys";

export interface AuditHead extends ChainHead {
  /** The last record entry told in the log (record-events.ts). */
  recordThrough: number;
}

function count(text: string | null | undefined): number {
  const value = Number(text ?? "0");
  return Number.isInteger(value) && value > 0 ? value : 0;
}

export function storedHead(store: Store): AuditHead {
  const entries = count(store.get(KEYS.auditEntries));
  return {
    entries,
    hash: store.get(KEYS.auditHead) ?? (entries > 0 ? "" : GENESIS_HASH),
    recordThrough: count(store.get(KEYS.auditRecordThrough)),
  };
}

function announced(store: Store): AuditHead | undefined {
  const [entries, hash, recordThrough] = (store.get(KEYS.auditWriting) ?? "").split(" ");
  if (!hash) return undefined;
  return { entries: count(entries), hash, recordThrough: count(recordThrough) };
}

/**
 * The chain's end: the stored one, or the one a write announced when `lastRow` (the log's last
 * row, Entry first and Hash last; read only when a write was announced) ends exactly there.
 */
export function settledHead(
  store: Store,
  lastRow: () => readonly string[] | undefined,
): { head: AuditHead; announced: boolean } {
  const stored = storedHead(store);
  const pending = announced(store);
  const counted =
    pending?.entries === stored.entries &&
    pending.hash === stored.hash &&
    pending.recordThrough === stored.recordThrough;
  if (!pending || counted) return { head: stored, announced: false };
  const row = lastRow();
  const written = row?.[0] === String(pending.entries) && row[row.length - 1] === pending.hash;
  return { head: written ? pending : stored, announced: true };
}

export function announceWrite(store: Store, head: AuditHead): void {
  store.set(KEYS.auditWriting, `${head.entries} ${head.hash} ${head.recordThrough}`);
}

/** Counts a write whose rows are committed (its announcement then matches: nothing to settle). */
export function countWrite(store: Store, head: AuditHead): void {
  const before = storedHead(store);
  if (before.entries !== head.entries) store.set(KEYS.auditEntries, String(head.entries));
  if (before.hash !== head.hash) store.set(KEYS.auditHead, head.hash);
  if (before.recordThrough !== head.recordThrough)
    store.set(KEYS.auditRecordThrough, String(head.recordThrough));
  if (announced(store)?.hash !== head.hash) announceWrite(store, head);
}
