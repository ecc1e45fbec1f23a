/**
 * Writes what a provider says about a payout into its row, through the status state machine:
 * a terminal row never changes status, a row never moves backwards, an unknown provider status
 * leaves the status as it is and says so.
 */
import type { OutputKey } from "../domain/columns";
import type { PayoutSnapshot } from "../domain/payout";
import { canMove } from "../domain/status";
import type { PayoutRow, PayoutTable } from "./payout-table";
import { rowStatus } from "./validate";

const DETAIL_KEYS = [
  "providerStatus",
  "providerId",
  "batchId",
  "fee",
  "feeCurrency",
  "sentAmount",
  "doneAmount",
  "txHash",
] as const satisfies readonly (keyof PayoutSnapshot & OutputKey)[];

export type ApplyResult = "moved" | "updated" | "unchanged" | "refused";

export function applySnapshot(
  table: PayoutTable,
  row: PayoutRow,
  snapshot: Partial<PayoutSnapshot>,
  nowIso: string,
): ApplyResult {
  const current = rowStatus(row);
  const target = snapshot.status;
  const moves = target != null && canMove(current, target);
  // Details may fill in a row whose status stays the same (a tx hash arriving late), but never
  // rewrite a row the snapshot would move backwards.
  const sameStatus = target === current || target === null;
  if (!moves && !sameStatus) return "refused";
  const changes: Partial<Record<OutputKey, string>> = {};
  for (const key of DETAIL_KEYS) {
    const value = snapshot[key];
    if (value !== undefined && value !== "") changes[key] = value;
  }
  if (moves && target) changes.status = target;
  const message = [snapshot.error, snapshot.note].filter(Boolean).join(" ");
  if (target === null && snapshot.providerStatus)
    changes.error = `Unknown provider status "${snapshot.providerStatus}": the row keeps its status.`;
  else if (message) changes.error = message;
  else if (moves) changes.error = "";
  const changed = table.set(row, changes, nowIso);
  if (moves) return "moved";
  return changed ? "updated" : "unchanged";
}
