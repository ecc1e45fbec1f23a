/**
 * Every entry the add-on's record commits (app/record/journal.ts) becomes an Audit log entry:
 * rows queued, requests sent and the providers' answers, every status change with its source,
 * returns, refusals, holds, notes. One table says how each kind of event reads; a kind it does
 * not know yet reads as its own name with its fields as details.
 *
 * A run that dies after its record entries were committed but before its audit entries were
 * written leaves them untold: the next run's journal tells them (catchUp), and the write keeps
 * any record entry from being told twice (AUDIT_RECORD_THROUGH, append.ts).
 */
import {
  applyEvent,
  foldRecords,
  type PayoutRecord,
  type RecordEntry,
  type RecordEvent,
  type RecordEventKind,
} from "../../domain/record";
import { isReviewEvent } from "../../domain/approvals";
import type { Status } from "../../domain/status";
import type { AppContext } from "../context";
import { runActor, trailOf, type AuditDraft } from "./trail";

/**
 * One committed record entry, with the payout's record before and after it. A review entry
 * (prepared, approved...) leaves the record as it was, or without one before the row is queued.
 */
export interface RecordChange {
  entry: RecordEntry;
  before: PayoutRecord | undefined;
  after: PayoutRecord | undefined;
}

type Told = { action: string; details: Record<string, unknown> };
type Teller<K extends RecordEventKind> = (
  event: Extract<RecordEvent, { kind: K }>,
  change: RecordChange,
) => Told;

const TELLERS: { [K in RecordEventKind]?: Teller<K> } = {
  queued: (event) => ({ action: "Queued", details: { provider: event.provider } }),
  sending: (event, { after }) => ({
    action: "Request sent",
    details: {
      provider: event.provider ?? after?.provider,
      batchId: event.batchId,
      attempt: after?.sends,
    },
  }),
  update: (event, { before, after }) => {
    // The status is in the Outcome, the Payout ID in its own column.
    const { status: _status, payoutId: _payoutId, ...snapshot } = event.snapshot;
    const action =
      event.source === "submit"
        ? "Provider answered"
        : before?.status !== after?.status
          ? "Status changed"
          : "Details updated";
    return { action, details: { source: event.source, ...snapshot } };
  },
  rejected: (event) => ({ action: "Rejected by the provider", details: { reason: event.reason } }),
  held: (event) => ({ action: "Held for a person", details: { reason: event.reason } }),
  absent: (event) => ({
    action: "Confirmed absent at the provider",
    details: { unsent: event.unsent },
  }),
  returned: (event) => ({ action: "Returned to review", details: { reason: event.reason } }),
  note: (event) => ({ action: "Note", details: { text: event.text } }),
  // Reviews (domain/approvals.ts): who prepared the inputs, approved, revoked; what voided them.
  prepared: (event) => ({
    action: "Inputs prepared",
    details: { by: event.by, fingerprint: event.fingerprint, address: event.address },
  }),
  approved: (event) => ({ action: "Approved", details: { by: event.by, inputs: event.inputs } }),
  revoked: (event) => ({ action: "Approvals revoked", details: { by: event.by } }),
  voided: (event) => ({
    action: "Approvals voided",
    details: { approvers: event.approvers, reason: event.reason, fields: event.fields },
  }),
};

/** A kind added later reads as its own name, its fields as details. */
function tellUnknown(event: RecordEvent): Told {
  const { kind, ...fields } = event;
  return { action: kind.charAt(0).toUpperCase() + kind.slice(1), details: fields };
}

function tell(change: RecordChange): Told {
  const event = change.entry.event;
  const teller = TELLERS[event.kind] as Teller<typeof event.kind> | undefined;
  return teller ? teller(event as never, change) : tellUnknown(event);
}

const shown = (status: Status | undefined) => status || "blank";

/** "PENDING → FAILED", or the status alone when it did not move. */
function statusMove(change: RecordChange): string {
  const from = change.before?.status;
  const to = change.after?.status;
  if (!change.after) return "not sent yet";
  return from === to ? shown(to) : `${change.before ? shown(from) : "new"} → ${shown(to)}`;
}

const EXCEPTIONS: ReadonlySet<Status> = new Set<Status>(["FAILED", "REJECTED"]);

/**
 * Whether the change made the payout FAILED or REJECTED (what the e-mail tells, notify/). Rows
 * an older version sent, taken into the record once (adopted), are history, not news.
 */
export function becameException(change: RecordChange): boolean {
  const { event } = change.entry;
  if (event.kind === "update" && event.source === "adopted") return false;
  const status = change.after?.status;
  return status !== undefined && EXCEPTIONS.has(status) && change.before?.status !== status;
}

export function draftOf(change: RecordChange, actor: string): AuditDraft {
  const { action, details } = tell(change);
  return {
    time: change.entry.at,
    actor,
    payoutId: change.entry.payoutId,
    action,
    outcome: statusMove(change),
    details: JSON.stringify(details),
    recordSeq: change.entry.seq,
  };
}

/** Who a caught-up entry is told by: the run that recorded it ended before it could say. */
export const UNTOLD_ACTOR = "(a run that stopped early)";

/** Keeps the committed changes for the run's Audit log entries and its exception e-mail. */
export function traceRecordChanges(
  ctx: AppContext,
  changes: readonly RecordChange[],
  actor: string = runActor(ctx),
): void {
  if (changes.length === 0) return;
  const trail = trailOf(ctx);
  for (const change of changes) {
    trail.drafts.push(draftOf(change, actor));
    if (becameException(change)) trail.exceptions.add(change.entry.payoutId);
  }
}

/** The changes of the entries after `through`, replayed on the record as it stood then. */
export function changesAfter(entries: readonly RecordEntry[], through: number): RecordChange[] {
  const untold = entries.filter((entry) => entry.seq > through);
  if (untold.length === 0) return [];
  const records = foldRecords(entries.filter((entry) => entry.seq <= through));
  const changes: RecordChange[] = [];
  for (const entry of untold) {
    const before = records.get(entry.payoutId);
    if (isReviewEvent(entry.event)) {
      changes.push({ entry, before, after: before });
      continue;
    }
    const after = applyEvent(before, entry);
    if (!after) continue;
    records.set(entry.payoutId, after);
    changes.push({ entry, before, after });
  }
  return changes;
}
