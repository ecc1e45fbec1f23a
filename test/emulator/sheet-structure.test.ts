import { COSTS } from "./costs";
import { Emulator } from "./emulator";

const CODE = `
function sheet(name) { return SpreadsheetApp.getActive().getSheetByName(name || "Sheet1"); }
function hiding() {
  var ss = SpreadsheetApp.getActive();
  var logs = ss.insertSheet("Logs");
  logs.hideSheet();
  var hidden = [logs.isSheetHidden(), sheet().isSheetHidden()];
  var refused;
  try { sheet().hideSheet(); } catch (e) { refused = e.message; }
  logs.showSheet();
  return { hidden: hidden, refused: refused, shown: logs.isSheetHidden() };
}
function hideLogs() { sheet("Logs").hideSheet(); }
function rows() {
  var s = sheet();
  s.getRange("A1:A4").setValues([["a"], ["b"], ["c"], ["d"]]);
  s.insertRowsAfter(2, 2);
  s.deleteRows(1, 1);
  var tooMany;
  try { s.deleteRows(1, s.getMaxRows()); } catch (e) { tooMany = e.message; }
  return { values: s.getRange(1, 1, 6, 1).getValues().map(function (r) { return r[0]; }),
    maxRows: s.getMaxRows(), tooMany: tooMany };
}
function structureCalls() {
  var s = sheet();
  s.insertRowsAfter(1, 3);
  s.deleteRows(2, 3);
}
`;

describe("sheet structure from the script", () => {
  it("hides and shows sheets, never the last visible one", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("hiding").value).toEqual({
      hidden: [true, false],
      refused: "You can't hide all the sheets in a document.",
      shown: false,
    });
    emu.run("hideLogs");
    expect(emu.sheet("Logs")?.hidden).toBe(true);
    expect(emu.sheet("Sheet1")?.hidden).toBe(false);
  });

  it("inserts blank rows after a row and deletes rows", () => {
    expect(new Emulator({ code: CODE }).run("rows").value).toEqual({
      values: ["b", "", "", "c", "d", ""],
      maxRows: 1001,
      tooMany: "You can't delete all the rows on the sheet.",
    });
  });

  it("meters insertRowsAfter and deleteRows as spreadsheet round trips", () => {
    const execution = new Emulator({ code: CODE }).run("structureCalls");
    expect(execution.meter.calls).toMatchObject({
      "Sheet.insertRowsAfter": 1,
      "Sheet.deleteRows": 1,
    });
    expect(execution.meter.spreadsheetCalls).toBe(4);
    expect(execution.meter.elapsedMs).toBe(
      2 * COSTS.spreadsheetHandle + 2 * COSTS.spreadsheetRoundTrip,
    );
  });
});
