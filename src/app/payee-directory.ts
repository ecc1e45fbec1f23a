/**
 * CoinGate beneficiary payout settings the add-on created or found, kept in a hidden sheet so a
 * repeat payee costs no request. Read once per execution; new entries are appended.
 */
import { SHEETS } from "./sheet-names";
import type { PayeeDirectory } from "../providers/coingate";
import type { AppContext } from "./context";

export function sheetPayeeDirectory(ctx: AppContext): PayeeDirectory {
  let known: Map<string, string> | undefined;
  const load = (): Map<string, string> => {
    if (known) return known;
    known = new Map();
    const sheet = ctx.workbook.sheet(SHEETS.payees);
    if (sheet && sheet.lastRow() > 1) {
      for (const [key, id] of sheet.readDisplay(2, 1, sheet.lastRow() - 1, 2)) known.set(key, id);
    }
    return known;
  };
  return {
    get: (key) => load().get(key),
    put(key, payoutSettingId) {
      const entries = load();
      if (entries.get(key) === payoutSettingId) return;
      entries.set(key, payoutSettingId);
      let sheet = ctx.workbook.sheet(SHEETS.payees);
      if (!sheet) {
        sheet = ctx.workbook.insertSheet(SHEETS.payees);
        sheet.setNumberFormat(1, 1, sheet.maxRows(), 3, "@");
        sheet.write(1, 1, [["Payee key", "Beneficiary payout setting ID", "Added at"]]);
      }
      sheet.appendRow([key, payoutSettingId, new Date(ctx.clock.now()).toISOString()]);
    },
  };
}
