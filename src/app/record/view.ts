/**
 * The Payouts sheet as a view of the record. Before a run decides anything, `planRows` sorts the
 * rows: rows showing a recorded payout, rows to validate, and rows whose cells claim a payout the
 * add-on never sent. A recorded payout whose ID a person changed or cleared is found again by its
 * provider ID or its inputs. After the run, `renderRecords` writes every recorded row's outputs
 * from the record: whatever was typed over Status or an ID column is shown as recorded again.
 */
import { changedInputs, OUTPUT_COLUMNS, type OutputKey } from "../../domain/columns";
import { fingerprint } from "../../domain/fingerprint";
import { mayHaveLeft, type PayoutRecord } from "../../domain/record";
import { hoursSinceSent, isStuck } from "../../domain/stuck";
import { isStatus, isSubmitted } from "../../domain/status";
import { auditEntry } from "../audit/log";
import { isoNow, type AppContext } from "../context";
import { inputTexts, type PayoutRow, type PayoutTable } from "../payout-table";
import { KEYS } from "../keys";
import type { Journal } from "./journal";
import { approvalCells } from "../approvals/review-rows";

export interface RowPlan {
  /** Rows to validate: no Payout ID yet, or one the record does not hold as queued or sent. */
  unsubmitted: PayoutRow[];
  /** Rows showing a recorded payout, by Payout ID (several rows: copies of one ID). */
  recorded: Map<string, PayoutRow[]>;
  /** This run's notes for a row's Error cell. */
  notes: Map<PayoutRow, string[]>;
  /** Rows whose cells claim a payout the add-on never sent: neither validated nor sent. */
  disowned: PayoutRow[];
  /** Payout IDs given back to their rows after a person changed or cleared them. */
  restored: number;
  /** Rows whose Status or ID cells were typed over and are shown as recorded again. */
  typedOver: number;
  /** Queued rows whose inputs changed before they were sent: back to review. */
  returned: number;
}

/** Output columns the record decides for a row showing a recorded payout. */
const RECORDED_KEYS = [
  "status",
  "providerStatus",
  "providerId",
  "batchId",
  "fee",
  "feeCurrency",
  "sentAmount",
  "doneAmount",
  "txHash",
  "submittedAt",
  "fingerprint",
] as const satisfies readonly OutputKey[];

type RecordedKey = (typeof RECORDED_KEYS)[number];

/** The output cells a recorded payout shows. */
export function recordedOutputs(record: PayoutRecord): Record<RecordedKey, string> {
  const { details } = record;
  return {
    status: record.status,
    providerStatus: details.providerStatus ?? "",
    providerId: details.providerId ?? "",
    batchId: details.batchId ?? "",
    fee: details.fee ?? "",
    feeCurrency: details.feeCurrency ?? "",
    sentAmount: details.sentAmount ?? "",
    doneAmount: details.doneAmount ?? "",
    txHash: details.txHash ?? "",
    submittedAt: record.sentAt ?? "",
    fingerprint: record.inputs.length > 0 ? fingerprint(record.inputs) : "",
  };
}

/** A row's outputs when nothing was sent from it. */
export const CLEARED_OUTPUTS: Record<RecordedKey, string> = Object.fromEntries(
  RECORDED_KEYS.map((key) => [key, ""]),
) as Record<RecordedKey, string>;

/** Whether a row's cells say it was sent: a submitted status, or any provider reference. */
function claimsSubmission(row: PayoutRow): boolean {
  const status = row.outputs.status.toUpperCase();
  return (
    (isStatus(status) && isSubmitted(status)) ||
    ["providerId", "batchId", "submittedAt", "fingerprint"].some(
      (key) => row.outputs[key as OutputKey] !== "",
    )
  );
}

function sameInputs(row: PayoutRow, record: PayoutRecord): boolean {
  const texts = inputTexts(row);
  return record.inputs.length > 0 && record.inputs.every((text, index) => text === texts[index]);
}

