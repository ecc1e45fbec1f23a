/**
 * The interfaces the application needs from its surroundings. `gas/` implements them with
 * Apps Script services; tests implement them with in-memory fakes or through the emulator.
 * Everything here is synchronous because every Apps Script service is.
 */

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface HttpRequest {
  url: string;
  method: HttpMethod;
  /** Header names as the caller spells them. */
  headers: Record<string, string>;
  /** Exact body text sent on the wire (already form-encoded or JSON-serialised). */
  payload?: string;
  contentType?: string;
  /** Follow redirects (the web app's /exec answers 302); default false. */
  followRedirects?: boolean;
}

export interface HttpResponse {
  status: number;
  body: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
}

/** Raised when no HTTP answer came back at all (DNS, timeout, connection reset). */
export class HttpTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HttpTransportError";
  }
}

export interface Http {
  /**
   * Sends the requests in parallel and returns the answers in request order. A request that got
   * no answer throws HttpTransportError (as UrlFetchApp.fetchAll does): callers must then treat
   * every request of the call as possibly applied.
   */
  fetchAll(requests: HttpRequest[]): HttpResponse[];
}

/**
 * Http.fetchAll held to its contract of one answer per request, in order. Answers are paired with
 * requests by position, so a list of another length cannot be paired at all (which answer is
 * missing?): it counts as answers lost, HttpTransportError, every request possibly applied.
 */
export function fetchAnswers(http: Http, requests: HttpRequest[]): HttpResponse[] {
  const answers = http.fetchAll(requests);
  if (answers.length !== requests.length)
    throw new HttpTransportError(
      `${requests.length} requests were sent but ${answers.length} answers came back`,
    );
  return answers;
}

/** The answer to one request, as fetchAnswers reads it. */
export function fetchOne(http: Http, request: HttpRequest): HttpResponse {
  const [answer] = fetchAnswers(http, [request]);
  if (!answer) throw new HttpTransportError("no answer came back");
  return answer;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): void;
}

export interface Crypto {
  /** Lowercase hex HMAC-SHA512 of the UTF-8 message keyed with the UTF-8 key. */
  hmacSha512Hex(key: string, message: string): string;
  /** A random version-4 UUID (122 random bits). */
  uuid(): string;
}

/** Script Properties. */
export interface Store {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
  /**
   * Forgets what this execution read so far: the next `get` reads Script Properties again. Taken
   * right after the script lock, so that keys another execution wrote meanwhile are seen.
   */
  refresh(): void;
}

export interface Lock {
  /** Tries to take the script lock within `ms`; false when another execution holds it. */
  tryLock(ms: number): boolean;
  release(): void;
}

export interface Log {
  info(message: string): void;
  warn(message: string): void;
}

/** A value as Sheets stores it. */
export type CellValue = string | number | boolean | Date;

/** One sheet, addressed by 1-based row and column like Apps Script. */
export interface Sheet {
  readonly name: string;
  /** The data range's values, display texts and formulas: four calls, whatever the size. */
  readAll(): SheetContents;
  lastRow(): number;
  lastColumn(): number;
  readValues(row: number, column: number, rows: number, columns: number): CellValue[][];
  readDisplay(row: number, column: number, rows: number, columns: number): string[][];
  readFormulas(row: number, column: number, rows: number, columns: number): string[][];
  write(row: number, column: number, values: CellValue[][]): void;
  setNumberFormat(row: number, column: number, rows: number, columns: number, format: string): void;
  /** Rows (1-based) whose cell in `column` is exactly `text`. */
  findRows(column: number, text: string): number[];
  appendRow(values: CellValue[]): void;
  insertColumnsAfter(column: number, count: number): void;
  insertRowsAfter(row: number, count: number): void;
  maxRows(): number;
  maxColumns(): number;
  freezeRows(count: number): void;
  styleHeader(columns: number): void;
  setDropdown(column: number, fromRow: number, values: string[]): void;
  /** Marks columns as machine-owned: a warning protection with this description. */
  protectColumns(column: number, count: number, description: string): void;
  hideColumn(column: number): void;
  /** Hides the whole sheet (tab) from the sheet bar; anyone may still show it. */
  hide(): void;
  setNote(row: number, column: number, note: string): void;
}

/** A whole sheet read at once (its data range, header row included). */
export interface SheetContents {
  values: CellValue[][];
  display: string[][];
  formulas: string[][];
}

