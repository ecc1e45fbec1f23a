/** A payout record's reviewed inputs, by column (domain/record.ts keeps them in INPUT_KEYS order). */
import { INPUT_KEYS, type InputKey } from "./columns";
import type { PayoutRecord } from "./record";

/** The reviewed input text ("" when the record does not know its inputs). */
export function recordInput(record: PayoutRecord, key: InputKey): string {
  return record.inputs[INPUT_KEYS.indexOf(key)] ?? "";
}
