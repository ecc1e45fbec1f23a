/**
 * The sandbox's file formats, around the libraries that do the work: CSV in (csv-parse: the
 * encoding, the separator, line numbers, errors that say where) and out (csv-stringify: BOM,
 * CRLF, formulas neutralised), and the workbook (exceljs: typed cells, read back with exceljs).
 */
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import fc from "fast-check";

import { chooseSeparator, CsvInputError, decodeText, printable, readCsv, writeCsv } from "./csv";
import { callbacksTable, chunk } from "./export";
import {
  amountCell,
  EXCEL_MAX_CELL,
  fitCell,
  TIME_FORMAT,
  writeWorkbook,
  type ExportSheet,
} from "./workbook";

const isHeader = (cell: string) =>
  ["provider", "recipient", "currency", "network", "address", "amount"].includes(
    cell.trim().toLowerCase(),
  );

describe("CSV in", () => {
  it("reads quotes, separators and line breaks in quotes, doubled quotes, CRLF, with line numbers", () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n,,\r\n\r\nlast,"",end';
    expect(readCsv(text, ",")).toEqual([
      { fields: ["a", "b", "c"], line: 1 },
      { fields: ["x, y", 'say "hi"', "two\nlines"], line: 2 },
      { fields: ["", "", ""], line: 4 },
      { fields: [""], line: 5 },
      { fields: ["last", "", "end"], line: 6 },
    ]);
    expect(readCsv("", ",")).toEqual([]);
  });

  it("says where a file is malformed, in words", () => {
    expect(() => readCsv('a,b\n"open,c\n', ",")).toThrow(CsvInputError);
    expect(() => readCsv('a,b\n"open,c\n', ",")).toThrow(
      /^line \d: a quoted field is never closed/,
    );
    expect(() => readCsv('a,"b"c\n', ",")).toThrow(
      /line 1: a quoted field is followed by more text/,
    );
  });

  it("finds the separator from the header row: comma, semicolon, tab, or a sep= line", () => {
    const choose = (text: string) => chooseSeparator(text, isHeader);
    expect(choose("Provider,Recipient;x\n").separator).toBe(",");
    expect(choose("\ufeffProvider;Recipient;Amount\r\nGatePay;Ann;1,5\r\n")).toMatchObject({
      separator: ";",
      how: "header row",
    });
    expect(choose("\n\nProvider\tRecipient\tAmount\n").separator).toBe("\t");
    const sep = choose("sep=;\nProvider;Recipient\n");
    expect(sep).toMatchObject({ separator: ";", how: "sep= line", lineOffset: 1 });
    expect(sep.text).toBe("Provider;Recipient\n");
    // Nothing recognisable: the default, which the header check then reports.
    expect(choose("Name|Sum\n")).toMatchObject({ separator: ",", how: "default" });
    expect(chooseSeparator("Provider;Recipient\n", isHeader, ",")).toMatchObject({
      separator: ",",
      how: "given",
    });
    expect(() => choose("sep=|\nA|B\n")).toThrow(/separator \|/);
  });

  it("decodes UTF-8 (BOM or not), UTF-16 with a BOM, Windows-1252; refuses binary files", () => {
    expect(decodeText(Buffer.from("\ufeffMüller,1\r\n", "utf8"))).toEqual({
      text: "Müller,1\r\n",
      encoding: "UTF-8",
    });
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("Provider\tAmount\r\nÅsa\t1\r\n", "utf16le"),
    ]);
    expect(decodeText(utf16)).toEqual({
      text: "Provider\tAmount\r\nÅsa\t1\r\n",
      encoding: "UTF-16LE",
    });
    expect(decodeText(Buffer.from("Müller;12\r\n", "latin1"))).toEqual({
      text: "Müller;12\r\n",
      encoding: "Windows-1252",
    });
    expect(() =>
      decodeText(Buffer.from("PK\u0003\u0004\u0014\u0000\u0006\u0000binary", "latin1")),
    ).toThrow(/this is a zip archive \(an \.xlsx workbook is one\), not a CSV text file\. Save it/);
    expect(() => decodeText(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1]))).toThrow(/old Excel/);
    expect(() => decodeText(Buffer.from("a,b\nc\u0000d,e\n", "latin1"))).toThrow(
      /^line 2: this is not a CSV text file: it holds the control character \\u0000/,
    );
  });

  it("echoes text only in a printable form", () => {
    expect(printable("a\u0000b\u001b[31m\tc")).toBe("a\\u0000b\\u001b[31m\\tc");
    expect(printable("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
  });
});

