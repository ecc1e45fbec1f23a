/**
 * An offline Apps Script: runs a bundle in a bare V8 realm per execution, with emulated services
 * whose state (spreadsheet, properties, caches, triggers, locks) persists between executions.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import vm from "node:vm";
import type { WireHandler } from "../support/wire";
import type { VirtualClock } from "./clock";
import { serviceGlobals } from "./globals";
import { errorFromRealm, fromRealm, Realm } from "./realm";
import { ExecutionRuntime, type Fault, type Meter } from "./runtime";
import type { RunContext, Scope } from "./scope";
import { FakeTextOutput } from "./services/content";
import { FakeHtmlOutput } from "./services/html";
import { DEFAULT_MAIL_QUOTA, type SentMail } from "./services/mail";
import { intervalMs, type TriggerKind, type TriggerModel } from "./services/script-app";
import { emptyUiRecord, type UiRecord } from "./services/ui";
import { EmulatorState } from "./state";
import { zonedParts } from "./time-zone";
import { DEFAULT_NUMBER_FORMAT, displayOf } from "./spreadsheet/display";
import type { Cell, ProtectionModel, ValidationRule } from "./spreadsheet/sheet-model";
import { deleteRows, insertRows, sortRows, typeText } from "./person";
import { buildWebEvent, type WebRequest } from "./web-event";
import { buildEditEvent, type EditInfo } from "./edit-event";
import { resolveSelection, type ActiveSelection, type Selection } from "./spreadsheet/selection";

const PROJECT_ROOT = join(__dirname, "..", "..");
const DEFAULT_START = Date.parse("2026-01-05T09:00:00Z");
const DEFAULT_SCRIPT_URL = "https://script.google.com/macros/s/EMULATED/exec";

export interface EmulatorOptions {
  /** Bundle source; default: the text of `bundlePath`. */
  code?: string;
  /** Default: dist/Code.js of the project. */
  bundlePath?: string;
  /** Where HtmlService reads NAME.html; default: the project's dist/. */
  htmlDir?: string;
  /** Virtual clock start, ms epoch; default 2026-01-05T09:00:00Z. */
  startTime?: number;
  /** ScriptApp.getService().getUrl(); null makes it return null. */
  scriptUrl?: string | null;
  /** Script and spreadsheet time zone; default Etc/UTC. */
  timeZone?: string;
  /** The script's owner: the default active user, and the effective user. */
  userEmail?: string;
  /** MailApp recipients per virtual day; default 100 (a consumer account). */
  mailQuota?: number;
}

export interface RunOptions {
  /** How the execution started; default "editor". getUi() works only in "menu" and "editor". */
  context?: RunContext;
  faults?: Fault[];
  /** Scripted alert/prompt answers in order: "YES", "NO", "OK", "CANCEL", or "OK:typed text". */
  uiResponses?: string[];
  /**
   * Who runs it: Session.getActiveUser().getEmail(); "" when Apps Script hides the person.
   * Default: the owner (`userEmail`). Always "" in the "webapp" context.
   */
  user?: string;
  /**
   * The person's selection: getActiveSheet() is `sheet`, getActiveRange() the last of `ranges`
   * (A1: "A2:C4", "5:7", "B9"), getActiveRangeList() all of them. Default: the first sheet's A1;
   * for `edit()`, the edited range.
   */
  selection?: Selection;
}

/** How an execution gets its arguments and under whose authority it runs. */
interface ExecutionStart {
  args: (scope: Scope) => unknown[];
  /** Session.getEffectiveUser(): an installable trigger's creator; default the owner. */
  effectiveUser?: string;
  /** The selection when RunOptions has none (an edit selects what was edited). */
  selection?: ActiveSelection;
}

export interface Execution {
  functionName: string;
  /** The function's return value, copied out of the realm (service objects are kept as is). */
  value: unknown;
  /** What the function threw, or the kill error; a test-realm Error. */
  error?: Error;
  /** Stopped by the 6-minute limit or an injected fault. */
  killed: boolean;
  meter: Meter;
  logs: string[];
  ui: UiRecord;
}

export interface WebExecution extends Execution {
  /** What doGet/doPost returned, as the client would receive it. */
  output?: { content: string; mimeType: string };
}

export interface SheetView {
  /** Values of the data range (A1 to last row/column with content); Dates are Dates. */
  values(): unknown[][];
  display(): string[][];
  formats(): string[][];
  formulas(): string[][];
  notes(): string[][];
  /** Rich-text links; "" where a cell has none. */
  links(): string[][];
  validations(): (ValidationRule | null)[][];
  protections(): ProtectionModel[];
  /** The raw stored cell, for style and other details. */
  cell(row: number, column: number): Cell | undefined;
  readonly frozenRows: number;
  readonly hidden: boolean;
  readonly maxRows: number;
  readonly maxColumns: number;
  readonly hiddenColumns: number[];
}

