/**
 * The Audit log sheet: one appended row per run that changed something (who, when, what, and
 * the run's counts), so an accountant can see how every row came to be what it is. Append-only;
 * the add-on never rewrites it.
 */
import { escapeFormulaText } from "../domain/text";
import type { Sheet } from "../ports";
import { isoNow, type AppContext } from "./context";

export const AUDIT_SHEET = "Audit log";
export const AUDIT_HEADERS = ["Time", "User", "Action", "Outcome", "Details"] as const;
const MAX_CELL = 45000;

function auditSheet(ctx: AppContext): Sheet {
  const existing = ctx.workbook.sheet(AUDIT_SHEET);
  if (existing && existing.lastRow() > 0) return existing;
  const sheet = existing ?? ctx.workbook.insertSheet(AUDIT_SHEET);
  sheet.setNumberFormat(1, 1, sheet.maxRows(), AUDIT_HEADERS.length, "@");
  sheet.write(1, 1, [[...AUDIT_HEADERS]]);
  sheet.freezeRows(1);
  sheet.styleHeader(AUDIT_HEADERS.length);
  sheet.protectColumns(1, AUDIT_HEADERS.length, "Audit log: append-only, kept by the add-on");
  return sheet;
}

/** Appends one entry; `details` are the run's counts (no secret ever reaches a summary). */
export function audit(
  ctx: AppContext,
  action: string,
  outcome: string,
  details: Record<string, unknown> = {},
): void {
  const counts = Object.fromEntries(
    Object.entries(details).filter(
      ([, value]) => typeof value === "number" || typeof value === "boolean",
    ),
  );
  auditSheet(ctx).appendRow(
    [isoNow(ctx), ctx.identity.email(), action, outcome, JSON.stringify(counts)].map((cell) =>
      escapeFormulaText(cell.slice(0, MAX_CELL)),
    ),
  );
}
