/** The sandbox's own file formats: CSV (RFC 4180), zip, xlsx. */
import { inflateRawSync } from "node:zlib";
import fc from "fast-check";

import { CsvError, parseCsv, toCsv } from "./csv";
import { crc32, readZip, writeZip } from "./zip";
import { columnName, readXlsx, writeXlsx } from "./xlsx";

describe("CSV", () => {
  it("reads quotes, commas and line breaks inside quotes, doubled quotes, CRLF and a BOM", () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n,,\r\nlast,"",end';
    expect(parseCsv(text)).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "two\nlines"],
      ["", "", ""],
      ["last", "", "end"],
    ]);
    expect(parseCsv("a\n\nb\n")).toEqual([["a"], [""], ["b"]]);
    expect(parseCsv("")).toEqual([]);
  });

  it("says where a file is malformed", () => {
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow(
      new CsvError("a quoted field is never closed", 2),
    );
    expect(() => parseCsv('a,"b"c\n')).toThrow(/line 1: unexpected "c" after a closing quote/);
    expect(() => parseCsv('a,b"c"\n')).toThrow(/line 1: a quote inside an unquoted field/);
  });

  it("writes what it reads back, for any text", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: "binary" }), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          // A lone empty field on a line is indistinguishable from a blank line: CSV's own limit.
          const usable = rows.filter((row) => !(row.length === 1 && row[0] === ""));
          expect(parseCsv(toCsv(usable))).toEqual(usable);
        },
      ),
    );
  });
});

describe("zip", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });

  it("writes deflated entries that read back, with UTF-8 names", () => {
    const entries = [
      { name: "a.txt", data: Buffer.from("hello ".repeat(100)) },
      { name: "dir/ünïcode.xml", data: Buffer.from("<x>€</x>") },
      { name: "empty", data: Buffer.alloc(0) },
    ];
    const zip = writeZip(entries);
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    const back = readZip(zip);
    expect(back.map((e) => [e.name, e.data.toString()])).toEqual(
      entries.map((e) => [e.name, e.data.toString()]),
    );
    // The first entry really is deflated: raw inflate of its bytes gives the text.
    const nameLength = zip.readUInt16LE(26);
    const size = zip.readUInt32LE(18);
    expect(inflateRawSync(zip.subarray(30 + nameLength, 30 + nameLength + size)).toString()).toBe(
      "hello ".repeat(100),
    );
  });

  it("notices corruption", () => {
    const zip = writeZip([{ name: "a", data: Buffer.from("abc") }]);
    expect(() => readZip(zip.subarray(0, zip.length - 30))).toThrow();
    expect(() => readZip(Buffer.from("not a zip at all, no records here"))).toThrow(/Not a zip/);
  });
});

describe("xlsx", () => {
  it("names columns like a spreadsheet", () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      "A",
      "Z",
      "AA",
      "AB",
      "AZ",
      "BA",
      "ZZ",
      "AAA",
    ]);
  });

  it("keeps every cell as text, exactly", () => {
    const sheets = [
      {
        name: "Payouts",
        rows: [
          ["Amount", "Address", "Note"],
          ["0.10", "0x00ab", "=SUM(A1) & <tag> \"q\" 'a'"],
          ["1e21", "", "line\nbreak  "],
        ],
      },
      { name: "Sheet: with [bad] chars / and a very long name indeed", rows: [["x"]] },
    ];
    const back = readXlsx(writeXlsx(sheets));
    expect(back[0]).toEqual({
      name: "Payouts",
      rows: [
        ["Amount", "Address", "Note"],
        ["0.10", "0x00ab", "=SUM(A1) & <tag> \"q\" 'a'"],
        ["1e21", "", "line\nbreak  "],
      ],
    });
    expect(back[1].name).toBe("Sheet_ with _bad_ chars _ and a");
    expect(back[1].name.length).toBeLessThanOrEqual(31);
  });

  it("is a package with the parts Excel needs", () => {
    const names = readZip(writeXlsx([{ name: "A", rows: [["1"]] }])).map((e) => e.name);
    expect(names).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/workbook.xml",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/worksheets/sheet1.xml",
    ]);
  });
});
