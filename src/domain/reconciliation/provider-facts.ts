/**
 * The record against what the provider's API says now. The record only ever moves forward, and
 * everything but a callback comes from the API; so an API that is behind the record, or final
 * with another outcome, contradicts it, and the entry that put the value there says whether a
 * callback did.
 */
import { compareAmounts, type Amount } from "../money";
import type { PayoutSnapshot } from "../payout";
import { applyEvent, type PayoutRecord, type RecordEntry } from "../record";
import { canMove, type Status } from "../status";
import { recordSummary, type ReconciliationException } from "./exceptions";

/** Where the record's current status came from: an update's source, or the event's kind. */
export function statusSource(entries: readonly RecordEntry[]): string | undefined {
  let record: PayoutRecord | undefined;
  let source: string | undefined;
  for (const entry of entries) {
    const next = applyEvent(record, entry);
    if (!next) continue;
    if (next.status !== record?.status)
      source = entry.event.kind === "update" ? entry.event.source : entry.event.kind;
    record = next;
  }
  return source;
}

/** Created and not processing yet: the two words providers swap (a 2FA flag cleared). */
const WAITING_AT_PROVIDER: ReadonlySet<Status> = new Set<Status>(["PENDING", "NEEDS_ACTION"]);

/** Whether the API's status can follow from the record's (equal, or further along). */
function follows(recorded: Status, said: Status): boolean {
  if (WAITING_AT_PROVIDER.has(recorded) && WAITING_AT_PROVIDER.has(said)) return true;
  return recorded === said || canMove(recorded, said);
}

/** What the provider's answer contradicts in the record, in plain words; none when it agrees. */
export function contradictions(record: PayoutRecord, snapshot: PayoutSnapshot): string[] {
  const found: string[] = [];
  if (snapshot.status && record.status && !follows(record.status, snapshot.status))
    found.push(`the record has ${record.status}, the API ${snapshot.status}`);
  const { txHash, doneAmount, providerId } = record.details;
  if (providerId && snapshot.providerId && providerId !== snapshot.providerId)
    found.push(`the record has provider ID ${providerId}, the API ${snapshot.providerId}`);
  if (txHash && snapshot.txHash && txHash !== snapshot.txHash)
    found.push(`the record has tx hash ${txHash}, the API ${snapshot.txHash}`);
  if (
    doneAmount &&
    snapshot.doneAmount &&
    compareAmounts(doneAmount as Amount, snapshot.doneAmount) !== 0
  )
    found.push(`the record has Done amount ${doneAmount}, the API ${snapshot.doneAmount}`);
  return found;
}

/** A DISAGREEMENT line when the API contradicts the record, naming where the record's came from. */
export function disagreement(
  record: PayoutRecord,
  entries: readonly RecordEntry[],
  snapshot: PayoutSnapshot,
): ReconciliationException | undefined {
  const found = contradictions(record, snapshot);
  if (found.length === 0) return undefined;
  const source = statusSource(entries);
  const fromCallback = source === "callback";
  return {
    kind: "DISAGREEMENT",
    payoutId: record.payoutId,
    provider: record.provider,
    recordSays: `${recordSummary(record)} (status from a ${source ?? "run"})`,
    providerSays: [snapshot.providerStatus, snapshot.txHash, snapshot.doneAmount]
      .filter(Boolean)
      .join(", "),
    explanation:
      (fromCallback
        ? `A callback told the add-on what ${record.provider}'s API now contradicts: `
        : `${record.provider}'s API now contradicts the record: `) +
      `${found.join("; ")}. Look the payout up in the ${record.provider} dashboard before acting on the row.`,
  };
}
