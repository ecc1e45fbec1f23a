import { Emulator } from "./emulator";

const CODE = `
var evaluations = (typeof evaluations === "number" ? evaluations : 0) + 1;
var counter = 0;
function bump() {
  counter++;
  var props = PropertiesService.getScriptProperties();
  var runs = Number(props.getProperty("runs") || 0) + 1;
  props.setProperty("runs", String(runs));
  SpreadsheetApp.getActiveSpreadsheet().getSheetByName("Sheet1").appendRow(["run " + runs]);
  return { counter: counter, evaluations: evaluations, runs: runs };
}
function fail() { throw new TypeError("broken"); }
function plain() { return { list: [1, "a", true], when: new Date(86400000), nested: { ok: null } }; }
`;

describe("executions", () => {
  it("re-evaluate the bundle every time while sheet and properties persist", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("bump").value).toEqual({ counter: 1, evaluations: 1, runs: 1 });
    expect(emu.run("bump").value).toEqual({ counter: 1, evaluations: 1, runs: 2 });
    expect(emu.properties.get("runs")).toBe("2");
    expect(emu.sheet("Sheet1")?.values()).toEqual([["run 1"], ["run 2"]]);
  });

  it("report what the function threw as a test-realm Error", () => {
    const execution = new Emulator({ code: CODE }).run("fail");
    expect(execution.error).toBeInstanceOf(Error);
    expect(execution.error?.name).toBe("TypeError");
    expect(execution.error?.message).toBe("broken");
    expect(execution.killed).toBe(false);
    expect(execution.value).toBeUndefined();
  });

  it("report a missing function like Apps Script", () => {
    const execution = new Emulator({ code: CODE }).run("nope");
    expect(execution.error?.message).toBe("Script function not found: nope");
  });

  it("copy the return value out of the realm as plain data", () => {
    const value = new Emulator({ code: CODE }).run("plain").value as Record<string, unknown>;
    expect(value).toEqual({ list: [1, "a", true], when: new Date(86400000), nested: { ok: null } });
    expect(value.list).toBeInstanceOf(Array);
    expect(value.when).toBeInstanceOf(Date);
  });

  it("pass arguments into the realm", () => {
    const emu = new Emulator({
      code: `function echo(a, b) { return [Array.isArray(a) && a instanceof Array, b instanceof Date, b.getTime()]; }`,
    });
    expect(emu.run("echo", [[1, 2], new Date(5)]).value).toEqual([true, true, 5]);
  });

  it("refuse to start without a bundle", () => {
    expect(() => new Emulator({ bundlePath: "/nonexistent/Code.js" })).toThrow(/No bundle at/);
  });
});
