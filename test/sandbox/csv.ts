/**
 * CSV in and out through csv-parse and csv-stringify (the `csv` project's parser and writer):
 * the sandbox only decides what a spreadsheet user needs around them.
 *
 * In: the text is decoded first (`decodeText`: UTF-8 with or without a BOM, UTF-16 with a BOM as
 * Excel's "Unicode text" saves it, Windows-1252 when the bytes are not UTF-8; binary files are
 * refused), then the separator is found from the header row (`sep=` line, else whichever of
 * `,` `;` tab gives the expected headers), then csv-parse reads the records with their line
 * numbers. CRLF, LF and CR line ends are all fine.
 *
 * Out: a UTF-8 BOM (so Excel reads the accents right), CRLF line ends, and csv-stringify's
 * `escape_formulas`: a cell starting with = + - @ (or their full-width forms), a tab or a CR gets
 * a leading apostrophe, so a spreadsheet opening the file shows the text instead of running it.
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

export const SEPARATORS = [",", ";", "\t"] as const;
export type Separator = (typeof SEPARATORS)[number];

export function separatorName(separator: string): string {
  return separator === "," ? "comma" : separator === ";" ? "semicolon" : "tab";
}

/** `,` (comma), `;` (semicolon), `\t` (tab): how a message names a separator. */
export function describeSeparator(separator: string): string {
  return `${separator === "\t" ? "\\t" : separator} (${separatorName(separator)})`;
}

/** A problem with the file's bytes or CSV structure; `line` is 1-based when known. */
export class CsvInputError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = "CsvInputError";
  }
}

export interface DecodedText {
  text: string;
  /** How the bytes were read: "UTF-8", "UTF-16LE", "UTF-16BE" or "Windows-1252". */
  encoding: string;
}

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a zip archive (an .xlsx workbook is one)" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel (.xls) workbook" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF" },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: "an RTF document" },
];

/** Control characters no CSV text holds (tab, line feed, form feed and CR are fine). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/** Decodes a file's bytes as text, or says why it is not a text CSV file. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const starts = (prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
  const save = "Save it from the spreadsheet as CSV (UTF-8) and run again.";
  for (const { bytes: magic, what } of SIGNATURES)
    if (starts(magic)) throw new CsvInputError(`this is ${what}, not a CSV text file. ${save}`);
  let decoded: DecodedText;
  if (starts([0xff, 0xfe]) || starts([0xfe, 0xff])) {
    const encoding = bytes[0] === 0xff ? "UTF-16LE" : "UTF-16BE";
    decoded = { text: new TextDecoder(encoding.toLowerCase()).decode(bytes), encoding };
  } else {
    try {
      decoded = {
        text: new TextDecoder("utf-8", { fatal: true }).decode(bytes),
        encoding: "UTF-8",
      };
    } catch {
      // Excel's plain "CSV" on Windows writes the ANSI code page; every byte is a character there.
      decoded = { text: new TextDecoder("windows-1252").decode(bytes), encoding: "Windows-1252" };
    }
  }
  const control = CONTROL.exec(decoded.text);
  if (control) {
    const line = decoded.text.slice(0, control.index).split(/\r\n|\r|\n/).length;
    throw new CsvInputError(
      `this is not a CSV text file: it holds the control character ${printable(control[0])} ` +
        `(binary data, or a text encoding other than UTF-8, UTF-16 or Windows-1252). ${save}`,
      line,
    );
  }
  return decoded;
}

/** Text safe to echo in a message: control characters escaped, long text cut with a marker. */
export function printable(text: string, max = 80): string {
  const escaped = [...text]
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      if (ch === "\t") return "\\t";
      if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0xfffd)
        return `\\u${code.toString(16).padStart(4, "0")}`;
      return ch;
    })
    .join("");
  return escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
}

