import { WireDrop } from "../support/wire";
import { Emulator } from "./emulator";

const CODE = `
function holdAndCall() {
  var lock = LockService.getScriptLock();
  var got = lock.tryLock(1000);
  var response = UrlFetchApp.fetch("https://sim.test/trigger-callback", { method: "post", payload: "x" });
  return { got: got, inner: response.getContentText(), stillHeld: lock.hasLock() };
}
function doPost(e) {
  var lock = LockService.getScriptLock();
  return ContentService.createTextOutput(String(lock.tryLock(5000)));
}
function take() { return LockService.getScriptLock().tryLock(0); }
function takeAndKeep() { LockService.getScriptLock().waitLock(100); return "kept"; }
function waitFor(ms) {
  try { LockService.getScriptLock().waitLock(ms); return "locked"; } catch (e) { return e.message; }
}
function released() {
  var lock = LockService.getScriptLock();
  lock.tryLock(0);
  lock.releaseLock();
  return lock.hasLock();
}
function documentLock() { return LockService.getDocumentLock() === null; }
`;

describe("LockService", () => {
  it("excludes a nested execution while the outer one holds the script lock", () => {
    const emu = new Emulator({ code: CODE });
    const inner: { value: unknown; elapsed: number }[] = [];
    emu.route("sim.test", () => {
      const callback = emu.post({ query: {}, body: "{}", contentType: "application/json" });
      inner.push({ value: callback.output?.content, elapsed: callback.meter.elapsedMs });
      return { status: 200, body: callback.output?.content ?? "" };
    });
    const outer = emu.run("holdAndCall");
    expect(outer.value).toEqual({ got: true, inner: "false", stillHeld: true });
    // The inner tryLock waited its full 5 s: nobody could release the lock meanwhile.
    expect(inner[0].elapsed).toBeGreaterThanOrEqual(5000);
  });

  it("is released automatically when an execution ends", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("takeAndKeep").value).toBe("kept");
    expect(emu.run("take").value).toBe(true);
  });

  it("waitLock throws Apps Script's timeout and charges the wait to the clock", () => {
    const emu = new Emulator({ code: CODE });
    const other = emu.lockHeldBy("a trigger run");
    const start = emu.clock.now();
    const execution = emu.run("waitFor", [30000]);
    expect(execution.value).toBe(
      "Lock timeout: another process was holding the lock for too long.",
    );
    expect(emu.clock.now() - start).toBeGreaterThanOrEqual(30000);
    expect(emu.run("take").value).toBe(false);
    other.release();
    expect(emu.run("take").value).toBe(true);
  });

  it("hasLock turns false after releaseLock", () => {
    expect(new Emulator({ code: CODE }).run("released").value).toBe(false);
  });

  it("has no document lock in a web app", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("documentLock", [], { context: "webapp" }).value).toBe(true);
    expect(emu.run("documentLock", [], { context: "menu" }).value).toBe(false);
  });

  it("is released when the execution ends with an error", () => {
    const emu = new Emulator({ code: CODE });
    emu.route("sim.test", () => {
      throw new WireDrop();
    });
    const outer = emu.run("holdAndCall");
    expect(outer.error?.message).toBe("Address unavailable: https://sim.test/trigger-callback");
    expect(emu.run("take").value).toBe(true);
  });
});
