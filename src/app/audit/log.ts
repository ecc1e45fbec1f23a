/**
 * The Audit log sheet: one entry per event (a payout queued, sent, answered, moved; settings
 * changed) and one per run that changed something, each with its time, who acted, the Payout ID
 * where there is one, and its hash chained to the entry before (domain/audit-chain.ts). Entries
 * are kept for the run and written in one block when it ends (run.ts, append.ts). Append-only;
 * the add-on never rewrites it.
 */
import { isoNow, type AppContext } from "../context";
import { inAuditedRun } from "./run";
import { runActor, trailOf } from "./trail";

/**
 * Keeps an entry about the run for the Audit log; `details` are the run's counts (numbers and
 * yes/no only: no text of a summary, so no secret, ever reaches them).
 */
export function audit(
  ctx: AppContext,
  action: string,
  outcome: string,
  details: Record<string, unknown> = {},
): void {
  const counts = Object.fromEntries(
    Object.entries(details).filter(
      ([, value]) => typeof value === "number" || typeof value === "boolean",
    ),
  );
  auditEntry(ctx, { action, outcome, details: counts });
}

/** Keeps one entry for the Audit log, about a payout when `payoutId` is given. */
export function auditEntry(
  ctx: AppContext,
  entry: { action: string; outcome: string; details?: unknown; payoutId?: string },
): void {
  // Outside any audited run (a refusal, a freeze), the entry is a run of its own: written now.
  if (trailOf(ctx).depth === 0) return inAuditedRun(ctx, false, () => auditEntry(ctx, entry));
  trailOf(ctx).drafts.push({
    time: isoNow(ctx),
    actor: runActor(ctx),
    payoutId: entry.payoutId ?? "",
    action: entry.action,
    outcome: entry.outcome,
    details: JSON.stringify(entry.details ?? {}),
  });
}
