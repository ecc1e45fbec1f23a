import { Emulator } from "./emulator";

const CODE = `
function selected() {
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  var a1 = function (r) { return r.getA1Notation(); };
  return {
    sheet: ss.getActiveSheet().getName(),
    range: a1(ss.getActiveRange()),
    rangeSheet: ss.getActiveRange().getSheet().getName(),
    list: ss.getActiveRangeList().getRanges().map(a1),
    appSheet: SpreadsheetApp.getActiveSheet().getName(),
    appRange: a1(SpreadsheetApp.getActiveRange()),
    appList: SpreadsheetApp.getActiveRangeList().getRanges().map(a1),
    sheetRange: a1(ss.getSheets()[0].getActiveRange()),
    isArray: ss.getActiveRangeList().getRanges() instanceof Array,
  };
}
function rowsOfSelection() {
  return SpreadsheetApp.getActiveRangeList().getRanges().map(function (r) {
    return [r.getRow(), r.getNumRows(), r.getColumn(), r.getNumColumns()];
  });
}
function install() {
  ScriptApp.newTrigger("onSheetEdit").forSpreadsheet(SpreadsheetApp.getActive()).onEdit().create();
}
function onSheetEdit() {
  PropertiesService.getScriptProperties().setProperty("active", SpreadsheetApp.getActiveRange().getA1Notation());
}
`;

describe("the selection", () => {
  it("defaults to A1 of the first sheet", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("selected").value).toEqual({
      sheet: "Sheet1",
      range: "A1",
      rangeSheet: "Sheet1",
      list: ["A1"],
      appSheet: "Sheet1",
      appRange: "A1",
      appList: ["A1"],
      sheetRange: "A1",
      isArray: true,
    });
  });

  it("is set per run: active sheet, last range active, every range listed", () => {
    const emu = new Emulator({ code: CODE });
    emu.typeInto("Payouts", 1, 1, [["Name"]]);
    const selection = { sheet: "Payouts", ranges: ["A2:C4", "B9"] };
    expect(emu.run("selected", [], { selection }).value).toEqual({
      sheet: "Payouts",
      range: "B9",
      rangeSheet: "Payouts",
      list: ["A2:C4", "B9"],
      appSheet: "Payouts",
      appRange: "B9",
      appList: ["A2:C4", "B9"],
      sheetRange: "B9",
      isArray: true,
    });
    expect(emu.run("selected").value).toMatchObject({ sheet: "Sheet1", range: "A1" });
  });

  it("spans every column for whole rows", () => {
    const emu = new Emulator({ code: CODE });
    const selection = { sheet: "Sheet1", ranges: ["5:7", "$B$2"] };
    expect(emu.run("rowsOfSelection", [], { selection }).value).toEqual([
      [5, 3, 1, 26],
      [2, 1, 2, 1],
    ]);
  });

  it("is the edited range in an on-edit trigger's execution", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("install");
    emu.edit("Sheet1", 3, 2, [["a", "b"]]);
    expect(emu.properties.get("active")).toBe("B3:C3");
  });

  it("refuses a missing sheet or a range outside it", () => {
    const emu = new Emulator({ code: CODE });
    expect(() => emu.run("selected", [], { selection: { sheet: "Nope", ranges: ["A1"] } })).toThrow(
      'selection: no sheet named "Nope"',
    );
    expect(() =>
      emu.run("selected", [], { selection: { sheet: "Sheet1", ranges: ["A1001"] } }),
    ).toThrow(/not a range of "Sheet1"/);
    expect(() => emu.run("selected", [], { selection: { sheet: "Sheet1", ranges: [] } })).toThrow(
      "selection: no ranges",
    );
  });
});
