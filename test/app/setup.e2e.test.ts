/**
 * setupPayoutsSheet end to end: the built bundle in the Apps Script emulator (test/support/harness).
 * What a person sees after Payouts > Set up sheet, that a second run changes nothing, and that a
 * sheet a person made by hand keeps every cell of its data.
 */
import { HEADERS, Harness } from "../support/harness";
import { INPUT_COLUMNS, OUTPUT_COLUMNS, PLAIN_TEXT_INPUTS } from "../../src/domain/columns";

const INPUT_HEADERS: string[] = Object.values(INPUT_COLUMNS);
const OUTPUT_HEADERS: string[] = Object.values(OUTPUT_COLUMNS);
const PLAIN_TEXT_HEADERS = PLAIN_TEXT_INPUTS.map((key) => INPUT_COLUMNS[key]);

function payouts(h: Harness) {
  const sheet = h.emu.sheet("Payouts");
  if (!sheet) throw new Error("No Payouts sheet");
  return sheet;
}

function headers(h: Harness): string[] {
  return payouts(h).display()[0];
}

function columnOf(h: Harness, header: string): number {
  const index = headers(h).indexOf(header);
  if (index < 0) throw new Error(`No column ${header}`);
  return index + 1;
}

/** Everything a person could notice about a sheet, every cell of its grid included. */
function sheetState(h: Harness, name: string) {
  const sheet = h.emu.sheet(name);
  if (!sheet) throw new Error(`No ${name} sheet`);
  const cells: Record<string, string> = {};
  for (let r = 1; r <= sheet.maxRows; r++) {
    for (let c = 1; c <= sheet.maxColumns; c++) {
      const cell = sheet.cell(r, c);
      if (!cell) continue;
      const { value, ...rest } = cell;
      const plain = value instanceof Date ? `date:${value.toISOString()}` : value;
      if (plain === "" && Object.values(rest).every((v) => v === undefined)) continue;
      cells[`${r},${c}`] = JSON.stringify({ value: plain, ...rest });
    }
  }
  return {
    cells,
    display: sheet.display(),
    protections: sheet.protections(),
    protectionCount: sheet.protections().length,
    frozenRows: sheet.frozenRows,
    hiddenColumns: sheet.hiddenColumns,
    maxRows: sheet.maxRows,
    maxColumns: sheet.maxColumns,
  };
}

function workbookState(h: Harness) {
  return {
    payouts: sheetState(h, "Payouts"),
    callbacks: sheetState(h, "Callbacks"),
    properties: h.emu.properties.all(),
  };
}

