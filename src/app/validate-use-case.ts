/** validatePayouts: the headless use case behind the menu's "Validate rows". */
import { audit } from "./audit-log";
import { withScriptLock, type AppContext } from "./context";
import { busy, LOCK_WAIT_MS } from "./submit";
import { validateTable } from "./validate";
import { openRun } from "./workspace";

export interface ValidateSummary {
  ok: boolean;
  message: string;
  valid?: number;
  invalid?: number;
  newIds?: number;
  changedAfterSubmit?: number;
  catalogs?: { provider: string; source: string; note?: string }[];
}

export function validatePayouts(ctx: AppContext): ValidateSummary {
  return withScriptLock(ctx, LOCK_WAIT_MS, busy("validation"), () => {
    const { config, table, providers } = openRun(ctx);
    const result = validateTable(ctx, table, config, providers);
    table.write();
    const parts = [
      `${result.valid.length} valid`,
      `${result.invalid} invalid`,
      result.newIds ? `${result.newIds} new Payout ID(s)` : "",
      result.changedAfterSubmit
        ? `${result.changedAfterSubmit} submitted row(s) edited after submission`
        : "",
    ].filter(Boolean);
    const summary = {
      ok: true,
      message: [`${parts.join(", ")}.`, ...config.warnings].join(" "),
      valid: result.valid.length,
      invalid: result.invalid,
      newIds: result.newIds,
      changedAfterSubmit: result.changedAfterSubmit,
      catalogs: result.catalogs,
    };
    audit(ctx, "Validate rows", summary.message, summary);
    return summary;
  });
}
