/**
 * What Sheets shows for a cell (getDisplayValue), en_US locale. Numbers in the default format
 * show up to 15 significant digits, switching to scientific notation ("1E+21", "1.23457E+17")
 * for huge or tiny magnitudes; `0`, `0.00`, `#,##0.00`, `0%`, `0.00%` style formats are applied;
 * dates use Sheets' date tokens (yyyy, mm, dd, hh, ss...).
 */
import { zonedParts } from "../time-zone";
import type { Cell, StoredValue } from "./sheet-model";

/** What getNumberFormat returns for a cell nobody formatted ("Automatic"). */
export const DEFAULT_NUMBER_FORMAT = "0.###############";
const GENERAL_FORMATS = new Set(["", "General", "@", DEFAULT_NUMBER_FORMAT]);
const FIXED_FORMAT = /^(#,##)?0(?:\.(0+))?(%?)$/;

export function displayOf(cell: Cell | undefined, timeZone: string): string {
  if (!cell) return "";
  return displayValue(cell.value, cell.format, timeZone);
}

export function displayValue(
  value: StoredValue,
  format: string | undefined,
  timeZone: string,
): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return formatNumber(value, format);
  return formatSheetsDate(value.getTime(), format, timeZone);
}

export function formatNumber(value: number, format: string | undefined): string {
  const fixed = format === undefined ? null : FIXED_FORMAT.exec(format);
  if (!fixed || GENERAL_FORMATS.has(format ?? "")) return generalNumber(value);
  const [, grouping, decimals = "", percent] = fixed;
  const text = (percent ? value * 100 : value).toFixed(decimals.length);
  const [integer, fraction] = text.split(".");
  const grouped = grouping ? integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : integer;
  return `${grouped}${fraction === undefined ? "" : `.${fraction}`}${percent}`;
}

function generalNumber(value: number): string {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15 || magnitude < 1e-9) {
    const [mantissa, exponent] = value.toExponential(5).split("e");
    const trimmed = mantissa.replace(/\.?0+$/, "");
    const sign = exponent.startsWith("-") ? "-" : "+";
    return `${trimmed}E${sign}${exponent.replace(/^[+-]/, "")}`;
  }
  const rounded = Number(value.toPrecision(15));
  const text = String(rounded);
  if (!text.includes("e")) return text;
  // String() switches to exponents below 1e-6; Sheets still writes these out.
  return rounded.toFixed(20).replace(/\.?0+$/, "");
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"].concat([
  "September",
  "October",
  "November",
  "December",
]);
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const DATE_TOKEN = /yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am\/pm|"[^"]*"|./gi;

/** Sheets date formats; with no format, date only at midnight, else date and time. */
export function formatSheetsDate(ms: number, format: string | undefined, timeZone: string): string {
  const parts = zonedParts(ms, timeZone);
  const midnight = parts.hour === 0 && parts.minute === 0 && parts.second === 0;
  const pattern =
    format === undefined || GENERAL_FORMATS.has(format) || FIXED_FORMAT.test(format)
      ? midnight
        ? "yyyy-mm-dd"
        : "yyyy-mm-dd hh:mm:ss"
      : format;
  const tokens = pattern.match(DATE_TOKEN) ?? [];
  const twelveHour = tokens.some((token) => token.toLowerCase() === "am/pm");
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const isMinute = (index: number) => {
    const previous = tokens
      .slice(0, index)
      .reverse()
      .find((t) => /^[a-z]/i.test(t));
    const next = tokens.slice(index + 1).find((t) => /^[a-z]/i.test(t));
    return /^h/i.test(previous ?? "") || /^s/i.test(next ?? "");
  };
  const hour12 = parts.hour % 12 === 0 ? 12 : parts.hour % 12;
  return tokens
    .map((token, index) => {
      switch (token.toLowerCase()) {
        case "yyyy":
          return String(parts.year);
        case "yy":
          return pad(parts.year % 100);
        case "mmmm":
          return MONTHS[parts.month - 1];
        case "mmm":
          return MONTHS[parts.month - 1].slice(0, 3);
        case "mm":
          return pad(isMinute(index) ? parts.minute : parts.month);
        case "m":
          return String(isMinute(index) ? parts.minute : parts.month);
        case "dddd":
          return DAYS[parts.weekday];
        case "ddd":
          return DAYS[parts.weekday].slice(0, 3);
        case "dd":
          return pad(parts.day);
        case "d":
          return String(parts.day);
        case "hh":
          return pad(twelveHour ? hour12 : parts.hour);
        case "h":
          return String(twelveHour ? hour12 : parts.hour);
        case "ss":
          return pad(parts.second);
        case "s":
          return String(parts.second);
        case "am/pm":
          return parts.hour < 12 ? "AM" : "PM";
        default:
          return token.startsWith('"') ? token.slice(1, -1) : token;
      }
    })
    .join("");
}
