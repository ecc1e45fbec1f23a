/**
 * The Audit log's hash chain, pure: its format is checked against Node's own SHA-256 (anyone may
 * recompute it with any tool), and every kind of tampering is found at the right entry.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import {
  chainEntries,
  checkChain,
  EMPTY_CHAIN,
  entryHash,
  GENESIS_HASH,
  type ChainHead,
} from "../../src/domain/audit-chain";

/** Drafts: the cells between an entry's number and its hash. */
function drafts(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [
    `2026-01-05T09:00:${String(i).padStart(2, "0")}.000Z`,
    "ann@example.com",
    i % 3 === 0 ? "" : `P20260105_${String(i).padStart(16, "0")}`,
    i % 2 ? "Status changed" : "Queued",
    i % 2 ? "PENDING → COMPLETED" : "new → QUEUED",
    JSON.stringify({ source: "poll", n: i, text: 'a "quoted", comma' }),
  ]);
}

function log(count: number): { rows: string[][]; head: ChainHead } {
  return chainEntries(EMPTY_CHAIN, drafts(count));
}

const FIRST_ROW = 2;

describe("entryHash", () => {
  it("is SHA-256 (hex) of the JSON array [previous hash, ...cells], as any tool computes it", () => {
    const cells = ["1", "2026-01-05T09:00:00.000Z", "ann@example.com", "", "Queued", "ok", "{}"];
    const expected = createHash("sha256")
      .update(JSON.stringify([GENESIS_HASH, ...cells]), "utf8")
      .digest("hex");
    expect(entryHash(GENESIS_HASH, cells)).toBe(expected);
    expect(GENESIS_HASH).toBe("0".repeat(64));
  });

  it("tells apart cells that only differ in where a separator falls", () => {
    const hashes = [
      ["a,b", "c"],
      ["a", "b,c"],
      ['a","b', "c"],
      ["a", "b", "c"],
      ["ab", "c"],
      ["a\nb", "c"],
    ].map((cells) => entryHash(GENESIS_HASH, cells));
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it("hashes non-ASCII text as UTF-8", () => {
    const cells = ["1", "Jūratė → Łukasz 💸"];
    const expected = createHash("sha256")
      .update(JSON.stringify([GENESIS_HASH, ...cells]), "utf8")
      .digest("hex");
    expect(entryHash(GENESIS_HASH, cells)).toBe(expected);
  });
});

describe("chainEntries", () => {
  it("numbers entries after the head and chains each hash to the one before", () => {
    const first = chainEntries(EMPTY_CHAIN, drafts(2));
    expect(first.rows.map((row) => row[0])).toEqual(["1", "2"]);
    expect(first.rows[1][7]).toBe(entryHash(first.rows[0][7], first.rows[1].slice(0, 7)));
    const next = chainEntries(first.head, drafts(1));
    expect(next.rows[0][0]).toBe("3");
    expect(next.rows[0][7]).toBe(entryHash(first.head.hash, next.rows[0].slice(0, 7)));
    expect(next.head).toEqual({ entries: 3, hash: next.rows[0][7] });
  });
});

describe("checkChain", () => {
  it("passes an untouched log, and an empty one", () => {
    const { rows, head } = log(20);
    expect(checkChain(rows, head, FIRST_ROW)).toEqual({ ok: true, valid: 20, lastHash: head.hash });
    expect(checkChain([], EMPTY_CHAIN, FIRST_ROW)).toMatchObject({ ok: true, valid: 0 });
  });

  it("finds a changed cell at its entry", () => {
    const { rows, head } = log(20);
    rows[6][5] = "PENDING → FAILED";
    expect(checkChain(rows, head, FIRST_ROW)).toMatchObject({
      ok: false,
      valid: 6,
      firstBad: { entry: 7, row: 8, reason: expect.stringContaining("row 8 was changed") },
    });
  });

  it("finds a deleted row at the entry that is missing", () => {
    const { rows, head } = log(20);
    rows.splice(9, 1);
    expect(checkChain(rows, head, FIRST_ROW).firstBad).toEqual({
      entry: 10,
      row: 11,
      reason: "row 11 holds entry 11: entry 10 was deleted or moved",
    });
    rows.splice(9, 2);
    expect(checkChain(rows, head, FIRST_ROW).firstBad?.reason).toBe(
      "row 11 holds entry 13: entries 10 to 12 were deleted or moved",
    );
  });

  it("finds a forged row inserted in the middle, even one numbered and hashed like an entry", () => {
    const { rows, head } = log(20);
    const forged = ["5", ...drafts(1)[0]];
    forged.push(entryHash(rows[3][7], forged));
    rows.splice(4, 0, forged);
    // Its own hash is right, but the real entry 5 below it still chains to entry 4.
    expect(checkChain(rows, head, FIRST_ROW)).toMatchObject({
      ok: false,
      valid: 4,
      firstBad: { entry: 5, row: 6, reason: "row 6 was inserted above entry 5 (now row 7)" },
    });
    const crude = log(20);
    crude.rows.splice(4, 0, ["x", "typed in", "", "", "", "", "", ""]);
    expect(checkChain(crude.rows, crude.head, FIRST_ROW).firstBad).toEqual({
      entry: 5,
      row: 6,
      reason: "row 6 was inserted: the row below it continues the log",
    });
  });

  it("finds a cut tail at the first entry removed", () => {
    const { rows, head } = log(20);
    expect(checkChain(rows.slice(0, 17), head, FIRST_ROW)).toMatchObject({
      ok: false,
      valid: 17,
      firstBad: {
        entry: 18,
        row: 19,
        reason: "the log ends at entry 17, but 20 were written: the last 3 entries were removed",
      },
    });
  });

  it("finds entries appended after the last one the add-on wrote", () => {
    const { rows, head } = log(20);
    const extra = chainEntries(head, drafts(2));
    expect(checkChain([...rows, ...extra.rows], head, FIRST_ROW)).toMatchObject({
      ok: false,
      firstBad: { entry: 21, row: 22 },
    });
  });

  it("finds a log rewritten with every hash recomputed, against the head kept outside it", () => {
    const { rows, head } = log(20);
    const rewritten = drafts(20);
    rewritten[3][4] = "COMPLETED → COMPLETED";
    const forged = chainEntries(EMPTY_CHAIN, rewritten);
    expect(checkChain(forged.rows, head, FIRST_ROW)).toMatchObject({
      ok: false,
      valid: 20,
      firstBad: { entry: 20, row: 21, reason: expect.stringContaining("rewritten") },
    });
    expect(rows).toHaveLength(20);
  });

  it("finds a cleared row", () => {
    const { rows, head } = log(5);
    rows[2] = rows[2].map(() => "");
    expect(checkChain(rows, head, FIRST_ROW).firstBad).toMatchObject({
      entry: 3,
      reason: expect.stringContaining("is empty"),
    });
  });

  it("finds any single changed cell at exactly its entry", () => {
    const { rows, head } = log(12);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 0, max: 7 }),
        fc.string(),
        (index, cell, text) => {
          fc.pre(rows[index][cell] !== text);
          const copy = rows.map((row) => [...row]);
          copy[index][cell] = text;
          const check = checkChain(copy, head, FIRST_ROW);
          return !check.ok && check.firstBad?.entry === index + 1 && check.valid === index;
        },
      ),
    );
  });
});
