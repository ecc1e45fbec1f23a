/**
 * Sends QUEUED rows and resolves SUBMITTING ones, crash-safely:
 * a row is marked SUBMITTING (with its batch id) and flushed before its create request goes
 * out, and the provider's answer is written right after each batch or chunk. A row found
 * SUBMITTING by a later run is looked up at the provider by its Payout ID and adopted if found;
 * it is sent again, with the same IDs, only when the provider confirms it is absent.
 */
import type { PayoutInstruction, PayoutRef, ProviderName } from "../domain/payout";
import { PROVIDERS } from "../domain/payout";
import { newBatchId } from "../domain/payout-id";
import { parseProvider } from "../domain/row-validation";
import { ProviderError, type Provider, type SubmitOutcome } from "../providers/provider";
import { applySnapshot } from "./apply-snapshot";
import { Budget } from "./budget";
import { randomHex } from "./random";
import type { AppConfig } from "./config";
import { isoNow, type AppContext } from "./context";
import type { PayoutRow, PayoutTable } from "./payout-table";
import type { Providers } from "./providers";
import { inputFingerprint, rowStatus } from "./validate";

/** CoinGate send requests created per fetchAll chunk (results written after each). */
export const COINGATE_CHUNK = 20;
export const CONTINUE_HANDLER = "continueSubmission";

export interface QueueTotals {
  created: number;
  rejected: number;
  unknown: number;
  recovered: number;
  resent: number;
  /** Rows still QUEUED when the run stopped (time budget or a provider failure). */
  remaining: number;
  problems: string[];
}

export interface QueueJob {
  ctx: AppContext;
  table: PayoutTable;
  providers: Providers;
  config: AppConfig;
  startedAt: number;
  /** The instruction each QUEUED / SUBMITTING row would be sent with, by Payout ID. */
  instructions: Map<string, PayoutInstruction>;
  /** Why a QUEUED / SUBMITTING row can no longer be sent, by Payout ID. */
  blocked: Map<string, string>;
}

function refOf(row: PayoutRow): PayoutRef {
  return {
    payoutId: row.outputs.payoutId,
    providerId: row.outputs.providerId || undefined,
    batchId: row.outputs.batchId || undefined,
  };
}