export interface TriggerInfo {
  id: string;
  handler: string;
  /** "edit" triggers fire from `edit()`; "change" triggers are listed but never fired. */
  kind: TriggerKind;
  /** Spreadsheet (edit/change) triggers: the spreadsheet's id. */
  sourceId?: string;
  everyMinutes?: number;
  everyHours?: number;
  everyDays?: number;
  /** Daily triggers: the hour (script time zone) they run in. */
  atHour?: number;
  /** One-off triggers: when they fire (ms epoch). */
  at?: number;
  /** One-off triggers stay installed after firing, as in Apps Script, but never fire again. */
  fired?: true;
}

export interface PropertiesView {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
  all(): Record<string, string>;
}

export class Emulator {
  readonly clock: VirtualClock;
  readonly properties: PropertiesView;
  private readonly state: EmulatorState;
  private readonly script: vm.Script;
  private nextExecutionId = 1;

  constructor(options: EmulatorOptions = {}) {
    const code =
      options.code ?? readBundle(options.bundlePath ?? join(PROJECT_ROOT, "dist", "Code.js"));
    this.script = new vm.Script(code, { filename: "Code.js" });
    this.state = new EmulatorState(
      {
        htmlDir: resolve(options.htmlDir ?? join(PROJECT_ROOT, "dist")),
        scriptUrl: options.scriptUrl === undefined ? DEFAULT_SCRIPT_URL : options.scriptUrl,
        timeZone: options.timeZone ?? "Etc/UTC",
        userEmail: options.userEmail ?? "owner@example.com",
        mailQuota: options.mailQuota ?? DEFAULT_MAIL_QUOTA,
      },
      options.startTime ?? DEFAULT_START,
    );
    this.clock = this.state.clock;
    const store = this.state.scriptProperties;
    this.properties = {
      get: (key) => store.get(key),
      set: (key, value) => store.set(key, value),
      delete: (key) => store.delete(key),
      all: () => store.all(),
    };
  }

  /** Sends UrlFetchApp requests for https://host/... to the handler. */
  route(host: string, handler: WireHandler): this {
    this.state.routes.set(host.toLowerCase(), handler);
    return this;
  }

  /** One execution: evaluates the bundle in a fresh realm, then calls the global function. */
  run(functionName: string, args: unknown[] = [], options: RunOptions = {}): Execution {
    return this.execute(functionName, options, {
      args: (scope) => args.map((arg) => scope.realm.toRealm(arg)),
    });
  }

  /**
   * Runs one execution. `start.args` builds the arguments inside the new realm (event objects
   * hold Ranges bound to the execution); `start.effectiveUser` is an installable trigger's creator.
   */
  private execute(functionName: string, options: RunOptions, start: ExecutionStart): Execution {
    const selection = options.selection
      ? resolveSelection(this.state.spreadsheet, options.selection)
      : start.selection;
    const executionId = this.nextExecutionId++;
    const realm = new Realm(() => Math.floor(this.clock.now()));
    const rt = new ExecutionRuntime(this.clock, realm, options.faults ?? []);
    const context = options.context ?? "editor";
    const owner = this.state.options.userEmail;
    const scope: Scope = {
      rt,
      realm,
      state: this.state,
      context,
      executionId,
      ui: emptyUiRecord(),
      uiResponses: [...(options.uiResponses ?? [])],
      // Execute-as-me web apps never reveal the visitor.
      activeUser: context === "webapp" ? "" : (options.user ?? owner),
      effectiveUser: start.effectiveUser ?? owner,
      selection,
    };
    realm.define(serviceGlobals(scope));
    let value: unknown;
    let error: Error | undefined;
    try {
      realm.run(this.script);
      const target = realm.global[functionName];
      if (typeof target !== "function")
        throw realm.error(`Script function not found: ${functionName}`);
      value = fromRealm(target.apply(realm.global, start.args(scope)));
    } catch (thrown) {
      error = errorFromRealm(thrown);
    } finally {
      this.state.locks.releaseAll(executionId);
    }
    if (rt.killed) {
      // The real execution died at the kill; whatever the bundle did afterwards never happened.
      value = undefined;
      error = errorFromRealm(rt.killError);
    }
    const execution: Execution = {
      functionName,
      value,
      killed: rt.killed,
      meter: rt.finish(),
      logs: rt.logs,
      ui: scope.ui,
    };
    if (error) execution.error = error;
    return execution;
  }

  /** A POST to the web app's /exec URL: runs doPost with Apps Script's event object. */
  post(
    request: WebRequest & { body: string; contentType: string },
    options: RunOptions = {},
  ): WebExecution {
    return this.web("doPost", buildWebEvent(request, "POST"), options);
  }