describe("setupPayoutsSheet on a new spreadsheet", () => {
  const h = new Harness();
  const summary = h.call<Record<string, unknown>>("setupPayoutsSheet");
  const sheet = payouts(h);

  it("creates the sheet with input headers first, then output headers", () => {
    expect(summary).toMatchObject({ ok: true, sheet: "Payouts", createdSheet: true });
    expect(headers(h)).toEqual([...INPUT_HEADERS, ...OUTPUT_HEADERS]);
    expect(headers(h)).toEqual(HEADERS);
    expect(headers(h).slice(0, INPUT_HEADERS.length)).toEqual(
      expect.arrayContaining(["Provider", "Recipient", "Amount", "Address", "Memo"]),
    );
    expect(summary.addedColumns).toEqual(HEADERS);
  });

  it("freezes and styles the header row", () => {
    expect(sheet.frozenRows).toBe(1);
    for (let c = 1; c <= HEADERS.length; c++) {
      expect(sheet.cell(1, c)?.style?.fontWeight).toBe("bold");
      expect(sheet.cell(1, c)?.style?.background).toBeTruthy();
    }
  });

  it("formats amounts, addresses, memos, IDs and every output column as plain text, on every row", () => {
    const plain = [...PLAIN_TEXT_HEADERS, ...OUTPUT_HEADERS];
    expect(plain).toEqual(
      expect.arrayContaining(["Amount", "Address", "Memo", "Company code", "Payout ID"]),
    );
    for (const header of plain) {
      const column = columnOf(h, header);
      for (let r = 2; r <= sheet.maxRows; r++) {
        if (sheet.cell(r, column)?.format !== "@")
          throw new Error(`${header} row ${r} is not plain text`);
      }
    }
  });

  it("keeps what a person then types in those columns exactly (0.10, 1e21, 007)", () => {
    const amount = columnOf(h, "Amount");
    const memo = columnOf(h, "Memo");
    const companyCode = columnOf(h, "Company code");
    h.emu.typeInto("Payouts", 2, amount, [["0.10"], ["1e21"], ["1,234.50"]]);
    h.emu.typeInto("Payouts", 2, memo, [["007"]]);
    h.emu.typeInto("Payouts", 2, companyCode, [["000123"]]);
    const values = payouts(h).values();
    expect([values[1][amount - 1], values[2][amount - 1], values[3][amount - 1]]).toEqual([
      "0.10",
      "1e21",
      "1,234.50",
    ]);
    expect(values[1][memo - 1]).toBe("007");
    expect(values[1][companyCode - 1]).toBe("000123");
  });

  it("puts drop-downs on Provider, Recipient type and Fee mode for every data row", () => {
    const expected: Record<string, string[]> = {
      Provider: ["CoinGate", "GatePay"],
      "Recipient type": ["person", "business"],
      "Fee mode": ["sender", "recipient"],
    };
    for (const [header, values] of Object.entries(expected)) {
      const column = columnOf(h, header);
      expect(sheet.cell(1, column)?.validation).toBeUndefined();
      for (let r = 2; r <= sheet.maxRows; r++) {
        const rule = sheet.cell(r, column)?.validation;
        if (!rule || JSON.stringify(rule.values) !== JSON.stringify(values) || rule.allowInvalid)
          throw new Error(`${header} row ${r}: ${JSON.stringify(rule)}`);
      }
    }
    const others = HEADERS.filter((header) => !(header in expected));
    for (const header of others) expect(sheet.cell(2, columnOf(h, header))?.validation).toBeFalsy();
  });

  it("protects exactly the output columns, with a warning only", () => {
    const protections = sheet.protections();
    expect(protections.length).toBeGreaterThan(0);
    const covered = new Set<number>();
    for (const p of protections) {
      expect(p).toMatchObject({ type: "RANGE", row: 1, warningOnly: true });
      expect(p.numRows).toBe(sheet.maxRows);
      for (let c = p.column; c < p.column + p.numColumns; c++) covered.add(c);
    }
    const outputs = OUTPUT_HEADERS.map((header) => columnOf(h, header));
    expect([...covered].sort((a, b) => a - b)).toEqual(outputs);
  });

  it("creates a random CALLBACK_TOKEN of at least 128 bits in hex", () => {
    const token = h.emu.properties.get("CALLBACK_TOKEN") ?? "";
    expect(summary.callbackTokenCreated).toBe(true);
    expect(token).toMatch(/^[0-9a-f]+$/);
    expect(token.length * 4).toBeGreaterThanOrEqual(128);
    const other = new Harness();
    other.call("setupPayoutsSheet");
    expect(other.emu.properties.get("CALLBACK_TOKEN")).not.toBe(token);
    // Not made of a repeated or constant pattern: most hex digits occur.
    expect(new Set(token).size).toBeGreaterThanOrEqual(12);
  });

  it("creates the Callbacks sheet", () => {
    const callbacks = h.emu.sheet("Callbacks");
    expect(callbacks).toBeDefined();
    expect(callbacks?.display()[0]).toEqual(expect.arrayContaining(["Received at", "Body"]));
  });

  it("never calls getUi (it runs from a trigger)", () => {
    const fresh = new Harness();
    const run = fresh.run("setupPayoutsSheet", { context: "trigger" });
    expect(run.error).toBeUndefined();
    expect(run.value).toMatchObject({ ok: true });
  });
});

describe("setupPayoutsSheet run again", () => {
  it("changes nothing on a set-up sheet", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    const before = workbookState(h);
    const summary = h.call("setupPayoutsSheet");
    expect(summary).toMatchObject({ createdSheet: false, addedColumns: [] });
    expect(summary.callbackTokenCreated).toBe(false);
    expect(workbookState(h)).toEqual(before);
  });

  it("changes nothing on a sheet with validated and submitted rows", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    h.addRows([
      {
        Provider: "GatePay",
        Recipient: "Bob",
        Currency: "USDT",
        Network: "TRC20",
        Address: "TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY",
        Amount: "2.50",
      },
      { Provider: "GatePay", Recipient: "=cmd", Amount: "1e21" },
    ]);
    h.call("submitPayouts");
    const before = workbookState(h);
    expect(before.payouts.display[1]).toContain("2.50");
    expect(before.payouts.display[1][columnOf(h, "Status") - 1]).not.toBe("");
    h.call("setupPayoutsSheet");
    h.call("setupPayoutsSheet");
    expect(workbookState(h)).toEqual(before);
  });

  it("keeps an existing CALLBACK_TOKEN", () => {
    const h = new Harness({ properties: { CALLBACK_TOKEN: "0123456789abcdef0123456789abcdef" } });
    const summary = h.call("setupPayoutsSheet");
    expect(summary.callbackTokenCreated).toBe(false);
    expect(h.emu.properties.get("CALLBACK_TOKEN")).toBe("0123456789abcdef0123456789abcdef");
  });

  it("keeps the Callbacks log it finds", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    const width = h.emu.sheet("Callbacks")?.display()[0].length ?? 0;
    const row = Array.from({ length: width }, (_, i) => `kept ${i}`);
    h.emu.typeInto("Callbacks", 2, 1, [row]);
    const before = sheetState(h, "Callbacks");
    h.call("setupPayoutsSheet");
    expect(sheetState(h, "Callbacks")).toEqual(before);
    expect(h.callbackLog()).toHaveLength(1);
  });
});

