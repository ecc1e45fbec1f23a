import { Emulator } from "./emulator";

const PROBE = `
function probe() {
  var names = ["require", "process", "Buffer", "setTimeout", "setInterval", "URL", "URLSearchParams",
    "TextEncoder", "TextDecoder", "atob", "btoa", "fetch", "crypto", "structuredClone", "module", "global"];
  var present = {};
  names.forEach(function (name) { present[name] = typeof globalThis[name] !== "undefined"; });
  return present;
}
function builtins() {
  return [typeof JSON.parse, typeof Promise, typeof BigInt, typeof Uint8Array, typeof Intl.NumberFormat,
    typeof WebAssembly.instantiate, typeof Map, typeof Reflect.ownKeys];
}
function clock() {
  return { now: Date.now(), created: new Date().getTime(), parsed: new Date("2020-01-01T00:00:00Z").getTime(),
    isDate: new Date() instanceof Date, called: typeof Date() };
}
function sheetValues() {
  var range = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange(1, 1, 1, 2);
  range.setValues([[new Date(0), "x"]]);
  var values = range.getValues();
  return { arrayInstance: values instanceof Array, rowInstance: values[0] instanceof Array,
    dateInstance: values[0][0] instanceof Date };
}
function errorRealm() {
  try { SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange(0, 1); }
  catch (e) { return { isError: e instanceof Error, name: e.name, message: e.message }; }
}
`;

describe("the execution's realm", () => {
  const emu = new Emulator({ code: PROBE });

  it("has none of Node's or the browser's globals", () => {
    const present = emu.run("probe").value as Record<string, boolean>;
    expect(Object.keys(present)).toHaveLength(16);
    expect(Object.entries(present).filter(([, isThere]) => isThere)).toEqual([]);
  });

  it("has the ECMAScript built-ins", () => {
    expect(emu.run("builtins").value).toEqual(Array(8).fill("function"));
  });

  it("has a console only as the captured Apps Script service", () => {
    const logging = new Emulator({
      code: `function f() { console.log("hello", 1); return typeof console; }`,
    });
    const execution = logging.run("f");
    expect(execution.value).toBe("object");
    expect(execution.logs).toEqual(["hello 1"]);
  });

  it("sees the virtual clock through Date, Date.now and new Date()", () => {
    emu.clock.advance(1234);
    const before = emu.clock.now();
    const seen = emu.run("clock").value as Record<string, unknown>;
    expect(seen.now).toBe(before);
    expect(seen.created).toBe(before);
    expect(seen.parsed).toBe(Date.UTC(2020, 0, 1));
    expect(seen.isDate).toBe(true);
    expect(seen.called).toBe("string");
  });

  it("hands the bundle arrays and Dates of its own realm", () => {
    expect(emu.run("sheetValues").value).toEqual({
      arrayInstance: true,
      rowInstance: true,
      dateInstance: true,
    });
  });

  it("throws service errors the bundle recognises as Errors, named like Apps Script's", () => {
    expect(emu.run("errorRealm").value).toEqual({
      isError: true,
      name: "Exception",
      message: "The starting row of the range is too small.",
    });
  });
});
