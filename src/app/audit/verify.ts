/**
 * verifyAuditLog: walks the Audit log's hash chain from the first entry and compares its end
 * with the count and hash Script Properties keep. One read of the whole log (two calls, whatever
 * its size) and one SHA-256 per entry: 50,000 entries fit one execution easily (npm run bench).
 *
 * It changes nothing and writes nothing, not even an audit entry, so it runs for a caller Apps
 * Script does not name too: what it answers (counts, row numbers, a hash) is no secret, and a
 * check that anyone may run is worth more than one that asks who is looking. It takes the script
 * lock only so that it never reads a log half-way through a write.
 */
import { checkChain, ENTRY_WIDTH } from "../../domain/audit-chain";
import { withScriptLock, type AppContext } from "../context";
import { SHEETS } from "../sheet-names";
import { AUDIT_HEADERS } from "./headers";
import { settledHead } from "./head";

export interface VerifySummary {
  ok: boolean;
  /** Entries that check out, from the first. */
  entries: number;
  message: string;
  /** The first entry that no longer matches, and the sheet row where it was looked for. */
  firstBadEntry?: number;
  firstBadRow?: number;
  /** The last good entry's hash: compare it with the one in a digest e-mail. */
  head?: string;
}

const LOCK_WAIT_MS = 10_000;

export function verifyAuditLog(ctx: AppContext): VerifySummary {
  return withScriptLock<VerifySummary>(
    ctx,
    LOCK_WAIT_MS,
    () => ({
      ok: false,
      entries: 0,
      message:
        "Another payouts run is writing right now, so the Audit log was not checked. Try again in a minute.",
    }),
    () => verify(ctx),
  );
}

function verify(ctx: AppContext): VerifySummary {
  const block = ctx.workbook.readText(SHEETS.audit, 1, 1, ENTRY_WIDTH);
  let height = block.length;
  while (height > 0 && block[height - 1]?.every((cell) => cell === "")) height--;
  const [header = [], ...rows] = block.slice(0, height);
  const { head } = settledHead(ctx.store, () => rows[rows.length - 1]);
  const chained = AUDIT_HEADERS.every((text, index) => header[index] === text);
  if (head.entries === 0 && (rows.length === 0 || !chained))
    return {
      ok: true,
      entries: 0,
      message:
        rows.length === 0
          ? "The Audit log has no entries yet."
          : "The Audit log holds no hash-chained entries yet (its rows were written by an older " +
            "version); the chain starts with the next entry.",
    };
  const check = checkChain(rows, head, 2);
  if (check.ok)
    return {
      ok: true,
      entries: check.valid,
      head: check.lastHash,
      message:
        `The Audit log checks out: ${check.valid} entries, each chained to the one before, ` +
        `ending as the add-on recorded. Latest: entry ${check.valid} (row ${check.valid + 1}), ` +
        `hash ${check.lastHash}.`,
    };
  const bad = check.firstBad;
  return {
    ok: false,
    entries: check.valid,
    head: check.lastHash,
    firstBadEntry: bad?.entry,
    firstBadRow: bad?.row,
    message:
      `The Audit log was changed after it was written: entry ${bad?.entry} (row ${bad?.row}) no ` +
      `longer matches: ${bad?.reason}.` +
      (check.valid > 0 ? ` Entries 1 to ${check.valid} check out.` : ""),
  };
}
