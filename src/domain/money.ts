/**
 * Exact decimal amounts. Amounts travel as decimal text ("10.5") from the sheet to the provider
 * and back, typed `Amount` so that a plain string cannot be passed where an amount is meant;
 * arithmetic goes through big.js (here only) so no binary float ever touches money.
 */
import Big from "big.js";

declare const AMOUNT: unique symbol;

/** Exact decimal text ("10.5", "0.000001", "-2"): the only way an amount travels. */
export type Amount = string & { readonly [AMOUNT]: true };

export type AmountResult = { ok: true; value: Amount } | { ok: false; reason: string };

/** A private big.js constructor: no exponent notation, and never built from a JS number. */
const Decimal = Big();
Decimal.NE = -1e6;
Decimal.PE = 1e6;
Decimal.strict = true;

/** Longest amount text accepted: far beyond any real payout, short of absurd input. */
const MAX_AMOUNT_LENGTH = 64;

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d*))?$/;
const SIGNED_DECIMAL = /^-?\d+(?:\.\d+)?$/;
/** A JSON number's text: providers' amounts may come as numbers, exponent forms included. */
const JSON_NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const SCIENTIFIC = /^[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+$/;
const THOUSANDS_COMMA = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const THOUSANDS_DOT_COMMA = /^\d{1,3}(?:\.\d{3})+,\d*$/;
const THOUSANDS_SPACE = /^\d{1,3}(?:[ \u00a0\u202f\u2009']\d{3})+(?:[.,]\d*)?$/;
const COMMA_DECIMAL = /^\d+,\d+$/;
const CURRENCY_SIGN = /\p{Sc}/u;

function fail(reason: string): AmountResult {
  return { ok: false, reason };
}

/**
 * Reads an amount typed as text. Only plain positive decimals are accepted ("10", "10.5",
 * "0.000001"); the value is returned in canonical form ("010.50" -> "10.5"). A refusal's reason
 * is meant to follow the field name: `Amount ${reason}`.
 */
export function parseAmount(text: string): AmountResult {
  const t = text.trim();
  if (t === "") return fail("is empty");
  if (t.length > MAX_AMOUNT_LENGTH) return fail(`is too long (${t.length} characters)`);
  if (t.startsWith("=")) return fail("is a formula: type the amount itself");
  if (CURRENCY_SIGN.test(t)) {
    return fail(`"${t}" contains a currency sign: type only the number, e.g. 10.5`);
  }
  if (SCIENTIFIC.test(t)) {
    return fail(`"${t}" is in scientific notation: type the full number, e.g. 0.00001`);
  }
  if (t.startsWith("-")) return fail(`"${t}" is negative: it must be more than zero`);
  if (t.startsWith("+")) return fail(`"${t}" starts with a sign: type only the number`);
  if (t.startsWith(".")) return fail(`"${t}" must start with a digit, e.g. 0.5`);
  if (THOUSANDS_SPACE.test(t) && /[ \u00a0\u202f\u2009']/.test(t)) {
    return fail(`"${t}" has thousands separators: type digits only, e.g. 1234.5`);
  }
  if (THOUSANDS_COMMA.test(t) && t.includes(".")) {
    return fail(`"${t}" has thousands separators: type digits only, e.g. 1234.5`);
  }
  if (THOUSANDS_DOT_COMMA.test(t)) {
    return fail(`"${t}" has thousands separators and a decimal comma: type e.g. 1234.5`);
  }
  if (COMMA_DECIMAL.test(t) || THOUSANDS_COMMA.test(t)) {
    return fail(`"${t}" contains a comma: use a dot for decimals and no separators, e.g. 1234.5`);
  }
  if (t.includes(",")) return fail(`"${t}" contains a comma: type a plain number, e.g. 1234.5`);
  if ((t.match(/\./g) ?? []).length > 1) return fail(`"${t}" has more than one dot`);
  if (/\p{L}/u.test(t)) return fail(`"${t}" contains letters: type only the number`);
  if (/\s/.test(t)) return fail(`"${t}" contains spaces`);
  const match = PLAIN_DECIMAL.exec(t);
  if (!match) return fail(`"${t}" is not a plain decimal number`);
  const [, whole = "", fraction = ""] = match;
  const value = canonicalize(whole, fraction);
  if (value === "0") return fail("must be more than zero");
  return { ok: true, value };
}

function canonicalize(integerDigits: string, fractionDigits: string): Amount {
  const integer = integerDigits.replace(/^0+(?=\d)/, "");
  const fraction = fractionDigits.replace(/0+$/, "");
  return (fraction === "" ? integer : `${integer}.${fraction}`) as Amount;
}

/** Decimal text the add-on knows to be exact (a constant, a provider's checked answer). */
export function asAmount(text: string): Amount {
  const trimmed = text.trim();
  if (!SIGNED_DECIMAL.test(trimmed)) throw new Error(`Not decimal text: "${text}"`);
  return trimmed as Amount;
}

/**
 * An amount in a provider's answer ("" and null mean absent): plain decimals as written
 * ("1.50" stays "1.50"), JSON exponent forms ("1e-7") written out in full; undefined when it
 * is not a number.
 */
export function amountFromProvider(value: string | null | undefined): Amount | undefined {
  const text = (value ?? "").trim();
  if (text === "") return undefined;
  if (SIGNED_DECIMAL.test(text)) return text as Amount;
  if (JSON_NUMBER.test(text)) return new Decimal(text).toFixed() as Amount;
  return undefined;
}

/** Whether a provider's text is a number (plain or JSON exponent form). */
export function isNumberText(value: string): boolean {
  return JSON_NUMBER.test(value.trim());
}

function isDate(value: unknown): boolean {
  return Object.prototype.toString.call(value) === "[object Date]";
}

/**
 * Reads an Amount cell from its raw value (getValues) and its displayed text (getDisplayValues).
 * A number cell is accepted only when what the sheet shows is exactly what it holds: a float
 * such as 0.30000000000000004 shown as "0.3" is refused, so nobody pays an amount they did not
 * see.
 */
export function readAmountCell(raw: unknown, display: string): AmountResult {
  if (raw === null || raw === undefined) return fail("is empty");
  if (typeof raw === "string") return parseAmount(raw);
  if (typeof raw === "boolean") return fail(`is ${raw ? "TRUE" : "FALSE"}, not an amount`);
  if (isDate(raw)) return fail(`"${display}" is a date, not an amount: format the cell as text`);
  if (typeof raw !== "number") return fail("is not a number");
  if (!Number.isFinite(raw)) return fail(`"${display}" is not a finite number`);
  const shown = parseAmount(display);
  if (!shown.ok) return shown;
  // The shortest round-trip text, written out without an exponent ("1e-7" -> "0.0000001").
  const held = text(new Decimal(String(raw)));
  if (held !== shown.value) {
    return fail(
      `"${display}" does not read back exactly (the cell holds ${held}): ` +
        "format the column as plain text and type the amount",
    );
  }
  return shown;
}

function toDecimal(value: string): Big {
  if (!SIGNED_DECIMAL.test(value)) throw new Error(`Not decimal text: "${value}"`);
  return new Decimal(value);
}

function text(value: Big): Amount {
  const s = value.toString();
  return (s === "-0" ? "0" : s) as Amount;
}

/** Canonical text of a decimal ("010.50" -> "10.5", "-0" -> "0"). */
export function formatAmount(value: string): Amount {
  return text(toDecimal(value));
}

/** Number of digits after the dot in canonical form ("10.50" -> 1). */
export function decimalPlaces(value: string): number {
  const s = formatAmount(value);
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

export function compareAmounts(a: Amount, b: Amount): -1 | 0 | 1 {
  return toDecimal(a).cmp(toDecimal(b));
}

export function addAmounts(...values: Amount[]): Amount {
  return text(values.reduce((sum, v) => sum.plus(toDecimal(v)), new Decimal("0")));
}

export function subtractAmounts(a: Amount, b: Amount): Amount {
  return text(toDecimal(a).minus(toDecimal(b)));
}

export function multiplyAmount(a: Amount, b: Amount): Amount {
  return text(toDecimal(a).times(toDecimal(b)));
}

export function isZero(value: Amount): boolean {
  return toDecimal(value).eq(new Decimal("0"));
}

export const ZERO = "0" as Amount;

/** The smaller of two amounts. */
export function minAmount(a: Amount, b: Amount): Amount {
  return compareAmounts(a, b) <= 0 ? a : b;
}

/**
 * `percentText` of `amount`, exactly: percentOf("250", "0.1%") is "0.25". The text must end
 * with "%" (providers send fee percentages that way; a bare "0.1" would be ambiguous).
 */
export function percentOf(amount: Amount, percentText: string): Amount {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(percentText);
  if (!match) throw new Error(`Not a percentage: "${percentText}"`);
  // Multiplying by 0.01 rather than dividing by 100 keeps the result exact with no rounding.
  const [, percent = ""] = match;
  return text(toDecimal(amount).times(toDecimal(percent)).times(new Decimal("0.01")));
}

/** Rounds to `places` decimals, towards zero ("down") or away from zero ("up"). */
export function roundAmount(value: Amount, places: number, direction: "up" | "down"): Amount {
  const mode = direction === "up" ? Decimal.roundUp : Decimal.roundDown;
  return text(toDecimal(value).round(places, mode));
}
