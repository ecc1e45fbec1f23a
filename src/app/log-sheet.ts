/** The add-on's append-only log sheets (Callbacks, Audit log): created once, then appended to. */
import type { Sheet } from "../ports";
import type { AppContext } from "./context";

/** A cell holds at most 50,000 characters; text is cut below that. */
export const MAX_CELL = 45000;

/** The log sheet with its header row, created (plain text, frozen, protected) when missing. */
export function openLogSheet(
  ctx: AppContext,
  name: string,
  headers: readonly string[],
  protection: string,
): Sheet {
  const existing = ctx.workbook.sheet(name);
  if (existing && existing.lastRow() > 0) return existing;
  const sheet = existing ?? ctx.workbook.insertSheet(name);
  sheet.setNumberFormat(1, 1, sheet.maxRows(), headers.length, "@");
  sheet.write(1, 1, [[...headers]]);
  sheet.freezeRows(1);
  sheet.styleHeader(headers.length);
  sheet.protectColumns(1, headers.length, protection);
  return sheet;
}
