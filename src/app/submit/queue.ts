/**
 * Sends the payouts the record holds as waiting, and settles the ones whose create may have left,
 * crash-safely. Every decision comes from the record (app/record), never from the cells:
 * - a payout is sent only from the record's queued (or confirmed-absent) phase, and only when its
 *   row, read again right before the request, still holds exactly the inputs that were reviewed;
 * - its `sending` entry is committed (flushed) before the create request leaves;
 * - a payout whose create may have left is looked up by its Payout ID before anything else, and
 *   sent again, with the same IDs, only when the provider confirms it never arrived;
 * - a resend the provider refuses is held for a person, never marked REJECTED.
 */
import type { PayoutInstruction, PayoutRef } from "../../domain/payout";
import { pairUp } from "../../domain/pairs";
import { newBatchId } from "../../domain/payout-id";
import { changedInputs } from "../../domain/columns";
import { isWaitingToSend, type PayoutRecord } from "../../domain/record";
import type { ValidationRules } from "../../domain/row-validation";
import { ProviderError, type Provider, type SubmitOutcome } from "../../providers/provider";
import { nothingWasDone } from "../../providers/shared/failure";
import { Budget } from "../budget";
import { rowStanding, type ReviewContext } from "../approvals/review-rows";
import { frozenMessage, frozenState } from "../controls/freeze";
import { guardRow, inputsByKey, openAllowance, takeFromAllowance } from "../guards/row-guards";
import type { AddressBook } from "../../domain/address-book";
import type { AppConfig } from "../config";
import type { Controls } from "../controls/policy";
import { isoNow, type AppContext } from "../context";
import type { PayoutRow, PayoutTable } from "../payout-table";
import type { ProviderRun, Providers } from "../providers";
import { randomHex } from "../random";
import type { Journal } from "../record/journal";
import { CLEARED_OUTPUTS, renderRecords, type RowPlan } from "../record/view";
import { instructionFor } from "../validate/rows";

export interface QueueTotals {
  created: number;
  rejected: number;
  unknown: number;
  recovered: number;
  resent: number;
  /** Payouts that may exist and wait for a person: never sent again automatically. */
  held: number;
  /** Queued payouts sent back to review (inputs changed, row deleted, refused before sending). */
  returned: number;
  /** Payouts still waiting to be sent when the run stopped (time budget or a provider failure). */
  remaining: number;
  /** Payouts are frozen: the freeze message (nothing was sent after it was seen). */
  frozen?: string;
  problems: string[];
}

export interface QueueJob {
  ctx: AppContext;
  table: PayoutTable;
  journal: Journal;
  plan: RowPlan;
  providers: Providers;
  config: AppConfig;
  /** Roles and the approval policy: approvals are checked again before each request. */
  controls: Controls;
  /** The rules a waiting row is checked against again before it is sent. */
  rules: ValidationRules;
  startedAt: number;
}

/** Per-run state of the queue. */
interface QueueRun extends QueueJob {
  totals: QueueTotals;
  /** Waiting payouts not to send this run (copies of their ID, no answer to a lookup...). */
  skipped: Set<string>;
  /** With a damaged journal: waiting payouts a lookup confirmed absent this run. */
  confirmedAbsent: Set<string>;
  /** Why sending stopped: payouts are frozen. */
  frozen?: string;
}

