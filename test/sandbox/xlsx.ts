/**
 * A minimal .xlsx (Office Open XML SpreadsheetML) of text sheets: every cell an inline string,
 * the first row bold and frozen. Opens in Excel, LibreOffice and Google Sheets. `readXlsx` reads
 * back what `writeXlsx` writes (for tests), not arbitrary workbooks.
 */
import { readZip, writeZip } from "./zip";

export interface TextSheet {
  name: string;
  rows: string[][];
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
/** Excel refuses more characters than this in a cell. */
const MAX_CELL = 32767;

function escapeXml(text: string): string {
  return (
    text
      // Characters XML 1.0 cannot carry at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
  );
}

export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A valid, unique sheet name: at most 31 characters, none of : \ / ? * [ ]. */
function sheetNames(sheets: TextSheet[]): string[] {
  const used = new Set<string>();
  return sheets.map((sheet) => {
    const base = sheet.name.replace(/[:\\/?*[\]]/g, "_").slice(0, 31) || "Sheet";
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 28)} ${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

function worksheet(rows: string[][]): string {
  const width = Math.max(1, ...rows.map((row) => row.length));
  const body = rows
    .map((row, r) => {
      const cells = row
        .map((value, c) => {
          if (value === "") return "";
          const text = escapeXml(value.slice(0, MAX_CELL));
          const style = r === 0 ? ' s="1"' : "";
          return `<c r="${columnName(c)}${r + 1}" t="inlineStr"${style}><is><t xml:space="preserve">${text}</t></is></c>`;
        })
        .join("");
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join("");
  const dimension = `A1:${columnName(width - 1)}${Math.max(1, rows.length)}`;
  const frozen =
    rows.length > 1
      ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
      : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
  return `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><dimension ref="${dimension}"/>${frozen}<sheetFormatPr defaultRowHeight="15"/><sheetData>${body}</sheetData></worksheet>`;
}

export function writeXlsx(sheets: TextSheet[]): Buffer {
  if (sheets.length === 0) throw new Error("A workbook needs at least one sheet.");
  const names = sheetNames(sheets);
  const files: { name: string; text: string }[] = [
    {
      name: "[Content_Types].xml",
      text:
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join("") +
        "</Types>",
    },
    {
      name: "_rels/.rels",
      text: `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: "xl/workbook.xml",
      text:
        `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>` +
        names
          .map(
            (name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
          )
          .join("") +
        "</sheets></workbook>",
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      text:
        `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        sheets
          .map(
            (_, i) =>
              `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
          )
          .join("") +
        `<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
        "</Relationships>",
    },
    {
      // Style 0: default; style 1: bold (the header row).
      name: "xl/styles.xml",
      text:
        `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
        "</styleSheet>",
    },
    ...sheets.map((sheet, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      text: worksheet(sheet.rows),
    })),
  ];
  return writeZip(files.map((file) => ({ name: file.name, data: Buffer.from(file.text, "utf8") })));
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Reads the sheets of a workbook written by `writeXlsx` (inline strings only). */
export function readXlsx(data: Buffer): TextSheet[] {
  const files = new Map(readZip(data).map((entry) => [entry.name, entry.data.toString("utf8")]));
  const workbook = files.get("xl/workbook.xml");
  if (!workbook) throw new Error("No xl/workbook.xml: not a workbook.");
  const sheets: TextSheet[] = [];
  const sheetTags = [
    ...workbook.matchAll(/<sheet name="([^"]*)" sheetId="\d+" r:id="rId(\d+)"\/>/g),
  ];
  for (const [, name, id] of sheetTags) {
    const xml = files.get(`xl/worksheets/sheet${id}.xml`);
    if (xml === undefined) throw new Error(`Sheet ${name} has no part.`);
    const rows: string[][] = [];
    for (const [, r, cells] of xml.matchAll(/<row r="(\d+)">(.*?)<\/row>/gs)) {
      const row: string[] = [];
      for (const [, column, text] of cells.matchAll(
        /<c r="([A-Z]+)\d+" t="inlineStr"[^>]*><is><t[^>]*>(.*?)<\/t><\/is><\/c>/gs,
      )) {
        const index = columnIndex(column);
        while (row.length < index) row.push("");
        row[index] = unescapeXml(text);
      }
      rows[Number(r) - 1] = row;
    }
    sheets.push({ name: unescapeXml(name), rows: Array.from(rows, (row) => row ?? []) });
  }
  return sheets;
}
