/**
 * CSV as RFC 4180 writes it: fields separated by commas, quoted when they hold a comma, a quote
 * or a line break, quotes doubled inside quotes, CRLF or LF line ends. A small parser of our own
 * (no dependency) that reports where a file is malformed instead of guessing.
 */

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "CsvError";
  }
}

/** Parses CSV text into rows of fields. A trailing line break does not make an extra row. */
export function parseCsv(text: string): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // byte-order mark
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let afterQuote = false; // just closed a quoted field: only a separator may follow
  let line = 1;
  let quoteLine = 1;
  const endField = () => {
    row.push(field);
    field = "";
    afterQuote = false;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === ",") endField();
    else if (c === "\r" || c === "\n") {
      if (c === "\r" && input[i + 1] === "\n") i++;
      endRow();
      line++;
    } else if (afterQuote) {
      throw new CsvError(`unexpected ${JSON.stringify(c)} after a closing quote`, line);
    } else if (c === '"') {
      if (field !== "")
        throw new CsvError(`a quote inside an unquoted field (${JSON.stringify(field)})`, line);
      quoted = true;
      quoteLine = line;
    } else field += c;
  }
  if (quoted) throw new CsvError("a quoted field is never closed", quoteLine);
  if (field !== "" || afterQuote || row.length > 0) endRow();
  return rows;
}

function quote(field: string): string {
  return /[",\r\n]|^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Writes rows as CSV with CRLF line ends (what Excel and RFC 4180 expect). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quote).join(",")).join("\r\n") + (rows.length ? "\r\n" : "");
}
