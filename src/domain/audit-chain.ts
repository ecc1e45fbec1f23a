/**
 * The Audit log's hash chain. Each entry's hash is SHA-256 over the hash of the entry before it
 * and the entry's own cells, so changing, deleting, inserting or moving an entry breaks the chain
 * at that entry; cutting the log short, or rewriting it with recomputed hashes, shows against the
 * entry count and latest hash kept outside the sheet. Keyless on purpose: anyone can recompute
 * it with any SHA-256 tool, from the sheet and a hash mailed in a digest. Pure.
 */
import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex } from "@noble/hashes/utils";
import { utf8Bytes } from "./utf8";

/** What the first entry chains from. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * A stored entry's cells, the hash last: Entry (its number, from 1), Time, User, Payout ID,
 * Action, Outcome, Details, Hash.
 */
export const ENTRY_WIDTH = 8;
const HASH_CELL = ENTRY_WIDTH - 1;

/** How far the chain goes: its entry count and the last entry's hash. */
export interface ChainHead {
  entries: number;
  hash: string;
}

export const EMPTY_CHAIN: ChainHead = { entries: 0, hash: GENESIS_HASH };

/**
 * SHA-256 (lower-case hex) of the previous hash and the entry's cells before its hash, encoded
 * as one JSON array of strings: quotes and separators inside a cell are escaped, so two
 * different entries never encode alike.
 */
export function entryHash(previous: string, cells: readonly string[]): string {
  return bytesToHex(sha256(utf8Bytes(JSON.stringify([previous, ...cells]))));
}

/**
 * Numbers and hashes new entries after `head`: each draft is the entry's cells between its
 * number and its hash (Time .. Details). Returns the rows to store and the new head.
 */
export function chainEntries(
  head: ChainHead,
  drafts: readonly (readonly string[])[],
): { rows: string[][]; head: ChainHead } {
  let { entries, hash } = head;
  const rows = drafts.map((draft) => {
    entries++;
    const cells = [String(entries), ...draft];
    hash = entryHash(hash, cells);
    return [...cells, hash];
  });
  return { rows, head: { entries, hash } };
}

/** The first entry that no longer matches: its number, its sheet row, and what is wrong. */
export interface BadEntry {
  entry: number;
  row: number;
  reason: string;
}

export interface ChainCheck {
  ok: boolean;
  /** Entries that check out, counted from the first. */
  valid: number;
  /** The last good entry's hash (the genesis value when none). */
  lastHash: string;
  firstBad?: BadEntry;
}

const isBlank = (row: readonly string[]) => row.every((cell) => cell === "");

/**
 * Walks the stored rows (the first at sheet row `firstRow`) from the genesis value and compares
 * the end with `head`, the count and hash kept outside the sheet. Stops at the first entry that
 * no longer matches.
 */
export function checkChain(
  rows: readonly (readonly string[])[],
  head: ChainHead,
  firstRow: number,
): ChainCheck {
  let previous = GENESIS_HASH;
  for (const [index, row] of rows.entries()) {
    const entry = index + 1;
    const cells = row.slice(0, HASH_CELL);
    const hash = row[HASH_CELL];
    if (cells[0] === String(entry) && entryHash(previous, cells) === hash) {
      previous = hash;
      continue;
    }
    const inserted = insertedAbove(rows, row, index, firstRow);
    if (inserted) return inserted;
    const reason = whyNot(rows, row, index, previous, firstRow);
    return {
      ok: false,
      valid: index,
      lastHash: previous,
      firstBad: { entry, row: firstRow + index, reason },
    };
  }
  const valid = rows.length;
  const end = (entry: number, reason: string): ChainCheck => ({
    ok: false,
    valid,
    lastHash: previous,
    firstBad: { entry, row: firstRow + entry - 1, reason },
  });
  if (valid < head.entries) {
    const cut = head.entries - valid;
    return end(
      valid + 1,
      `the log ends at entry ${valid}, but ${head.entries} were written: the last ${cut === 1 ? "entry was" : `${cut} entries were`} removed`,
    );
  }
  if (valid > head.entries)
    return end(
      head.entries + 1,
      `the add-on wrote ${head.entries} entries; the ${valid - head.entries} after them were added by someone else`,
    );
  if (valid > 0 && previous !== head.hash)
    return end(
      valid,
      "its hash is not the one the add-on kept: the log was rewritten and its hashes recomputed " +
        "(compare the hashes in the daily digest e-mails to find the first entry rewritten)",
    );
  return { ok: true, valid, lastHash: previous };
}

/**
 * When the row at `index` is a real earlier entry, still chained to the one before it, the rows
 * between were inserted: they may even be numbered and hashed like entries (a forger can compute
 * SHA-256 too), but the real entry shows where they begin.
 */
function insertedAbove(
  rows: readonly (readonly string[])[],
  row: readonly string[],
  index: number,
  firstRow: number,
): ChainCheck | undefined {
  const number = Number(row[0]);
  if (!Number.isInteger(number) || number < 1 || number > index) return undefined;
  // number <= index: the entry before it is a row above this one.
  const before = number === 1 ? GENESIS_HASH : rows[number - 2]?.[HASH_CELL];
  if (before === undefined || entryHash(before, row.slice(0, HASH_CELL)) !== row[HASH_CELL])
    return undefined;
  const first = firstRow + number - 1;
  const last = firstRow + index - 1;
  const which = first === last ? `row ${first} was` : `rows ${first} to ${last} were`;
  return {
    ok: false,
    valid: number - 1,
    lastHash: before,
    firstBad: {
      entry: number,
      row: first,
      reason: `${which} inserted above entry ${number} (now row ${firstRow + index})`,
    },
  };
}

/** What happened at the first row that does not match, as far as the rows tell. */
function whyNot(
  rows: readonly (readonly string[])[],
  row: readonly string[],
  index: number,
  previous: string,
  firstRow: number,
): string {
  const entry = index + 1;
  const at = `row ${firstRow + index}`;
  if (isBlank(row)) return `${at} is empty: entry ${entry} was cleared, or a blank row inserted`;
  const next = rows[index + 1];
  if (
    next &&
    next[0] === String(entry) &&
    entryHash(previous, next.slice(0, HASH_CELL)) === next[HASH_CELL]
  )
    return `${at} was inserted: the row below it continues the log`;
  const number = Number(row[0]);
  if (row[0] !== String(entry) && Number.isInteger(number) && number > entry) {
    const gone =
      number - entry === 1 ? `entry ${entry} was` : `entries ${entry} to ${number - 1} were`;
    return `${at} holds entry ${number}: ${gone} deleted or moved`;
  }
  if (row[0] !== String(entry))
    return `${at} is not entry ${entry}: a row was inserted or moved, or its number changed`;
  return `${at} was changed after it was written (a cell or its hash)`;
}
