/**
 * applyCallbacks: the one-off trigger doPost schedules. A callback is applied to the record at
 * once (doPost stays within a few sheet calls); this run, a second later, writes the outcomes
 * doPost reached into the Callbacks rows and every row from the record. It asks no provider
 * anything: a callback still waiting is the refresh's.
 */
import type { AppContext } from "../context";
import { withScriptLock } from "../context";
import { notifyExceptions } from "../audit/notify/exception-mail";
import { recordOpenRows } from "../refresh/open-rows";
import { busy, LOCK_WAIT_MS, saveRun } from "../submit/submit";
import { openRun } from "../workspace";
import { applyPendingCallbacks, SHOW_CALLBACKS_HANDLER } from "./callbacks";

export interface ShowSummary {
  ok: boolean;
  message: string;
  applied?: number;
}

function triggerUidOf(event: unknown): string {
  const uid = (event as { triggerUid?: unknown } | null | undefined)?.triggerUid;
  return typeof uid === "string" || typeof uid === "number" ? String(uid) : "";
}

export function showCallbacks(ctx: AppContext, event?: unknown): ShowSummary {
  // A one-off trigger stays listed once it fired: it removes itself.
  const uid = triggerUidOf(event);
  if (uid)
    for (const trigger of ctx.triggers.list())
      if (trigger.handler === SHOW_CALLBACKS_HANDLER && trigger.id === uid)
        ctx.triggers.remove(trigger.id);
  return withScriptLock(ctx, LOCK_WAIT_MS, busy("showing the callbacks"), () => {
    const run = openRun(ctx);
    const applied = applyPendingCallbacks(ctx, run.journal, run.providers, {
      onlyRemembered: true,
    });
    saveRun(ctx, run);
    recordOpenRows(ctx, run.journal);
    const notified = notifyExceptions(
      ctx,
      run.journal,
      run.config.staleAfterHours,
      "Applying callbacks",
    );
    return {
      ok: true,
      message: [`${applied} waiting callback(s) applied; the rows show the record.`, notified]
        .filter(Boolean)
        .join(" "),
      applied,
    };
  });
}
