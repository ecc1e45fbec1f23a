/**
 * Writes a run's audit entries in one block below the Audit log's last row: numbered and hashed
 * after the chain's stored end, announced, written, committed, then counted (head.ts). Only
 * under the script lock (run.ts), so no two runs ever chain from the same entry.
 *
 * Cost: the sheet's last row and size, one write (the rows below are plain text already, kept so
 * a thousand at a time), a flush, and three or four Script Properties.
 */
import { chainEntries, ENTRY_WIDTH } from "../../domain/audit-chain";
import type { Sheet } from "../../ports";
import type { AppContext } from "../context";
import { KEYS } from "../keys";
import { makeRoom, MAX_CELL, openLogSheet } from "../log-sheet";
import { redactSecrets, secretValues } from "../redact";
import { SHEETS } from "../sheet-names";
import { forgetToldRanges } from "./deferred";
import { announceWrite, countWrite, settledHead } from "./head";
import { AUDIT_HEADERS } from "./headers";
import { trailOf, type AuditDraft } from "./trail";
import { takeWaiting } from "./waiting";

const PROTECTION = "Audit log: append-only, kept by the add-on; every row is hash-chained";

/** A draft's cells between its number and its hash, exactly as they will be stored. */
function cellsOf(draft: AuditDraft, secrets: readonly string[]): string[] {
  // Redacted and cut here, before hashing: the write's own redaction then changes nothing.
  return [draft.time, draft.actor, draft.payoutId, draft.action, draft.outcome, draft.details].map(
    (text) => redactSecrets(text, secrets).slice(0, MAX_CELL),
  );
}

export function writeTrail(ctx: AppContext): void {
  const trail = trailOf(ctx);
  const waiting = takeWaiting(ctx.store);
  let sheet = ctx.workbook.sheet(SHEETS.audit);
  let lastRow = sheet?.lastRow() ?? 0;
  const { head, announced } = settledHead(ctx.store, () =>
    lastRow > 1 ? ctx.workbook.readText(SHEETS.audit, lastRow, 1, ENTRY_WIDTH, 1)[0] : undefined,
  );
  if (announced) countWrite(ctx.store, head);
  // A record entry already told (by a run that died after writing it) is not told again.
  const drafts = [...waiting, ...trail.drafts].filter(
    (draft) => draft.recordSeq === undefined || draft.recordSeq > head.recordThrough,
  );
  trail.drafts = [];
  if (drafts.length > 0) {
    if (sheet && lastRow > 0 && head.entries === 0 && !isChainedLog(sheet)) {
      setAsideOlderLog(ctx);
      sheet = null;
    }
    if (!sheet || lastRow === 0) {
      sheet = openLogSheet(ctx, SHEETS.audit, AUDIT_HEADERS, PROTECTION);
      lastRow = 1;
    }
    const secrets = secretValues(ctx.store);
    const chained = chainEntries(
      head,
      drafts.map((draft) => cellsOf(draft, secrets)),
    );
    const recordThrough = drafts.reduce(
      (through, draft) => Math.max(through, draft.recordSeq ?? 0),
      head.recordThrough,
    );
    const end = { ...chained.head, recordThrough };
    announceWrite(ctx.store, end);
    makeRoom(sheet, lastRow, sheet.maxRows(), chained.rows.length, ENTRY_WIDTH);
    ctx.workbook.writeBlock(SHEETS.audit, lastRow + 1, 1, chained.rows);
    // Committed before it is counted: a count is never ahead of the rows.
    ctx.workbook.flush();
    countWrite(ctx.store, end);
    forgetToldRanges(ctx.store, recordThrough);
  }
  if (waiting.length > 0) ctx.store.delete(KEYS.auditWaiting);
}

function isChainedLog(sheet: Sheet): boolean {
  const header = sheet.readDisplay(1, 1, 1, AUDIT_HEADERS.length)[0] ?? [];
  return AUDIT_HEADERS.every((text, index) => header[index] === text);
}

/**
 * An Audit log written by a version without the hash chain is kept, renamed, and the chained
 * log starts afresh: its old rows could not be told from rows typed in later.
 */
function setAsideOlderLog(ctx: AppContext): void {
  let name: string = SHEETS.auditBeforeChain;
  for (let n = 2; ctx.workbook.sheet(name); n++) name = `${SHEETS.auditBeforeChain} ${n}`;
  ctx.workbook.renameSheet(SHEETS.audit, name);
}
