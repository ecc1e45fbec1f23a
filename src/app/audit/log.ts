/**
 * The Audit log sheet: one appended row per run that changed something (who, when, what, and
 * the run's counts), so an accountant can see how every row came to be what it is. Append-only;
 * the add-on never rewrites it.
 */
import { SHEETS } from "../sheet-names";
import { actorLabel } from "../actor";

import { isoNow, type AppContext } from "../context";

import { KEYS } from "../keys";
import { keepTextRowsAhead, MAX_CELL, openLogSheet } from "../log-sheet";

export const AUDIT_HEADERS = ["Time", "User", "Action", "Outcome", "Details"] as const;

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
  const sheet =
    ctx.workbook.sheet(SHEETS.audit) ??
    openLogSheet(ctx, SHEETS.audit, AUDIT_HEADERS, "Audit log: append-only, kept by the add-on");
  // One appendRow (two calls with the lookup): the rows below are plain text already.
  sheet.appendRow(
    [isoNow(ctx), actorLabel(ctx), action, outcome, JSON.stringify(counts)].map((cell) =>
      cell.slice(0, MAX_CELL),
    ),
  );
  // Every hundredth entry, the plain-text rows ahead are topped up.
  const appended = Number(ctx.store.get(KEYS.auditAppends) ?? "0") + 1;
  ctx.store.set(KEYS.auditAppends, String(appended));
  if (appended % 100 === 0) keepTextRowsAhead(ctx, SHEETS.audit, sheet.lastRow(), sheet.maxRows());
}
