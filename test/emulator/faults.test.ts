import { Emulator } from "./emulator";

const CODE = `
function writeRows() {
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName("Sheet1");
  sheet.getRange(1, 1, 2, 2).setValues([["a", 1], ["b", 2]]);
  PropertiesService.getScriptProperties().setProperty("written", "yes");
  return "done";
}
function swallow() {
  var props = PropertiesService.getScriptProperties();
  try { props.setProperty("first", "1"); } catch (e) {}
  try { props.setProperty("second", "2"); } catch (e) {}
  return "swallowed";
}
`;

describe("fault injection", () => {
  it("'after' a setValues leaves the write done and kills the execution", () => {
    const emu = new Emulator({ code: CODE });
    const execution = emu.run("writeRows", [], {
      faults: [{ call: "Range.setValues", when: "after" }],
    });
    expect(execution.killed).toBe(true);
    expect(execution.error?.message).toMatch(/Emulated fault after Range.setValues/);
    expect(emu.sheet("Sheet1")?.values()).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
    expect(emu.properties.get("written")).toBeNull();
  });

  it("'before' a setValues leaves the write undone", () => {
    const emu = new Emulator({ code: CODE });
    const execution = emu.run("writeRows", [], {
      faults: [{ call: "Range.setValues", when: "before", message: "boom" }],
    });
    expect(execution).toMatchObject({ killed: true, value: undefined });
    expect(execution.error?.message).toBe("boom");
    expect(emu.sheet("Sheet1")?.values()).toEqual([]);
  });

  it("kills the nth call of a name, and every later call of the execution throws", () => {
    const emu = new Emulator({ code: CODE });
    const execution = emu.run("swallow", [], {
      faults: [{ call: "PropertiesService.setProperty", nth: 1, when: "after" }],
    });
    expect(execution.killed).toBe(true);
    expect(execution.value).toBeUndefined();
    expect(emu.properties.all()).toEqual({ first: "1" });
  });

  it("can kill a run at every single service call in turn", () => {
    const clean = new Emulator({ code: CODE }).run("writeRows");
    expect(clean.value).toBe("done");
    const total = clean.meter.totalCalls;
    expect(total).toBe(6);
    const outcomes: string[] = [];
    for (let at = 1; at <= total; at++) {
      for (const when of ["before", "after"] as const) {
        const emu = new Emulator({ code: CODE });
        const execution = emu.run("writeRows", [], { faults: [{ at, when }] });
        expect(execution.killed).toBe(true);
        expect(execution.meter.totalCalls).toBe(at);
        const rows = emu.sheet("Sheet1")?.values().length;
        outcomes.push(`${at}${when[0]}:${rows}${emu.properties.get("written") ?? "-"}`);
      }
    }
    // Calls: getActiveSpreadsheet, getSheetByName, getRange, setValues (4th),
    // getScriptProperties, setProperty (6th).
    expect(outcomes).toEqual([
      ...["1b:0-", "1a:0-", "2b:0-", "2a:0-", "3b:0-", "3a:0-", "4b:0-", "4a:2-"],
      ...["5b:2-", "5a:2-", "6b:2-", "6a:2yes"],
    ]);
  });
});
