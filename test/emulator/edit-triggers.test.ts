import { Emulator } from "./emulator";

const CODE = `
function install(byId, kind) {
  var ss = SpreadsheetApp.getActive();
  var builder = ScriptApp.newTrigger("onSheetEdit").forSpreadsheet(byId ? ss.getId() : ss);
  var trigger = (kind === "change" ? builder.onChange() : builder.onEdit()).create();
  return describe(trigger);
}
function describe(t) {
  return { id: t.getUniqueId(), handler: t.getHandlerFunction(), type: t.getEventType(),
    source: t.getTriggerSource(), sourceId: t.getTriggerSourceId() };
}
function list() { return ScriptApp.getProjectTriggers().map(describe); }
function installClock() { ScriptApp.newTrigger("onSheetEdit").timeBased().everyMinutes(1).create(); }
function wrongSpreadsheet() {
  try { ScriptApp.newTrigger("onSheetEdit").forSpreadsheet("someone-else").onEdit().create(); }
  catch (e) { return e.message; }
}
function noEventType() {
  try { ScriptApp.newTrigger("onSheetEdit").forSpreadsheet(SpreadsheetApp.getActive()).create(); }
  catch (e) { return e.message; }
}
function removeAll() {
  ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); });
}
function onSheetEdit(e) {
  var r = e.range;
  var seen = { authMode: e.authMode, triggerUid: e.triggerUid, user: e.user.getEmail(),
    hasValue: "value" in e, value: e.value, hasOldValue: "oldValue" in e, oldValue: e.oldValue,
    source: e.source.getId(), sheet: r.getSheet().getName(), a1: r.getA1Notation(),
    row: r.getRow(), column: r.getColumn(), rows: r.getNumRows(), columns: r.getNumColumns(),
    values: r.getValues(), isArray: r.getValues() instanceof Array, isObject: e instanceof Object,
    active: Session.getActiveUser().getEmail(), effective: Session.getEffectiveUser().getEmail(),
    ui: hasUi() };
  var props = PropertiesService.getScriptProperties();
  var all = JSON.parse(props.getProperty("events") || "[]");
  all.push(seen);
  props.setProperty("events", JSON.stringify(all));
}
function hasUi() { try { SpreadsheetApp.getUi(); return true; } catch (e) { return false; } }
`;

const OWNER = "owner@example.com";
const events = (emu: Emulator) =>
  JSON.parse(emu.properties.get("events") ?? "[]") as Record<string, unknown>[];

