import { Emulator } from "./emulator";

const CODE = `
function install(kind, n) {
  try {
    var builder = ScriptApp.newTrigger("refresh").timeBased();
    var trigger = kind === "minutes" ? builder.everyMinutes(n).create()
      : kind === "hours" ? builder.everyHours(n).create() : builder.after(n).create();
    return { id: trigger.getUniqueId(), handler: trigger.getHandlerFunction(),
      type: trigger.getEventType() === ScriptApp.EventType.CLOCK };
  } catch (e) { return { error: e.message }; }
}
function refresh(e) {
  var props = PropertiesService.getScriptProperties();
  props.setProperty("runs", String(Number(props.getProperty("runs") || 0) + 1));
  props.setProperty("event", JSON.stringify(e));
}
function installDaily(days, hour) {
  try {
    var builder = ScriptApp.newTrigger("refresh").timeBased().everyDays(days);
    if (hour !== undefined) builder = builder.atHour(hour);
    return { id: builder.create().getUniqueId() };
  } catch (e) { return { error: e.message }; }
}
function atHourAlone() {
  try { ScriptApp.newTrigger("refresh").timeBased().atHour(7).create(); return "created"; }
  catch (e) { return e.message; }
}
function removeAll() {
  ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); });
  return ScriptApp.getProjectTriggers().length;
}
`;

const MINUTE = 60000;

describe("time-driven triggers", () => {
  it("accept only the minute intervals Apps Script accepts", () => {
    const emu = new Emulator({ code: CODE });
    for (const minutes of [1, 5, 10, 15, 30]) {
      expect(emu.run("install", ["minutes", minutes]).value).toMatchObject({
        handler: "refresh",
        type: true,
      });
    }
    for (const minutes of [2, 20, 60]) {
      expect(emu.run("install", ["minutes", minutes]).value).toEqual({
        error: expect.stringContaining("everyMinutes() accepts only 1, 5, 10, 15 or 30"),
      });
    }
    expect(emu.triggers().map((trigger) => trigger.everyMinutes)).toEqual([1, 5, 10, 15, 30]);
  });

  it("run when due, on the trigger's schedule, in the trigger context", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("install", ["minutes", 5]);
    expect(emu.runDueTriggers()).toEqual([]);
    emu.clock.advance(5 * MINUTE);
    const [execution] = emu.runDueTriggers();
    expect(execution.functionName).toBe("refresh");
    expect(execution.error).toBeUndefined();
    expect(emu.properties.get("runs")).toBe("1");
    const event = JSON.parse(emu.properties.get("event") ?? "{}");
    expect(event).toMatchObject({
      authMode: "FULL",
      triggerUid: emu.triggers()[0].id,
      minute: 5,
      hour: 9,
    });
    expect(emu.runDueTriggers()).toEqual([]);
    emu.clock.advance(5 * MINUTE);
    expect(emu.runDueTriggers()).toHaveLength(1);
    expect(emu.properties.get("runs")).toBe("2");
  });

  it("fire one-off after() triggers once; they stay listed until deleted", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("install", ["after", 90000]);
    emu.clock.advance(MINUTE);
    expect(emu.runDueTriggers()).toEqual([]);
    emu.clock.advance(MINUTE);
    expect(emu.runDueTriggers()).toHaveLength(1);
    emu.clock.advance(60 * MINUTE);
    expect(emu.runDueTriggers()).toEqual([]);
    expect(emu.properties.get("runs")).toBe("1");
    expect(emu.triggers()).toEqual([
      {
        id: expect.any(String),
        handler: "refresh",
        kind: "clock",
        at: expect.any(Number),
        fired: true,
      },
    ]);
    expect(emu.run("removeAll").value).toBe(0);
    expect(emu.triggers()).toEqual([]);
  });

  it("run everyDays(n).atHour(h) triggers in that hour of the script's time zone, every n days", () => {
    const emu = new Emulator({ code: CODE, timeZone: "Europe/Vilnius" });
    const start = emu.clock.now();
    expect(emu.run("installDaily", [1, 7]).value).toEqual({ id: expect.any(String) });
    expect(emu.triggers()[0]).toMatchObject({ everyDays: 1, atHour: 7 });
    const runs: number[] = [];
    for (let step = 0; step < 4 * 24 * 4; step++) {
      emu.clock.advance(15 * MINUTE);
      const due = emu.clock.now();
      if (emu.runDueTriggers().length > 0) runs.push(due);
    }
    expect(runs).toHaveLength(4);
    for (const at of runs) {
      const hour = new Intl.DateTimeFormat("en-US", {
        timeZone: "Europe/Vilnius",
        hour: "numeric",
        hourCycle: "h23",
      }).format(at);
      expect(Number(hour)).toBe(7);
    }
    expect(runs[0]).toBeGreaterThan(start);
    // Each run costs a little virtual time, so the next one is checked a quarter-hour later.
    expect(Math.abs(runs[1] - runs[0] - 24 * 60 * MINUTE)).toBeLessThan(15 * MINUTE);
  });

  it("refuse atHour() without everyDays(), and hours outside 0-23", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("atHourAlone").value).toMatch(/atHour\(\) needs everyDays\(\)/);
    expect(emu.run("installDaily", [1, 24]).value).toEqual({ error: "Invalid argument: hour" });
    expect(emu.run("installDaily", [0]).value).toEqual({ error: "Invalid argument: days" });
    expect(emu.triggers()).toEqual([]);
  });

  it("stop at 20 triggers per user", () => {
    const emu = new Emulator({ code: CODE });
    for (let i = 0; i < 20; i++) emu.run("install", ["hours", 1]);
    expect(emu.run("install", ["hours", 1]).value).toEqual({
      error:
        "This script has too many triggers. Triggers must be deleted from the script before more can be added.",
    });
    expect(emu.triggers()).toHaveLength(20);
  });
});
