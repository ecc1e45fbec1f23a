/**
 * approvePayouts and revokeApprovals (CONTRACT section 7), headless, under the script lock. An
 * approval is recorded for the row's inputs as they are at that moment (and, from the menu, only
 * if they are still the ones the approver was shown); anything later voids it.
 */
import * as z from "zod/mini";
import { listAllows } from "../../domain/email-list";
import { isWaitingToSend } from "../../domain/record";
import { identify, unidentified, type Actor } from "../actor";
import { audit } from "../audit/log";
import { withScriptLock, type AppContext } from "../context";
import { holdsRole } from "../controls/roles";
import { approvalsOn } from "../controls/policy";
import { inputTexts } from "../payout-table";
import { busy, LOCK_WAIT_MS, saveRun, validateRun } from "../submit/submit";
import { openRun, type Run } from "../workspace";
import { inputsDigest } from "./edit-log";
import { reviewRows, type RowReview } from "./review-rows";

export interface Refused {
  payoutId: string;
  reason: string;
}

export interface ApproveSummary {
  ok: boolean;
  message: string;
  approved: string[];
  refused: Refused[];
}

export interface RevokeSummary {
  ok: boolean;
  message: string;
  revoked: string[];
  refused: Refused[];
}

const idsSchema = z.array(z.string());

/** The Payout IDs asked for, trimmed and without repeats; undefined when not a list of text. */
function idsOf(input: unknown): string[] | undefined {
  const parsed = idsSchema.safeParse(input);
  if (!parsed.success) return undefined;
  return [...new Set(parsed.data.map((id) => id.trim()).filter(Boolean))];
}

function everyRefused(ids: readonly string[], reason: string): Refused[] {
  return ids.map((payoutId) => ({ payoutId, reason }));
}

/**
 * The Payout IDs asked for and the person asking, or why nothing can be done (not a list, or a
 * caller Apps Script does not name): the same for approving and revoking.
 */
function askedBy(
  ctx: AppContext,
  payoutIds: unknown,
  doing: string,
):
  | { actor: Actor; ids: string[] }
  | { refusal: { ok: false; message: string; refused: Refused[] } } {
  const ids = idsOf(payoutIds);
  if (!ids) return { refusal: { ok: false, message: "Give a list of Payout IDs.", refused: [] } };
  const actor = identify(ctx);
  if (!actor || actor.via !== "person") {
    const { message } = unidentified(doing);
    return {
      refusal: { ok: false, message, refused: everyRefused(ids, "you cannot be identified") },
    };
  }
  return { actor, ids };
}

/** Why a row that is not among the valid ones cannot be approved. */
function notApprovable(run: Run, payoutId: string): string {
  const record = run.journal.get(payoutId);
  if (record && record.phase !== "returned")
    return `it is ${record.status || "queued"} already: approvals apply to rows not yet submitted`;
  const [row, ...copies] = run.table
    .activeRows()
    .filter((active) => active.outputs.payoutId === payoutId);
  if (!row) return "no row of the Payouts sheet has this Payout ID";
  if (copies.length > 0) return "several rows have this Payout ID";
  return `it is not valid: ${row.outputs.error || "validate it first"}`;
}

/** Why this person may not approve this valid row now; undefined when they may. */
function refusal(run: Run, actor: Actor, valid: RowReview, shown?: string): string | undefined {
  const review = run.journal.reviewOf(valid.row.outputs.payoutId);
  if (!listAllows(run.controls.approvers, actor.email)) return `${actor.email} is not in APPROVERS`;
  if (!review?.preparedBy)
    return "who prepared it is not known: validate it from the Payouts menu first";
  if (review.preparedBy === actor.email)
    return "you prepared it (changed its inputs last), and nobody approves their own row";
  if (valid.standing.counted.some((a) => a.by === actor.email)) return "you approved it already";
  if (valid.standing.missing === 0) return "it has every approval it needs already";
  if (shown !== undefined && shown !== inputsDigest(inputTexts(valid.row)))
    return "it changed since it was shown to you: look at it again";
  return undefined;
}

/**
 * Records the person's approval of each listed row that is valid now and theirs to approve.
 * `shown`: from the menu, each row's inputs digest as the approver saw them.
 */
