/**
 * Maker-checker approvals (CONTRACT section 7), pure. Each payout's review is kept in the
 * add-on's record as events: who prepared its inputs as they are now, who approved which exact
 * inputs, and when approvals were revoked or voided. An approval counts only for the inputs it
 * covered, from someone other than the preparer, allowed by the approvers list, and not expired:
 * the cells (Prepared by, Approved by, Status) only show this.
 */
import { changedInputs } from "./columns";
import { isAbove, type CurrencyLimits } from "./currency-limits";
import { listAllows } from "./email-list";
import { fingerprint } from "./fingerprint";
import type { Amount } from "./money";

export type ReviewEvent =
  /**
   * Who last changed the row's inputs to these (fingerprint of the input texts); `address`: the
   * destination they hold, so the address book knows when each address was first seen.
   */
  | { kind: "prepared"; by: string; fingerprint: string; address?: string }
  /** An approval of exactly these input texts (INPUT_KEYS order). */
  | { kind: "approved"; by: string; inputs: string[] }
  /** Every approval withdrawn by a person. */
  | { kind: "revoked"; by: string }
  /**
   * Approvals that no longer count, and why (an edit, expiry, the approver's own edit);
   * `fields`: the input columns changed since they were given.
   */
  | { kind: "voided"; approvers: string[]; reason: string; fields?: string[] };

export type ReviewEventKind = ReviewEvent["kind"];

export const REVIEW_EVENT_KINDS: readonly ReviewEventKind[] = [
  "prepared",
  "approved",
  "revoked",
  "voided",
];

export function isReviewEvent(event: { kind: string }): event is ReviewEvent {
  return (REVIEW_EVENT_KINDS as readonly string[]).includes(event.kind);
}

export interface Approval {
  /** Lower-case e-mail. */
  by: string;
  /** ISO time it was given. */
  at: string;
  inputs: string[];
}

export interface Review {
  payoutId: string;
  /** Lower-case e-mail of who last changed the inputs; "" while not known. */
  preparedBy: string;
  preparedFingerprint: string;
  preparedAt: string;
  approvals: Approval[];
  /** The last approvals voided, shown (and their changed cells highlighted) until a new one. */
  lastVoid?: {
    approvers: string[];
    reason: string;
    fields: string[];
    /** The inputs the voided approval covered: what the next approver is shown changed. */
    approvedInputs: string[];
  };
  lastSeq: number;
}

export interface ReviewEntry {
  seq: number;
  at: string;
  payoutId: string;
  event: ReviewEvent;
}

const EMPTY_REVIEW = { preparedBy: "", preparedFingerprint: "", preparedAt: "", approvals: [] };

/** The review after one more event; undefined when the event would change nothing. */
export function applyReviewEvent(
  review: Review | undefined,
  entry: ReviewEntry,
): Review | undefined {
  const current: Review = review ?? { payoutId: entry.payoutId, ...EMPTY_REVIEW, lastSeq: 0 };
  const next = (changes: Partial<Review>): Review => ({
    ...current,
    ...changes,
    lastSeq: entry.seq,
  });
  const { event } = entry;
  switch (event.kind) {
    case "prepared":
      if (current.preparedBy === event.by && current.preparedFingerprint === event.fingerprint)
        return undefined;
      return next({
        preparedBy: event.by,
        preparedFingerprint: event.fingerprint,
        preparedAt: entry.at,
      });
    case "approved": {
      const print = fingerprint(event.inputs);
      if (current.approvals.some((a) => a.by === event.by && fingerprint(a.inputs) === print))
        return undefined;
      // A person's newer approval replaces their older one: one approval per person.
      const others = current.approvals.filter((a) => a.by !== event.by);
      return next({
        approvals: [...others, { by: event.by, at: entry.at, inputs: [...event.inputs] }],
        lastVoid: undefined,
      });
    }
    case "revoked":
      return current.approvals.length > 0
        ? next({ approvals: [], lastVoid: undefined })
        : undefined;
    case "voided": {
      const voided = current.approvals.filter((a) => event.approvers.includes(a.by));
      const [first] = voided;
      if (!first) return undefined;
      const { approvers, reason, fields = [] } = event;
      return next({
        approvals: current.approvals.filter((a) => !event.approvers.includes(a.by)),
        lastVoid: { approvers, reason, fields, approvedInputs: first.inputs },
      });
    }
  }
}

