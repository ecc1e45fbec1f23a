/** validatePayouts: the headless use case behind the menu's "Validate rows". */
import { openReview } from "../approvals/review-rows";
import { frozenMessage, frozenState } from "../controls/freeze";
import { audit } from "../audit/log";
import { withScriptLock, type AppContext } from "../context";
import { busy, LOCK_WAIT_MS, saveRun } from "../submit/submit";
import { loadRules, validateRows } from "./rows";
import { openRun } from "../workspace";

export interface ValidateSummary {
  ok: boolean;
  message: string;
  valid?: number;
  invalid?: number;
  newIds?: number;
  /** Submitted rows whose inputs changed after submission. */
  changedAfterSubmit?: number;
  /** Rows whose cells claim a payout the add-on never sent. */
  disowned?: number;
  /** Payout IDs given back to rows after a person changed or cleared them. */
  restored?: number;
  catalogs?: { provider: string; source: string; note?: string }[];
}

export function validatePayouts(ctx: AppContext): ValidateSummary {
  return withScriptLock(ctx, LOCK_WAIT_MS, busy("validation"), () => {
    const run = openRun(ctx);
    const { plan, journal, table } = run;
    const loaded = loadRules(plan.unsubmitted, run.providers);
    const review = openReview(ctx, run.controls, true);
    run.review = review;
    const result = validateRows(ctx, table, plan, journal, loaded, review);
    saveRun(ctx, run);
    const changedAfterSubmit = [...plan.recorded.values()]
      .flat()
      .filter((row) => row.outputs.error.includes("Inputs changed after submission")).length;
    const frozenNow = frozenState(ctx);
    const parts = [
      `${result.valid.length} valid`,
      `${result.invalid} invalid`,
      result.newIds ? `${result.newIds} new Payout ID(s)` : "",
      changedAfterSubmit ? `${changedAfterSubmit} submitted row(s) edited after submission` : "",
      plan.restored ? `${plan.restored} changed Payout ID(s) put back` : "",
      plan.disowned.length
        ? `${plan.disowned.length} row(s) claim a payout the add-on never sent`
        : "",
      plan.returned ? `${plan.returned} queued row(s) edited: back to review` : "",
    ].filter(Boolean);
    const summary = {
      ok: true,
      message: [
        `${parts.join(", ")}.`,
        frozenNow ? frozenMessage(frozenNow) : "",
        journal.damageMessage(),
        ...run.config.warnings,
        ...run.controls.warnings,
      ]
        .filter(Boolean)
        .join(" "),
      valid: result.valid.length,
      invalid: result.invalid,
      newIds: result.newIds,
      changedAfterSubmit,
      disowned: plan.disowned.length,
      restored: plan.restored,
      catalogs: result.catalogs,
    };
    // Validation moves no money: it is worth a line only when it found what people did to the
    // sheet (edits after submission, typed or changed IDs, queued rows edited).
    if (changedAfterSubmit + plan.disowned.length + plan.restored + plan.returned > 0)
      audit(ctx, "Validate rows", summary.message, summary);
    return summary;
  });
}
