/**
 * What one step of a provider's listing tells against the record: payouts that carry a Payout
 * ID the add-on never sent (UNKNOWN_AT_PROVIDER), payouts whose state the API gives otherwise
 * than the record holds (DISAGREEMENT), and which of the record's payouts were listed (so the
 * last stage can name the ones that were not: MISSING_AT_PROVIDER).
 */
import { mayHaveLeft, type PayoutRecord } from "../../domain/record";
import type { ReconciliationException } from "../../domain/reconciliation/exceptions";
import { recordSummary } from "../../domain/reconciliation/exceptions";
import { disagreement } from "../../domain/reconciliation/provider-facts";
import type { ListedPayout, ListingScope, ListingStep } from "../../providers/provider";
import type { Journal } from "../record/journal";

/** Margin before the record's first payout: clocks differ, and a create may be recorded late. */
const PERIOD_MARGIN_MS = 60 * 60 * 1000;

/** The batches and period a provider's listing reads for the covered payouts. */
export function listingScope(covered: readonly PayoutRecord[], provider: string): ListingScope {
  const batchIds = covered.flatMap((record) =>
    record.provider === provider && record.details.batchId && mayHaveLeft(record)
      ? [record.details.batchId]
      : [],
  );
  const times = covered
    .map((record) => Date.parse(record.sentAt ?? record.queuedAt))
    .filter((time) => !Number.isNaN(time));
  const since =
    times.length > 0 ? new Date(Math.min(...times) - PERIOD_MARGIN_MS).toISOString() : undefined;
  return { batchIds: [...new Set(batchIds)], ...(since ? { since } : {}) };
}

export interface StepFindings {
  lines: ReconciliationException[];
  /** Positions (in journal order) of covered payouts the step listed. */
  seen: number[];
}

export function checkListingStep(
  provider: string,
  step: ListingStep,
  journal: Journal,
  /** Position in journal order of each covered payout. */
  positions: ReadonlyMap<string, number>,
): StepFindings {
  const findings: StepFindings = { lines: [], seen: [] };
  const byProviderId = new Map<string, PayoutRecord>();
  for (const record of journal.all())
    if (record.provider === provider && record.details.providerId)
      byProviderId.set(record.details.providerId, record);
  for (const payout of step.payouts) {
    const id = payout.payoutId;
    const record = id
      ? journal.get(id)
      : payout.snapshot.providerId
        ? byProviderId.get(payout.snapshot.providerId)
        : undefined;
    if (record && record.provider === provider && mayHaveLeft(record)) {
      const position = positions.get(record.payoutId);
      if (position !== undefined) findings.seen.push(position);
      const line = disagreement(record, journal.entriesOf(record.payoutId), payout.snapshot);
      if (line) findings.lines.push(line);
    } else if (id) findings.lines.push(unknownAtProvider(provider, payout, record));
  }
  return findings;
}

function unknownAtProvider(
  provider: string,
  payout: ListedPayout,
  record: PayoutRecord | undefined,
): ReconciliationException {
  const { snapshot } = payout;
  const recordSays = !record
    ? "no row or record has this Payout ID"
    : record.provider !== provider
      ? `the record has this Payout ID at ${record.provider}: ${recordSummary(record)}`
      : `the record holds it as never sent: ${recordSummary(record)}`;
  const providerSays = [
    snapshot.providerStatus,
    payout.amount ? `${payout.amount} ${payout.currency ?? ""}`.trim() : "",
    payout.address ? `to ${payout.address}` : "",
    snapshot.providerId ? `id ${snapshot.providerId}` : "",
    snapshot.batchId ? `batch ${snapshot.batchId}` : "",
    payout.createdAt ? `created ${payout.createdAt}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return {
    kind: "UNKNOWN_AT_PROVIDER",
    payoutId: payout.payoutId,
    provider,
    recordSays,
    providerSays,
    explanation:
      `A payout at ${provider} carries a Payout ID the add-on never sent: it was made outside this ` +
      "sheet (the provider's dashboard, another script, a copy of this spreadsheet). Find out who made " +
      "it; if it should not be paid, cancel it at the provider.",
  };
}
