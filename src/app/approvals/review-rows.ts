/**
 * Approvals during validation (CONTRACT section 7). For each row not yet queued, from the
 * add-on's record: who prepared its inputs as they are now (the edit log, else whoever validates
 * it), which approvals still count (voided, with the cells that changed, when its inputs changed,
 * the approver edited it, left APPROVERS or the approval expired), and so its status: APPROVED
 * with every approval it needs, else VALID saying what it still needs. Prepared by and Approved
 * by show the record; what was typed into them is written over.
 */
import {
  approvalProblem,
  approvalsNeeded,
  shortfallMessage,
  standing,
  type Review,
  type Standing,
} from "../../domain/approvals";
import type { PayoutInstruction } from "../../domain/payout";
import { identify, type Actor } from "../actor";
import { isoNow, type AppContext } from "../context";
import { KEYS } from "../keys";
import type { Controls } from "../controls/policy";
import { inputTexts, type PayoutRow, type PayoutTable } from "../payout-table";
import type { Journal } from "../record/journal";
import { inputsDigest, readEditLog, type EditLog } from "./edit-log";
import { guardRow, inputsByKey, openAllowance, takeFromAllowance } from "../guards/row-guards";

/**
 * What reviewing rows needs. The edit log (two sheet calls) is read when a row's inputs are new
 * to the record, or when the log has lines the last run that read it did not see
 * (edit-log.ts: EDITS_LAST and EDITS_SEEN); otherwise every row's preparer is known already.
 */
export function openReview(
  ctx: AppContext,
  controls: Controls,
  rowsToReview: boolean,
): ReviewContext {
  const lastEdit = ctx.store.get(KEYS.editsLast) ?? "";
  let edits: EditLog | undefined;
  const context: ReviewContext = {
    controls,
    actor: identify(ctx),
    editsChanged: rowsToReview && lastEdit !== (ctx.store.get(KEYS.editsSeen) ?? ""),
    edits: () => {
      if (!rowsToReview) return new Map();
      if (!edits) {
        edits = readEditLog(ctx);
        context.editsRead = lastEdit;
      }
      return edits;
    },
  };
  return context;
}

/**
 * Notes that the edit log was read up to its last line as the run began: called once the run's
 * record is committed, so a run that dies before makes the next one read the log again.
 */
export function rememberEditsRead(ctx: AppContext, context: ReviewContext): void {
  if (context.editsRead === undefined) return;
  if ((ctx.store.get(KEYS.editsSeen) ?? "") !== context.editsRead)
    ctx.store.set(KEYS.editsSeen, context.editsRead);
}

/**
 * Whether a valid row may be sent now: every approval it needs (none with approvals off), and
 * nothing it waits for.
 */
export function mayBeSent(valid: RowReview): boolean {
  return valid.standing.missing === 0 && valid.wait === undefined;
}

export interface ReviewContext {
  controls: Controls;
  /** Who runs the validation: the preparer of rows the edit log did not see. */
  actor: Actor | undefined;
  /** The edit log, read when first asked for. */
  edits: () => EditLog;
  /** Whether the log has lines no run has read yet (a known row may have a new preparer). */
  editsChanged: boolean;
  /** Set once the log is read: the EDITS_LAST it was read up to. */
  editsRead?: string;
}

/** A valid row before its review: what validation alone says in Error. */
export interface ValidRow {
  row: PayoutRow;
  instruction: PayoutInstruction;
  baseError: string;
  /** Validation's warnings (a likely double payment), already part of `baseError`. */
  warnings: string[];
}

export interface RowReview extends ValidRow {
  standing: Standing;
  /** Validation's warnings, then the guards' (first payment, look-alike, changed address). */
  warnings: string[];
  /** Why it waits (cool-off, LIMIT_PER_DAY) although valid and approved; undefined if not. */
  wait?: string;
}

/** The preparer a row's inputs have now; undefined when unchanged. */
function preparerNow(
  review: Review | undefined,
  digest: string,
  context: ReviewContext,
): string | undefined {
  const known = review?.preparedFingerprint === digest;
  if (known && !context.editsChanged) return undefined;
  const seen = context.edits().get(digest);
  if (seen && seen.by && (!known || seen.at > review.preparedAt)) return seen.by;
  if (known) return undefined;
  // An edit the trigger did not see (a paste by API, the trigger not installed): the person
  // validating is taken as the preparer, so they cannot approve it themselves.
  return context.actor?.via === "person" ? context.actor.email : "";
}