function providerOf(row: PayoutRow): ProviderName | undefined {
  return parseProvider(row.inputs.provider.text);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function runQueue(job: QueueJob): QueueTotals {
  const totals: QueueTotals = {
    created: 0,
    rejected: 0,
    unknown: 0,
    recovered: 0,
    resent: 0,
    remaining: 0,
    problems: [],
  };
  const budget = new Budget(job.ctx.clock, job.startedAt);
  recoverSubmitting(job, totals);
  for (const name of PROVIDERS) {
    const provider = job.providers[name];
    if (!provider) continue;
    try {
      if (name === "GatePay") sendGatePay(job, provider, totals, budget);
      else sendCoinGate(job, provider, totals, budget);
    } catch (error) {
      // A provider-wide failure (credentials, outage): its rows wait for the next run.
      totals.problems.push(describe(error));
      job.ctx.log.warn(`${name} submission stopped: ${describe(error)}`);
    }
  }
  totals.remaining = job.table.activeRows().filter((row) => rowStatus(row) === "QUEUED").length;
  return totals;
}

/** SUBMITTING rows: adopt what the provider has, requeue what it confirms absent. */
function recoverSubmitting(job: QueueJob, totals: QueueTotals): void {
  const now = isoNow(job.ctx);
  for (const name of PROVIDERS) {
    const provider = job.providers[name];
    const rows = job.table
      .activeRows()
      .filter((row) => rowStatus(row) === "SUBMITTING" && providerOf(row) === name);
    if (!provider || rows.length === 0) continue;
    let outcomes;
    try {
      outcomes = provider.recover(rows.map(refOf));
    } catch (error) {
      totals.problems.push(`${name} lookup of interrupted submissions failed: ${describe(error)}`);
      continue;
    }
    outcomes.forEach((outcome, index) => {
      const row = rows[index];
      if (outcome.kind === "found") {
        applySnapshot(job.table, row, outcome.snapshot, now);
        totals.recovered++;
      } else if (outcome.kind === "absent") {
        // Confirmed never created: it goes out again with the same Payout ID.
        job.table.set(row, { status: "QUEUED", batchId: "", providerStatus: "", error: "" }, now);
        totals.resent++;
      } else {
        job.table.set(
          row,
          {
            error: `Submission not confirmed yet (${outcome.reason}); the next run looks it up again.`,
          },
          now,
        );
      }
    });
    job.table.write();
  }
}

/**
 * QUEUED rows of a provider, ready to send. A queued row whose inputs no longer pass validation
 * (nothing was sent for it) goes back to INVALID with the reasons.
 */
function queuedRows(job: QueueJob, name: ProviderName): PayoutRow[] {
  const now = isoNow(job.ctx);
  return job.table.activeRows().filter((row) => {
    if (rowStatus(row) !== "QUEUED" || providerOf(row) !== name) return false;
    if (job.instructions.has(row.outputs.payoutId)) return true;
    const reason = job.blocked.get(row.outputs.payoutId) ?? "The row no longer passes validation.";
    job.table.set(row, { status: "INVALID", error: reason }, now);
    return false;
  });
}

/**
 * Marks rows SUBMITTING and commits that before any create request leaves. Returns the rows
 * whose mark landed: a row a person deleted meanwhile has no place to record a payout, so it is
 * not sent.
 */
function markSubmitting(job: QueueJob, rows: PayoutRow[], batchId: string): PayoutRow[] {
  const now = isoNow(job.ctx);
  for (const row of rows) {
    job.table.set(
      row,
      {
        status: "SUBMITTING",
        batchId,
        submittedAt: row.outputs.submittedAt || now,
        fingerprint: inputFingerprint(row),
        error: "",
      },
      now,
    );
  }
  job.table.write();
  job.ctx.workbook.flush();
  return rows.filter((row) => !job.table.lostIds.has(row.outputs.payoutId));
}

function applyOutcomes(
  job: QueueJob,
  rows: PayoutRow[],
  outcomes: SubmitOutcome[],
  totals: QueueTotals,
): void {
  const now = isoNow(job.ctx);
  outcomes.forEach((outcome, index) => {
    const row = rows[index];
    if (outcome.kind === "created") {
      applySnapshot(job.table, row, outcome.snapshot, now);
      totals.created++;
    } else if (outcome.kind === "rejected") {
      job.table.set(row, { status: "REJECTED", error: outcome.reason }, now);
      totals.rejected++;
    } else {
      job.table.set(
        row,
        {
          error: `No answer to the create request (${outcome.reason}); the next run looks it up before any resend.`,
        },
        now,
      );
      totals.unknown++;
    }
  });
  job.table.write();
  job.ctx.workbook.flush();
}

/**
 * A create call threw. A provider's refusal of the credentials, the configuration or the request
 * itself (ProviderError auth, config, invalid) comes before anything is created, so the rows go
 * back to the queue with the reason; anything else may have reached the provider, so the rows
 * stay SUBMITTING for a lookup.
 */
function afterThrow(job: QueueJob, rows: PayoutRow[], error: unknown): never {
  const now = isoNow(job.ctx);
  const nothingCreated =
    error instanceof ProviderError &&
    (error.kind === "auth" || error.kind === "config" || error.kind === "invalid");
  for (const row of rows) {
    job.table.set(
      row,
      nothingCreated
        ? { status: "QUEUED", batchId: "", error: describe(error) }
        : {
            error: `Submission interrupted (${describe(error)}); the next run looks it up before any resend.`,
          },
      now,
    );
  }
  job.table.write();
  throw error;
}

/** Sends batches while the budget allows another as slow as the slowest so far. */
function sendGatePay(job: QueueJob, provider: Provider, totals: QueueTotals, budget: Budget): void {
  while (budget.allowsAnotherStep()) {
    if (!budget.step(() => sendGatePayBatch(job, provider, totals))) return;
  }
}

/** One batch: fresh fees and limits, SUBMITTING committed, one create. False when none left. */
function sendGatePayBatch(job: QueueJob, provider: Provider, totals: QueueTotals): boolean {
  const rows = queuedRows(job, "GatePay").slice(0, job.config.gatepayMaxBatchSize);
  if (rows.length === 0) return false;
  // Fees and limits are read fresh before each batch; rows that break a limit are not sent.
  const problems = new Map<string, string>();
  for (const line of provider.quote(rows.map((row) => instructionOf(job, row))))
    for (const [payoutId, reason] of Object.entries(line.problems)) problems.set(payoutId, reason);
  const now = isoNow(job.ctx);
  const batchRows = rows.filter((row) => {
    const problem = problems.get(row.outputs.payoutId);
    if (problem) job.table.set(row, { status: "INVALID", error: problem }, now);
    return !problem;
  });
  if (batchRows.length === 0) {
    job.table.write();
    return true;
  }
  const batchId = newBatchId(new Date(job.ctx.clock.now()), randomHex(job.ctx.crypto));
  const marked = markSubmitting(job, batchRows, batchId);
  if (marked.length === 0) return true;
  let outcomes: SubmitOutcome[];
  try {
    outcomes = provider.submit(
      marked.map((row) => instructionOf(job, row)),
      batchId,
    );
  } catch (error) {
    afterThrow(job, marked, error);
  }
  applyOutcomes(job, marked, outcomes, totals);
  return true;
}

/** Sends chunks of send requests while the budget allows another. */
function sendCoinGate(
  job: QueueJob,
  provider: Provider,
  totals: QueueTotals,
  budget: Budget,
): void {
  while (budget.allowsAnotherStep()) {
    if (!budget.step(() => sendCoinGateChunk(job, provider, totals))) return;
  }
}

function sendCoinGateChunk(job: QueueJob, provider: Provider, totals: QueueTotals): boolean {
  const rows = queuedRows(job, "CoinGate").slice(0, COINGATE_CHUNK);
  if (rows.length === 0) return false;
  const marked = markSubmitting(job, rows, "");
  if (marked.length === 0) return true;
  let outcomes: SubmitOutcome[];
  try {
    outcomes = provider.submit(marked.map((row) => instructionOf(job, row)));
  } catch (error) {
    afterThrow(job, marked, error);
  }
  applyOutcomes(job, marked, outcomes, totals);
  return true;
}

function instructionOf(job: QueueJob, row: PayoutRow): PayoutInstruction {
  return job.instructions.get(row.outputs.payoutId) as PayoutInstruction;
}
