import { Emulator } from "./emulator";

const CODE = `
function who() {
  return { active: Session.getActiveUser().getEmail(), effective: Session.getEffectiveUser().getEmail() };
}
function install() {
  ScriptApp.newTrigger("remember").timeBased().everyMinutes(5).create();
}
function installChain() { ScriptApp.newTrigger("chain").timeBased().after(1000).create(); }
function chain() { ScriptApp.newTrigger("remember").timeBased().after(1000).create(); }
function remember() {
  PropertiesService.getScriptProperties().setProperty("seen", JSON.stringify(who()));
}
function doGet() { return ContentService.createTextOutput(JSON.stringify(who())); }
`;

const OWNER = "owner@example.com";

describe("Session users", () => {
  it("default to the owner for both the active and the effective user", () => {
    expect(new Emulator({ code: CODE }).run("who").value).toEqual({
      active: OWNER,
      effective: OWNER,
    });
  });

  it("take the active user per execution; the effective user stays the owner", () => {
    const emu = new Emulator({ code: CODE, userEmail: "boss@example.com" });
    expect(emu.run("who", [], { user: "ann@example.com" }).value).toEqual({
      active: "ann@example.com",
      effective: "boss@example.com",
    });
    expect(emu.run("who", [], { user: "" }).value).toEqual({
      active: "",
      effective: "boss@example.com",
    });
    expect(emu.run("who").value).toEqual({
      active: "boss@example.com",
      effective: "boss@example.com",
    });
  });

  it("hide the visitor of a web app whatever user is passed", () => {
    const emu = new Emulator({ code: CODE });
    expect(JSON.parse(emu.get({}, { user: "ann@example.com" }).output?.content ?? "")).toEqual({
      active: "",
      effective: OWNER,
    });
  });

  it("run an installable trigger with its creator as the effective user", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("install", [], { user: "ann@example.com", context: "menu" });
    emu.clock.advance(5 * 60000);
    const [execution] = emu.runDueTriggers();
    expect(execution.error).toBeUndefined();
    expect(JSON.parse(emu.properties.get("seen") ?? "")).toEqual({
      active: OWNER,
      effective: "ann@example.com",
    });
  });

  it("give triggers created by a trigger's execution to that trigger's creator", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("installChain", [], { user: "ann@example.com" });
    emu.clock.advance(1000);
    expect(emu.runDueTriggers({ user: "bob@example.com" })[0].functionName).toBe("chain");
    emu.clock.advance(1000);
    expect(emu.runDueTriggers({ user: "bob@example.com" })[0].functionName).toBe("remember");
    expect(JSON.parse(emu.properties.get("seen") ?? "")).toEqual({
      active: "bob@example.com",
      effective: "ann@example.com",
    });
  });

  it("fall back to the effective user as creator when the active user is hidden", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("install", [], { user: "" });
    emu.clock.advance(5 * 60000);
    emu.runDueTriggers({ user: "" });
    expect(JSON.parse(emu.properties.get("seen") ?? "")).toEqual({ active: "", effective: OWNER });
  });
});
