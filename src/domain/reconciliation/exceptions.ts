/**
 * The exceptions a reconciliation reports (CONTRACT section 9), one line per payout and kind,
 * and the ones the add-on's record shows on its own: failed, rejected, stuck, paid another
 * amount than promised, a callback the provider contradicted. Pure: the app gathers the inputs.
 */
import { compareAmounts, subtractAmounts, type Amount } from "../money";
import { isOpen, type PayoutRecord, type RecordEntry } from "../record";
import { recordInput } from "../record-inputs";

export const EXCEPTION_KINDS = [
  "FAILED",
  "REJECTED",
  "STUCK",
  "DISAGREEMENT",
  "AMOUNT_MISMATCH",
  "UNKNOWN_AT_PROVIDER",
  "MISSING_AT_PROVIDER",
  "CHAIN_MISMATCH",
] as const;

export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export interface ReconciliationException {
  kind: ExceptionKind;
  /** "" when the provider's payout carries none. */
  payoutId: string;
  provider: string;
  /** What the add-on's record (the row) says. */
  recordSays: string;
  /** What the provider (or the chain) says. */
  providerSays: string;
  /** What it means and what to do, in plain words. */
  explanation: string;
}

/** Lines are unique by kind and payout (by provider ID when there is no Payout ID). */
export function exceptionKey(line: ReconciliationException): string {
  return [line.kind, line.provider, line.payoutId || line.providerSays].join("\u0000");
}

/** What a provider promises the payee receives, and the rule that says so. */
export interface PayeePromise {
  amount: Amount;
  rule: string;
}

export interface RecordCheckContext {
  now: number;
  staleAfterHours: number;
  /** What the payee should have received; undefined when it cannot be told (another currency). */
  promise?: PayeePromise;
}

/** The record in a few words: status, amounts and the provider's word. */
export function recordSummary(record: PayoutRecord): string {
  const { details } = record;
  const amount = recordInput(record, "amount");
  const currency = recordInput(record, "amountCurrency") || recordInput(record, "currency");
  return [
    record.status || record.phase,
    amount ? `Amount ${amount} ${currency}`.trim() : "",
    details.doneAmount ? `Done ${details.doneAmount}` : "",
    details.fee ? `Fee ${details.fee} ${details.feeCurrency ?? ""}`.trim() : "",
  ]
    .filter(Boolean)
    .join(", ");
}

function providerWord(record: PayoutRecord): string {
  const word = record.details.providerStatus ?? "";
  return [word, record.error].filter(Boolean).join(": ") || "(nothing recorded)";
}

/** Phases in which a payout went to its provider and waits there. */
const SENT_PHASES = new Set(["created", "sending", "held"]);

/** Exceptions the record shows without asking the provider. */
export function recordExceptions(
  record: PayoutRecord,
  context: RecordCheckContext,
): ReconciliationException[] {
  const base = {
    payoutId: record.payoutId,
    provider: record.provider,
    recordSays: recordSummary(record),
    providerSays: providerWord(record),
  };
  const lines: ReconciliationException[] = [];
  if (record.status === "FAILED")
    lines.push({
      ...base,
      kind: "FAILED",
      explanation:
        `${record.provider} accepted the payout, then it failed: the payee was not paid. ` +
        "Read the provider's reason, fix it (address, balance, limits), then copy the row's inputs to a new row to pay it.",
    });
  if (record.status === "REJECTED")
    lines.push({
      ...base,
      kind: "REJECTED",
      explanation:
        `${record.provider} refused to create the payout: no money moved. ` +
        "Fix what it objected to, then copy the row's inputs to a new row to pay it.",
    });
  const sentAt = record.sentAt ? Date.parse(record.sentAt) : NaN;
  const ageHours = (context.now - sentAt) / 3_600_000;
  if (isOpen(record) && SENT_PHASES.has(record.phase) && ageHours > context.staleAfterHours)
    lines.push({
      ...base,
      kind: "STUCK",
      explanation:
        `Still ${record.status} ${Math.floor(ageHours)} hours after it was sent ` +
        `(STALE_AFTER_HOURS is ${context.staleAfterHours}). Look it up in the ${record.provider} ` +
        "dashboard: it may wait for a confirmation, a review or funds. Refresh statuses shows any news.",
    });
  const done = record.details.doneAmount;
  const { promise } = context;
  if (
    record.status === "COMPLETED" &&
    done &&
    promise &&
    compareAmounts(done as Amount, promise.amount) !== 0
  )
    lines.push({
      ...base,
      kind: "AMOUNT_MISMATCH",
      explanation:
        `The payee received ${done}, but ${promise.rule} promises ${promise.amount} ` +
        `(a difference of ${subtractAmounts(done as Amount, promise.amount)}). ` +
        "Check the payout and its fee at the provider; settle the difference with the payee.",
    });
  return lines;
}

/**
 * Callbacks the provider's API contradicted when they arrived (the record keeps each as a note
 * with the two statuses): one line per payout, naming the latest.
 */
export function recordedDisputes(
  record: PayoutRecord,
  entries: readonly RecordEntry[],
): ReconciliationException | undefined {
  const disputes = entries.flatMap((entry) =>
    entry.event.kind === "note" && entry.event.dispute
      ? [{ ...entry.event.dispute, at: entry.at }]
      : [],
  );
  const last = disputes[disputes.length - 1];
  if (!last) return undefined;
  const times =
    disputes.length > 1
      ? ` (${disputes.length} such callbacks, the last at ${last.at})`
      : ` (at ${last.at})`;
  return {
    kind: "DISAGREEMENT",
    payoutId: record.payoutId,
    provider: record.provider,
    recordSays: `a callback said ${last.callback}${times}; the record follows the API: ${recordSummary(record)}`,
    providerSays: `the API said ${last.provider} when the callback came`,
    explanation:
      `A callback claimed ${last.callback}, but ${record.provider}'s API said ${last.provider}. ` +
      "The add-on believed the API, so the row is right; a wrong callback can mean a bug at the provider " +
      "or someone who knows the callback URL: if it repeats, create a new CALLBACK_TOKEN (Settings).",
  };
}
