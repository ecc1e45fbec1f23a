/**
 * Where the add-on keeps its own record (domain/record.ts): an append-only journal in a hidden,
 * protected sheet, one event per row, each row signed with a key only Script Properties hold,
 * and numbered. Any editor can open and change that sheet; what they cannot do is change it
 * unnoticed: an edited or typed row fails its check, a deleted row leaves a gap in the numbers,
 * a cut tail falls short of the count kept in Script Properties. Rows that fail are ignored and
 * the damage is reported on every run; sending then asks the provider first (see submit/queue).
 *
 * Why a sheet: Script Properties hold 500 KB in all (about 4,000 payouts' worth), developer
 * metadata is deleted with its row (a deleted row must not make its payout sendable again) and
 * costs a service call per row. A sheet holds millions of rows, is read in one call, and the
 * signature makes it as trustworthy as the key. README "The add-on's own record" has the figures.
 */
import { SHEETS } from "../sheet-names";
import { macWithKey } from "../../domain/mac";

import { AddressBook, recipientKey, type PaidPayout } from "../../domain/address-book";
import { INPUT_KEYS, type InputKey } from "../../domain/columns";
import {
  applyReviewEvent,
  foldReviews,
  isReviewEvent,
  type Review,
  type ReviewEntry,
  type ReviewEvent,
} from "../../domain/approvals";
import {
  applyEvent,
  foldRecords,
  type PayoutEvent,
  type PayoutRecord,
  type RecordEntry,
} from "../../domain/record";

import type { Sheet } from "../../ports";
import { KEYS } from "../keys";

import { isoNow, type AppContext } from "../context";

import { makeRoom, openLogSheet } from "../log-sheet";

import { deferredActors } from "../audit/deferred";
import {
  changesAfter,
  traceRecordChanges,
  UNTOLD_ACTOR,
  type RecordChange,
} from "../audit/record-events";

import { newSecretToken } from "../secret";

export const RECORD_HEADERS = ["Seq", "Time", "Payout ID", "Event", "Details", "Check"] as const;
const RECORD_PROTECTION =
  "The Payouts add-on's own record: every row is signed, and a changed row is reported";

/** One journal row's cells, in RECORD_HEADERS order. */
function cellsOf(entry: RecordEntry, sign: (message: string) => string): string[] {
  const { kind, ...details } = entry.event;
  const cells = [String(entry.seq), entry.at, entry.payoutId, kind, JSON.stringify(details)];
  return [...cells, sign(cells.join("\n"))];
}

function entryOf(cells: string[]): RecordEntry {
  const [seq = "", at = "", payoutId = "", kind = "", details = ""] = cells;
  const parsed = JSON.parse(details) as Record<string, unknown>;
  return { seq: Number(seq), at, payoutId, event: { ...parsed, kind } as RecordEntry["event"] };
}

/** A payout that may have left, as the address book and the daily limit count it. */
export function paidPayout(record: PayoutRecord): PaidPayout[] {
  if (!["sending", "held", "created"].includes(record.phase) || record.inputs.length === 0)
    return [];
  const input = (key: InputKey) => record.inputs[INPUT_KEYS.indexOf(key)] ?? "";
  return [
    {
      address: input("address"),
      recipient: recipientKey(input("email"), input("recipient")),
      recipientName: input("recipient"),
      currency: input("currency"),
      network: input("network"),
      sentAt: record.sentAt ?? record.queuedAt,
    },
  ];
}

function isReviewEntry(entry: RecordEntry): entry is ReviewEntry {
  return isReviewEvent(entry.event);
}

export class Journal {
  /** Entries recorded and not written yet, with the payout's record before and after each. */
  private readonly pending: RecordChange[] = [];
  /** The last entry written but not yet counted in Script Properties. */
  private uncounted = 0;
  /** The entries read, by Payout ID: built when first asked for. */
  private byPayout: Map<string, RecordEntry[]> | undefined;
  /** Entries this run recorded (committed or not). */
  private readonly recordedThisRun: RecordEntry[] = [];

  private constructor(
    private readonly ctx: AppContext,
    /** The sheet's last row and size, from the read: only this run writes it (under the lock). */
    private extent: { lastRow: number; maxRows: number } | undefined,
    readonly records: Map<string, PayoutRecord>,
    /** Each payout's review before it is queued: preparer and approvals. */
    private readonly reviews: Map<string, Review>,
    /** The entries read, in order: what the rows showed is the record as of one of them. */
    private readonly entries: readonly RecordEntry[],
    /** What is wrong with the stored journal, in plain words; empty when it checks out. */
    readonly damage: string[],
    private nextSeq: number,
    /** No journal was ever written here (no sheet, no count): an older sheet may be adopted. */
    readonly fresh: boolean,
    private readonly sign: (message: string) => string,
    private readonly key: string | null,
  ) {}

