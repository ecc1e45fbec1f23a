/** Small text checks for sheet cells: formulas, e-mail addresses, header names. */

const FORMULA_STARTS = ["=", "+", "-", "@"];

/** Whether Sheets (or a CSV export opened in a spreadsheet) could read the text as a formula. */
export function startsLikeFormula(text: string): boolean {
  const trimmed = text.trim();
  return FORMULA_STARTS.some((c) => trimmed.startsWith(c));
}

/**
 * The text as it must be written so Sheets stores it as text: a leading apostrophe when it
 * starts like a formula. Sheets hides that apostrophe and keeps the rest verbatim.
 */
export function escapeFormulaText(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}

const MAX_EMAIL = 254;
const MAX_LOCAL = 64;
const MAX_LABEL = 63;

/** A pragmatic check: one @, no spaces, a dotted domain of sane labels, RFC length limits. */
export function isWellFormedEmail(text: string): boolean {
  if (text.length === 0 || text.length > MAX_EMAIL || /[\s\p{Cc}]/u.test(text)) return false;
  const parts = text.split("@");
  if (parts.length !== 2) return false;
  const [local = "", domain = ""] = parts;
  if (local.length === 0 || local.length > MAX_LOCAL) return false;
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return false;
  const labels = domain.split(".");
  if (labels.length < 2) return false;
  const labelOk = (label: string) =>
    label.length > 0 &&
    label.length <= MAX_LABEL &&
    !label.startsWith("-") &&
    !label.endsWith("-") &&
    /^[\p{L}\p{N}-]+$/u.test(label);
  if (!labels.every(labelOk)) return false;
  const topLevel = labels[labels.length - 1] ?? "";
  return /^\p{L}{2,}$/u.test(topLevel) || /^xn--/.test(topLevel);
}

/** Header text as columns are matched: trimmed, lower case, inner spaces collapsed. */
export function normalizeHeader(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, " ");
}