  /** A GET to the web app's /exec URL: runs doGet. */
  get(request: WebRequest = {}, options: RunOptions = {}): WebExecution {
    return this.web("doGet", buildWebEvent(request, "GET"), options);
  }

  private web(functionName: string, event: object, options: RunOptions): WebExecution {
    const execution: WebExecution = this.run(functionName, [event], {
      ...options,
      context: "webapp",
    });
    const { value } = execution;
    if (value instanceof FakeTextOutput) {
      execution.output = { content: value.getContent(), mimeType: value.mediaType };
    } else if (value instanceof FakeHtmlOutput) {
      execution.output = { content: value.getContent(), mimeType: "text/html" };
    }
    return execution;
  }

  /** Test-side view of a sheet; undefined when there is no sheet of that name. */
  /** The spreadsheet's sheet names, in tab order. */
  sheetNames(): string[] {
    return this.state.spreadsheet.sheets.map((sheet) => sheet.name);
  }

  sheet(name: string): SheetView | undefined {
    const model = this.state.spreadsheet.sheetByName(name);
    if (!model) return undefined;
    const timeZone = this.state.spreadsheet.timeZone;
    const read = <T>(pick: (cell: Cell | undefined) => T): T[][] => {
      const numRows = model.lastRow();
      const numColumns = model.lastColumn();
      if (numRows === 0 || numColumns === 0) return [];
      return model.read({ row: 1, column: 1, numRows, numColumns }, pick);
    };
    return {
      values: () => read((cell) => (cell === undefined ? "" : fromRealm(cell.value))),
      display: () => read((cell) => displayOf(cell, timeZone)),
      formats: () => read((cell) => cell?.format ?? DEFAULT_NUMBER_FORMAT),
      formulas: () => read((cell) => cell?.formula ?? ""),
      notes: () => read((cell) => cell?.note ?? ""),
      links: () => read((cell) => cell?.link ?? ""),
      validations: () => read((cell) => (cell?.validation ? { ...cell.validation } : null)),
      protections: () => model.protections.map((protection) => ({ ...protection })),
      cell: (row, column) => model.peek(row, column),
      get frozenRows() {
        return model.frozenRows;
      },
      get hidden() {
        return model.hidden;
      },
      get maxRows() {
        return model.maxRows;
      },
      get maxColumns() {
        return model.maxColumns;
      },
      get hiddenColumns() {
        return [...model.hiddenColumns].sort((a, b) => a - b);
      },
    };
  }

  /**
   * A person typing or pasting text at (row, column): Sheets' auto-typing applies, a leading
   * apostrophe forces text, "@" cells keep text. Creates the sheet when missing. Not metered.
   * No trigger sees it (like API writes and some pastes); `edit()` is the same edit, reported.
   */
  typeInto(sheetName: string, row: number, column: number, rows: string[][]): void {
    typeText(this.state.spreadsheet, sheetName, row, column, rows);
  }

  /** A person deleting rows row..row + count - 1; the rows below move up. Not metered. */
  deleteRows(sheetName: string, row: number, count: number): void {
    deleteRows(this.state.spreadsheet, sheetName, row, count);
  }

  /** A person inserting `count` blank rows above `beforeRow`. Not metered. */
  insertRows(sheetName: string, beforeRow: number, count: number): void {
    insertRows(this.state.spreadsheet, sheetName, beforeRow, count);
  }

  /**
   * A person sorting the rows from `firstRow` to the last row with content by `compare` on their
   * display texts. Whole cells move (value, formula, format, note, validation, link); protected
   * ranges stay where they are. Not metered.
   */
  sortRows(
    sheetName: string,
    firstRow: number,
    compare: (a: string[], b: string[]) => number,
  ): void {
    sortRows(this.state.spreadsheet, sheetName, firstRow, compare);
  }

