/**
 * Approve / Revoke approval of selected rows: the rows are described (what each pays, what
 * changed since an approval that no longer counts), the person confirms, and only the inputs
 * they were shown are approved.
 */
import { approvePayouts, revokeApprovals } from "../app/approvals/approve";
import { describeSelection, type SelectedRow } from "../app/approvals/selection";
import { identify, unidentified } from "../app/actor";
import type { AppContext } from "../app/context";
import type { Ui } from "../ports";

/** Rows listed in the question; more are counted. */
const LISTED = 15;

function listing(rows: SelectedRow[]): string {
  const lines = rows
    .slice(0, LISTED)
    .flatMap((r) => [
      `Row ${r.row} (${r.payoutId}, ${r.status || "not validated"}): ${r.pays}`,
      ...r.changed.map((change) => `    changed since the last approval: ${change}`),
    ]);
  if (rows.length > LISTED) lines.push(`…and ${rows.length - LISTED} more row(s).`);
  return lines.join("\n");
}

export function approveSelected(ui: Ui, ctx: AppContext): void {
  const title = "Approve selected rows";
  if (!identify(ctx)) return ui.alert(title, unidentified("approving").message);
  const selection = describeSelection(ctx);
  if (!selection.ok) return ui.alert(title, selection.message);
  const question = `Approve these payouts exactly as shown?\n\n${listing(selection.rows)}`;
  if (!ui.confirm(title, question)) return ui.alert(title, "Nothing was approved.");
  const shown = Object.fromEntries(selection.rows.map((r) => [r.payoutId, r.digest]));
  const ids = selection.rows.map((r) => r.payoutId);
  ui.alert(title, approvePayouts(ctx, ids, shown).message);
}

export function revokeSelected(ui: Ui, ctx: AppContext): void {
  const title = "Revoke approval of selected rows";
  if (!identify(ctx)) return ui.alert(title, unidentified("revoking approvals").message);
  const selection = describeSelection(ctx);
  if (!selection.ok) return ui.alert(title, selection.message);
  const question = `Revoke every approval of these rows?\n\n${listing(selection.rows)}`;
  if (!ui.confirm(title, question)) return ui.alert(title, "Nothing was revoked.");
  ui.alert(
    title,
    revokeApprovals(
      ctx,
      selection.rows.map((r) => r.payoutId),
    ).message,
  );
}
