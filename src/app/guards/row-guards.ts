/**
 * The guards on a row's destination and on what may leave in a day (CONTRACT section 7), from
 * the add-on's own record: a first payment to an address and a look-alike of an address already
 * paid are warnings; a recipient paid elsewhere before needs two approvals (with approvals on);
 * a new address waits out NEW_ADDRESS_COOLOFF_HOURS; LIMIT_PER_DAY lets rows through in order
 * while they fit in the last 24 hours' total.
 */
import { addressKey, recipientKey, type AddressBook } from "../../domain/address-book";
import { INPUT_KEYS, type InputKey } from "../../domain/columns";
import { DailyAllowance, waitMessage, type Spent } from "../../domain/daily-limit";
import { parseAmount } from "../../domain/money";
import type { PayoutInstruction } from "../../domain/payout";
import type { Controls } from "../controls/policy";
import { paidPayout, type Journal } from "../record/journal";

export interface RowGuard {
  /** Shown in Error and beside the row in the submit dialog. */
  warnings: string[];
  /** Paid elsewhere before in this currency and network: two approvals with approvals on. */
  changedAddress: boolean;
  /** Why it may not be sent yet (cool-off); undefined when it may. */
  wait?: string;
}

/** An address shortened to its ends, as the warnings name it. */
export function shortAddress(address: string): string {
  return address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

export function guardRow(
  book: AddressBook,
  instruction: PayoutInstruction,
  inputs: Record<InputKey, string>,
  controls: Controls,
  now: number,
): RowGuard {
  const warnings: string[] = [];
  const { address, currency } = instruction;
  const alike = book.resembles(address);
  if (!book.wasPaid(address)) warnings.push("Warning: first payment to this address.");
  if (alike)
    warnings.push(
      addressKey(alike) === addressKey(address)
        ? `Warning: this is ${alike}, paid before, written in another letter case: check where it was copied from.`
        : `Warning: this address looks like ${alike}, paid before (same first and last characters, different middle): check it was not copied from a poisoned transaction history.`,
    );
  const payee = recipientKey(inputs.email, inputs.recipient);
  const last = book.lastAddress(payee, currency, inputs.network);
  const changedAddress = last !== undefined && addressKey(last.address) !== addressKey(address);
  if (last && changedAddress)
    warnings.push(
      `Warning: ${inputs.recipient || payee} was last paid ${currency} on ${inputs.network} at ${shortAddress(last.address)} (${day(last.at)}); this row pays another address` +
        (controls.approval.required > 0 ? ", so it needs 2 approvals." : "."),
    );
  let wait: string | undefined;
  // An address not seen before is first seen now (this validation records it).
  const firstSeen = book.firstSeen(address) ?? new Date(now).toISOString();
  const coolOff = controls.coolOffHours * 3_600_000;
  if (coolOff > 0 && !book.wasPaid(address)) {
    const ends = Date.parse(firstSeen) + coolOff;
    if (now < ends) {
      const hours = Math.ceil((ends - now) / 3_600_000);
      wait = `Waits: a new address, first seen ${firstSeen}; its cool-off (NEW_ADDRESS_COOLOFF_HOURS ${controls.coolOffHours}) ends ${new Date(ends).toISOString()}, ${hours} hour(s) from now.`;
    }
  }
  return { warnings, changedAddress, ...(wait !== undefined && { wait }) };
}

/** The row's input texts by key. */
export function inputsByKey(texts: readonly string[]): Record<InputKey, string> {
  return Object.fromEntries(INPUT_KEYS.map((key, i) => [key, texts[i] ?? ""])) as Record<
    InputKey,
    string
  >;
}

/** What counts against LIMIT_PER_DAY: every payout that may have left, in its limit currency. */
export function spentFromRecord(journal: Journal): Spent[] {
  return journal.all().flatMap((record) => {
    if (paidPayout(record).length === 0) return [];
    const inputs = inputsByKey(record.inputs);
    const amount = parseAmount(inputs.amount);
    if (!amount.ok) return [];
    const currency = (inputs.amountCurrency || inputs.currency).toUpperCase();
    return [{ currency, amount: amount.value, at: record.sentAt ?? record.queuedAt }];
  });
}

/** LIMIT_PER_DAY for this run: rows take from it in order. */
export function openAllowance(journal: Journal, controls: Controls, now: number): DailyAllowance {
  return new DailyAllowance(controls.limitPerDay, spentFromRecord(journal), now);
}

/** Takes the row's amount from the allowance; the wait message when it does not fit. */
export function takeFromAllowance(
  allowance: DailyAllowance,
  instruction: PayoutInstruction,
): string | undefined {
  const currency = (instruction.amountCurrency ?? instruction.currency).toUpperCase();
  const result = allowance.take(currency, instruction.amount);
  return result.ok ? undefined : waitMessage(currency, instruction.amount, result);
}