/** What a spreadsheet shows of a neutralised cell, once the apostrophe is taken off. */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

describe("CSV out", () => {
  it("writes a BOM and CRLF, and neutralises every cell a spreadsheet could run", () => {
    const rows = [
      ["Recipient", "Notes", "Amount"],
      ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-5"],
      ["@SUM(1)", "\t=1+1", "\uff1d1+1"],
      ["Ann, Jr.", 'say "hi"', "0.10"],
    ];
    const text = writeCsv(rows);
    expect(text.startsWith("\ufeffRecipient,Notes,Amount\r\n")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    const back = parse(text, { bom: true }) as string[][];
    expect(back).toEqual([
      ["Recipient", "Notes", "Amount"],
      [`'=HYPERLINK("http://evil.example","click")`, "'+cmd|' /C calc'!A0", "'-5"],
      ["'@SUM(1)", "'\t=1+1", "'\uff1d1+1"],
      ["Ann, Jr.", 'say "hi"', "0.10"],
    ]);
  });

  it("reads back what it writes, for any text, formulas neutralised", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: "binary" }), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          // A lone empty field on a line is indistinguishable from a blank line: CSV's own limit.
          const usable = rows.filter((row) => !(row.length === 1 && row[0] === ""));
          const back = parse(writeCsv(usable), {
            bom: true,
            relax_column_count: true,
          }) as string[][];
          expect(back).toEqual(
            usable.map((row) => row.map((cell) => (FORMULA_START.test(cell) ? `'${cell}` : cell))),
          );
        },
      ),
    );
  });
});

describe("amounts in the workbook", () => {
  it("are numbers only when the double prints back as the same decimal, within 15 digits", () => {
    const cases: [string, number | string, string?][] = [
      ["120.50", 120.5, "0.00"],
      ["0.1", 0.1, "0.0"],
      ["2384.61", 2384.61, "0.00"],
      ["10.1234567", 10.1234567, "0.0000000"],
      ["0.0000001", 1e-7, "0.0000000"],
      ["1000000", 1000000, "0"],
      ["-5", -5, "0"],
      ["123456789012.345", 123456789012.345, "0.000"],
      ["0.123456789012345678", "18 significant digits; a spreadsheet number keeps 15"],
      ["9007199254740993", "16 significant digits; a spreadsheet number keeps 15"],
      ["12,50", "not a plain decimal number"],
      ["1e3", "not a plain decimal number"],
      ["1,234.5", "not a plain decimal number"],
      ["", "not a plain decimal number"],
    ];
    for (const [text, value, numFmt] of cases) {
      const cell = amountCell(text);
      if (typeof value === "number") expect(cell).toEqual({ kind: "number", value, numFmt });
      else expect(cell).toEqual({ kind: "text", value: text, why: value });
    }
  });
});

