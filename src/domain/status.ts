/** The row statuses of CONTRACT section 4 and the only ways a row may move between them. */

export const STATUSES = [
  "",
  "INVALID",
  "VALID",
  "APPROVED",
  "QUEUED",
  "SUBMITTING",
  "PENDING",
  "NEEDS_ACTION",
  "PROCESSING",
  "COMPLETED",
  "FAILED",
  "REJECTED",
  "CANCELED",
  "EXPIRED",
] as const;

export type Status = (typeof STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<Status> = new Set<Status>([
  "COMPLETED",
  "FAILED",
  "REJECTED",
  "CANCELED",
  "EXPIRED",
]);

/** Statuses a row can have before anything was sent for it. */
export const UNSUBMITTED_STATUSES: ReadonlySet<Status> = new Set<Status>([
  "",
  "INVALID",
  "VALID",
  "APPROVED",
]);

/** Accepted for sending, not created at the provider yet. */
export const WAITING_STATUSES: ReadonlySet<Status> = new Set<Status>(["QUEUED", "SUBMITTING"]);

/** Created at the provider and not final: what a refresh polls. */
export const POLLABLE_STATUSES: ReadonlySet<Status> = new Set<Status>([
  "PENDING",
  "NEEDS_ACTION",
  "PROCESSING",
]);

export function isWaiting(status: Status): boolean {
  return WAITING_STATUSES.has(status);
}

export function isPollable(status: Status): boolean {
  return POLLABLE_STATUSES.has(status);
}

/** Submitted and not final. */
export function isOpenStatus(status: Status): boolean {
  return isSubmitted(status) && !isTerminal(status);
}

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

export function isTerminal(status: Status): boolean {
  return TERMINAL_STATUSES.has(status);
}

export function isSubmitted(status: Status): boolean {
  return !UNSUBMITTED_STATUSES.has(status);
}

/**
 * Progress rank of the non-terminal submitted statuses. PENDING and NEEDS_ACTION share a rank:
 * both mean "created, not yet processing", and neither may replace the other.
 */
const PROGRESS_RANK: Partial<Record<Status, number>> = {
  QUEUED: 1,
  SUBMITTING: 2,
  PENDING: 3,
  NEEDS_ACTION: 3,
  PROCESSING: 4,
};

/**
 * Whether a submitted row may move from `from` to `to`. Terminal rows never move; a row never
 * moves backwards in progress; a payout that exists at the provider can end in any terminal
 * status. Unsubmitted statuses are only reachable from unsubmitted statuses.
 */
export function canMove(from: Status, to: Status): boolean {
  if (from === to) return false;
  if (isTerminal(from)) return false;
  if (!isSubmitted(from)) return true;
  if (!isSubmitted(to)) return false;
  if (isTerminal(to)) return true;
  const a = PROGRESS_RANK[from] ?? 0;
  const b = PROGRESS_RANK[to] ?? 0;
  return b > a;
}