export function refOf(record: PayoutRecord): PayoutRef {
  return {
    payoutId: record.payoutId,
    providerId: record.details.providerId || undefined,
    batchId: record.details.batchId || undefined,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type SendingProvider = ProviderRun & { client: Provider };

/** A payout about to be sent: its record, its row, and what goes to the provider. */
interface ReadyPayout {
  record: PayoutRecord;
  row: PayoutRow;
  instruction: PayoutInstruction;
}

export function runQueue(job: QueueJob): QueueTotals {
  const run: QueueRun = {
    ...job,
    totals: {
      created: 0,
      rejected: 0,
      unknown: 0,
      recovered: 0,
      resent: 0,
      held: 0,
      returned: 0,
      remaining: 0,
      problems: [],
    },
    skipped: new Set(),
    confirmedAbsent: new Set(),
  };
  const budget = new Budget(job.ctx.clock, job.startedAt);
  lookUpUnsettled(run);
  for (const provider of job.providers.configured()) {
    try {
      while (budget.allowsAnotherStep()) {
        // Asked before every step: a freeze stops a long submission at its next step.
        const frozen = frozenState(job.ctx);
        if (frozen) {
          run.frozen = frozenMessage(frozen);
          break;
        }
        if (!budget.step(() => sendStep(run, provider))) break;
      }
    } catch (error) {
      // A provider-wide failure (credentials, outage): its payouts wait for the next run.
      run.totals.problems.push(describe(error));
      job.ctx.log.warn(`${provider.entry.name} submission stopped: ${describe(error)}`);
    }
  }
  // Waiting payouts a next run could send; those that wait for a lookup or a person are not
  // worth a continuation trigger (the refresh trigger looks them up again).
  const damaged = job.journal.damage.length > 0;
  if (run.frozen) run.totals.frozen = run.frozen;
  run.totals.remaining = job.journal
    .all()
    .filter(
      (r) =>
        isWaitingToSend(r) &&
        !run.skipped.has(r.payoutId) &&
        (!damaged || run.confirmedAbsent.has(r.payoutId)),
    ).length;
  return run.totals;
}

/** Waiting payouts of a provider that may be sent this run, oldest first. */
function waiting(run: QueueRun, name: string): PayoutRecord[] {
  const damaged = run.journal.damage.length > 0;
  return run.journal
    .all()
    .filter(
      (record) =>
        record.provider === name &&
        isWaitingToSend(record) &&
        !run.skipped.has(record.payoutId) &&
        (!damaged || run.confirmedAbsent.has(record.payoutId)),
    );
}

/**
 * Payouts whose create may have left (and, with a damaged journal, every waiting payout, whose
 * send may be among the lost entries): adopt what the provider has, requeue what it confirms
 * absent (held payouts stay held: a person decides), and note what cannot be told yet.
 */
function lookUpUnsettled(run: QueueRun): void {
  const { journal, totals } = run;
  const damaged = journal.damage.length > 0;
  for (const { entry, client } of run.providers.configured()) {
    const name = entry.name;
    const records = journal
      .all()
      .filter(
        (r) =>
          r.provider === name &&
          (r.phase === "sending" || r.phase === "held" || (damaged && isWaitingToSend(r))),
      );
    if (records.length === 0) continue;
    let outcomes;
    try {
      const refs = records.map((record) => lookupRef(run, record));
      outcomes = pairUp(records, client.recover(refs), `${name} lookups`);
    } catch (error) {
      totals.problems.push(`${name} lookup of interrupted submissions failed: ${describe(error)}`);
      continue;
    }
    for (const [record, outcome] of outcomes) {
      const id = record.payoutId;
      if (outcome.kind === "found") {
        if (journal.record(id, { kind: "update", source: "recovery", snapshot: outcome.snapshot }))
          totals.recovered++;
      } else if (outcome.kind === "absent") {
        if (record.phase === "sending") {
          // Confirmed never created: it goes out again with the same Payout ID.
          journal.record(id, { kind: "absent" });
          totals.resent++;
          if (damaged) run.confirmedAbsent.add(id);
        } else if (isWaitingToSend(record)) run.confirmedAbsent.add(id);
      } else {
        journal.record(id, {
          kind: "note",
          text: `Submission not confirmed yet (${outcome.reason}); the next run looks it up again.`,
        });
      }
    }
    journal.commit();
  }
}

/**
 * What to look a payout up by. With a damaged journal a waiting payout's send may be among the
 * lost entries, and its row may still show the IDs it was sent with: they are only a hint (the
 * provider's answer must name the payout's own Payout ID to count).
 */
function lookupRef(run: QueueRun, record: PayoutRecord): PayoutRef {
  const ref = refOf(record);
  const row = run.plan.recorded.get(record.payoutId)?.[0];
  if (!row || !isWaitingToSend(record) || run.journal.damage.length === 0) return ref;
  return {
    ...ref,
    providerId: ref.providerId ?? (row.outputs.providerId || undefined),
    batchId: ref.batchId ?? (row.outputs.batchId || undefined),
  };
}

/** The payout's one row, or why it has none to send from. */
function rowOf(run: QueueRun, record: PayoutRecord): PayoutRow | "deleted" | "copied" {
  const [row, ...copies] = run.plan.recorded.get(record.payoutId) ?? [];
  if (!row) return "deleted";
  return copies.length > 0 ? "copied" : row;
}

/**
 * Back to review, never sent. The row shows why: INVALID when it fails a check now, blank (to
 * be validated again) when its inputs changed.
 */
function sendBack(
  run: QueueRun,
  record: PayoutRecord,
  row: PayoutRow | undefined,
  reason: string,
  status: "INVALID" | "" = "INVALID",
): void {
  run.journal.record(record.payoutId, { kind: "returned", reason });
  run.plan.recorded.delete(record.payoutId);
  if (row) run.table.set(row, { ...CLEARED_OUTPUTS, status, error: reason }, isoNow(run.ctx));
  run.totals.returned++;
}

/**
 * One batch (GatePay) or chunk (CoinGate): the rows read again, checked, quoted (GatePay: fresh
 * fees and limits), `sending` committed, one create call, the answers recorded. False when
 * nothing is left to send.
 */
function sendStep(run: QueueRun, { entry, setup, client: provider }: SendingProvider): boolean {
  const { journal, table } = run;
  const name = entry.name;
  const plan = setup.sendPlan;
  const limit = plan.kind === "batch" ? plan.maxSize : plan.chunk;
  const picked: { record: PayoutRecord; row: PayoutRow }[] = [];
  for (const record of waiting(run, name)) {
    if (picked.length >= limit) break;
    const row = rowOf(run, record);
    if (row === "deleted")
      sendBack(run, record, undefined, "Its row was deleted before it was sent.");
    else if (row === "copied") run.skipped.add(record.payoutId);
    else picked.push({ record, row });
  }
  if (picked.length === 0) {
    journal.commit();
    return false;
  }

  // Read again right before the request: an edit made while this run worked never goes out.
  const now = table.currentInputs(picked.map((p) => p.row));
  const book = journal.addressBook();
  const allowance = openAllowance(journal, run.controls, run.ctx.clock.now());
  const ready: ReadyPayout[] = [];
  for (const { record, row } of picked) {
    const texts = now.get(row);
    if (!texts) {
      sendBack(run, record, row, "Its row was deleted or copied before it was sent.", "");
      continue;
    }
    const fields = changedInputs(record.inputs, texts);
    if (fields.length > 0) {
      sendBack(
        run,
        record,
        row,
        `Inputs changed after review (${fields.join(", ")}): review the row and submit it again.`,
        "",
      );
      continue;
    }
    const { instruction, errors } = instructionFor(row, run.rules);
    const unapproved = instruction && approvalsLacking(run, book, record, row, instruction);
    // LIMIT_PER_DAY again, with what this run has sent so far counted.
    const overLimit = instruction && !unapproved && takeFromAllowance(allowance, instruction);
    if (!instruction)
      sendBack(run, record, row, errors.join(" ") || "The row no longer passes validation.");
    else if (unapproved) sendBack(run, record, row, unapproved, "");
    else if (overLimit) sendBack(run, record, row, overLimit, "");
    else ready.push({ record, row, instruction });
  }

  let batch = ready;
  if (plan.kind === "batch" && ready.length > 0) {
    // Fees and limits are read fresh before each batch; rows that break a limit are not sent.
    const problems = new Map<string, string>();
    for (const line of provider.quote(ready.map((r) => r.instruction)))
      for (const [payoutId, reason] of Object.entries(line.problems))
        problems.set(payoutId, reason);
    batch = ready.filter(({ record, row }) => {
      const problem = problems.get(record.payoutId);
      if (problem) sendBack(run, record, row, problem);
      return !problem;
    });
  }
  if (batch.length === 0) {
    finish(run, picked);
    return true;
  }

  const batchId =
    plan.kind === "batch"
      ? newBatchId(new Date(run.ctx.clock.now()), randomHex(run.ctx.crypto))
      : undefined;
  for (const { record } of batch)
    journal.record(record.payoutId, { kind: "sending", provider: name, batchId });
  // The sending entries are committed (flushed) before any create request leaves.
  finish(run, picked);

  let outcomes: [ReadyPayout, SubmitOutcome][];
  try {
    const answered = provider.submit(
      batch.map((b) => b.instruction),
      batchId,
    );
    // Outcomes that do not pair up with the batch tell nothing sure: as if submit had thrown.
    outcomes = pairUp(batch, answered, `${name} submit outcomes`);
  } catch (error) {
    afterThrow(run, batch, picked, error);
  }
  for (const [{ record }, outcome] of outcomes) recordOutcome(run, record, outcome);
  // Not flushed here: the next batch's sending entries, or the run's end, commit these too.
  finish(run, picked, false);
  return true;
}

/**
 * Why a payout about to be sent no longer has the approvals it needs (revoked, expired, an
 * approver removed from APPROVERS since it was queued); undefined when it has them. Its inputs
 * are the reviewed ones already (checked just before), so its approvals are bound to them.
 */
function approvalsLacking(
  run: QueueRun,
  book: AddressBook,
  record: PayoutRecord,
  row: PayoutRow,
  instruction: PayoutInstruction,
): string | undefined {
  const context: ReviewContext = {
    controls: run.controls,
    actor: undefined,
    edits: () => new Map(),
    editsChanged: false,
  };
  const review = run.journal.reviewOf(record.payoutId);
  const guard = guardRow(
    book,
    instruction,
    inputsByKey(record.inputs),
    run.controls,
    run.ctx.clock.now(),
  );
  const result = rowStanding(run.ctx, review, row, instruction, context, guard.changedAddress);
  if (result.missing === 0) return undefined;
  return (
    `It no longer had the approvals it needs when it was about to be sent (${result.counted.length} of ` +
    `${result.needed} still count): approve it again and submit it.`
  );
}

function recordOutcome(run: QueueRun, record: PayoutRecord, outcome: SubmitOutcome): void {
  const { journal, totals } = run;
  const id = record.payoutId;
  const current = journal.get(id) ?? record;
  if (outcome.kind === "created") {
    journal.record(id, { kind: "update", source: "submit", snapshot: outcome.snapshot });
    totals.created++;
  } else if (outcome.kind === "rejected" && current.sends > 1) {
    // A refused resend may mean the first create arrived after all: a person checks.
    journal.record(id, {
      kind: "held",
      reason:
        `The provider refused this payout when it was sent again (${outcome.reason.replace(/\.$/, "")}). ` +
        `The first request may have reached it: check the provider for Payout ID ${id}. ` +
        "The add-on keeps looking it up and never sends it again by itself.",
    });
    totals.held++;
  } else if (outcome.kind === "rejected") {
    journal.record(id, { kind: "rejected", reason: outcome.reason });
    totals.rejected++;
  } else {
    journal.record(id, {
      kind: "note",
      text: `No answer to the create request (${outcome.reason}); the next run looks it up before any resend.`,
    });
    totals.unknown++;
  }
}

/** Records committed, the touched rows rendered from the record and written. */
function finish(run: QueueRun, picked: { record: PayoutRecord }[], durable = true): void {
  run.journal.commit({ durable });
  renderRecords(
    run.ctx,
    run.table,
    run.journal,
    run.plan,
    run.config.staleAfterHours,
    new Set(picked.map((p) => p.record.payoutId)),
  );
  run.table.write();
}

/**
 * A create call threw. A provider's refusal of the credentials, the configuration or the request
 * itself (ProviderError auth, config, invalid) comes before anything is created: the payouts wait
 * again with the reason. Anything else may have reached the provider: they stay `sending`, for a
 * lookup before any resend.
 */
function afterThrow(
  run: QueueRun,
  batch: { record: PayoutRecord }[],
  picked: { record: PayoutRecord }[],
  error: unknown,
): never {
  const nothingCreated = error instanceof ProviderError && nothingWasDone(error.kind);
  for (const { record } of batch) {
    if (nothingCreated) {
      run.journal.record(record.payoutId, { kind: "absent", unsent: true });
      run.journal.record(record.payoutId, { kind: "note", text: describe(error) });
    } else {
      run.journal.record(record.payoutId, {
        kind: "note",
        text: `Submission interrupted (${describe(error)}); the next run looks it up before any resend.`,
      });
    }
  }
  finish(run, picked);
  throw error;
}
