/**
 * The add-on's own record of every payout it queued: an append-only list of events and the state
 * they add up to. Decisions that move money (may this payout be sent? which provider payout is
 * it? which inputs were reviewed?) are taken from this state, never from the sheet's cells, which
 * any editor can type over. Pure: the journal that stores the events lives in app/record/.
 */
import { isReviewEvent, type ReviewEvent } from "./approvals";
import type { PayoutSnapshot, ProviderName } from "./payout";
import { canMove, isTerminal, type Status } from "./status";

/** Where a status change came from, for the record and the audit trail. */
export type UpdateSource = "submit" | "callback" | "poll" | "recovery" | "adopted";

/** What happened to a payout: its review before it is queued (approvals.ts), then its payout. */
export type RecordEvent = ReviewEvent | PayoutEvent;

export type PayoutEvent =
  /** Reviewed and accepted for sending: the exact input texts (INPUT_KEYS order). */
  | { kind: "queued"; provider: ProviderName; inputs: string[] }
  /** Never sent, and no longer to be sent as reviewed (inputs changed, row gone, refused). */
  | { kind: "returned"; reason: string }
  /**
   * A create request may leave from now on (a batch provider: in this batch). The provider is
   * repeated so that a record whose queued entry was lost is still followed. `sentAt`: when an
   * older version sent it (taken over once, see app/record/adopt.ts).
   */
  | { kind: "sending"; provider?: ProviderName; batchId?: string; sentAt?: string }
  /**
   * The provider confirmed it never received the payout: it may be sent again, same IDs.
   * `unsent`: the request was refused before it left (credentials, configuration).
   */
  | { kind: "absent"; unsent?: boolean }
  /** The provider refused to create it: no money moved. */
  | { kind: "rejected"; reason: string }
  /** It may exist, and only a lookup or a person can settle it: never sent again automatically. */
  | { kind: "held"; reason: string }
  /** What the provider says about it (created, status change, details). */
  | { kind: "update"; source: UpdateSource; snapshot: Partial<PayoutSnapshot> }
  /**
   * Something a person should know about it, shown in Error (no change of state). `dispute`: a
   * callback said one status and the provider's API another status, or "no such payout" (kept
   * for reconciliation).
   */
  | { kind: "note"; text: string; dispute?: { callback: string; provider: string } };

export type RecordEventKind = RecordEvent["kind"];

export interface RecordEntry<Event extends RecordEvent = RecordEvent> {
  /** 1-based position in the journal. */
  seq: number;
  /** ISO 8601 time it was recorded. */
  at: string;
  payoutId: string;
  event: Event;
}

/**
 * queued: accepted, nothing sent yet. sending: a create may have left. absent: confirmed never
 * arrived, to be sent again. held: may exist, waits for a lookup or a person. created: exists at
 * the provider. rejected: refused, final. returned: back to review, as if never queued.
 */
export type Phase = "queued" | "sending" | "absent" | "held" | "created" | "rejected" | "returned";

/** The detail columns a provider decides, as the record keeps them. */
export const DETAIL_FIELDS = [
  "providerStatus",
  "providerId",
  "batchId",
  "fee",
  "feeCurrency",
  "sentAmount",
  "doneAmount",
  "txHash",
] as const;

export type DetailField = (typeof DETAIL_FIELDS)[number];

export interface PayoutRecord {
  payoutId: string;
  provider: ProviderName;
  /**
   * The input texts that were reviewed when it was (last) queued; empty when not known (its
   * queued entry was lost, or an older version sent it after its inputs had changed).
   */
  inputs: string[];
  phase: Phase;
  /** The row status this record shows. */
  status: Status;
  details: Partial<Record<DetailField, string>>;
  /** The provider's reason, or what a person should know; "" when none. */
  error: string;
  queuedAt: string;
  /** When a create first may have left. */
  sentAt?: string;
  /** Create requests that may have left. */
  sends: number;
  /** Seq of the last entry that changed it. */
  lastSeq: number;
}

/** Phases in which a create request may have reached the provider. */
const MAY_EXIST: ReadonlySet<Phase> = new Set<Phase>(["sending", "held", "created", "rejected"]);

/** Whether anything for this payout may have reached the provider. */
export function mayHaveLeft(record: PayoutRecord): boolean {
  return MAY_EXIST.has(record.phase) || (record.phase === "absent" && record.sends > 0);
}

/** Waiting to be sent (first time, or again after the provider confirmed it absent). */
export function isWaitingToSend(record: PayoutRecord): boolean {
  return record.phase === "queued" || record.phase === "absent";
}

/** Queued and not final: the payouts a refresh still works on. */
export function isOpen(record: PayoutRecord): boolean {
  return record.phase !== "returned" && !isTerminal(record.status);
}

/** Whether a provider's snapshot names other provider IDs than the record holds. */
export function identityConflict(
  record: PayoutRecord,
  snapshot: Partial<PayoutSnapshot>,
): string | undefined {
  if (snapshot.payoutId !== undefined && snapshot.payoutId !== record.payoutId)
    return `it names Payout ID ${snapshot.payoutId}`;
  for (const field of ["providerId", "batchId"] as const) {
    const known = record.details[field];
    const said = snapshot[field];
    if (known && said && known !== said)
      return `its ${field === "providerId" ? "provider ID" : "batch ID"} ${said} is not the recorded ${known}`;
  }
  return undefined;
}

/**
 * The record after one more event, or undefined when the event does not apply (it would change
 * nothing, or the record is not in a phase where it can happen). The journal stores only events
 * that apply, so replaying it gives the same state.
 */
