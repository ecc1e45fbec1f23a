/**
 * A provider's memory across runs (providers/entry.ts Directory), kept in a sheet of its own:
 * e.g. the CoinGate beneficiary payout settings the add-on created or found, so a repeat payee
 * costs no request. Read once per execution; new entries are appended as plain text, those of
 * one round of lookups and creates together (under the script lock: no other run appends).
 */
import type { Directory } from "../providers/entry";
import type { AppContext } from "./context";
import { appendTextRows } from "./log-sheet";

export function sheetDirectory(
  ctx: AppContext,
  sheetName: string,
  headers: readonly [string, string] = ["Key", "Value"],
): Directory {
  const HEADERS = [...headers, "Added at"];
  let known: Map<string, string> | undefined;
  const load = (): Map<string, string> => {
    if (known) return known;
    known = new Map();
    const sheet = ctx.workbook.sheet(sheetName);
    if (sheet && sheet.lastRow() > 1) {
      for (const [key = "", value = ""] of sheet.readDisplay(2, 1, sheet.lastRow() - 1, 2))
        known.set(key, value);
    }
    return known;
  };
  // Put since the last save: written together, in one append.
  const unsaved: string[][] = [];
  return {
    get: (key) => load().get(key),
    put(key, value) {
      const entries = load();
      if (entries.get(key) === value) return;
      entries.set(key, value);
      unsaved.push([key, value, new Date(ctx.clock.now()).toISOString()]);
    },
    save() {
      if (unsaved.length === 0) return;
      let sheet = ctx.workbook.sheet(sheetName);
      if (!sheet) {
        sheet = ctx.workbook.insertSheet(sheetName);
        sheet.setNumberFormat(1, 1, sheet.maxRows(), HEADERS.length, "@");
        sheet.write(1, 1, [HEADERS]);
      }
      appendTextRows(sheet, unsaved.splice(0));
    },
  };
}
