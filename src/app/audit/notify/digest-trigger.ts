/**
 * The daily digest's time-driven trigger: exactly one, however often setup or the auto-refresh
 * switch install it. It runs whether or not NOTIFY_EMAILS is set (the digest is silent while it
 * is empty), so that setting the list is all it takes to start the e-mails.
 */
import type { AppContext } from "../../context";

export const DIGEST_HANDLER = "sendDailyDigest";
/** Early morning in the script's time zone (appsscript.json), before the working day. */
const DIGEST_HOUR = 7;

/** Installs the trigger when missing (and removes any second one); true when it installed it. */
export function ensureDigestTrigger(ctx: AppContext): boolean {
  const existing = ctx.triggers.list().filter((trigger) => trigger.handler === DIGEST_HANDLER);
  for (const extra of existing.slice(1)) ctx.triggers.remove(extra.id);
  if (existing.length > 0) return false;
  ctx.triggers.everyDays(DIGEST_HANDLER, 1, DIGEST_HOUR);
  return true;
}
