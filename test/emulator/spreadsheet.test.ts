import { Emulator } from "./emulator";

const CODE = `
function sheet() { return SpreadsheetApp.getActiveSpreadsheet().getSheetByName("Sheet1"); }
function shapeMismatch(rows, columns) {
  try { sheet().getRange(1, 1, 2, 2).setValues(rows === 3 ? [[1,2],[3,4],[5,6]] : [[1,2],[3]]); }
  catch (e) { return e.message; }
}
function outside() {
  try { sheet().getRange(1001, 1); } catch (e) { return e.message; }
}
function geometry() {
  var s = sheet();
  s.appendRow(["a", 1]);
  s.appendRow(["b", 2, "x"]);
  var range = s.getRange("B1:C2");
  return { lastRow: s.getLastRow(), lastColumn: s.getLastColumn(), maxRows: s.getMaxRows(),
    a1: range.getA1Notation(), row: range.getRow(), column: range.getColumn(),
    rows: range.getNumRows(), columns: range.getNumColumns(),
    data: s.getDataRange().getValues(), name: range.getSheet().getName() };
}
function structure() {
  var s = sheet();
  s.getRange(1, 1, 3, 2).setValues([["h1", "h2"], ["r2", 2], ["r3", 3]]);
  s.insertColumnsAfter(1, 1);
  s.deleteRow(2);
  s.insertRowsAfter(1, 1);
  return { values: s.getDataRange().getValues(), maxRows: s.getMaxRows(), maxColumns: s.getMaxColumns() };
}
function find(text, entire, matchCase) {
  var s = sheet();
  s.getRange(1, 1, 4, 1).setValues([["Id"], ["p_1"], ["P_1"], ["p_12"]]);
  var finder = s.getRange(2, 1, 3, 1).createTextFinder(text).matchEntireCell(entire).matchCase(matchCase);
  var first = s.createTextFinder(text).matchEntireCell(entire).matchCase(matchCase).findNext();
  return { rows: finder.findAll().map(function (r) { return r.getRow(); }), first: first && first.getA1Notation() };
}
function decorate() {
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  var s = ss.insertSheet("Payouts");
  var rule = SpreadsheetApp.newDataValidation().requireValueInList(["CoinGate", "GatePay"], true)
    .setAllowInvalid(false).setHelpText("pick one").build();
  s.getRange(2, 1, 2, 1).setDataValidation(rule);
  s.getRange("B2").setNote("why").setFontWeight("bold").setBackground("#eeeeee");
  s.setFrozenRows(1);
  var p = s.getRange(1, 3, s.getMaxRows(), 1).protect().setDescription("outputs").setWarningOnly(true);
  var again = s.getProtections(SpreadsheetApp.ProtectionType.RANGE);
  var read = s.getRange("A2").getDataValidation();
  return { criteria: read.getCriteriaValues(), allowInvalid: read.getAllowInvalid(),
    protections: again.map(function (x) { return [x.getDescription(), x.isWarningOnly(), x.getRange().getA1Notation()]; }),
    sheetProtections: s.getProtections(SpreadsheetApp.ProtectionType.SHEET).length,
    note: s.getRange("B2").getNote(), frozen: s.getFrozenRows(), names: ss.getSheets().map(function (x) { return x.getName(); }) };
}
function removeProtection() {
  var s = SpreadsheetApp.getActive().getSheetByName("Payouts");
  s.getProtections(SpreadsheetApp.ProtectionType.RANGE)[0].remove();
  return s.getProtections(SpreadsheetApp.ProtectionType.RANGE).length;
}
function duplicateSheet() {
  try { SpreadsheetApp.getActive().insertSheet("Sheet1"); } catch (e) { return e.message; }
}
`;

describe("SpreadsheetApp", () => {
  it("requires setValues data of exactly the range's shape", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("shapeMismatch", [3]).value).toBe(
      "The number of rows in the data does not match the number of rows in the range. The data has 3 but the range has 2.",
    );
    expect(emu.run("shapeMismatch", [2]).value).toBe(
      "The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.",
    );
    expect(emu.sheet("Sheet1")?.values()).toEqual([]);
  });

  it("refuses ranges outside the sheet", () => {
    expect(new Emulator({ code: CODE }).run("outside").value).toBe(
      "The coordinates of the range are outside the dimensions of the sheet.",
    );
  });

  it("reports geometry, A1 notation and the data range", () => {
    expect(new Emulator({ code: CODE }).run("geometry").value).toEqual({
      lastRow: 2,
      lastColumn: 3,
      maxRows: 1000,
      a1: "B1:C2",
      row: 1,
      column: 2,
      rows: 2,
      columns: 2,
      data: [
        ["a", 1, ""],
        ["b", 2, "x"],
      ],
      name: "Sheet1",
    });
  });

  it("shifts cells when rows and columns are inserted or deleted", () => {
    expect(new Emulator({ code: CODE }).run("structure").value).toEqual({
      values: [
        ["h1", "", "h2"],
        ["", "", ""],
        ["r3", "", 3],
      ],
      maxRows: 1000,
      maxColumns: 27,
    });
  });

  it("finds text by whole cell and case, in the range or the whole sheet", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("find", ["p_1", true, true]).value).toEqual({ rows: [2], first: "A2" });
    expect(emu.run("find", ["p_1", true, false]).value).toEqual({ rows: [2, 3], first: "A2" });
    expect(emu.run("find", ["p_1", false, true]).value).toEqual({ rows: [2, 4], first: "A2" });
    expect(emu.run("find", ["Id", true, true]).value).toEqual({ rows: [], first: "A1" });
  });

  it("stores validation rules, notes, styles, frozen rows and protections", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("decorate").value).toEqual({
      criteria: [["CoinGate", "GatePay"], true],
      allowInvalid: false,
      protections: [["outputs", true, "C1:C1000"]],
      sheetProtections: 0,
      note: "why",
      frozen: 1,
      names: ["Sheet1", "Payouts"],
    });
    const view = emu.sheet("Payouts");
    expect(view?.frozenRows).toBe(1);
    expect(view?.cell(2, 2)?.style).toEqual({ fontWeight: "bold", background: "#eeeeee" });
    expect(view?.cell(3, 1)?.validation?.values).toEqual(["CoinGate", "GatePay"]);
    expect(view?.cell(4, 1)?.validation).toBeUndefined();
    expect(emu.run("removeProtection").value).toBe(0);
    expect(emu.sheet("Payouts")?.protections()).toEqual([]);
  });

  it("refuses a second sheet with the same name", () => {
    expect(new Emulator({ code: CODE }).run("duplicateSheet").value).toBe(
      'A sheet with the name "Sheet1" already exists. Please enter another name.',
    );
  });
});