  /**
   * A person typing or pasting, exactly like `typeInto`, which Apps Script reports to every
   * installable on-edit trigger: each runs once, in the "trigger" context, as its creator, with
   * the edit event (a paste of several cells is one event over the whole range). The active user
   * and the event's user are `options.user` (default: the owner; "" = hidden).
   */
  edit(
    sheetName: string,
    row: number,
    column: number,
    rows: string[][],
    options: Omit<RunOptions, "context"> = {},
  ): Execution[] {
    const numColumns = Math.max(0, ...rows.map((texts) => texts.length));
    if (rows.length === 0 || numColumns === 0) return [];
    const timeZone = this.state.spreadsheet.timeZone;
    const oneCell = rows.length === 1 && numColumns === 1;
    const before = this.state.spreadsheet.sheetByName(sheetName)?.peek(row, column);
    const oldValue = displayOf(before, timeZone);
    const sheet = typeText(this.state.spreadsheet, sheetName, row, column, rows);
    const edit: EditInfo = {
      sheet,
      area: { row, column, numRows: rows.length, numColumns },
      user: options.user ?? this.state.options.userEmail,
    };
    const value = displayOf(sheet.peek(row, column), timeZone);
    if (oneCell && value !== "") edit.value = value;
    if (oneCell && oldValue !== "") edit.oldValue = oldValue;
    const executions: Execution[] = [];
    const { list } = this.state.triggers;
    for (const model of list.filter((candidate) => candidate.kind === "edit")) {
      if (!list.includes(model)) continue; // deleted by an earlier handler
      executions.push(
        this.execute(
          model.handler,
          { ...options, context: "trigger" },
          {
            args: (scope) => [buildEditEvent(scope, edit, model.id)],
            effectiveUser: model.creator,
            selection: { sheet, areas: [edit.area] },
          },
        ),
      );
    }
    return executions;
  }

  /** Every mail MailApp sent, oldest first (killed executions' completed sends included). */
  mails(): SentMail[] {
    return this.state.mail.sent.map((mail) => ({
      ...mail,
      to: [...mail.to],
      ...(mail.cc && { cc: [...mail.cc] }),
      ...(mail.bcc && { bcc: [...mail.bcc] }),
    }));
  }

  triggers(): TriggerInfo[] {
    return this.state.triggers.list.map((model) => {
      const info: TriggerInfo = { id: model.id, handler: model.handler, kind: model.kind };
      if (model.sourceId !== undefined) info.sourceId = model.sourceId;
      if (model.everyMinutes !== undefined) info.everyMinutes = model.everyMinutes;
      if (model.everyHours !== undefined) info.everyHours = model.everyHours;
      if (model.everyDays !== undefined) info.everyDays = model.everyDays;
      if (model.atHour !== undefined) info.atHour = model.atHour;
      if (model.at !== undefined) info.at = model.at;
      if (model.at !== undefined && model.nextDue === undefined) info.fired = true;
      return info;
    });
  }

  /** Runs, one after another, every time trigger due at the current virtual time. */
  runDueTriggers(
    options: Omit<RunOptions, "context"> & {
      /** Only triggers of these handlers (the others stay due). */
      handlers?: string[];
    } = {},
  ): Execution[] {
    const now = this.clock.now();
    const { handlers, ...runOptions } = options;
    const due = this.state.triggers.list
      .filter(
        (model) =>
          model.kind === "clock" &&
          model.nextDue !== undefined &&
          model.nextDue <= now &&
          (!handlers || handlers.includes(model.handler)),
      )
      .sort((a, b) => (a.nextDue ?? 0) - (b.nextDue ?? 0));
    const executions: Execution[] = [];
    for (const model of due) {
      if (!this.state.triggers.list.includes(model)) continue; // deleted by an earlier run
      reschedule(model, now);
      const event = this.clockEvent(model);
      executions.push(
        this.execute(
          model.handler,
          { ...runOptions, context: "trigger" },
          { args: (scope) => [scope.realm.toRealm(event)], effectiveUser: model.creator },
        ),
      );
    }
    return executions;
  }

  /** Makes a pretend other execution hold the script lock until `release()`. */
  lockHeldBy(owner = "another execution"): { release(): void } {
    const { locks } = this.state;
    const current = locks.holder("script");
    if (current !== undefined)
      throw new Error(`The script lock is already held by ${String(current)}`);
    const label = `pretend:${owner}`;
    locks.take("script", label);
    return { release: () => locks.release("script", label) };
  }

  /** The time-driven event object (per @types/google-apps-script). */
  private clockEvent(model: TriggerModel): Record<string, unknown> {
    const parts = zonedParts(this.clock.now(), this.state.options.timeZone);
    return {
      authMode: "FULL",
      triggerUid: model.id,
      year: parts.year,
      month: parts.month,
      "day-of-month": parts.day,
      "day-of-week": parts.weekday === 0 ? 7 : parts.weekday,
      hour: parts.hour,
      minute: parts.minute,
      second: parts.second,
      timezone: this.state.options.timeZone,
    };
  }
}

/** Recurring triggers move to their next slot after now; one-off triggers are spent. */
function reschedule(model: TriggerModel, now: number): void {
  const interval = intervalMs(model);
  if (interval === undefined || model.nextDue === undefined) {
    model.nextDue = undefined;
    return;
  }
  while (model.nextDue <= now) model.nextDue += interval;
}

function readBundle(path: string): string {
  if (!existsSync(path)) throw new Error(`No bundle at ${path}: run the build, or pass { code }`);
  return readFileSync(path, "utf8");
}