/** A text cell with links on parts of its text (rich text: never a formula). */
export interface LinkedCell {
  text: string;
  /** Character ranges [start, end) of `text` and the URL each leads to; none: plain text. */
  links: readonly { start: number; end: number; url: string }[];
}

export interface Workbook {
  sheet(name: string): Sheet | null;
  /**
   * Display texts of columns `fromColumn`..`toColumn` from `fromRow` down to the sheet's last
   * row (an open-ended range: blank rows below the data included), or `rows` rows. Two calls,
   * no lookup of the sheet; [] when there is no such sheet.
   */
  readText(
    sheet: string,
    fromRow: number,
    fromColumn: number,
    toColumn: number,
    rows?: number,
  ): string[][];
  /** Writes a block in one range; formatted as plain text first when `asText`. */
  writeBlock(
    sheet: string,
    row: number,
    column: number,
    values: CellValue[][],
    options?: { asText?: boolean },
  ): void;
  /** Writes a block of text cells with their links in one range (setRichTextValues). */
  writeLinks(sheet: string, row: number, column: number, cells: LinkedCell[][]): void;
  insertSheet(name: string): Sheet;
  /** Colours these cells' background (null: back to none), in one call whatever their number. */
  highlight(sheet: string, cells: { row: number; column: number }[], color: string | null): void;
  /** The sheet the person is on and the rows their selection covers (every range of it). */
  selectedRows(): { sheet: string; rows: number[] };
  /** Renames a sheet (it keeps its contents); later lookups by either name see the change. */
  renameSheet(from: string, to: string): void;
  /** Commits pending writes: before a create request goes out and before the lock is released. */
  flush(): void;
  timeZone(): string;
}

/** This script's installable triggers (the running user's: Apps Script shows no one else's). */
export interface Triggers {
  list(): { id: string; handler: string }[];
  everyMinutes(handler: string, minutes: number): void;
  everyHours(handler: string, hours: number): void;
  /** Every `days` days, in the hour from `atHour` (0-23, the script's time zone). */
  everyDays(handler: string, days: number, atHour: number): void;
  once(handler: string, afterMs: number): void;
  /** An on-edit trigger of the bound spreadsheet. */
  onEdit(handler: string): void;
  remove(id: string): void;
}

/** A person's edit, as this script's installable on-edit trigger saw it. */
export interface EditEvent {
  sheet: string;
  row: number;
  numRows: number;
  column: number;
  numColumns: number;
  /** The editor's e-mail; "" when Apps Script hides the person. */
  user: string;
  /** The trigger that reported it: must be one of this project's. */
  triggerUid: string;
}

/** One e-mail: plain text, and the same as simple HTML. */
export interface Mail {
  to: string[];
  subject: string;
  body: string;
  htmlBody: string;
}

/** MailApp. */
export interface Mailer {
  /** Recipients this script may still e-mail today (every recipient of a mail counts). */
  remainingDailyQuota(): number;
  send(mail: Mail): void;
}

/** Who is running this execution. */
export interface Identity {
  /** Session.getActiveUser: the person; "" where Apps Script hides them (web app, simple triggers). */
  activeEmail(): string;
  /** Session.getEffectiveUser: whose authority it runs under (the owner, or a trigger's creator). */
  effectiveEmail(): string;
}

/** What a web app knows about itself. */
export interface WebApp {
  /** The deployed /exec URL, or null when not deployed. */
  url(): string | null;
}

/** One entry of a menu: an item that runs a global function of the script, or a separator. */
export type MenuItem = { label: string; functionName: string } | { separator: true };

export interface DialogSize {
  width: number;
  height: number;
}

/**
 * The document's user interface for the person who clicked: menus, alerts, dialogs and the
 * sidebar. Only an execution started from the document (a menu item, onOpen) has one; elsewhere
 * (a trigger, the web app) every call throws, as SpreadsheetApp.getUi does.
 */
export interface Ui {
  /** A message with an OK button. */
  alert(title: string, message: string): void;
  /** A question with Yes and No buttons: true for Yes. */
  confirm(title: string, message: string): boolean;
  /** The dialog file `file` (src/ui/<file>.html) rendered with `data`. */
  showModalDialog(file: string, data: unknown, title: string, size: DialogSize): void;
  showSidebar(file: string, data: unknown, title: string): void;
  addMenu(title: string, items: readonly MenuItem[]): void;
}
