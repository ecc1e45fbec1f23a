/**
 * The payouts file a user hands to `npm start`: decoded, its separator found, its header row
 * checked against the Payouts headers, its rows kept with the file line each came from. Every
 * refusal says what is wrong, where, and what to do; nothing of the file is echoed raw.
 */
import { readFileSync } from "node:fs";

import { INPUT_COLUMNS, OUTPUT_COLUMNS, headerKey } from "../../src/domain/columns";
import {
  CsvInputError,
  chooseSeparator,
  decodeText,
  describeSeparator,
  printable,
  readCsv,
  SEPARATORS,
  type Separator,
} from "./csv";

/** A problem with the input file or an option: shown as is, exit code 1. */
export class SandboxInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxInputError";
  }
}

const REQUIRED_HEADERS = [
  "provider",
  "recipient",
  "currency",
  "network",
  "address",
  "amount",
] as const;
const OUTPUT_HEADER_KEYS = new Set(Object.values(OUTPUT_COLUMNS).map(headerKey));
const KNOWN_HEADER_KEYS = new Set(Object.values(INPUT_COLUMNS).map(headerKey));

export interface PayoutFile {
  file: string;
  headers: string[];
  records: string[][];
  /** The file line each record starts on (1-based), when read from a file. */
  lines?: number[];
  unknownColumns: string[];
  droppedColumns: string[];
  /** The separator used, and how it was found. */
  separator?: { char: Separator; how: string };
  /** How the bytes were decoded ("UTF-8", "UTF-16LE", "Windows-1252"...). */
  encoding?: string;
  /** Things worth telling about the file that do not stop the run. */
  remarks?: string[];
}

export function readPayoutFile(path: string, separator?: Separator): PayoutFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EACCES"
            ? "permission denied"
            : String(error);
    throw new SandboxInputError(`Cannot read ${path}: ${reason}.`);
  }
  let decoded;
  try {
    decoded = decodeText(bytes);
  } catch (error) {
    if (error instanceof CsvInputError) throw new SandboxInputError(`${path}: ${error.message}`);
    throw error;
  }
  const file = parsePayoutFile(decoded.text, path, separator);
  file.encoding = decoded.encoding;
  if (decoded.encoding === "Windows-1252")
    (file.remarks ??= []).push(
      "the file is not UTF-8: read as Windows-1252 (Excel's plain CSV on Windows); check the accents",
    );
  return file;
}

const blank = (row: string[]) => row.every((cell) => cell.trim() === "");

export function parsePayoutFile(text: string, file: string, given?: Separator): PayoutFile {
  let choice: ReturnType<typeof chooseSeparator>;
  let table: ReturnType<typeof readCsv>;
  try {
    choice = chooseSeparator(text, (cell) => KNOWN_HEADER_KEYS.has(headerKey(cell)), given);
    const offset = choice.lineOffset;
    table = readCsv(choice.text, choice.separator).map((record) => ({
      ...record,
      line: record.line + offset,
    }));
  } catch (error) {
    if (error instanceof CsvInputError)
      throw new SandboxInputError(`${file} is not valid CSV: ${error.message}.`);
    throw error;
  }
  const separator = choice.separator;
  while (table.length > 0 && blank(table[0].fields)) table.shift();
  if (table.length === 0)
    throw new SandboxInputError(`${file} is empty: its first line must be the header row.`);
  const [headerRecord, ...rest] = table;
  const headers = headerRecord.fields.map((h) => h.trim());
  while (headers.length > 0 && headers[headers.length - 1] === "") headers.pop();
  const seen = new Map<string, string>();
  for (const [index, header] of headers.entries()) {
    if (header === "")
      throw new SandboxInputError(
        `${file}: column ${index + 1} of the header row (line ${headerRecord.line}) has no name.`,
      );
    const key = headerKey(header);
    if (seen.has(key))
      throw new SandboxInputError(
        `${file}: the header "${printable(header)}" appears twice in the header row (line ${headerRecord.line}).`,
      );
    seen.set(key, header);
  }
  const missing = REQUIRED_HEADERS.filter((key) => !seen.has(key)).map((key) => INPUT_COLUMNS[key]);
  if (missing.length > 0) throw missingHeaders(file, headers, missing, separator, choice.how);
  const records: string[][] = [];
  const lines: number[] = [];
  for (const { fields, line } of rest) {
    if (blank(fields)) continue;
    const extra = fields.slice(headers.length).filter((cell) => cell.trim() !== "");
    if (extra.length > 0)
      throw new SandboxInputError(
        `${file}: line ${line} has ${fields.length} fields but the header row has ${headers.length} ` +
          `(separator ${describeSeparator(separator)}; a field holding the separator needs quotes).`,
      );
    records.push(headers.map((_, i) => fields[i] ?? ""));
    lines.push(line);
  }
  if (records.length === 0) throw new SandboxInputError(`${file} has a header row but no payouts.`);
  // Output columns are the add-on's: the sandbox starts every row fresh.
  const keep = headers.map((h) => !OUTPUT_HEADER_KEYS.has(headerKey(h)));
  const remarks: string[] = [];
  const amountAt = headers.findIndex((h) => headerKey(h) === "amount");
  const decimalCommas = records.filter((r) => /^\s*\d+,\d+\s*$/.test(r[amountAt])).length;
  if (decimalCommas > 0)
    remarks.push(
      `${decimalCommas} amount(s) use a decimal comma (e.g. 12,50): the add-on reads amounts with a decimal point and will mark those rows INVALID`,
    );
  return {
    file,
    headers: headers.filter((_, i) => keep[i]),
    records: records.map((row) => row.filter((_, i) => keep[i])),
    lines,
    unknownColumns: headers.filter((h, i) => keep[i] && !KNOWN_HEADER_KEYS.has(headerKey(h))),
    droppedColumns: headers.filter((_, i) => !keep[i]),
    separator: { char: separator, how: choice.how },
    remarks,
  };
}

function missingHeaders(
  file: string,
  headers: string[],
  missing: string[],
  separator: Separator,
  how: string,
): SandboxInputError {
  const found =
    headers.length === 1
      ? `one column, "${printable(headers[0])}"`
      : `${headers.length} columns: ${headers.map((h) => printable(h, 30)).join(", ")}`;
  const read =
    how === "given"
      ? `read with the separator you gave, ${describeSeparator(separator)}`
      : how === "sep= line"
        ? `read with the separator its sep= line names, ${describeSeparator(separator)}`
        : `read with ${describeSeparator(separator)}, ` +
          `the best of the separators tried (${SEPARATORS.map(describeSeparator).join(", ")})`;
  return new SandboxInputError(
    `${file}: the header row lacks ${missing.join(", ")}. It was ${read}, which gives ${found}. ` +
      `Expected the Payouts headers (${Object.values(INPUT_COLUMNS).join(", ")}), ` +
      `separated by commas, semicolons or tabs` +
      (how === "given" ? "" : "; or give the separator with --separator") +
      ".",
  );
}