/** The inputs that changed since review; none when the record does not know them. */
function changedSinceReview(record: PayoutRecord, row: PayoutRow): string[] {
  return record.inputs.length > 0 ? changedInputs(record.inputs, inputTexts(row)) : [];
}

/** The one unclaimed recorded payout this row was, when its cells say so unambiguously. */
function findOwnRecord(row: PayoutRow, unclaimed: PayoutRecord[]): PayoutRecord | undefined {
  const unique = (matches: PayoutRecord[]) => (matches.length === 1 ? matches[0] : undefined);
  const { providerId, batchId } = row.outputs;
  if (providerId) {
    const match = unique(unclaimed.filter((r) => r.details.providerId === providerId));
    if (match) return match;
  }
  if (batchId) {
    const match = unique(
      unclaimed.filter((r) => r.details.batchId === batchId && sameInputs(row, r)),
    );
    if (match) return match;
  }
  return unique(unclaimed.filter((r) => sameInputs(row, r)));
}

function addNote(plan: RowPlan, row: PayoutRow, note: string): void {
  plan.notes.set(row, [...(plan.notes.get(row) ?? []), note]);
}

export function inputsChangedMessage(fields: string[]): string {
  return (
    `Inputs changed after submission (${fields.join(", ")}): the provider keeps the values ` +
    "sent then. To pay other values, copy the inputs to a new row."
  );
}

/**
 * Sorts the rows against the record, gives changed or cleared Payout IDs back, and sends queued
 * rows whose inputs changed since their review back to review (a record entry each). Changes
 * cells in memory only; the caller writes the table.
 */
export function planRows(ctx: AppContext, table: PayoutTable, journal: Journal): RowPlan {
  const now = isoNow(ctx);
  const plan: RowPlan = {
    unsubmitted: [],
    recorded: new Map(),
    notes: new Map(),
    disowned: [],
    restored: 0,
    typedOver: 0,
    returned: 0,
  };
  const candidates: PayoutRow[] = [];
  for (const row of table.activeRows()) {
    const record = journal.get(row.outputs.payoutId);
    if (record && record.phase !== "returned") {
      plan.recorded.set(record.payoutId, [...(plan.recorded.get(record.payoutId) ?? []), row]);
    } else if (record) {
      // Back from review: its cells show nothing sent.
      table.set(row, CLEARED_OUTPUTS, now);
      plan.unsubmitted.push(row);
    } else candidates.push(row);
  }

  const unclaimed = journal
    .all()
    .filter((r) => r.phase !== "returned" && !plan.recorded.has(r.payoutId));
  for (const row of candidates) {
    if (!claimsSubmission(row)) {
      plan.unsubmitted.push(row);
      continue;
    }
    const own = findOwnRecord(row, unclaimed);
    const typedId = row.outputs.payoutId;
    if (own) {
      unclaimed.splice(unclaimed.indexOf(own), 1);
      table.set(row, { payoutId: own.payoutId }, now);
      plan.recorded.set(own.payoutId, [row]);
      plan.restored++;
      addNote(
        plan,
        row,
        typedId
          ? `Payout ID was changed by hand from ${own.payoutId} to ${typedId}: it is ${own.payoutId} again, the payout the add-on sent from this row.`
          : `Payout ID was cleared by hand: it is ${own.payoutId} again, the payout the add-on sent from this row.`,
      );
    } else if (!typedId) {
      // A copy of a sent row with its ID cleared: a new row, with nothing of the copy's outputs.
      table.set(row, CLEARED_OUTPUTS, now);
      plan.unsubmitted.push(row);
    } else {
      plan.disowned.push(row);
      table.set(
        row,
        {
          status: "INVALID",
          error:
            `The add-on never sent Payout ID ${typedId}, yet this row's Status or ID cells say it was sent: ` +
            "they were typed or copied. It is not sent. If this row was another payout, put that Payout ID back; " +
            "to pay it as a new payout, clear Payout ID, Status, Provider ID and Batch ID.",
        },
        now,
      );
    }
  }

  // What the rows showed: the record as of the last run that wrote them all.
  const shown = journal.recordsThrough(Number(ctx.store.get(KEYS.renderedThrough) ?? "0"));
  for (const [payoutId, rows] of plan.recorded) {
    const record = journal.get(payoutId) as PayoutRecord;
    if (rows.length > 1) {
      for (const row of rows) {
        const others = rows.filter((other) => other !== row).map((other) => other.row);
        addNote(
          plan,
          row,
          `Payout ID ${payoutId} is also on row ${others.join(", ")}: clear it on the copy (a copied row gets a new ID when validated).`,
        );
      }
    }
    const before = shown.get(payoutId);
    const expected = before && recordedOutputs(before);
    for (const row of rows) {
      if (!expected) break;
      const typed = RECORDED_KEYS.filter((key) => row.outputs[key] !== expected[key]);
      if (typed.length > 0 && !plan.notes.has(row)) {
        plan.typedOver++;
        const names = typed.map((key) => OUTPUT_COLUMNS[key]).join(", ");
        addNote(
          plan,
          row,
          `${names} did not show what the add-on recorded (typed over, or a run stopped before writing): shown as recorded again.`,
        );
      }
    }
    // Queued, never sent, and edited since its review: it goes back to review, not out.
    const [only, ...copies] = rows;
    if ((record.phase === "queued" || record.phase === "absent") && only && copies.length === 0) {
      const row = only;
      const fields = changedSinceReview(record, row);
      if (fields.length > 0) {
        journal.record(payoutId, {
          kind: "returned",
          reason: `Inputs changed after review (${fields.join(", ")}): review the row and submit it again.`,
        });
        plan.recorded.delete(payoutId);
        const reason = `Inputs changed after review (${fields.join(", ")}): review the row and submit it again.`;
        // Shown at once (a continuation does not validate); a validation keeps it as a note.
        table.set(row, { ...CLEARED_OUTPUTS, error: reason }, now);
        plan.unsubmitted.push(row);
        plan.returned++;
        addNote(plan, row, reason);
      }
    }
  }
  return plan;
}