export interface CsvRecord {
  fields: string[];
  /** The file line the record starts on (1-based; a quoted field may span lines). */
  line: number;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Reads CSV text with a known separator into records and their line numbers. A blank line is a
 * record of one empty field (the caller skips it); a trailing line break adds nothing.
 */
export function readCsv(text: string, separator: string): CsvRecord[] {
  let parsed: ParsedRecord[];
  try {
    parsed = parse(text, {
      bom: true,
      delimiter: separator,
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    throw explain(error);
  }
  const records: CsvRecord[] = [];
  let next = 1;
  for (const { record, info } of parsed) {
    records.push({ fields: record, line: next });
    next = info.lines + 1;
  }
  return records;
}

/** csv-parse's error, as a user reads it: the line, what is wrong, what to do. */
function explain(error: unknown): Error {
  const e = error as { code?: string; lines?: number; message?: string };
  const line = typeof e.lines === "number" ? e.lines : undefined;
  switch (e.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return new CsvInputError(
        'a quoted field is never closed (a " opens a field that runs to the end of the file)',
        line,
      );
    case "CSV_INVALID_CLOSING_QUOTE":
      return new CsvInputError(
        'a quoted field is followed by more text before the separator (write a quote inside a quoted field as two quotes: "")',
        line,
      );
    case undefined:
      return error instanceof Error ? error : new Error(String(error));
    default:
      return new CsvInputError(String(e.message ?? e.code), line);
  }
}

export interface SeparatorChoice {
  separator: Separator;
  /** How it was chosen: a `sep=` line, the header row, the default, or the user. */
  how: "sep= line" | "header row" | "default" | "given";
  /** The text after a `sep=` line was removed. */
  text: string;
  /** 1 when a `sep=` line was removed: add to every record's line number. */
  lineOffset: number;
}

/**
 * The separator of a payouts file: the one given; else Excel's `sep=;` first line when present;
 * otherwise the candidate whose first non-blank line splits into the most `wanted` header names
 * (then the most columns; comma when none gives any, e.g. a one-column file).
 */
export function chooseSeparator(
  text: string,
  wanted: (cell: string) => boolean,
  given?: Separator,
): SeparatorChoice {
  const body = text.startsWith("\ufeff") ? text.slice(1) : text;
  const sepLine = /^sep=(.)\r?\n?/i.exec(body);
  if (sepLine) {
    const separator = SEPARATORS.find((s) => s === sepLine[1]);
    const rest = body.slice(sepLine[0].length);
    if (given) return { separator: given, how: "given", text: rest, lineOffset: 1 };
    if (!separator)
      throw new CsvInputError(
        `the first line asks for the separator ${printable(sepLine[1])}; the sandbox reads ${SEPARATORS.map(describeSeparator).join(", ")}`,
        1,
      );
    return { separator, how: "sep= line", text: rest, lineOffset: 1 };
  }
  if (given) return { separator: given, how: "given", text: body, lineOffset: 0 };
  const firstLine = body.split(/\r\n|\r|\n/).find((line) => line.trim() !== "") ?? "";
  let best: { separator: Separator; score: number; columns: number } | undefined;
  for (const separator of SEPARATORS) {
    let cells: string[] | undefined;
    try {
      cells = (parse(firstLine, { delimiter: separator, relax_quotes: true }) as string[][])[0];
    } catch {
      continue;
    }
    if (!cells) continue;
    const score = cells.filter((cell) => wanted(cell)).length;
    if (!best || score > best.score || (score === best.score && cells.length > best.columns))
      best = { separator, score, columns: cells.length };
  }
  if (!best || best.score === 0)
    return { separator: ",", how: "default", text: body, lineOffset: 0 };
  return { separator: best.separator, how: "header row", text: body, lineOffset: 0 };
}

/**
 * CSV for a spreadsheet user: UTF-8 BOM, CRLF, quotes where needed, and every cell that a
 * spreadsheet could read as a formula neutralised with a leading apostrophe.
 */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return stringify(rows as string[][], {
    bom: true,
    record_delimiter: "windows",
    // Without this, giving record_delimiter turns off quoting of a lone \n or \r in a cell.
    quote_record_delimiter: true,
    escape_formulas: true,
  });
}
