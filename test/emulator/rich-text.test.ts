import { COSTS } from "./costs";
import { Emulator } from "./emulator";

const CODE = `
function sheet() { return SpreadsheetApp.getActive().getSheetByName("Sheet1"); }
function link(text, url) {
  return SpreadsheetApp.newRichTextValue().setText(text).setLinkUrl(url).build();
}
function writeOne() {
  var value = SpreadsheetApp.newRichTextValue().setText("007").setLinkUrl(0, 3, "https://a.test/7").build();
  sheet().getRange("A1").setRichTextValue(value);
  var read = sheet().getRange("A1").getRichTextValue();
  return { text: read.getText(), url: read.getLinkUrl(), built: [value.getText(), value.getLinkUrl()] };
}
function writeMany() {
  sheet().getRange("A1:B2").setRichTextValues([
    [link("=1+1", "https://a.test/1"), link("TRUE", null)],
    [link("2026-01-31", "https://a.test/3"), link("", null)],
  ]);
}
function readMany() {
  return sheet().getRange("A1:C2").getRichTextValues().map(function (row) {
    return row.map(function (v) { return v === null ? null : [v.getText(), v.getLinkUrl()]; });
  });
}
function overwrite() {
  sheet().getRange("A1").setValue("plain");
  sheet().getRange("A2").setValues([["5"]]);
}
function numberCell() {
  sheet().getRange("C1").setValue(5);
  return sheet().getRange("C1").getRichTextValue();
}
function wrongType() {
  try { sheet().getRange("A1").setRichTextValue("text"); } catch (e) { return e.message; }
}
`;

describe("rich-text links", () => {
  it("store the text as is with a link for the whole cell", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("writeOne").value).toEqual({
      text: "007",
      url: "https://a.test/7",
      built: ["007", "https://a.test/7"],
    });
    const view = emu.sheet("Sheet1");
    expect(view?.values()).toEqual([["007"]]);
    expect(view?.links()).toEqual([["https://a.test/7"]]);
  });

  it("are never auto-typed nor formulas, and read back per cell", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("writeMany");
    const view = emu.sheet("Sheet1");
    expect(view?.values()).toEqual([
      ["=1+1", "TRUE"],
      ["2026-01-31", ""],
    ]);
    expect(view?.formulas()).toEqual([
      ["", ""],
      ["", ""],
    ]);
    expect(view?.links()).toEqual([
      ["https://a.test/1", ""],
      ["https://a.test/3", ""],
    ]);
    expect(emu.run("numberCell").value).toBeNull();
    expect(emu.run("readMany").value).toEqual([
      [["=1+1", "https://a.test/1"], ["TRUE", null], null],
      [
        ["2026-01-31", "https://a.test/3"],
        ["", null],
        ["", null],
      ],
    ]);
  });

  it("lose the link when a value is written over them", () => {
    const emu = new Emulator({ code: CODE });
    emu.run("writeMany");
    emu.run("overwrite");
    expect(emu.sheet("Sheet1")?.links()).toEqual([
      ["", ""],
      ["", ""],
    ]);
    expect(emu.sheet("Sheet1")?.values()[1][0]).toBe(5);
    emu.run("writeMany");
    emu.typeInto("Sheet1", 1, 1, [["typed"]]);
    expect(emu.sheet("Sheet1")?.links()[0][0]).toBe("");
  });

  it("cost one round trip for a whole block, like setValues", () => {
    const execution = new Emulator({ code: CODE }).run("writeMany");
    expect(execution.meter.calls).toEqual({
      "SpreadsheetApp.getActive": 1,
      "Spreadsheet.getSheetByName": 1,
      "Sheet.getRange": 1,
      "SpreadsheetApp.newRichTextValue": 4,
      "Range.setRichTextValues": 1,
    });
    expect(execution.meter.elapsedMs).toBe(
      3 + 4 + Math.round(COSTS.spreadsheetRoundTrip + 4 * COSTS.perCell),
    );
  });

  it("refuse anything but a RichTextValue", () => {
    expect(new Emulator({ code: CODE }).run("wrongType").value).toMatch(
      /don't match the method signature for SpreadsheetApp.Range.setRichTextValue/,
    );
  });
});
