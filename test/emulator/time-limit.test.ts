import { Emulator } from "./emulator";
import { MAX_EXECUTION_MS } from "./costs";

const CODE = `
function slow() {
  var props = PropertiesService.getScriptProperties();
  for (var i = 0; i < 10; i++) {
    props.setProperty("step", String(i));
    Utilities.sleep(60000);
  }
  return "finished";
}
function stubborn() {
  var props = PropertiesService.getScriptProperties();
  var caught = 0;
  for (var i = 0; i < 10; i++) {
    try { props.setProperty("step", String(i)); Utilities.sleep(60000); } catch (e) { caught++; }
  }
  try { props.setProperty("after", "caught " + caught); } catch (e) {}
  return "survived";
}
function quick() { Utilities.sleep(1000); return "quick"; }
`;

describe("the 6-minute limit", () => {
  it("kills the execution at its first service call after 6 virtual minutes", () => {
    const emu = new Emulator({ code: CODE });
    const execution = emu.run("slow");
    expect(execution.killed).toBe(true);
    expect(execution.error?.message).toBe("Exceeded maximum execution time");
    expect(execution.value).toBeUndefined();
    // Step i is written at 20 ms + i * (60 s sleep + 21 ms of call costs): step 6 comes just
    // after the 6-minute mark and is refused.
    expect(emu.properties.get("step")).toBe("5");
    expect(execution.meter.elapsedMs).toBeGreaterThan(MAX_EXECUTION_MS);
  });

  it("cannot be caught: every later service call of the execution throws too", () => {
    const emu = new Emulator({ code: CODE });
    const execution = emu.run("stubborn");
    expect(execution.killed).toBe(true);
    expect(execution.error?.message).toBe("Exceeded maximum execution time");
    expect(execution.value).toBeUndefined();
    expect(emu.properties.get("step")).toBe("5");
    expect(emu.properties.get("after")).toBeNull();
  });

  it("applies per execution: the next one starts with a fresh budget", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("slow").killed).toBe(true);
    const next = emu.run("quick");
    expect(next).toMatchObject({ value: "quick", killed: false });
    expect(next.error).toBeUndefined();
  });
});
