import { Emulator } from "./emulator";

const CODE = `
function decorate() {
  var sheet = SpreadsheetApp.getActive().getSheetByName("Sheet1");
  sheet.getRange("A1:C1").setValues([["Name", "Amount", "Total"]]);
  sheet.getRange("A2:B4").setValues([["carol", 3], ["ann", 1], ["bob", 2]]);
  sheet.getRange("C3").setFormula("=1+1");
  sheet.getRange("B3").setNumberFormat("0.00").setNote("ann's note").setBackground("#ffff00");
  var rule = SpreadsheetApp.newDataValidation().requireValueInList(["bob"], true).build();
  sheet.getRange("A4").setDataValidation(rule);
  sheet.getRange("A3").setRichTextValue(
    SpreadsheetApp.newRichTextValue().setText("ann").setLinkUrl("https://ann.test").build());
}
function maxRows() { return SpreadsheetApp.getActive().getSheetByName("Sheet1").getMaxRows(); }
`;

describe("a person's row operations", () => {
  const decorated = () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("decorate").error).toBeUndefined();
    return emu;
  };

  it("delete rows: the rows below move up and the sheet shrinks", () => {
    const emu = decorated();
    emu.deleteRows("Sheet1", 2, 2);
    expect(emu.sheet("Sheet1")?.values()).toEqual([
      ["Name", "Amount", "Total"],
      ["bob", 2, ""],
    ]);
    expect(emu.sheet("Sheet1")?.cell(2, 1)?.validation?.values).toEqual(["bob"]);
    expect(emu.run("maxRows").value).toBe(998);
  });

  it("insert blank rows above a row", () => {
    const emu = decorated();
    emu.insertRows("Sheet1", 3, 2);
    expect(emu.sheet("Sheet1")?.display()).toEqual([
      ["Name", "Amount", "Total"],
      ["carol", "3", ""],
      ["", "", ""],
      ["", "", ""],
      ["ann", "1.00", "2"],
      ["bob", "2", ""],
    ]);
    expect(emu.sheet("Sheet1")?.maxRows).toBe(1002);
  });

  it("sort the data rows by display text, moving whole cells", () => {
    const emu = decorated();
    emu.sortRows("Sheet1", 2, (a, b) => a[0].localeCompare(b[0]));
    const view = emu.sheet("Sheet1");
    expect(view?.display()).toEqual([
      ["Name", "Amount", "Total"],
      ["ann", "1.00", "2"],
      ["bob", "2", ""],
      ["carol", "3", ""],
    ]);
    expect(view?.formulas()[1]).toEqual(["", "", "=1+1"]);
    expect(view?.notes()[1]).toEqual(["", "ann's note", ""]);
    expect(view?.cell(2, 2)?.style).toEqual({ background: "#ffff00" });
    expect(view?.cell(3, 1)?.validation?.values).toEqual(["bob"]);
    expect(view?.cell(4, 1)?.validation).toBeUndefined();
    expect(view?.links().map((row) => row[0])).toEqual(["", "https://ann.test", "", ""]);
  });

  it("sort stably, comparing the display texts", () => {
    const emu = new Emulator({ code: CODE });
    emu.typeInto("Sheet1", 1, 1, [
      ["b", "10"],
      ["a", "9"],
      ["c", "10"],
      ["d", "1,000"],
    ]);
    emu.sortRows("Sheet1", 1, (a, b) => a[1].length - b[1].length);
    expect(emu.sheet("Sheet1")?.display()).toEqual([
      ["a", "9"],
      ["b", "10"],
      ["c", "10"],
      ["d", "1000"],
    ]);
  });

  it("are not metered and refuse a missing sheet or rows outside it", () => {
    const emu = decorated();
    const before = emu.clock.now();
    emu.sortRows("Sheet1", 2, () => 0);
    emu.insertRows("Sheet1", 1, 1);
    emu.deleteRows("Sheet1", 1, 1);
    expect(emu.clock.now()).toBe(before);
    expect(() => emu.deleteRows("Nope", 1, 1)).toThrow('No sheet named "Nope"');
    expect(() => emu.deleteRows("Sheet1", 1000, 2)).toThrow(/not all in/);
    expect(() => emu.insertRows("Sheet1", 0, 1)).toThrow(/not in/);
    expect(() => emu.insertRows("Sheet1", 2, 0)).toThrow(/Bad row count/);
  });
});
