/**
 * The rows a person selected in the Payouts sheet, validated and described for the approval
 * question: what each pays, where, what changed since an approval that no longer counts, and the
 * digest of its inputs as shown (the approval is recorded only for those exact inputs).
 */
import { INPUT_COLUMNS, INPUT_KEYS } from "../../domain/columns";
import { withScriptLock, type AppContext } from "../context";
import { inputTexts } from "../payout-table";
import { SHEETS } from "../sheet-names";
import { busy, LOCK_WAIT_MS, saveRun, validateRun } from "../submit/submit";
import { openRun } from "../workspace";
import { inputsDigest } from "./edit-log";

export interface SelectedRow {
  row: number;
  payoutId: string;
  status: string;
  /** e.g. "Ann Lee: 120.50 USDT on TRC20 to TXh3…9fQa". */
  pays: string;
  /** Inputs changed since the last approval that no longer counts: "Amount: 100 → 1000". */
  changed: string[];
  digest: string;
}

export type Selection = { ok: true; rows: SelectedRow[] } | { ok: false; message: string };

/** An address shortened to its ends: enough to recognise, not to copy. */
export function shortAddress(address: string): string {
  return address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

export function describeSelection(ctx: AppContext): Selection {
  const selected = ctx.workbook.selectedRows();
  if (selected.sheet !== SHEETS.payouts || !selected.rows.some((row) => row > 1))
    return {
      ok: false,
      message: `Select the rows to approve in the "${SHEETS.payouts}" sheet first.`,
    };
  const busyNow = (): Selection => ({
    ok: false,
    message: busy("reading the selection")().message,
  });
  return withScriptLock<Selection>(ctx, LOCK_WAIT_MS, busyNow, () => {
    const run = openRun(ctx);
    validateRun(ctx, run, "all");
    saveRun(ctx, run);
    const wanted = new Set(selected.rows);
    const rows = run.table
      .activeRows()
      .filter((row) => wanted.has(row.row) && row.outputs.payoutId)
      .map((row): SelectedRow => {
        const inputs = inputTexts(row);
        const field = (key: (typeof INPUT_KEYS)[number]) => row.inputs[key].text;
        const before = run.journal.reviewOf(row.outputs.payoutId)?.lastVoid?.approvedInputs ?? [];
        const changed = before.length
          ? INPUT_KEYS.flatMap((key, index) =>
              before[index] === inputs[index]
                ? []
                : [
                    `${INPUT_COLUMNS[key]}: ${before[index] || "(empty)"} → ${inputs[index] || "(empty)"}`,
                  ],
            )
          : [];
        const amountCurrency = field("amountCurrency") || field("currency");
        return {
          row: row.row,
          payoutId: row.outputs.payoutId,
          status: row.outputs.status,
          pays: `${field("recipient")}: ${field("amount")} ${amountCurrency} on ${field("network")} to ${shortAddress(field("address"))}`,
          changed,
          digest: inputsDigest(inputs),
        };
      });
    if (rows.length === 0)
      return {
        ok: false,
        message: "The selected rows hold no payout: fill them in and select them again.",
      };
    return { ok: true, rows };
  });
}
