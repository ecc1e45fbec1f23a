/**
 * ScriptApp: time-driven and spreadsheet (edit/change) triggers, kept across executions, and the
 * web app's URL. Clock triggers fire from Emulator.runDueTriggers, edit triggers from
 * Emulator.edit; change triggers are stored and listed but never fired.
 */
import { isDate } from "../realm";
import type { Scope } from "../scope";
import { FakeSpreadsheet } from "../spreadsheet/spreadsheet";
import { zonedParts } from "../time-zone";

export const EventType = Object.freeze({
  CLOCK: "CLOCK",
  ON_OPEN: "ON_OPEN",
  ON_EDIT: "ON_EDIT",
  ON_FORM_SUBMIT: "ON_FORM_SUBMIT",
  ON_CHANGE: "ON_CHANGE",
});
export const TriggerSource = Object.freeze({ SPREADSHEETS: "SPREADSHEETS", CLOCK: "CLOCK" });
export const AuthMode = Object.freeze({
  NONE: "NONE",
  CUSTOM_FUNCTION: "CUSTOM_FUNCTION",
  LIMITED: "LIMITED",
  FULL: "FULL",
});

/** Installable triggers per user per script (quotas page). */
export const MAX_TRIGGERS = 20;
const VALID_MINUTES = [1, 5, 10, 15, 30];
const VALID_HOURS = [1, 2, 4, 6, 8, 12];

export type TriggerKind = "clock" | "edit" | "change";

export interface TriggerModel {
  id: string;
  handler: string;
  kind: TriggerKind;
  /** Spreadsheet triggers: the spreadsheet's id. */
  sourceId?: string;
  everyMinutes?: number;
  everyHours?: number;
  everyDays?: number;
  /** Daily triggers: the hour of the day (script time zone) they run in. */
  atHour?: number;
  /** One-off triggers (after/at): when they fire. */
  at?: number;
  /** Next time the trigger is due (ms epoch); undefined once a one-off trigger has fired. */
  nextDue: number | undefined;
  /** Whose authority the trigger runs with: getEffectiveUser() in the executions it starts. */
  creator: string;
}

export class TriggerStore {
  readonly list: TriggerModel[] = [];
  private nextId = 1;

  newId(): string {
    return String(7000000000000000000 + this.nextId++ * 7919);
  }
}

export class FakeTrigger {
  constructor(readonly model: TriggerModel) {}

  getHandlerFunction(): string {
    return this.model.handler;
  }

  getUniqueId(): string {
    return this.model.id;
  }

  getEventType(): string {
    return EVENT_TYPES[this.model.kind];
  }

  getTriggerSource(): string {
    return this.model.kind === "clock" ? TriggerSource.CLOCK : TriggerSource.SPREADSHEETS;
  }

  getTriggerSourceId(): string | null {
    return this.model.sourceId ?? null;
  }
}

const EVENT_TYPES: Record<TriggerKind, string> = {
  clock: EventType.CLOCK,
  edit: EventType.ON_EDIT,
  change: EventType.ON_CHANGE,
};

type TriggerFields = Omit<TriggerModel, "id" | "creator">;
type Schedule = Pick<TriggerModel, "everyMinutes" | "everyHours" | "everyDays" | "atHour" | "at">;

/**
 * The metered create(): `describe` checks the builder (it may throw), then the per-user limit
 * is checked and the trigger stored.
 */
function installTrigger(scope: Scope, describe: () => TriggerFields): FakeTrigger {
  return scope.rt.call("ScriptApp.create", () => {
    const fields = describe();
    const { triggers } = scope.state;
    if (triggers.list.length >= MAX_TRIGGERS) {
      throw scope.realm.error(
        "This script has too many triggers. Triggers must be deleted from the script before more can be added.",
      );
    }
    const model: TriggerModel = { id: triggers.newId(), ...fields, creator: triggerCreator(scope) };
    triggers.list.push(model);
    return new FakeTrigger(model);
  });
}

class FakeClockTriggerBuilder {
  private schedule: Schedule | undefined;

  constructor(
    private readonly scope: Scope,
    private readonly handler: string,
  ) {}

  private fail(message: string): never {
    throw this.scope.realm.error(message);
  }

  everyMinutes(n: number): this {
    if (!VALID_MINUTES.includes(n)) {
      this.fail("Invalid argument: minutes. everyMinutes() accepts only 1, 5, 10, 15 or 30.");
    }
    this.schedule = { everyMinutes: n };
    return this;
  }

  everyHours(n: number): this {
    if (!VALID_HOURS.includes(n)) {
      this.fail("Invalid argument: hours. everyHours() accepts only 1, 2, 4, 6, 8 or 12.");
    }
    this.schedule = { everyHours: n };
    return this;
  }

  everyDays(n: number): this {
    if (!Number.isInteger(n) || n < 1) this.fail("Invalid argument: days");
    this.schedule = { everyDays: n };
    return this;
  }

