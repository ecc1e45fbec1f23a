/** The one-off trigger that continues a submission a run could not finish (time budget). */
import type { AppContext } from "../context";

/** The continuation trigger's handler: a global of main.ts. */
export const CONTINUE_HANDLER = "continueSubmission";

/** Exactly one pending continuation trigger: older ones (fired or not) are replaced. */
export function scheduleContinuation(ctx: AppContext): boolean {
  for (const trigger of ctx.triggers.list()) {
    if (trigger.handler === CONTINUE_HANDLER) ctx.triggers.remove(trigger.id);
  }
  ctx.triggers.once(CONTINUE_HANDLER, 60_000);
  return true;
}
