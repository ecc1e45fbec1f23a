/**
 * A bare V8 realm like Apps Script's: ECMAScript built-ins only, with Date bound to the virtual
 * clock. Also converts values across the realm boundary, because arrays, Dates and errors made
 * in the test's realm fail `instanceof` checks inside the bundle (and the other way round).
 */
import vm from "node:vm";

/** Built into the realm so that instances carry the realm's own Date.prototype. */
const VIRTUAL_DATE_SOURCE = `(function (now) {
  var RealDate = Date;
  function Date_() {
    if (!new.target) return new RealDate(now()).toString();
    var args = arguments.length === 0 ? [now()] : Array.prototype.slice.call(arguments);
    return Reflect.construct(RealDate, args, new.target);
  }
  Date_.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, "constructor", { value: Date_, writable: true, configurable: true });
  Object.defineProperty(Date_, "name", { value: "Date" });
  Object.defineProperty(Date_, "length", { value: 7 });
  Date_.now = function now_() { return now(); };
  Date_.parse = RealDate.parse;
  Date_.UTC = RealDate.UTC;
  Object.defineProperty(globalThis, "Date", { value: Date_, writable: true, configurable: true });
  return Date_;
})`;

export class Realm {
  readonly context: vm.Context;
  readonly global: Record<string, unknown>;
  readonly Date: DateConstructor;
  private readonly ArrayCtor: ArrayConstructor;
  private readonly ObjectCtor: ObjectConstructor;
  private readonly ErrorCtor: ErrorConstructor;

  constructor(now: () => number) {
    this.context = vm.createContext({});
    this.global = vm.runInContext("globalThis", this.context) as Record<string, unknown>;
    // V8 gives every new context a console; Apps Script's console is a service we install.
    delete this.global.console;
    const install = vm.runInContext(VIRTUAL_DATE_SOURCE, this.context) as (
      now: () => number,
    ) => DateConstructor;
    this.Date = install(() => now());
    this.ArrayCtor = this.global.Array as ArrayConstructor;
    this.ObjectCtor = this.global.Object as ObjectConstructor;
    this.ErrorCtor = this.global.Error as ErrorConstructor;
  }

  /** Defines non-enumerable globals, as Apps Script's services are. */
  define(globals: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(globals)) {
      Object.defineProperty(this.global, name, { value, writable: true, configurable: true });
    }
  }

  run(script: vm.Script): void {
    script.runInContext(this.context);
  }

  /** An Apps Script-style error ("Exception: ...") that the bundle's `instanceof Error` accepts. */
  error(message: string): Error {
    const error = new this.ErrorCtor(message);
    error.name = "Exception";
    return error;
  }

  array<T>(items: readonly T[]): T[] {
    return this.ArrayCtor.from(items);
  }

  date(ms: number): Date {
    return new this.Date(ms);
  }

  /** Deep-copies plain data (arrays, plain objects, Dates) into the realm; other objects pass. */
  toRealm(value: unknown): unknown {
    if (isDate(value)) return this.date(value.getTime());
    if (Array.isArray(value))
      return this.array(Array.from(value as unknown[], (item) => this.toRealm(item)));
    if (isPlainObject(value)) {
      const copy = new this.ObjectCtor() as Record<string, unknown>;
      for (const [key, item] of Object.entries(value)) copy[key] = this.toRealm(item);
      return copy;
    }
    return value;
  }
}

/** Deep-copies plain data out of any realm into the test's realm. */
export function fromRealm(value: unknown): unknown {
  if (isDate(value)) return new Date(value.getTime());
  // Array.from, not map: map would build the copy with the other realm's Array (species).
  if (Array.isArray(value)) return Array.from(value as unknown[], fromRealm);
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = fromRealm(item);
    return copy;
  }
  return value;
}

/** An Error out of the bundle's realm as a test-realm Error with the same name/message/stack. */
export function errorFromRealm(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (isRealmError(thrown)) {
    const error = new Error(thrown.message);
    error.name = thrown.name;
    error.stack = thrown.stack;
    return error;
  }
  return new Error(`Non-error thrown: ${String(thrown)}`);
}

export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === "[object Date]";
}

function isRealmError(value: unknown): value is Error {
  return Object.prototype.toString.call(value) === "[object Error]";
}

/** Plain objects of any realm: their prototype is some realm's Object.prototype, or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}