describe("installable spreadsheet triggers", () => {
  it("are created for the bound spreadsheet or its id, and listed as ON_EDIT", () => {
    const emu = new Emulator({ code: CODE });
    const created = emu.run("install", [false]).value as Record<string, unknown>;
    expect(created).toEqual({
      id: expect.any(String),
      handler: "onSheetEdit",
      type: "ON_EDIT",
      source: "SPREADSHEETS",
      sourceId: "EMULATED_SPREADSHEET_ID",
    });
    emu.run("install", [true]);
    emu.run("install", [true, "change"]);
    emu.run("installClock");
    const listed = emu.run("list").value as Record<string, unknown>[];
    expect(listed.map((t) => [t.type, t.source, t.sourceId])).toEqual([
      ["ON_EDIT", "SPREADSHEETS", "EMULATED_SPREADSHEET_ID"],
      ["ON_EDIT", "SPREADSHEETS", "EMULATED_SPREADSHEET_ID"],
      ["ON_CHANGE", "SPREADSHEETS", "EMULATED_SPREADSHEET_ID"],
      ["CLOCK", "CLOCK", null],
    ]);
    expect(emu.triggers().map((t) => [t.kind, t.sourceId])).toEqual([
      ["edit", "EMULATED_SPREADSHEET_ID"],
      ["edit", "EMULATED_SPREADSHEET_ID"],
      ["change", "EMULATED_SPREADSHEET_ID"],
      ["clock", undefined],
    ]);
    emu.run("removeAll");
    expect(emu.triggers()).toEqual([]);
  });

  it("refuse another spreadsheet and a missing event type", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("wrongSpreadsheet").value).toMatch(/No item with the given ID/);
    expect(emu.run("noEventType").value).toMatch(/no event type/);
    expect(emu.triggers()).toEqual([]);
  });

  it("count towards the 20-trigger limit", () => {
    const emu = new Emulator({ code: CODE });
    for (let i = 0; i < 19; i++) emu.run("installClock");
    expect(emu.run("install", [true]).error).toBeUndefined();
    expect(emu.run("install", [true]).error?.message).toMatch(/too many triggers/);
  });

  it("fire on a person's one-cell edit with the event object, as the trigger's creator", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("install", [true], { user: "creator@example.com" });
    emu.typeInto("Sheet1", 2, 3, [["old"]]);
    const [execution, ...rest] = emu.edit("Sheet1", 2, 3, [["0.10"]], {
      user: "editor@example.com",
    });
    expect(rest).toEqual([]);
    expect(execution).toMatchObject({ functionName: "onSheetEdit", killed: false });
    expect(execution.error).toBeUndefined();
    expect(events(emu)).toEqual([
      {
        authMode: "FULL",
        triggerUid: emu.triggers()[0].id,
        user: "editor@example.com",
        hasValue: true,
        value: "0.1",
        hasOldValue: true,
        oldValue: "old",
        source: "EMULATED_SPREADSHEET_ID",
        sheet: "Sheet1",
        a1: "C2",
        row: 2,
        column: 3,
        rows: 1,
        columns: 1,
        values: [[0.1]],
        isArray: true,
        isObject: true,
        active: "editor@example.com",
        effective: "creator@example.com",
        ui: false,
      },
    ]);
  });

  it("report a paste as one event over the whole range, without value or oldValue", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("install", [true]);
    const executions = emu.edit("Payouts", 2, 1, [
      ["a", "1"],
      ["b", "2", "x"],
    ]);
    expect(executions).toHaveLength(1);
    expect(events(emu)).toEqual([
      expect.objectContaining({
        user: OWNER,
        hasValue: false,
        hasOldValue: false,
        sheet: "Payouts",
        a1: "A2:C3",
        values: [
          ["a", 1, ""],
          ["b", 2, "x"],
        ],
        active: OWNER,
        effective: OWNER,
      }),
    ]);
  });

  it("leave out oldValue for a cell that was empty, and value for a cleared cell", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("install", [true]);
    emu.edit("Sheet1", 1, 1, [["new"]]);
    emu.edit("Sheet1", 1, 1, [[""]], { user: "" });
    expect(
      events(emu).map((e) => [e.hasValue, e.value, e.hasOldValue, e.oldValue, e.user, e.active]),
    ).toEqual([
      [true, "new", false, undefined, OWNER, OWNER],
      [false, undefined, true, "new", "", ""],
    ]);
  });

  it("run every edit trigger once per edit in the trigger context; change triggers never", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("install", [true]);
    emu.run("install", [false]);
    emu.run("install", [false, "change"]);
    const executions = emu.edit("Sheet1", 1, 1, [["x"]]);
    expect(executions.map((execution) => execution.functionName)).toEqual([
      "onSheetEdit",
      "onSheetEdit",
    ]);
    expect(new Set(events(emu).map((e) => e.triggerUid)).size).toBe(2);
    expect(events(emu).map((e) => e.ui)).toEqual([false, false]);
  });

  it("are never run by runDueTriggers, and typeInto stays silent", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("install", [true]);
    emu.typeInto("Sheet1", 1, 1, [["quiet"]]);
    emu.clock.advance(24 * 3600000);
    expect(emu.runDueTriggers()).toEqual([]);
    expect(emu.properties.get("events")).toBeNull();
    expect(emu.edit("Sheet1", 1, 1, [])).toEqual([]);
  });

  it("edit exactly like typeInto when no trigger is installed", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.edit("Sheet1", 1, 1, [["1,234.5", "'007", "2026-01-31"]])).toEqual([]);
    expect(emu.sheet("Sheet1")?.display()).toEqual([["1234.5", "007", "2026-01-31"]]);
  });
});