  /**
   * Reads and checks the whole journal: two sheet calls, one signature check per entry. A run
   * that writes (under the lock) also tells the Audit log the entries left untold (a run that
   * died, a callback's); `readOnly` (the digest, outside the lock) does not, nor does
   * `deferAudit` (doPost, which leaves its own for the next run too: audit/deferred.ts).
   */
  static open(
    ctx: AppContext,
    options: { readOnly?: boolean; deferAudit?: boolean } = {},
  ): Journal {
    const counted = Number(ctx.store.get(KEYS.recordEntries) ?? "0");
    const key = ctx.store.get(KEYS.recordKey);
    const sign = macWithKey(key ?? "");
    // Every row below the header, blank ones included (they show how many rows the sheet has).
    const block = ctx.workbook.readText(SHEETS.record, 2, 1, RECORD_HEADERS.length);
    let height = block.length;
    while (height > 0 && block[height - 1]?.every((cell) => cell === "")) height--;
    const rows = block.slice(0, height);
    const damage: string[] = [];
    const entries: RecordEntry[] = [];
    let lastSeq = 0;
    /** Rows that fail their check after the last good entry: they may be the missing ones. */
    let badAtEnd = 0;
    if (!key && rows.length > 0) damage.push("its signing key (RECORD_KEY) is missing");
    rows.forEach((cells, index) => {
      if (cells.every((cell) => cell === "")) return;
      const sheetRow = index + 2;
      const expected = sign(cells.slice(0, 5).join("\n"));
      let entry: RecordEntry | undefined;
      try {
        entry = key && cells[5] === expected ? entryOf(cells) : undefined;
      } catch {
        entry = undefined;
      }
      if (!entry) {
        if (key) damage.push(`row ${sheetRow} was changed or not written by the add-on`);
        badAtEnd++;
        return;
      }
      badAtEnd = 0;
      if (entry.seq <= lastSeq) {
        damage.push(`row ${sheetRow} repeats entry ${entry.seq}`);
        return;
      }
      if (entry.seq > lastSeq + 1) {
        damage.push(
          entry.seq === lastSeq + 2
            ? `entry ${lastSeq + 1} is missing`
            : `entries ${lastSeq + 1} to ${entry.seq - 1} are missing`,
        );
      }
      lastSeq = entry.seq;
      entries.push(entry);
    });
    const removed = counted - lastSeq - badAtEnd;
    if (removed > 0)
      damage.push(
        `it ends at entry ${lastSeq}, but ${counted} were written: the last ${removed} were removed`,
      );
    const fresh = entries.length === 0 && ctx.store.get(KEYS.recordEntries) === null;
    if (!options.readOnly) catchUpAudit(ctx, entries, lastSeq, !options.deferAudit);
    return new Journal(
      ctx,
      block.length > 0 ? { lastRow: height + 1, maxRows: block.length + 1 } : undefined,
      foldRecords(entries),
      foldReviews(entries.filter(isReviewEntry)),
      entries,
      damage,
      Math.max(lastSeq, counted) + 1,
      fresh,
      sign,
      key,
    );
  }

  /** The damage in one sentence for run summaries, or "" when the journal checks out. */
  damageMessage(): string {
    if (this.damage.length === 0) return "";
    const shown = this.damage.slice(0, 3).join("; ");
    const more = this.damage.length > 3 ? `; and ${this.damage.length - 3} more problem(s)` : "";
    return (
      `The add-on's payout record (sheet "${SHEETS.record}") was changed outside the add-on: ` +
      `${shown}${more}. Changed rows are ignored, and every queued payout is looked up at its ` +
      "provider before it is sent."
    );
  }

  get(payoutId: string): PayoutRecord | undefined {
    return this.records.get(payoutId);
  }

  /**
   * The record as it stood at entry `seq`: what the rows showed after the last run that wrote
   * them all (KEYS.renderedThrough). A cell that differs from it was typed over; one that
   * differs only from the current record was changed since (a callback, a run that died).
   */
  recordsThrough(seq: number): Map<string, PayoutRecord> {
    return foldRecords(this.entries.filter((entry) => entry.seq <= seq));
  }

  /** Every entry of one payout, in order (the ones read and the ones recorded since). */
  entriesOf(payoutId: string): RecordEntry[] {
    if (!this.byPayout) {
      this.byPayout = new Map();
      for (const entry of this.entries) {
        const list = this.byPayout.get(entry.payoutId) ?? [];
        list.push(entry);
        this.byPayout.set(entry.payoutId, list);
      }
    }
    const since = this.recordedThisRun.filter((entry) => entry.payoutId === payoutId);
    return [...(this.byPayout.get(payoutId) ?? []), ...since];
  }

  /** The last entry's number (0 when none). */
  lastSeq(): number {
    return this.nextSeq - 1;
  }

  all(): PayoutRecord[] {
    return [...this.records.values()];
  }

  /**
   * Applies an event to a payout's record and keeps it for the next commit. Returns the new
   * record, or undefined when the event does not apply (nothing is stored then).
   */
  record(payoutId: string, event: PayoutEvent): PayoutRecord | undefined {
    const entry: RecordEntry = { seq: this.nextSeq, at: isoNow(this.ctx), payoutId, event };
    const before = this.records.get(payoutId);
    const next = applyEvent(before, entry);
    if (!next) return undefined;
    this.keep({ entry, before, after: next });
    this.recordedThisRun.push(entry);
    this.records.set(payoutId, next);
    return next;
  }

