import { Emulator } from "./emulator";

const CODE = `
function paint(color) {
  SpreadsheetApp.getActive().getSheets()[0].getRangeList(["B2", "C4:D5"]).setBackground(color);
}
function bad() {
  SpreadsheetApp.getActive().getSheets()[0].getRangeList(["not a range"]);
}
`;

describe("Sheet.getRangeList", () => {
  it("colours every cell of every range in one call, and clears them with null", () => {
    const emu = new Emulator({ code: CODE });
    const run = emu.run("paint", ["#fce8e6"]);
    expect(run.error).toBeUndefined();
    expect(run.meter.calls["RangeList.setBackground"]).toBe(1);
    const sheet = emu.sheet("Sheet1");
    const background = (row: number, column: number) => sheet?.cell(row, column)?.style?.background;
    expect([background(2, 2), background(4, 3), background(5, 4)]).toEqual([
      "#fce8e6",
      "#fce8e6",
      "#fce8e6",
    ]);
    expect(background(3, 3)).toBeUndefined();
    emu.run("paint", [null]);
    expect(background(2, 2)).toBeNull();
  });

  it("refuses a notation that is not a range", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("bad").error?.message).toBe("Range not found");
  });
});