/**
 * Writes, in memory, every recorded row's outputs from its record, with its Error: the record's
 * own, then this run's notes, a warning when the inputs changed after the payout may have left,
 * and a note when it stays open too long.
 */
export function renderRecords(
  ctx: AppContext,
  table: PayoutTable,
  journal: Journal,
  plan: RowPlan,
  staleAfterHours: number,
  /** Only these payouts (a batch just sent); default every recorded row. */
  only?: ReadonlySet<string>,
): void {
  const now = isoNow(ctx);
  for (const [payoutId, rows] of plan.recorded) {
    if (only && !only.has(payoutId)) continue;
    const record = journal.get(payoutId);
    if (!record || record.phase === "returned") continue;
    for (const row of rows) {
      const parts = [record.error || defaultError(record), ...(plan.notes.get(row) ?? [])];
      const fields = changedSinceReview(record, row);
      if (fields.length > 0 && mayHaveLeft(record)) {
        const message = inputsChangedMessage(fields);
        // Told once: when the row's Error did not say so yet.
        if (!row.outputs.error.includes(message))
          auditEntry(ctx, {
            payoutId,
            action: "Edited after submission",
            outcome: `${fields.join(", ")} changed in row ${row.row}`,
            details: { fields, row: row.row },
          });
        parts.push(message);
      }
      const stale = staleNote(ctx.clock.now(), record, staleAfterHours);
      if (stale) parts.push(stale);
      table.set(
        row,
        {
          ...recordedOutputs(record),
          ...approvalCells(journal.reviewOf(payoutId)),
          error: parts.filter(Boolean).join(" "),
        },
        now,
      );
    }
  }
}

function defaultError(record: PayoutRecord): string {
  if (record.phase === "sending")
    return "A create request may have reached the provider; the next run looks it up before any resend.";
  return "";
}

function staleNote(now: number, record: PayoutRecord, staleAfterHours: number): string {
  if (record.phase !== "created" || !isStuck(record, now, staleAfterHours)) return "";
  return `Still ${record.status} ${hoursSinceSent(record, now)} hours after submission: check it at the provider.`;
}
