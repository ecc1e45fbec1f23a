/**
 * The last line before a cell or a log line: every text the add-on writes passes here, whatever
 * its origin (a provider's error message may echo the callback URL with its token, as CoinGate's
 * 422 answers do). Secret values and `token=` parameters are replaced by [REDACTED], and text is
 * cut to what a cell holds. Formulas are kept inert elsewhere: every cell the add-on writes is
 * formatted as plain text first (payout-table.ts, log-sheet.ts).
 */
import type { CellValue, Log, Mailer, Sheet, Store, Workbook } from "../ports";
import { SECRET_KEYS } from "./keys";

const REDACTED = "[REDACTED]";
/** Shorter values are not worth hunting for: they would match ordinary text. */
const MIN_SECRET = 8;
/** A cell holds 50,000 characters. */
const CELL_LIMIT = 50_000;
const TRUNCATED = "...[cut]";

/** The current secret values (read per use: a run may create CALLBACK_TOKEN or RECORD_KEY). */
export function secretValues(store: Store): string[] {
  return SECRET_KEYS.flatMap((key) => {
    const value = (store.get(key) ?? "").trim();
    return value.length >= MIN_SECRET ? [value, encodeURIComponent(value)] : [];
  });
}

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = text.replace(/(token(?:=|%3D))[^&"'\s]+/gi, `$1${REDACTED}`);
  for (const secret of secrets)
    if (redacted.includes(secret)) redacted = redacted.split(secret).join(REDACTED);
  return redacted;
}

function safeCell(value: CellValue, secrets: readonly string[]): CellValue {
  if (typeof value !== "string" || value === "") return value;
  const redacted = redactSecrets(value, secrets);
  return redacted.length > CELL_LIMIT
    ? redacted.slice(0, CELL_LIMIT - TRUNCATED.length) + TRUNCATED
    : redacted;
}

function safeSheet(sheet: Sheet, secrets: () => string[]): Sheet {
  return Object.assign(Object.create(sheet) as Sheet, {
    write(row: number, column: number, values: CellValue[][]) {
      const known = secrets();
      sheet.write(
        row,
        column,
        values.map((cells) => cells.map((cell) => safeCell(cell, known))),
      );
    },
    appendRow(values: CellValue[]) {
      const known = secrets();
      sheet.appendRow(values.map((cell) => safeCell(cell, known)));
    },
    setNote(row: number, column: number, note: string) {
      sheet.setNote(row, column, String(safeCell(note, secrets())));
    },
  });
}

export function safeWorkbook(workbook: Workbook, store: Store): Workbook {
  const secrets = () => secretValues(store);
  const wrap = (sheet: Sheet | null) => (sheet ? safeSheet(sheet, secrets) : null);
  return {
    sheet: (name) => wrap(workbook.sheet(name)),
    insertSheet: (name) => safeSheet(workbook.insertSheet(name), secrets),
    renameSheet: (from, to) => workbook.renameSheet(from, to),
    readText: (...args) => workbook.readText(...args),
    writeBlock(sheet, row, column, values, options) {
      const known = secrets();
      workbook.writeBlock(
        sheet,
        row,
        column,
        values.map((cells) => cells.map((cell) => safeCell(cell, known))),
        options,
      );
    },
    selectedRows: () => workbook.selectedRows(),
    highlight: (...args) => workbook.highlight(...args),
    writeLinks(sheet, row, column, cells) {
      const known = secrets();
      workbook.writeLinks(
        sheet,
        row,
        column,
        // Redaction could shift the linked ranges: a cell it changes loses its links.
        cells.map((line) =>
          line.map((cell) => {
            const text = String(safeCell(cell.text, known));
            return text === cell.text ? cell : { text, links: [] };
          }),
        ),
      );
    },
    flush: () => workbook.flush(),
    timeZone: () => workbook.timeZone(),
  };
}

export function safeLog(log: Log, store: Store): Log {
  return {
    info: (message) => log.info(redactSecrets(message, secretValues(store))),
    warn: (message) => log.warn(redactSecrets(message, secretValues(store))),
  };
}

/** Every e-mail passes the same redaction as cells and log lines (a reason may echo a URL). */
export function safeMailer(mailer: Mailer, store: Store): Mailer {
  return {
    remainingDailyQuota: () => mailer.remainingDailyQuota(),
    send(mail) {
      const known = secretValues(store);
      mailer.send({
        ...mail,
        subject: redactSecrets(mail.subject, known),
        body: redactSecrets(mail.body, known),
        htmlBody: redactSecrets(mail.htmlBody, known),
      });
    },
  };
}
