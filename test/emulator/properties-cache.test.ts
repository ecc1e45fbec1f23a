import { Emulator } from "./emulator";

const CODE = `
function props() {
  var script = PropertiesService.getScriptProperties();
  script.setProperties({ A: "1", B: "2" });
  PropertiesService.getUserProperties().setProperty("A", "user");
  script.deleteProperty("B");
  var all = script.getProperties();
  return { a: script.getProperty("A"), missing: script.getProperty("B"), keys: script.getKeys(),
    all: all, isObject: all instanceof Object, user: PropertiesService.getUserProperties().getProperty("A") };
}
function tooBig() {
  try { PropertiesService.getScriptProperties().setProperty("big", new Array(9300).join("x")); return "stored"; }
  catch (e) { return e.message; }
}
function cachePut() {
  var cache = CacheService.getScriptCache();
  cache.put("short", "s", 60);
  cache.putAll({ long: "l", other: "o" }, 3600);
}
function cacheRead() {
  var cache = CacheService.getScriptCache();
  return { short: cache.get("short"), all: cache.getAll(["short", "long", "other", "none"]) };
}
function cacheRemove() { CacheService.getScriptCache().remove("long"); return CacheService.getScriptCache().get("long"); }
`;

describe("PropertiesService", () => {
  it("keeps separate script and user stores, with Apps Script's return shapes", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("props").value).toEqual({
      a: "1",
      missing: null,
      keys: ["A"],
      all: { A: "1" },
      isObject: true,
      user: "user",
    });
    expect(emu.properties.all()).toEqual({ A: "1" });
  });

  it("refuses values over 9 KB", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("tooBig").value).toBe("Argument too large: value");
    expect(emu.properties.get("big")).toBeNull();
  });

  it("lets the test read and write script properties directly", () => {
    const emu = new Emulator({ code: CODE });
    emu.properties.set("B", "from test");
    emu.properties.delete("A");
    expect(emu.properties.all()).toEqual({ B: "from test" });
  });
});

describe("CacheService", () => {
  it("expires entries on the virtual clock and persists them between executions", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("cachePut");
    expect(emu.run("cacheRead").value).toEqual({
      short: "s",
      all: { short: "s", long: "l", other: "o" },
    });
    emu.clock.advance(61000);
    expect(emu.run("cacheRead").value).toEqual({ short: null, all: { long: "l", other: "o" } });
    expect(emu.run("cacheRemove").value).toBeNull();
  });
});
