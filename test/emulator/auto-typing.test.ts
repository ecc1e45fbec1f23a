import { Emulator } from "./emulator";

const CODE = `
function write(values, format) {
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName("Sheet1");
  var range = sheet.getRange(1, 1, values.length, values[0].length);
  if (format) range.setNumberFormat(format);
  range.setValues(values);
  return { values: range.getValues(), display: range.getDisplayValues(), formulas: range.getFormulas(),
    types: range.getValues().map(function (row) {
      return row.map(function (v) { return v instanceof Date ? "date" : typeof v; });
    }) };
}
function formatted(value, format) {
  var range = SpreadsheetApp.getActiveSpreadsheet().getSheetByName("Sheet1").getRange("B2");
  range.setNumberFormat(format).setValue(value);
  return range.getDisplayValue();
}
`;

type Written = {
  values: unknown[][];
  display: string[][];
  formulas: string[][];
  types: string[][];
};

describe("Sheets auto-typing of written strings", () => {
  const write = (values: unknown[][], format?: string) =>
    new Emulator({ code: CODE }).run("write", [values, format]).value as Written;

  it("turns number-looking text into numbers in a default-format cell", () => {
    const written = write([["0.10", "-3", "1,234.5", "007", "1e21", " 12 "]]);
    expect(written.values).toEqual([[0.1, -3, 1234.5, 7, 1e21, 12]]);
    expect(written.display).toEqual([["0.1", "-3", "1234.5", "7", "1E+21", "12"]]);
  });

  it("keeps text exactly as given in a plain-text (@) cell", () => {
    const written = write([["0.10", "1e21", "=1+1", "TRUE", "2026-01-31"]], "@");
    expect(written.values).toEqual([["0.10", "1e21", "=1+1", "TRUE", "2026-01-31"]]);
    expect(written.types).toEqual([["string", "string", "string", "string", "string"]]);
    expect(written.formulas).toEqual([["", "", "", "", ""]]);
  });

  it("loses digits of long numeric ids written into a default cell", () => {
    const written = write([["123456789012345678"]]);
    expect(written.values).toEqual([[123456789012345680]]);
    expect(written.display).toEqual([["1.23457E+17"]]);
  });

  it("turns TRUE/FALSE into booleans and ISO dates into Dates", () => {
    const written = write([["true", "FALSE", "2026-01-31"]]);
    expect(written.types).toEqual([["boolean", "boolean", "date"]]);
    expect(written.values[0][2]).toEqual(new Date("2026-01-31T00:00:00Z"));
    expect(written.display).toEqual([["TRUE", "FALSE", "2026-01-31"]]);
  });

  it("stores formulas and evaluates plain arithmetic, else #NAME?", () => {
    const written = write([["=0.1+0.2", "=(2+3)*-4/8", "=SUM(A1:A3)"]]);
    expect(written.formulas).toEqual([["=0.1+0.2", "=(2+3)*-4/8", "=SUM(A1:A3)"]]);
    expect(written.values).toEqual([[0.1 + 0.2, -2.5, "#NAME?"]]);
    expect(written.display[0][0]).toBe("0.3");
  });

  it("takes a leading apostrophe as 'this is text'", () => {
    const written = write([["'0.10", "'=1+1"]]);
    expect(written.values).toEqual([["0.10", "=1+1"]]);
    expect(written.formulas).toEqual([["", ""]]);
  });

  it("keeps JS numbers, booleans and other text as they are", () => {
    const written = write([[0.1, false, "USDT", "1.2.3", "0x1F", ""]]);
    expect(written.values).toEqual([[0.1, false, "USDT", "1.2.3", "0x1F", ""]]);
  });
});

describe("display values", () => {
  const shown = (value: unknown, format: string) =>
    new Emulator({ code: CODE }).run("formatted", [value, format]).value;

  it.each([
    [1234.5, "0", "1235"],
    [1234.5, "0.00", "1234.50"],
    [1234567.891, "#,##0.00", "1,234,567.89"],
    [-1234567.891, "#,##0.00", "-1,234,567.89"],
    [0.1234, "0.00%", "12.34%"],
    [0.5, "0%", "50%"],
    [1e-10, "0.###############", "1E-10"],
    [0.000001, "0.###############", "0.000001"],
    [123456.789, "0.###############", "123456.789"],
  ])("%p in format %p shows %p", (value, format, expected) => {
    expect(shown(value, format)).toBe(expected);
  });

  it("shows dates per their format", () => {
    const at = new Date(Date.UTC(2026, 0, 31, 14, 5, 9));
    expect(shown(at, "yyyy-mm-dd")).toBe("2026-01-31");
    expect(shown(at, "yyyy-mm-dd hh:mm:ss")).toBe("2026-01-31 14:05:09");
    expect(shown(at, "dd mmm yyyy")).toBe("31 Jan 2026");
  });
});

describe("typeInto", () => {
  it("types like a person, creating the sheet and honouring @ cells", () => {
    const emu = new Emulator({
      code: `function fmt() { SpreadsheetApp.getActive().insertSheet("Input").getRange("B1").setNumberFormat("@"); }`,
    });
    emu.run("fmt");
    emu.typeInto("Input", 1, 1, [["0.10", "0.10", "=1+2"]]);
    emu.typeInto("New", 2, 2, [["TRUE"]]);
    expect(emu.sheet("Input")?.values()).toEqual([[0.1, "0.10", 3]]);
    expect(emu.sheet("Input")?.formulas()).toEqual([["", "", "=1+2"]]);
    expect(emu.sheet("New")?.values()).toEqual([
      ["", ""],
      ["", true],
    ]);
  });
});
