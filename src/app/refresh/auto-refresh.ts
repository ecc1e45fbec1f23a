/**
 * The time-driven trigger that runs refreshPayouts. Exactly one exists however often it is
 * installed; the interval comes from AUTO_REFRESH_MINUTES (1, 5, 10, 15, 30 or 60; default 10).
 * On a consumer account triggers get 90 minutes a day in total: an idle refresh costs well under
 * a second, so even every 5 minutes stays far inside that budget.
 */
import { audit } from "../audit/log";
import { ensureDigestTrigger } from "../audit/notify/digest-trigger";
import { inAuditedRun } from "../audit/run";
import { readConfig } from "../config";
import { KEYS } from "../keys";
import type { AppContext } from "../context";

export const REFRESH_HANDLER = "refreshPayouts";

export interface AutoRefreshSummary {
  ok: true;
  installed: boolean;
  everyMinutes?: number;
  message: string;
}

export function installAutoRefresh(ctx: AppContext): AutoRefreshSummary {
  return inAuditedRun(ctx, false, () => install(ctx));
}

/** The refresh trigger, and the daily digest's alongside it. */
function install(ctx: AppContext): AutoRefreshSummary {
  ensureDigestTrigger(ctx);
  const minutes = readConfig(ctx.store).autoRefreshMinutes;
  const existing = ctx.triggers.list().filter((t) => t.handler === REFRESH_HANDLER);
  if (
    existing.length === 1 &&
    ctx.store.get(KEYS.autoRefreshInstalledMinutes) === String(minutes)
  ) {
    return {
      ok: true,
      installed: true,
      everyMinutes: minutes,
      message: `Auto-refresh already runs every ${minutes} minutes.`,
    };
  }
  for (const trigger of existing) ctx.triggers.remove(trigger.id);
  if (minutes >= 60) ctx.triggers.everyHours(REFRESH_HANDLER, minutes / 60);
  else ctx.triggers.everyMinutes(REFRESH_HANDLER, minutes);
  ctx.store.set(KEYS.autoRefreshInstalledMinutes, String(minutes));
  const message = `Auto-refresh now runs every ${minutes} minutes.`;
  audit(ctx, "Turn on auto-refresh", message, { everyMinutes: minutes });
  return { ok: true, installed: true, everyMinutes: minutes, message };
}

export function removeAutoRefresh(ctx: AppContext): AutoRefreshSummary {
  return inAuditedRun(ctx, false, () => remove(ctx));
}

/** The refresh trigger only: the daily digest keeps going. */
function remove(ctx: AppContext): AutoRefreshSummary {
  const existing = ctx.triggers.list().filter((t) => t.handler === REFRESH_HANDLER);
  for (const trigger of existing) ctx.triggers.remove(trigger.id);
  ctx.store.delete(KEYS.autoRefreshInstalledMinutes);
  if (existing.length) audit(ctx, "Turn off auto-refresh", "Auto-refresh is off.");
  return {
    ok: true,
    installed: false,
    message: existing.length ? "Auto-refresh is off." : "Auto-refresh was not on.",
  };
}

export function autoRefreshInstalled(ctx: AppContext): boolean {
  return ctx.triggers.list().some((t) => t.handler === REFRESH_HANDLER);
}