export interface ApprovalPolicy {
  /** 0: approvals off; 1 or 2 distinct approvals before a row may be sent. */
  required: 0 | 1 | 2;
  /** With `required` 1: a row above its currency's figure needs 2. */
  secondAbove: CurrencyLimits;
  expiresHours: number;
  /** Who may approve; empty: anyone but the row's preparer. */
  approvers: readonly string[];
}

/** What a row's approvals depend on besides its review. */
export interface ApprovalFacts {
  /** The currency its limits are in: Amount currency when set, else Currency. */
  limitCurrency: string;
  amount: Amount;
  /** It pays a known recipient at another address than last time (section 7): needs 2. */
  changedAddress?: boolean;
}

/** How many distinct approvals the row needs under this policy (0: approvals are off). */
export function approvalsNeeded(policy: ApprovalPolicy, facts: ApprovalFacts): 0 | 1 | 2 {
  if (policy.required === 0) return 0;
  if (policy.required === 2) return 2;
  if (facts.changedAddress) return 2;
  return isAbove(policy.secondAbove, facts.limitCurrency, facts.amount) ? 2 : 1;
}

export interface ApprovalProblem {
  /** In plain words, to follow "Approval by X no longer counts: ". */
  reason: string;
  /** Input columns changed since it was given. */
  fields: string[];
}

/** Why an approval no longer counts; undefined while it counts. */
export function approvalProblem(
  approval: Approval,
  review: Review,
  inputs: readonly string[],
  now: number,
  policy: ApprovalPolicy,
): ApprovalProblem | undefined {
  const fields = changedInputs(approval.inputs, inputs);
  if (fields.length > 0)
    return { reason: `${fields.join(", ")} changed since it was given`, fields };
  if (approval.by === review.preparedBy)
    return { reason: "the approver has changed the row since", fields };
  if (!listAllows(policy.approvers, approval.by))
    return { reason: "the approver is no longer in APPROVERS", fields };
  const age = now - Date.parse(approval.at);
  if (!(age < policy.expiresHours * 3_600_000))
    return { reason: `it expired (older than ${policy.expiresHours} hours)`, fields };
  return undefined;
}

export interface Standing {
  needed: 0 | 1 | 2;
  /** The approvals that count, in the order given. */
  counted: Approval[];
  /** How many more are needed. */
  missing: number;
}

export function standing(
  review: Review | undefined,
  inputs: readonly string[],
  now: number,
  policy: ApprovalPolicy,
  needed: 0 | 1 | 2,
): Standing {
  const counted = review
    ? review.approvals.filter((a) => !approvalProblem(a, review, inputs, now, policy))
    : [];
  return { needed, counted, missing: Math.max(0, needed - counted.length) };
}

/** What a row short of approvals says in Error. */
export function shortfallMessage(result: Standing, preparedBy: string): string {
  const have = result.counted.map((a) => a.by);
  const parts = [
    `Needs ${result.needed === 1 ? "1 approval" : `${result.needed} approvals`} before it can be sent`,
    have.length > 0 ? `; approved by ${have.join(", ")}, ${result.missing} more needed` : "",
    preparedBy ? ` (not from ${preparedBy}, who prepared it)` : "",
    ". Approve it with Payouts > Approve selected rows.",
  ];
  return parts.join("");
}

/** Replays the journal's review events (in order) into one review per Payout ID. */
export function foldReviews(entries: readonly ReviewEntry[]): Map<string, Review> {
  const reviews = new Map<string, Review>();
  for (const entry of entries) {
    const next = applyReviewEvent(reviews.get(entry.payoutId), entry);
    if (next) reviews.set(entry.payoutId, next);
  }
  return reviews;
}
