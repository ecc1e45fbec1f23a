import { COSTS, costOf } from "./costs";
import { Emulator } from "./emulator";

const CODE = `
function chatty(n) {
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName("Sheet1");
  for (var r = 1; r <= n; r++) sheet.getRange(r, 1).setValue(r);
}
function batched(n) {
  var rows = [];
  for (var r = 1; r <= n; r++) rows.push([r]);
  SpreadsheetApp.getActiveSpreadsheet().getSheetByName("Sheet1").getRange(1, 1, n, 1).setValues(rows);
}
function linked(n) {
  var values = [];
  for (var r = 0; r < n; r++) values.push([SpreadsheetApp.newRichTextValue().setText("tx" + r).setLinkUrl("https://x.test/" + r).build()]);
  SpreadsheetApp.getActiveSpreadsheet().getSheetByName("Sheet1").getRange(1, 1, n, 1).setRichTextValues(values);
}
function fetchThree() {
  UrlFetchApp.fetchAll(["https://api.test/1", "https://api.test/2", "https://api.test/3"]);
  UrlFetchApp.fetch("https://api.test/4");
  PropertiesService.getScriptProperties().getProperty("x");
}
`;

describe("the cost meter", () => {
  const emulator = () =>
    new Emulator({ code: CODE }).route("api.test", () => ({ status: 200, body: "" }));

  it("counts every service call by name", () => {
    const execution = emulator().run("chatty", [3]);
    expect(execution.meter.calls).toEqual({
      "SpreadsheetApp.getActiveSpreadsheet": 1,
      "Spreadsheet.getSheetByName": 1,
      "Sheet.getRange": 3,
      "Range.setValue": 3,
    });
    expect(execution.meter.totalCalls).toBe(8);
    expect(execution.meter.spreadsheetCalls).toBe(8);
    expect(execution.meter.fetches).toBe(0);
  });

  it("leaves builders out of the spreadsheet round trips, not out of the calls", () => {
    const execution = emulator().run("linked", [5]);
    expect(execution.meter.calls["SpreadsheetApp.newRichTextValue"]).toBe(5);
    expect(execution.meter.totalCalls).toBe(9);
    // getActiveSpreadsheet, getSheetByName, getRange, setRichTextValues.
    expect(execution.meter.spreadsheetCalls).toBe(4);
  });

  it("advances the clock by the documented costs", () => {
    const emu = emulator();
    const start = emu.clock.now();
    const execution = emu.run("batched", [100]);
    const expected =
      costOf("SpreadsheetApp.getActiveSpreadsheet") +
      costOf("Spreadsheet.getSheetByName") +
      costOf("Sheet.getRange") +
      Math.round(COSTS.spreadsheetRoundTrip + 100 * COSTS.perCell);
    expect(execution.meter.elapsedMs).toBe(expected);
    expect(emu.clock.now() - start).toBe(expected);
  });

  it("makes chatty code visibly slower than batched code", () => {
    const chatty = emulator().run("chatty", [100]).meter.elapsedMs;
    const batched = emulator().run("batched", [100]).meter.elapsedMs;
    expect(chatty).toBeGreaterThan(20 * batched);
  });

  it("charges fetchAll once for the batch and counts every request", () => {
    const execution = emulator().run("fetchThree");
    expect(execution.meter.fetches).toBe(4);
    expect(execution.meter.calls["UrlFetchApp.fetchAll"]).toBe(1);
    expect(execution.meter.elapsedMs).toBe(
      COSTS.fetchAllBase + 3 * COSTS.fetchAllPerRequest + COSTS.fetch + 2 * COSTS.properties,
    );
  });
});
