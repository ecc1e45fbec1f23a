/**
 * Payouts that need a person (FAILED, REJECTED, or open past STALE_AFTER_HOURS), as the lines of
 * an e-mail: from the add-on's record (the inputs that were reviewed and sent), never from cells
 * anyone may have typed over. No secret is in a record; the payee's address is shortened, so a
 * mailbox never holds a list of full addresses.
 */
import { INPUT_KEYS, type InputKey } from "../../../domain/columns";
import type { PayoutRecord } from "../../../domain/record";
import { hoursSinceSent } from "../../../domain/stuck";
import type { MailTable } from "./mail-format";

/** Rows an e-mail lists; the rest are counted. */
export const MAX_LISTED = 100;
const MAX_REASON = 300;

export const EXCEPTION_HEADERS = [
  "Payout ID",
  "Recipient",
  "Amount",
  "Currency",
  "Status",
  "Reason",
  "Address",
];

function input(record: PayoutRecord, key: InputKey): string {
  return record.inputs[INPUT_KEYS.indexOf(key)] ?? "";
}

/** 0x12ab…89cd: enough to recognise an address, not to copy it. */
export function shortAddress(address: string): string {
  return address.length <= 12 ? address : `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export function exceptionRow(record: PayoutRecord, now: number, stuck: boolean): string[] {
  const currency = input(record, "currency");
  const network = input(record, "network");
  const amountCurrency = input(record, "amountCurrency") || currency;
  const amount = input(record, "amount");
  const hours = hoursSinceSent(record, now);
  const reason =
    record.error.length > MAX_REASON ? `${record.error.slice(0, MAX_REASON)}…` : record.error;
  return [
    record.payoutId,
    input(record, "recipient"),
    amount ? `${amount} ${amountCurrency}`.trim() : "",
    network ? `${currency} on ${network}` : currency,
    stuck && hours !== undefined
      ? `${record.status || "open"}, ${hours} hours after it was sent`
      : record.status,
    reason,
    shortAddress(input(record, "address")),
  ];
}

export function exceptionTable(title: string, rows: string[][], empty: string): MailTable {
  const listed = rows.slice(0, MAX_LISTED);
  const more = rows.length - listed.length;
  return {
    title:
      more > 0 ? `${title} (the first ${MAX_LISTED}; ${more} more in the Payouts sheet)` : title,
    headers: EXCEPTION_HEADERS,
    rows: listed,
    empty,
  };
}
