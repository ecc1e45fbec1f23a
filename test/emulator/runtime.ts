/**
 * One execution's bookkeeping: every service call passes through `call`, which counts it,
 * charges its virtual cost, applies injected faults and enforces the 6-minute limit. Once an
 * execution is killed, every later service call throws again, so a `catch` in the bundle cannot
 * keep a dead execution going.
 */
import type { VirtualClock } from "./clock";
import { costOf, isSpreadsheetRoundTrip, MAX_EXECUTION_MS } from "./costs";
import type { Realm } from "./realm";

export const TIME_LIMIT_MESSAGE = "Exceeded maximum execution time";

/**
 * Kill the execution at one service call: the `at`-th metered call (1-based), or the `nth`
 * (1-based, default 1) call named `call` such as "UrlFetchApp.fetchAll". "before" throws before
 * the call takes effect, "after" right after it took effect.
 */
export type Fault =
  | { at: number; when: "before" | "after"; message?: string }
  | { call: string; nth?: number; when: "before" | "after"; message?: string };

export interface Meter {
  /** Calls per name, e.g. { "Range.getValues": 2 }. */
  calls: Record<string, number>;
  totalCalls: number;
  spreadsheetCalls: number;
  /** HTTP requests sent (one per request of a fetchAll). */
  fetches: number;
  /** Virtual time from the start to the end of the execution (nested executions included). */
  elapsedMs: number;
}

export class ExecutionRuntime {
  readonly meter: Meter = {
    calls: {},
    totalCalls: 0,
    spreadsheetCalls: 0,
    fetches: 0,
    elapsedMs: 0,
  };
  readonly logs: string[] = [];
  readonly startedAt: number;
  private killMessage: string | undefined;

  constructor(
    private readonly clock: VirtualClock,
    private readonly realm: Realm,
    private readonly faults: readonly Fault[],
  ) {
    this.startedAt = clock.now();
  }

  get killed(): boolean {
    return this.killMessage !== undefined;
  }

  get killError(): Error | undefined {
    return this.killMessage === undefined ? undefined : this.realm.error(this.killMessage);
  }

  /**
   * Runs one metered service call. `units` is the number of cells (spreadsheet calls) or requests
   * (fetchAll) it moves; extra virtual time it spends (sleeping, waiting) is charged by `effect`.
   */
  call<T>(name: string, effect: () => T, units = 0): T {
    if (this.killMessage !== undefined) throw this.realm.error(this.killMessage);
    if (this.clock.now() - this.startedAt > MAX_EXECUTION_MS) this.kill(TIME_LIMIT_MESSAGE);
    const index = ++this.meter.totalCalls;
    const nth = (this.meter.calls[name] = (this.meter.calls[name] ?? 0) + 1);
    if (isSpreadsheetRoundTrip(name)) this.meter.spreadsheetCalls++;
    const fault = this.faults.find((candidate) =>
      "at" in candidate
        ? candidate.at === index
        : candidate.call === name && (candidate.nth ?? 1) === nth,
    );
    const describe = (when: string) =>
      fault?.message ?? `Emulated fault ${when} ${name} (service call ${index})`;
    if (fault?.when === "before") this.kill(describe("before"));
    let result: T;
    try {
      result = effect();
    } finally {
      // A call that fails (bad arguments, lock timeout) still took its round trip. Whole
      // milliseconds keep Date.now() an integer, as it is in Apps Script.
      this.clock.advance(Math.round(costOf(name, units)));
    }
    if (fault?.when === "after") this.kill(describe("after"));
    return result;
  }

  countFetches(requests: number): void {
    this.meter.fetches += requests;
  }

  log(message: string): void {
    this.logs.push(message);
  }

  finish(): Meter {
    this.meter.elapsedMs = this.clock.now() - this.startedAt;
    return this.meter;
  }

  private kill(message: string): never {
    this.killMessage = message;
    throw this.realm.error(message);
  }
}