/** Records the preparer and voids approvals that no longer count; the row's review after. */
export function reviewRow(
  ctx: AppContext,
  journal: Journal,
  row: PayoutRow,
  context: ReviewContext,
): Review | undefined {
  const payoutId = row.outputs.payoutId;
  const inputs = inputTexts(row);
  const digest = inputsDigest(inputs);
  const preparer = preparerNow(journal.reviewOf(payoutId), digest, context);
  if (preparer !== undefined)
    journal.review(payoutId, {
      kind: "prepared",
      by: preparer,
      fingerprint: digest,
      address: row.inputs.address.text,
    });
  const review = journal.reviewOf(payoutId);
  if (!review) return undefined;
  const now = ctx.clock.now();
  for (const approval of review.approvals) {
    const problem = approvalProblem(approval, review, inputs, now, context.controls.approval);
    if (problem)
      journal.review(payoutId, {
        kind: "voided",
        approvers: [approval.by],
        reason: problem.reason,
        fields: problem.fields,
      });
  }
  return journal.reviewOf(payoutId);
}

/** The approvals a row's instruction needs under the policy in force. */
export function rowStanding(
  ctx: AppContext,
  review: Review | undefined,
  row: PayoutRow,
  instruction: PayoutInstruction,
  context: ReviewContext,
  /** The recipient was last paid at another address (row-guards.ts): two approvals. */
  changedAddress = false,
): Standing {
  const policy = context.controls.approval;
  const needed = approvalsNeeded(policy, {
    limitCurrency: instruction.amountCurrency ?? instruction.currency,
    amount: instruction.amount,
    changedAddress,
  });
  return standing(review, inputTexts(row), ctx.clock.now(), policy, needed);
}

/** What a row's Error says of its last voided approvals. */
export function voidedMessage(review: Review | undefined): string {
  const last = review?.lastVoid;
  if (!last) return "";
  const who = last.approvers.join(", ");
  return `Approval by ${who} no longer counts: ${last.reason}.`;
}

/**
 * Reviews every row validation saw: the valid ones get APPROVED or VALID with what they still
 * need; every row shows its preparer and approvers. Returns the valid rows' standings.
 */
export function reviewRows(
  ctx: AppContext,
  table: PayoutTable,
  journal: Journal,
  rows: readonly PayoutRow[],
  valid: readonly ValidRow[],
  context: ReviewContext,
): RowReview[] {
  const now = isoNow(ctx);
  const validByRow = new Map(valid.map((v) => [v.row, v]));
  const reviewed: RowReview[] = [];
  // Read once per run: the address history and what was sent in the last 24 hours.
  const book = journal.addressBook();
  const allowance = openAllowance(journal, context.controls, ctx.clock.now());
  for (const row of rows) {
    if (!row.outputs.payoutId) continue;
    const review = reviewRow(ctx, journal, row, context);
    const valid = validByRow.get(row);
    const cells = approvalCells(review);
    if (!valid) {
      table.set(row, cells, now);
      continue;
    }
    const { instruction } = valid;
    const guard = guardRow(
      book,
      instruction,
      inputsByKey(inputTexts(row)),
      context.controls,
      ctx.clock.now(),
    );
    const result = rowStanding(ctx, review, row, instruction, context, guard.changedAddress);
    const approved = result.missing === 0;
    // The day's allowance goes to rows that could leave now, in the order of the sheet.
    const wait = guard.wait ?? (approved ? takeFromAllowance(allowance, instruction) : undefined);
    reviewed.push({
      ...valid,
      standing: result,
      warnings: [...valid.warnings, ...guard.warnings],
      ...(wait !== undefined && { wait }),
    });
    const notes =
      result.needed === 0 || approved
        ? []
        : [voidedMessage(review), shortfallMessage(result, review?.preparedBy ?? "")];
    table.set(
      row,
      {
        ...cells,
        approvedBy: result.counted.map((a) => a.by).join(", "),
        status: result.needed > 0 && approved ? "APPROVED" : "VALID",
        error: [wait, ...notes, ...guard.warnings, valid.baseError].filter(Boolean).join(" "),
      },
      now,
    );
  }
  return reviewed;
}

/** Prepared by and Approved by as the record has them. */
export function approvalCells(review: Review | undefined): {
  preparedBy: string;
  approvedBy: string;
} {
  return {
    preparedBy: review?.preparedBy ?? "",
    approvedBy: (review?.approvals ?? []).map((a) => a.by).join(", "),
  };
}
