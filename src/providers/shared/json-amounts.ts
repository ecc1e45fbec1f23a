/**
 * Reads provider JSON whose amounts (or long numeric ids) may arrive as JSON numbers.
 * `JSON.parse` would turn `2362.1` into a binary float and an 18-digit id into a rounded number,
 * so the numeric values of the named keys are wrapped in quotes in the raw text first.
 */

/**
 * Returns `text` with every numeric value of a key in `keys` (at any depth; "all" for every key)
 * turned into a JSON string holding the exact digits. Strings, other keys, array elements and
 * malformed text are left as they are: JSON.parse reports malformed text afterwards.
 */
export function quoteNumericValues(text: string, keys: ReadonlySet<string> | "all"): string {
  let out = "";
  let i = 0;
  let lastString: string | undefined;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '"') {
      const end = endOfString(text, i);
      lastString = text.slice(i + 1, end - 1);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (ch === ":" && lastString !== undefined && (keys === "all" || keys.has(lastString))) {
      out += ch;
      i++;
      const start = skipWhitespace(text, i);
      out += text.slice(i, start);
      const number = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(start, start + 64));
      if (number) {
        out += `"${number[0]}"`;
        i = start + number[0].length;
      } else {
        i = start;
      }
      lastString = undefined;
      continue;
    }
    if (!/\s/.test(ch)) lastString = undefined;
    out += ch;
    i++;
  }
  return out;
}

/** Index just past the closing quote of the string that opens at `start` (or the text's end). */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === "\\") i += 2;
    else if (text[i] === '"') return i + 1;
    else i++;
  }
  return text.length;
}

function skipWhitespace(text: string, start: number): number {
  let i = start;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  return i;
}