describe("long cells", () => {
  it("are cut at Excel's limit with a marker naming where the whole text is", () => {
    expect(fitCell("short")).toBe("short");
    const long = "x".repeat(40_000);
    const cut = fitCell(long, "sandbox-callbacks.csv");
    expect(cut.length).toBe(EXCEL_MAX_CELL);
    expect(cut).toMatch(
      / … \[cut at Excel's 32,767-character cell limit: 40,000 characters in all; the whole text is in sandbox-callbacks\.csv\]$/,
    );
    // Never half a surrogate pair.
    const emoji = "😀".repeat(20_000);
    const cutEmoji = fitCell(emoji);
    expect(cutEmoji.length).toBeLessThanOrEqual(EXCEL_MAX_CELL);
    expect(cutEmoji.split(" … [cut")[0]).toBe("😀".repeat(cutEmoji.split(" … [cut")[0].length / 2));
  });

  it("callback bodies are re-split at Excel's limit; joined, they are the body", () => {
    const body = `{"data":"${"a".repeat(70_000)}"}`;
    const sheet = [
      ["Received at", "Provider", "Body", "Body (continued)", ""],
      ["2026-01-05T09:00:00.000Z", "GatePay", body.slice(0, 50_000), body.slice(50_000), ""],
      ["2026-01-05T09:01:00.000Z", "CoinGate", "{}", "", ""],
    ];
    const { headers, data } = callbacksTable(sheet);
    expect(headers).toEqual([
      "Received at",
      "Provider",
      "Body",
      "Body (continued)",
      "Body (continued 2)",
    ]);
    expect(data[0].slice(2).map((cell) => cell.length)).toEqual([
      32_767,
      32_767,
      body.length - 65_534,
    ]);
    expect(data[0].slice(2).join("")).toBe(body);
    expect(data[1]).toEqual(["2026-01-05T09:01:00.000Z", "CoinGate", "{}", "", ""]);
    expect(chunk("", 5)).toEqual([""]);
    expect(chunk("ab😀", 3)).toEqual(["ab", "😀"]);
  });
});

describe("the workbook", () => {
  const sheets: ExportSheet[] = [
    {
      name: "Payouts",
      columns: [
        { header: "Recipient", kind: "text" },
        { header: "Amount", kind: "amount" },
        { header: "Updated at", kind: "time", note: "UTC" },
        { header: "Submitted inputs", kind: "text", hidden: true },
      ],
      rows: [
        ['=HYPERLINK("http://evil.example","click")', "250.00", "2026-01-05T09:10:39.108Z", "ab12"],
        ["Ann", "0.123456789012345678", "not a time", ""],
        ["Bob", "x".repeat(40_000), "", ""],
      ],
      wholeTextIn: "sandbox-payouts.csv",
    },
    {
      name: "Record: [old]",
      columns: [{ header: "Seq", kind: "count" }],
      rows: [["1"], ["1.5"]],
      hidden: true,
    },
  ];

  it("reads back with exceljs, cell by cell, typed", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await writeWorkbook(sheets)) as unknown as ArrayBuffer);
    const [payouts, record] = workbook.worksheets;
    expect(payouts.name).toBe("Payouts");
    expect(payouts.state).toBe("visible");
    expect(payouts.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(payouts.autoFilter).toBe("A1:D4");
    expect(payouts.getColumn(4).hidden).toBe(true);
    expect(payouts.getColumn(1).width).toBeGreaterThanOrEqual(10);
    expect(payouts.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(payouts.getRow(1).getCell(3).note).toBe("UTC");
    const cell = (r: number, c: number) => payouts.getRow(r).getCell(c);
    expect(cell(2, 1).value).toBe('=HYPERLINK("http://evil.example","click")');
    expect(cell(2, 1).type).toBe(ExcelJS.ValueType.String);
    expect(cell(2, 2).value).toBe(250);
    expect(cell(2, 2).numFmt).toBe("0.00");
    expect((cell(2, 3).value as Date).toISOString()).toBe("2026-01-05T09:10:39.108Z");
    expect(cell(2, 3).numFmt).toBe(TIME_FORMAT);
    expect(cell(3, 2).value).toBe("0.123456789012345678");
    expect(cell(3, 2).note).toBe(
      "Kept as text: 18 significant digits; a spreadsheet number keeps 15.",
    );
    expect(cell(3, 3).value).toBe("not a time");
    expect(String(cell(4, 2).value).length).toBe(EXCEL_MAX_CELL);
    expect(String(cell(4, 2).value)).toMatch(/whole text is in sandbox-payouts\.csv\]$/);
    expect(record.name).toBe("Record_ _old_");
    expect(record.state).toBe("hidden");
    expect(record.getRow(2).getCell(1).value).toBe(1);
    expect(record.getRow(3).getCell(1).value).toBe("1.5");
    expect(record.getRow(3).getCell(1).note).toBe("Kept as text: not a whole number.");
  });

  it("writes the same bytes whenever it is written (the zip entries' times are fixed)", async () => {
    // Only Date is faked: JSZip stamps each entry with the current time.
    try {
      jest.useFakeTimers({
        doNotFake: ["nextTick", "setImmediate", "setTimeout", "queueMicrotask"],
        now: new Date("2026-01-05T09:00:00Z"),
      });
      const first = await writeWorkbook(sheets);
      jest.setSystemTime(new Date("2031-07-09T17:45:13Z"));
      const second = await writeWorkbook(sheets);
      expect(second.equals(first)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it("footer lines go below the table, outside its filter", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = { ...sheets[0], footer: ["Audit log: 3 entries, chain verified"] };
    await workbook.xlsx.load((await writeWorkbook([sheet])) as unknown as ArrayBuffer);
    const ws = workbook.worksheets[0];
    expect(ws.autoFilter).toBe("A1:D4");
    expect(ws.getRow(5).getCell(1).value).toBeNull();
    expect(ws.getRow(6).getCell(1).value).toBe("Audit log: 3 entries, chain verified");
  });

  it("needs a visible sheet", async () => {
    await expect(writeWorkbook([])).rejects.toThrow(/at least one sheet/);
    await expect(writeWorkbook([{ ...sheets[1] }])).rejects.toThrow(/visible sheet/);
  });
});
