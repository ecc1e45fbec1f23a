/**
 * Who last changed a row's inputs (the Prepared by column, CONTRACT section 7). The installable
 * on-edit trigger appends one signed line per edit to a hidden sheet: who, when, and the digest
 * of each edited row's inputs as they became. A row's preparer is whoever last brought its inputs
 * to what they are now; validation reads the lines once per run and records the preparer in the
 * add-on's record (review-rows.ts). Keyed by the inputs, not by row number or Payout ID: people
 * sort rows, and a new row has no Payout ID yet.
 *
 * Why not the record itself: an edit must be kept even while a long submit holds the script
 * lock, and the record is written under that lock only. appendRow is atomic, so concurrent
 * edits never overwrite each other here.
 */
import { INPUT_KEYS, mapColumns } from "../../domain/columns";
import { fingerprint } from "../../domain/fingerprint";
import { macWithKey } from "../../domain/mac";
import type { EditEvent } from "../../ports";
import { isoNow, type AppContext } from "../context";
import { KEYS } from "../keys";
import { openLogSheet } from "../log-sheet";
import { newSecretToken } from "../secret";
import { SHEETS } from "../sheet-names";

export const EDIT_HEADERS = ["Time", "User", "Inputs", "Check"] as const;
const EDIT_PROTECTION = "The Payouts add-on's log of who changed which row: every line is signed";

/** The handler name of the on-edit trigger that setup installs. */
export const EDIT_HANDLER = "onPayoutsEdit";

export interface EditSeen {
  /** Lower-case e-mail; "" when Apps Script hid the person. */
  by: string;
  at: string;
}

/** The latest edit that left a row's inputs with each digest. */
export type EditLog = ReadonlyMap<string, EditSeen>;

function signingKey(ctx: AppContext): string {
  const stored = ctx.store.get(KEYS.recordKey);
  if (stored) return stored;
  const key = newSecretToken(ctx);
  ctx.store.set(KEYS.recordKey, key);
  return key;
}

/** The digest of a row's input texts, as the record and the edit log compare them. */
export function inputsDigest(inputs: readonly string[]): string {
  return fingerprint([...inputs]);
}

/**
 * Records an edit of the Payouts sheet's inputs: one appended line, a few calls. Edits of other
 * sheets, of the header row or of output columns only are ignored. Returns how many rows it saw.
 */
export function recordEdit(ctx: AppContext, edit: EditEvent): { recorded: number } {
  if (edit.sheet !== SHEETS.payouts) return { recorded: 0 };
  if (!ctx.triggers.list().some((trigger) => trigger.id === edit.triggerUid))
    return { recorded: 0 };
  const sheet = ctx.workbook.sheet(SHEETS.payouts);
  if (!sheet) return { recorded: 0 };
  const width = sheet.lastColumn();
  const columns = mapColumns(sheet.readDisplay(1, 1, 1, width)[0] ?? []);
  const lastEdited = edit.column + edit.numColumns - 1;
  const touchesInputs = Object.values(columns.input).some(
    (column) => column >= edit.column && column <= lastEdited,
  );
  const first = Math.max(edit.row, 2);
  const count = edit.row + edit.numRows - first;
  if (!touchesInputs || count <= 0) return { recorded: 0 };
  const digests = sheet
    .readDisplay(first, 1, count, width)
    .map((cells) =>
      INPUT_KEYS.map((key) => {
        const column = columns.input[key];
        return column ? (cells[column - 1] ?? "").trim() : "";
      }),
    )
    .filter((inputs) => inputs.some(Boolean))
    .map(inputsDigest);
  if (digests.length === 0) return { recorded: 0 };
  const sign = macWithKey(signingKey(ctx));
  const cells = [isoNow(ctx), edit.user.trim().toLowerCase(), digests.join(" ")];
  const log = ctx.workbook.sheet(SHEETS.edits) ?? ensureEditLogSheet(ctx);
  const check = sign(cells.join("\n"));
  log.appendRow([...cells, check]);
  // After the line: a run that sees this value has the line to read (review-rows.ts).
  ctx.store.set(KEYS.editsLast, check);
  return { recorded: digests.length };
}

/** The log sheet, hidden, protected and plain text (setup creates it with the trigger). */
export function ensureEditLogSheet(ctx: AppContext) {
  const existing = ctx.workbook.sheet(SHEETS.edits);
  if (existing && existing.lastRow() > 0) return existing;
  const sheet = openLogSheet(ctx, SHEETS.edits, EDIT_HEADERS, EDIT_PROTECTION);
  sheet.hide();
  return sheet;
}

/** Every signed line, read at once: the latest edit per inputs digest. Forged lines count for nothing. */
export function readEditLog(ctx: AppContext): EditLog {
  const log = new Map<string, EditSeen>();
  const key = ctx.store.get(KEYS.recordKey);
  if (!key) return log;
  const sign = macWithKey(key);
  for (const [at = "", by = "", digests = "", check = ""] of ctx.workbook.readText(
    SHEETS.edits,
    2,
    1,
    4,
  )) {
    if (!at || check !== sign([at, by, digests].join("\n"))) continue;
    for (const digest of digests.split(" ")) {
      const seen = log.get(digest);
      if (!seen || seen.at <= at) log.set(digest, { by, at });
    }
  }
  return log;
}
