/** Logger and console: captured in the Execution's logs, never printed. */
import type { Scope } from "../scope";

function describe(value: unknown): string {
  if (typeof value === "string") return value;
  if (Object.prototype.toString.call(value) === "[object Error]") {
    const error = value as Error;
    return `${error.name}: ${error.message}`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function logger(scope: Scope) {
  const api = {
    /** Logger.log(format, ...values) replaces each %s with the next value. */
    log: (data: unknown, ...values: unknown[]) =>
      scope.rt.call("Logger.log", () => {
        let text = describe(data);
        if (values.length > 0) text = text.replace(/%s/g, () => describe(values.shift()));
        scope.rt.log(text);
        return api;
      }),
  };
  return api;
}

export function consoleService(scope: Scope) {
  const method =
    (name: string, prefix: string) =>
    (...values: unknown[]) =>
      scope.rt.call(`console.${name}`, () => {
        scope.rt.log(prefix + values.map(describe).join(" "));
      });
  return {
    log: method("log", ""),
    info: method("info", ""),
    warn: method("warn", "WARNING: "),
    error: method("error", "ERROR: "),
  };
}