describe("setupPayoutsSheet on a sheet a person made", () => {
  // Custom order, an unknown column with data, an existing output column in the middle, and
  // text Sheets has already auto-typed (numbers, a boolean, a date, a formula).
  const typed = [
    ["Amount", "Notes", "Address", "Status", "provider ", "RECIPIENT", "Currency"],
    ["0.10", "keep me", "0xD0D350Aa0da84eeB26c249839E615dBDCbAFadaE", "", "GatePay", "Ann", "USDT"],
    ["1e21", "=1+2", "007", "", "CoinGate", "TRUE", "2026-01-31"],
    ["", "", "", "", "", "", ""],
    ["5", "after a gap", "x", "", "GatePay", "Zed", "BTC"],
  ];

  function madeByHand(): Harness {
    const h = new Harness();
    h.emu.typeInto("Payouts", 1, 1, typed);
    return h;
  }

  function originalCells(h: Harness) {
    const sheet = payouts(h);
    const values = sheet.values();
    const display = sheet.display();
    const formulas = sheet.formulas();
    return typed.map((row, r) =>
      row.map((_, c) => ({
        value: values[r][c] instanceof Date ? String(values[r][c]) : values[r][c],
        display: display[r][c],
        formula: formulas[r][c],
      })),
    );
  }

  it("leaves every original cell as it was and adds the missing columns after them", () => {
    const h = madeByHand();
    const before = originalCells(h);
    expect(before[1][0].value).toBe(0.1); // auto-typed, as Sheets does
    const summary = h.call<{ addedColumns: string[] }>("setupPayoutsSheet");
    expect(originalCells(h)).toEqual(before);

    const present = ["amount", "address", "status", "provider", "recipient", "currency"];
    const missing = HEADERS.filter((header) => !present.includes(header.toLowerCase()));
    expect(summary.addedColumns).toEqual(missing);
    expect(headers(h)).toEqual([...typed[0], ...missing]);
    // The added columns hold nothing below their header.
    for (const row of payouts(h).display().slice(1))
      expect(row.slice(typed[0].length).every((cell) => cell === "")).toBe(true);
  });

  it("formats, validates and protects the columns where they are", () => {
    const h = madeByHand();
    h.call("setupPayoutsSheet");
    const sheet = payouts(h);
    expect(sheet.cell(6, columnOf(h, "Amount"))?.format).toBe("@");
    expect(sheet.cell(6, columnOf(h, "Address"))?.format).toBe("@");
    expect(sheet.cell(6, columnOf(h, "Notes"))?.format).toBeUndefined();
    expect(sheet.cell(6, columnOf(h, "provider "))?.validation?.values).toEqual([
      "CoinGate",
      "GatePay",
    ]);
    const covered = new Set<number>();
    for (const p of sheet.protections())
      for (let c = p.column; c < p.column + p.numColumns; c++) covered.add(c);
    expect(covered.has(columnOf(h, "Status"))).toBe(true);
    expect(covered.has(columnOf(h, "Notes"))).toBe(false);
    expect(covered.has(columnOf(h, "Amount"))).toBe(false);
  });

  it("changes nothing when run a second time", () => {
    const h = madeByHand();
    h.call("setupPayoutsSheet");
    const before = workbookState(h);
    expect(h.call("setupPayoutsSheet")).toMatchObject({ addedColumns: [] });
    expect(workbookState(h)).toEqual(before);
  });

  it("validation then writes only into the add-on's columns", () => {
    const h = madeByHand();
    h.call("setupPayoutsSheet");
    const before = originalCells(h).map((row) => row.filter((_, c) => typed[0][c] !== "Status"));
    h.call("validatePayouts");
    const after = originalCells(h).map((row) => row.filter((_, c) => typed[0][c] !== "Status"));
    expect(after).toEqual(before);
    const status = columnOf(h, "Status") - 1;
    const display = payouts(h).display();
    expect(display[1][status]).toBe("INVALID"); // no network, no currency offered...
    expect(display[2][status]).toBe("INVALID");
    expect(display[3][status]).toBe(""); // the blank row stays blank
    expect(display[4][status]).toBe("INVALID");
    const error = display[2][columnOf(h, "Error") - 1];
    expect(error).toContain("scientific notation");
  });

  it("does not put a new column over a column that has data but no header", () => {
    const h = new Harness();
    h.emu.typeInto("Payouts", 1, 1, [
      ["Recipient", "Amount", ""],
      ["Bob", "5", "my own note"],
    ]);
    const summary = h.call<{ addedColumns: string[] }>("setupPayoutsSheet");
    const display = payouts(h).display();
    expect(display[0][2]).toBe("");
    expect(display[1][2]).toBe("my own note");
    expect(headers(h).slice(3)).toEqual(summary.addedColumns);
    // The note is still nobody's input: validation does not read it as the Provider.
    h.call("validatePayouts");
    const error = payouts(h).display()[1][columnOf(h, "Error") - 1];
    expect(error).toContain("Provider is empty");
    expect(payouts(h).display()[1][2]).toBe("my own note");
  });
});