  /** Only after everyDays: the trigger runs in this hour (0-23) of the script's time zone. */
  atHour(hour: number): this {
    if (this.schedule?.everyDays === undefined)
      this.fail("atHour() needs everyDays() (or everyWeeks()) first.");
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) this.fail("Invalid argument: hour");
    this.schedule = { ...this.schedule, atHour: hour };
    return this;
  }

  after(durationMilliseconds: number): this {
    this.schedule = { at: this.scope.state.clock.now() + Number(durationMilliseconds) };
    return this;
  }

  at(date: Date): this {
    if (!isDate(date)) this.fail("Invalid argument: date");
    this.schedule = { at: date.getTime() };
    return this;
  }

  create(): FakeTrigger {
    return installTrigger(this.scope, () => {
      const schedule = this.schedule;
      if (!schedule)
        this.fail("The trigger has no schedule: call everyMinutes, everyHours, after or at.");
      const interval = intervalMs(schedule);
      const now = this.scope.state.clock.now();
      const first =
        schedule.atHour !== undefined
          ? nextHourStart(now, schedule.atHour, this.scope.state.options.timeZone)
          : interval === undefined
            ? schedule.at
            : now + interval;
      return { handler: this.handler, kind: "clock", ...schedule, nextDue: first };
    });
  }
}

/** forSpreadsheet(...): onEdit() and onChange() triggers of the bound spreadsheet. */
class FakeSpreadsheetTriggerBuilder {
  private kind: "edit" | "change" | undefined;

  constructor(
    private readonly scope: Scope,
    private readonly handler: string,
    private readonly sourceId: string,
  ) {}

  onEdit(): this {
    this.kind = "edit";
    return this;
  }

  onChange(): this {
    this.kind = "change";
    return this;
  }

  create(): FakeTrigger {
    return installTrigger(this.scope, () => {
      if (!this.kind)
        throw this.scope.realm.error("The trigger has no event type: call onEdit or onChange.");
      // No nextDue: runDueTriggers never runs spreadsheet triggers.
      return {
        handler: this.handler,
        kind: this.kind,
        sourceId: this.sourceId,
        nextDue: undefined,
      };
    });
  }
}

/** The bound spreadsheet or its id; any other id is refused. */
function spreadsheetTriggerBuilder(
  scope: Scope,
  handler: string,
  source: unknown,
): FakeSpreadsheetTriggerBuilder {
  const id = scope.state.spreadsheet.id;
  if (!(source instanceof FakeSpreadsheet) && source !== id) {
    throw scope.realm.error(
      "No item with the given ID could be found. Possibly because you have not edited this item or you do not have permission to access it.",
    );
  }
  return new FakeSpreadsheetTriggerBuilder(scope, handler, id);
}

/**
 * A trigger belongs to the person who created it. An installable trigger's execution runs as its
 * own creator, so triggers it creates are that creator's too. When Apps Script hides the person
 * (web apps, other domains), the emulator only knows the effective user, so it uses that.
 */
export function triggerCreator(scope: Scope): string {
  if (scope.context === "trigger") return scope.effectiveUser;
  return scope.activeUser || scope.effectiveUser;
}

/** The period of a recurring trigger; undefined for one-off triggers. */
export function intervalMs(schedule: Schedule): number | undefined {
  if (schedule.everyMinutes !== undefined) return schedule.everyMinutes * 60000;
  if (schedule.everyHours !== undefined) return schedule.everyHours * 3600000;
  if (schedule.everyDays !== undefined) return schedule.everyDays * 24 * 3600000;
  return undefined;
}

const QUARTER_HOUR = 15 * 60000;

/**
 * The next start of `hour` in the time zone after `now`. Apps Script runs a daily trigger at some
 * minute of that hour; the emulator runs it at its start.
 */
function nextHourStart(now: number, hour: number, timeZone: string): number {
  let at = Math.floor(now / QUARTER_HOUR) * QUARTER_HOUR + QUARTER_HOUR;
  for (; ; at += QUARTER_HOUR) {
    const parts = zonedParts(at, timeZone);
    if (parts.hour === hour && parts.minute === 0) return at;
  }
}

export function scriptApp(scope: Scope) {
  const { rt, state, realm } = scope;
  return {
    EventType,
    TriggerSource,
    AuthMode,
    newTrigger: (functionName: string) =>
      rt.call("ScriptApp.newTrigger", () => ({
        timeBased: () => new FakeClockTriggerBuilder(scope, String(functionName)),
        forSpreadsheet: (spreadsheet: unknown) =>
          spreadsheetTriggerBuilder(scope, String(functionName), spreadsheet),
      })),
    getProjectTriggers: () =>
      rt.call("ScriptApp.getProjectTriggers", () =>
        realm.array(state.triggers.list.map((model) => new FakeTrigger(model))),
      ),
    deleteTrigger: (trigger: FakeTrigger) =>
      rt.call("ScriptApp.deleteTrigger", () => {
        const index = state.triggers.list.findIndex((model) => model.id === trigger.getUniqueId());
        if (index >= 0) state.triggers.list.splice(index, 1);
      }),
    getService: () =>
      rt.call("ScriptApp.getService", () => ({
        getUrl: () => state.options.scriptUrl,
        isEnabled: () => state.options.scriptUrl !== null,
      })),
    getScriptId: () => rt.call("ScriptApp.getScriptId", () => "EMULATED_SCRIPT_ID"),
    getOAuthToken: () => rt.call("ScriptApp.getOAuthToken", () => "emulated-oauth-token"),
  };
}
