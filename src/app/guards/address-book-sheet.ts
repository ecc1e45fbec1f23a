/**
 * The Address book sheet: the add-on's history of addresses paid (CONTRACT section 7), as a
 * protected view an accountant can read. It is built from the record, so it survives deleted
 * rows, and what is typed into it changes nothing. Rewritten in one block, only when the book
 * changed since it was last shown.
 */
import type { AddressBook } from "../../domain/address-book";
import type { AppContext } from "../context";
import { KEYS } from "../keys";
import { makeRoom, openLogSheet } from "../log-sheet";
import { SHEETS } from "../sheet-names";

export const ADDRESS_BOOK_HEADERS = [
  "Address",
  "Networks",
  "Currencies",
  "Recipients",
  "First seen",
  "First paid",
  "Last paid",
  "Payouts",
] as const;

const PROTECTION =
  "The Payouts add-on's address book, rebuilt from its record: edits are overwritten";

export function showAddressBook(ctx: AppContext, book: AddressBook): void {
  const entries = book.entries();
  const signature = `${entries.length}|${entries.reduce((n, e) => n + e.payouts, 0)}|${entries[0]?.lastPaid ?? ""}`;
  if (ctx.store.get(KEYS.addressBookShown) === signature) return;
  if (entries.length === 0 && !ctx.workbook.sheet(SHEETS.addressBook)) {
    // Nothing to show yet: remembered, so the next run does not look for the sheet again.
    ctx.store.set(KEYS.addressBookShown, signature);
    return;
  }
  const sheet =
    ctx.workbook.sheet(SHEETS.addressBook) ??
    openLogSheet(ctx, SHEETS.addressBook, ADDRESS_BOOK_HEADERS, PROTECTION);
  const rows = entries.map((e) => [
    e.address,
    e.networks.join(", "),
    e.currencies.join(", "),
    e.recipients.join(", "),
    e.firstSeen,
    e.firstPaid,
    e.lastPaid,
    String(e.payouts),
  ]);
  // The book only grows; rows past its end (a damaged record shrank it) are blanked.
  const blank = Math.max(0, sheet.lastRow() - 1 - rows.length);
  const block = [
    ...rows,
    ...Array.from({ length: blank }, () => ADDRESS_BOOK_HEADERS.map(() => "")),
  ];
  if (block.length > 0) {
    // A new sheet has 1,000 rows: a longer book needs rows added first.
    makeRoom(sheet, 1, sheet.maxRows(), block.length, ADDRESS_BOOK_HEADERS.length);
    ctx.workbook.writeBlock(SHEETS.addressBook, 2, 1, block, { asText: true });
  }
  ctx.store.set(KEYS.addressBookShown, signature);
}
