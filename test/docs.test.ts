/**
 * The repo's own docs carry the public surface (a clone has no ../shared/CONTRACT.md): these
 * tests hold the pages to the code, so a column, status, entry point, setting or network added
 * in the code and not in the docs fails here.
 */
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { INPUT_COLUMNS, OUTPUT_COLUMNS } from "../src/domain/columns";
import { STATUSES } from "../src/domain/status";
import { allFields } from "../src/app/settings/fields";
import * as Main from "../src/main";
import { Harness } from "./support/harness";
import { networksTable } from "./docs/networks-table";

const ROOT = join(__dirname, "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** A markdown table's rows as trimmed cells (prettier pads them; the content is what counts). */
function tableRows(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|\s*-+/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split("|")
        .map((cell) => cell.trim()),
    );
}

describe("docs/public-surface.md", () => {
  const page = read("docs/public-surface.md");

  it("names every headless entry point of the bundle (the dialogs' and menu's own aside)", () => {
    const forDialogs = /^(menu|settings)|^confirmSubmit$/;
    const headless = Object.keys(Main).filter((name) => !forDialogs.test(name));
    expect(headless.length).toBeGreaterThan(15);
    const missing = headless.filter((name) => !page.includes(`\`${name}(`));
    expect(missing).toEqual([]);
  });

  it("names every column, status and setting", () => {
    const headers = [...Object.values(INPUT_COLUMNS), ...Object.values(OUTPUT_COLUMNS)];
    expect(headers.filter((header) => !page.includes(header))).toEqual([]);
    expect(STATUSES.filter((status) => status && !page.includes(`\`${status}\``))).toEqual([]);
    const keys = allFields().map((field) => field.key);
    expect(keys.filter((key) => !page.includes(`\`${key}\``))).toEqual([]);
  });
});

describe("docs/input-format.md", () => {
  const page = read("docs/input-format.md");

  it("lists the networks exactly as the code knows them (npx tsx test/docs/networks-table.ts)", () => {
    const documented = tableRows(page).filter(
      (row) => row.length === tableRows(networksTable())[0].length,
    );
    expect(documented).toEqual(tableRows(networksTable()));
  });

  it("describes every input column", () => {
    const described = tableRows(page).map((row) => row[0]);
    expect(Object.values(INPUT_COLUMNS).filter((h) => !described.includes(h))).toEqual([]);
  });
});

describe("docs/payouts-template.csv", () => {
  const records = parse(read("docs/payouts-template.csv"), { columns: true }) as Record<
    string,
    string
  >[];

  it("has every input column, in the sheet's order, and a row for each provider", () => {
    const [header] = read("docs/payouts-template.csv").split("\n");
    expect(header.split(",")).toEqual(Object.values(INPUT_COLUMNS));
    expect(new Set(records.map((row) => row.Provider))).toEqual(new Set(["GatePay", "CoinGate"]));
  });

  it("validates: every row of it is VALID in the add-on", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    h.addRows(records);
    h.call("validatePayouts");
    const rows = h.rows();
    expect(rows).toHaveLength(records.length);
    const refused = rows.filter((row) => row.Status !== "VALID");
    expect(refused.map((row) => `${row.Recipient}: ${row.Error}`)).toEqual([]);
  });
});

describe("README", () => {
  it("links only to files that exist", () => {
    const links = [...read("README.md").matchAll(/\]\(((?:docs|test|src)\/[^)#]+)\)/g)].map(
      (m) => m[1],
    );
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });
});