export function approvePayouts(
  ctx: AppContext,
  payoutIds: unknown,
  shown: Record<string, string> = {},
): ApproveSummary {
  const asked = askedBy(ctx, payoutIds, "approving");
  if ("refusal" in asked) return { ...asked.refusal, approved: [] };
  const { actor, ids } = asked;
  return withScriptLock(
    ctx,
    LOCK_WAIT_MS,
    () => ({ ...busy("approving")(), approved: [], refused: [] }),
    () => {
      const run = openRun(ctx);
      if (!approvalsOn(run.controls)) {
        const message = "Approvals are off (APPROVALS_REQUIRED is 0): there is nothing to approve.";
        return {
          ok: false,
          message,
          approved: [],
          refused: everyRefused(ids, "approvals are off"),
        };
      }
      const { validation, review } = validateRun(ctx, run, "all");
      const byId = new Map(validation.valid.map((v) => [v.row.outputs.payoutId, v]));
      const approved: string[] = [];
      const refused: Refused[] = [];
      for (const payoutId of ids) {
        const valid = byId.get(payoutId);
        const reason = valid
          ? refusal(run, actor, valid, shown[payoutId])
          : notApprovable(run, payoutId);
        if (reason || !valid) {
          refused.push({ payoutId, reason: reason ?? "it cannot be approved" });
          continue;
        }
        run.journal.review(payoutId, {
          kind: "approved",
          by: actor.email,
          inputs: inputTexts(valid.row),
        });
        approved.push(payoutId);
      }
      // Shown at once: APPROVED, or what it still needs.
      const rows = approved.flatMap((id) => byId.get(id) ?? []);
      reviewRows(
        ctx,
        run.table,
        run.journal,
        rows.map((v) => v.row),
        rows,
        review,
      );
      saveRun(ctx, run);
      const summary = {
        ok: refused.length === 0,
        message: outcomeMessage("Approved", approved, refused),
        approved,
        refused,
      };
      if (refused.length > 0) audit(ctx, "Approval refused", summary.message);
      if (approved.length > 0) audit(ctx, "Approve", summary.message);
      return summary;
    },
  );
}

/**
 * Withdraws every approval of each listed row (back to VALID). A row queued but not sent yet goes
 * back to review; a row sent already keeps its payout (nothing can call it back from here).
 */
export function revokeApprovals(ctx: AppContext, payoutIds: unknown): RevokeSummary {
  const asked = askedBy(ctx, payoutIds, "revoking approvals");
  if ("refusal" in asked) return { ...asked.refusal, revoked: [] };
  const { actor, ids } = asked;
  return withScriptLock(
    ctx,
    LOCK_WAIT_MS,
    () => ({ ...busy("revoking approvals")(), revoked: [], refused: [] }),
    () => {
      const run = openRun(ctx);
      const { controls, journal } = run;
      if (!holdsRole(controls, actor, "approver") && !holdsRole(controls, actor, "admin")) {
        const message = `${actor.email} is neither in APPROVERS nor in ADMINS, so revoking approvals is not allowed; nothing was changed.`;
        audit(ctx, "Revoke refused", message);
        return {
          ok: false,
          message,
          revoked: [],
          refused: everyRefused(ids, "not an approver or admin"),
        };
      }
      const revoked: string[] = [];
      const refused: Refused[] = [];
      for (const payoutId of ids) {
        const record = journal.get(payoutId);
        if (record && record.phase !== "returned" && !isWaitingToSend(record)) {
          refused.push({ payoutId, reason: `it was sent already (${record.status})` });
          continue;
        }
        if (!journal.review(payoutId, { kind: "revoked", by: actor.email })) {
          refused.push({ payoutId, reason: "it has no approval to revoke" });
          continue;
        }
        if (record && isWaitingToSend(record)) {
          journal.record(payoutId, {
            kind: "returned",
            reason: `Approval revoked by ${actor.email} before it was sent: it waits for approval again.`,
          });
          run.plan.recorded.delete(payoutId);
        }
        revoked.push(payoutId);
      }
      // Rows back from the queue are validated with the others: VALID, saying what they need.
      const fresh = revoked.length > 0 ? openRevalidated(ctx, run) : run;
      saveRun(ctx, fresh);
      const summary = {
        ok: refused.length === 0,
        message: outcomeMessage("Revoked", revoked, refused),
        revoked,
        refused,
      };
      audit(
        ctx,
        refused.length > 0 && revoked.length === 0 ? "Revoke refused" : "Revoke",
        summary.message,
      );
      return summary;
    },
  );
}

/** The run with the record's new entries committed, the sheet sorted again and validated. */
function openRevalidated(ctx: AppContext, run: Run): Run {
  saveRun(ctx, run);
  const again = openRun(ctx);
  validateRun(ctx, again, "all");
  return again;
}

function outcomeMessage(verb: string, done: string[], refused: Refused[]): string {
  const parts = [
    done.length > 0 ? `${verb} ${done.length} row(s): ${done.join(", ")}.` : `${verb} nothing.`,
    ...refused.map(({ payoutId, reason }) => `${payoutId} refused: ${reason}.`),
  ];
  return parts.join(" ");
}