  /**
   * The add-on's history of addresses (domain/address-book.ts): first seen from the rows it
   * reviewed, paid from the payouts that may have left. Rebuilt from the entries, no sheet call.
   */
  addressBook(): AddressBook {
    const pending = this.pending.map((change) => change.entry);
    const seen = [...this.entries, ...pending].flatMap((entry) =>
      entry.event.kind === "prepared" && entry.event.address
        ? [{ address: entry.event.address, at: entry.at }]
        : [],
    );
    return new AddressBook(seen, this.all().flatMap(paidPayout));
  }

  reviewOf(payoutId: string): Review | undefined {
    return this.reviews.get(payoutId);
  }

  /** Like `record`, for a payout's review (preparer, approvals). */
  review(payoutId: string, event: ReviewEvent): Review | undefined {
    const entry: ReviewEntry = { seq: this.nextSeq, at: isoNow(this.ctx), payoutId, event };
    const next = applyReviewEvent(this.reviews.get(payoutId), entry);
    if (!next) return undefined;
    // The payout's record does not move: the Audit log tells the review beside its status.
    const record = this.records.get(payoutId);
    this.keep({ entry, before: record, after: record });
    this.reviews.set(payoutId, next);
    return next;
  }

  private keep(change: RecordChange): void {
    this.nextSeq++;
    this.pending.push(change);
  }

  hasPending(): boolean {
    return this.pending.length > 0;
  }

  /**
   * Writes the pending entries. With `durable` (before a create request leaves, and at the end of
   * a run) it commits them (flush) and only then counts them in Script Properties: a run that
   * dies in between leaves entries the count does not cover yet, which the next run accepts
   * (they carry valid signatures), never a count ahead of the entries. Every entry written is
   * kept for the run's Audit log.
   */
  commit(options: { durable?: boolean } = { durable: true }): void {
    const newest = this.pending[this.pending.length - 1];
    if (newest) {
      const sign = this.signer();
      const rows = this.pending.map(({ entry }) => cellsOf(entry, sign));
      this.extent ??= this.createSheet();
      const { lastRow, maxRows } = this.extent;
      if (lastRow + rows.length > maxRows)
        this.extent.maxRows = makeRoom(
          ensureRecordSheet(this.ctx),
          lastRow,
          maxRows,
          rows.length,
          RECORD_HEADERS.length,
        );
      // Two calls: the rows below are plain text already (made so when the sheet grew).
      this.ctx.workbook.writeBlock(SHEETS.record, lastRow + 1, 1, rows);
      this.extent.lastRow += rows.length;
      this.uncounted = newest.entry.seq;
      traceRecordChanges(this.ctx, this.pending);
      this.pending.length = 0;
    }
    if (options.durable && this.uncounted > 0) {
      this.ctx.workbook.flush();
      this.ctx.store.set(KEYS.recordEntries, String(this.uncounted));
      this.uncounted = 0;
    }
  }

  private signer(): (message: string) => string {
    const stored = this.ctx.store.get(KEYS.recordKey);
    if (stored && stored === this.key) return this.sign;
    if (stored) return macWithKey(stored);
    // The first entry ever: the key is made now (an empty journal has nothing signed yet).
    const key = newSecretToken(this.ctx);
    this.ctx.store.set(KEYS.recordKey, key);
    return macWithKey(key);
  }

  private createSheet(): { lastRow: number; maxRows: number } {
    const sheet = ensureRecordSheet(this.ctx);
    return { lastRow: sheet.lastRow(), maxRows: sheet.maxRows() };
  }
}

/**
 * Tells the Audit log the entries after the last one it told: a callback's (doPost leaves them
 * for the next run), or a run's that died before writing its audit entries. The first time (a
 * journal older than the audit chain), it starts from here.
 */
function catchUpAudit(
  ctx: AppContext,
  entries: readonly RecordEntry[],
  lastSeq: number,
  tell: boolean,
): void {
  const told = ctx.store.get(KEYS.auditRecordThrough);
  if (told === null) return ctx.store.set(KEYS.auditRecordThrough, String(lastSeq));
  if (!tell) return;
  const changes = changesAfter(entries, Number(told));
  const actorOf = deferredActors(ctx.store);
  // Each told as whoever recorded it: a callback's, else a run's that stopped early.
  for (const change of changes)
    traceRecordChanges(ctx, [change], actorOf(change.entry.seq) ?? UNTOLD_ACTOR);
}

/** The record's sheet, created hidden, protected and plain text when missing (setup calls it). */
export function ensureRecordSheet(ctx: AppContext): Sheet {
  const existing = ctx.workbook.sheet(SHEETS.record);
  if (existing && existing.lastRow() > 0) return existing;
  const sheet = openLogSheet(ctx, SHEETS.record, RECORD_HEADERS, RECORD_PROTECTION);
  sheet.hide();
  return sheet;
}