export function applyEvent(
  record: PayoutRecord | undefined,
  entry: RecordEntry,
): PayoutRecord | undefined {
  const { event } = entry;
  // Review events (approvals.ts) are folded into reviews, not into the payout's record.
  if (isReviewEvent(event)) return undefined;
  if (!record && event.kind === "sending" && event.provider) {
    // Its queued entry is gone (a damaged journal): the payout may exist, and is followed.
    return {
      payoutId: entry.payoutId,
      provider: event.provider,
      inputs: [],
      phase: "sending",
      status: "SUBMITTING",
      details: event.batchId ? { batchId: event.batchId } : {},
      error: "",
      queuedAt: entry.at,
      sentAt: event.sentAt ?? entry.at,
      sends: 1,
      lastSeq: entry.seq,
    };
  }
  if (event.kind === "queued") {
    if (record && record.phase !== "returned") return undefined;
    return {
      payoutId: entry.payoutId,
      provider: event.provider,
      inputs: [...event.inputs],
      phase: "queued",
      status: "QUEUED",
      details: {},
      error: "",
      queuedAt: entry.at,
      sends: record?.sends ?? 0,
      sentAt: record?.sentAt,
      lastSeq: entry.seq,
    };
  }
  if (!record) return undefined;
  const next = (changes: Partial<PayoutRecord>): PayoutRecord => ({
    ...record,
    ...changes,
    lastSeq: entry.seq,
  });
  switch (event.kind) {
    case "returned":
      return isWaitingToSend(record)
        ? next({ phase: "returned", status: "", error: event.reason })
        : undefined;
    case "sending":
      if (!isWaitingToSend(record)) return undefined;
      return next({
        phase: "sending",
        status: "SUBMITTING",
        error: "",
        sends: record.sends + 1,
        sentAt: record.sentAt ?? event.sentAt ?? entry.at,
        details: event.batchId ? { batchId: event.batchId } : {},
      });
    case "absent":
      return record.phase === "sending" || record.phase === "held"
        ? next({
            phase: "absent",
            status: "QUEUED",
            details: {},
            error: "",
            sends: event.unsent ? record.sends - 1 : record.sends,
            // A request refused before it left was never sent at all.
            sentAt: event.unsent && record.sends <= 1 ? undefined : record.sentAt,
          })
        : undefined;
    case "rejected":
      return record.phase === "sending" || record.phase === "held"
        ? next({ phase: "rejected", status: "REJECTED", error: event.reason })
        : undefined;
    case "held":
      return record.phase === "sending" && record.error !== event.reason
        ? next({ phase: "held", error: event.reason })
        : record.phase === "held" && record.error !== event.reason
          ? next({ error: event.reason })
          : undefined;
    case "update":
      return applyUpdate(record, event, next, entry.at);
    case "note":
      return record.phase !== "returned" && record.error !== event.text
        ? next({ error: event.text })
        : undefined;
  }
}

/** Phases in which what the provider says is taken: anything found there exists. */
function takesUpdate(record: PayoutRecord, source: UpdateSource): boolean {
  if (["sending", "held", "created"].includes(record.phase)) return true;
  // A lookup found a payout the record still had as waiting (a damaged journal lost its send).
  return isWaitingToSend(record) && (source === "recovery" || source === "adopted");
}

function applyUpdate(
  record: PayoutRecord,
  { source, snapshot }: { source: UpdateSource; snapshot: Partial<PayoutSnapshot> },
  next: (changes: Partial<PayoutRecord>) => PayoutRecord,
  at: string,
): PayoutRecord | undefined {
  if (!takesUpdate(record, source)) return undefined;
  if (identityConflict(record, snapshot)) return undefined;
  // A payout found while the record had it waiting counts from SUBMITTING.
  const current = isWaitingToSend(record) ? "SUBMITTING" : record.status;
  const target = snapshot.status;
  const moves = target != null && canMove(current, target);
  // Details may fill in a record whose status stays (a tx hash arriving late), but a snapshot
  // that would move it backwards changes nothing.
  const sameStatus = target === current || target === null || target === undefined;
  if (!moves && !sameStatus) return undefined;
  const details = { ...record.details };
  for (const field of DETAIL_FIELDS) {
    const value = snapshot[field];
    if (value !== undefined && value !== "") details[field] = value;
  }
  const message = [snapshot.error, snapshot.note].filter(Boolean).join(" ");
  let error = record.error;
  if (target === null && snapshot.providerStatus)
    error = `Unknown provider status "${snapshot.providerStatus}": the row keeps its status.`;
  else if (message) error = message;
  else if (moves) error = "";
  const status = moves && target ? target : current;
  const phase: Phase = "created";
  const unchanged =
    record.phase === phase &&
    status === record.status &&
    error === record.error &&
    DETAIL_FIELDS.every((field) => details[field] === record.details[field]);
  if (unchanged) return undefined;
  // Found while the record had it waiting (its sending entry lost): it was sent by now.
  const sentAt = record.sentAt ?? (isWaitingToSend(record) ? at : undefined);
  return next({ phase, status, details, error, sentAt });
}

/** Replays the journal's entries (in order) into one record per Payout ID. */
export function foldRecords(entries: readonly RecordEntry[]): Map<string, PayoutRecord> {
  const records = new Map<string, PayoutRecord>();
  for (const entry of entries) {
    const next = applyEvent(records.get(entry.payoutId), entry);
    if (next) records.set(entry.payoutId, next);
  }
  return records;
}
