/**
 * The input cells that changed since an approval that no longer counts, highlighted while the row
 * waits for approval again (CONTRACT section 7: "Error names the cells that changed"). What is
 * highlighted is remembered by Payout ID (APPROVAL_HIGHLIGHTS), so a run touches the sheet only
 * when that changes: one call to clear, one to colour.
 */
import { INPUT_COLUMNS, INPUT_KEYS, type InputKey } from "../../domain/columns";
import type { AppContext } from "../context";
import { KEYS } from "../keys";
import type { PayoutTable } from "../payout-table";
import type { Journal } from "../record/journal";
import { SHEETS } from "../sheet-names";

export const CHANGED_SINCE_APPROVAL = "#fce8e6";

type Highlights = Record<string, InputKey[]>;

function stored(ctx: AppContext): Highlights {
  try {
    const parsed = JSON.parse(ctx.store.get(KEYS.approvalHighlights) ?? "{}") as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Highlights) : {};
  } catch {
    return {};
  }
}

const KEY_OF_HEADER = new Map<string, InputKey>(INPUT_KEYS.map((key) => [INPUT_COLUMNS[key], key]));

/** What should be highlighted now: rows still waiting (VALID) after their approval was voided. */
function wanted(table: PayoutTable, journal: Journal): Highlights {
  const result: Highlights = {};
  for (const row of table.activeRows()) {
    const id = row.outputs.payoutId;
    if (!id || row.outputs.status !== "VALID") continue;
    const fields = journal.reviewOf(id)?.lastVoid?.fields ?? [];
    const keys = fields.flatMap((header) => KEY_OF_HEADER.get(header) ?? []);
    if (keys.length > 0) result[id] = keys;
  }
  return result;
}

export function showChangedCells(ctx: AppContext, table: PayoutTable, journal: Journal): void {
  const before = stored(ctx);
  const now = wanted(table, journal);
  const same = (a: InputKey[] = [], b: InputKey[] = []) => a.join() === b.join();
  const ids = new Set([...Object.keys(before), ...Object.keys(now)]);
  const cells = (id: string, keys: InputKey[]) => {
    const row = table.rows.find((r) => r.outputs.payoutId === id);
    return row
      ? keys.flatMap((key) => {
          const column = table.columns.input[key];
          return column ? [{ row: row.row, column }] : [];
        })
      : [];
  };
  const clear = [...ids].filter((id) => !same(before[id], now[id]));
  if (clear.length === 0) return;
  ctx.workbook.highlight(
    SHEETS.payouts,
    clear.flatMap((id) => cells(id, before[id] ?? [])),
    null,
  );
  ctx.workbook.highlight(
    SHEETS.payouts,
    clear.flatMap((id) => cells(id, now[id] ?? [])),
    CHANGED_SINCE_APPROVAL,
  );
  ctx.store.set(KEYS.approvalHighlights, JSON.stringify(now));
}
