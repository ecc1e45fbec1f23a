/**
 * The first run on a sheet kept by a version without a record: rows that version marked as sent
 * (a submitted status with its Submitted at and Submitted inputs cells) are taken into the record
 * once, as they stand: there is nothing else to go by. No money can move on that word alone:
 * a SUBMITTING row is held (looked up, never sent again by itself), and QUEUED rows are not
 * taken: they go back to validation, for a person to submit again. After this one time the
 * cells are never believed again.
 */
import { fingerprint } from "../../domain/fingerprint";
import { amountFromProvider } from "../../domain/money";
import type { PayoutSnapshot } from "../../domain/payout";
import { isValidPayoutId } from "../../domain/payout-id";
import { providerNamed } from "../../providers/registry";
import { isSubmitted } from "../../domain/status";
import { isoNow, type AppContext } from "../context";
import { inputTexts, type PayoutTable } from "../payout-table";
import { rowStatus } from "../validate/rows";
import type { Journal } from "./journal";
import { CLEARED_OUTPUTS } from "./view";

export function adoptSentRows(ctx: AppContext, table: PayoutTable, journal: Journal): number {
  const now = isoNow(ctx);
  let adopted = 0;
  const counts = new Map<string, number>();
  for (const row of table.activeRows())
    counts.set(row.outputs.payoutId, (counts.get(row.outputs.payoutId) ?? 0) + 1);
  for (const row of table.activeRows()) {
    const status = rowStatus(row);
    const provider = providerNamed(row.inputs.provider.text)?.name;
    const id = row.outputs.payoutId;
    if (!provider || !isValidPayoutId(id) || counts.get(id) !== 1) continue;
    const { outputs } = row;
    if (status === "QUEUED") {
      // Accepted but never sent by the older version: a person reviews it again.
      table.set(row, CLEARED_OUTPUTS, now);
      continue;
    }
    if (!isSubmitted(status) || !outputs.submittedAt || !outputs.fingerprint) continue;
    const inputs = inputTexts(row);
    // The inputs it was sent with are known only when the row still holds them.
    const known = fingerprint(inputs) === outputs.fingerprint;
    if (known) journal.record(id, { kind: "queued", provider, inputs });
    journal.record(id, {
      kind: "sending",
      provider,
      batchId: outputs.batchId || undefined,
      sentAt: outputs.submittedAt,
    });
    if (status === "SUBMITTING") {
      journal.record(id, {
        kind: "held",
        reason:
          "Taken over from an earlier version of the add-on while its create request may have been in flight: " +
          "the add-on looks it up, and never sends it again by itself.",
      });
    } else {
      const snapshot: Partial<PayoutSnapshot> = { status, providerStatus: outputs.providerStatus };
      for (const key of ["providerId", "feeCurrency", "txHash"] as const)
        if (outputs[key]) snapshot[key] = outputs[key];
      for (const key of ["fee", "sentAmount", "doneAmount"] as const) {
        const amount = amountFromProvider(outputs[key]);
        if (amount) snapshot[key] = amount;
      }
      if (status === "FAILED" || status === "REJECTED") snapshot.error = outputs.error;
      journal.record(id, { kind: "update", source: "adopted", snapshot });
    }
    adopted++;
  }
  return adopted;
}
