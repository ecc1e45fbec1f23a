/**
 * Sheets' automatic typing of entered text (USER_ENTERED semantics, en_US locale), which
 * Range.setValue(s), appendRow and a person typing all go through: "0.10" becomes the number 0.1,
 * "TRUE" a boolean, "2026-01-31" a date, "=..." a formula, "'text" literal text. A cell formatted
 * as plain text ("@") keeps every string exactly as given.
 */
import { isDate } from "../realm";
import { zonedToEpoch } from "../time-zone";
import { evaluateFormula } from "./formula";
import type { Cell, StoredValue } from "./sheet-model";

export const PLAIN_TEXT = "@";

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d*)?(?:[eE][+-]?\d+)?$/;
const PERCENT = /^([+-]?(?:\d+\.?\d*|\.\d+))%$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

export interface TypedEntry {
  value: StoredValue;
  formula?: string;
  /** A number format Sheets picks by itself (dates, percentages). */
  format?: string;
}

/** How Sheets stores text entered into a cell with the given number format. */
export function typeEntry(
  text: string,
  cellFormat: string | undefined,
  timeZone: string,
): TypedEntry {
  if (cellFormat === PLAIN_TEXT) return { value: text };
  if (text.startsWith("'")) return { value: text.slice(1) };
  if (text.startsWith("=") && text.length > 1)
    return { value: evaluateFormula(text), formula: text };
  const trimmed = text.trim();
  if (/\d/.test(trimmed) && NUMBER.test(trimmed)) {
    const mantissa = trimmed.split(/[eE]/)[0];
    if (/\d/.test(mantissa)) return { value: Number(trimmed.replace(/,/g, "")) };
  }
  const percent = PERCENT.exec(trimmed);
  if (percent) {
    return { value: Number(percent[1]) / 100, format: percent[1].includes(".") ? "0.00%" : "0%" };
  }
  if (/^(true|false)$/i.test(trimmed)) return { value: trimmed.toLowerCase() === "true" };
  const date = parseDate(trimmed, timeZone);
  if (date) return date;
  return { value: text };
}

function parseDate(text: string, timeZone: string): TypedEntry | undefined {
  let fields: number[] | undefined;
  const iso = ISO_DATE.exec(text);
  if (iso) fields = iso.slice(1).map((part) => Number(part ?? 0));
  const us = US_DATE.exec(text);
  if (us) fields = [Number(us[3]), Number(us[1]), Number(us[2]), 0, 0, 0];
  if (!fields) return undefined;
  const [year, month, day, hour, minute, second] = fields;
  const probe = new Date(Date.UTC(year, month - 1, day));
  const valid =
    probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day && hour < 24 && minute < 60;
  if (!valid) return undefined;
  const hasTime = iso?.[4] !== undefined;
  return {
    value: new Date(zonedToEpoch(timeZone, year, month, day, hour, minute, second)),
    format: hasTime ? "yyyy-mm-dd hh:mm:ss" : "yyyy-mm-dd",
  };
}

/** Writes a value coming from the script (setValue/setValues/appendRow) into a cell. */
export function writeScriptValue(cell: Cell, value: unknown, timeZone: string): void {
  delete cell.formula;
  delete cell.link;
  if (value === null || value === undefined || value === "") {
    cell.value = "";
  } else if (typeof value === "number" || typeof value === "boolean") {
    cell.value = value;
  } else if (isDate(value)) {
    cell.value = new Date(value.getTime());
  } else {
    const typed = typeEntry(String(value), cell.format, timeZone);
    cell.value = typed.value;
    if (typed.formula !== undefined) cell.formula = typed.formula;
    if (typed.format !== undefined && cell.format === undefined) cell.format = typed.format;
  }
}
