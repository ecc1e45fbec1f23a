/**
 * The Settings sidebar: opened from the menu, and the google.script.run targets it calls. Each
 * is a thin wrapper over app/settings; what they return is all the browser ever sees.
 */
import { testConnection } from "../app/settings/connection";
import { saveSettings, type SaveResult } from "../app/settings/save";
import { getSettings } from "../app/settings/view";
import type { ConnectionReport } from "../providers/entry";
import { identify, type Actor } from "../app/actor";
import {
  confirmPending,
  discardPending,
  type PendingOutcome,
} from "../app/controls/pending-policy";
import { refuseUnlessRole } from "../app/controls/roles";
import type { AppContext } from "../app/context";
import type { Ui } from "../ports";
import { showSidebar } from "./render";

export function openSettings(ui: Ui, ctx: AppContext): void {
  const refusal = refuseUnlessRole(ctx, "admin", "opening the settings");
  if (refusal) {
    ui.alert("Settings", refusal.message);
    return;
  }
  showSidebar(ui, "Settings", { settings: getSettings(ctx) });
}

/** Saves only for a person Apps Script names: reached from the web app, it changes nothing. */
export function save(ctx: AppContext, form: unknown): SaveResult {
  const refusal = refuseUnlessRole(ctx, "admin", "saving settings");
  if (refusal) return { ok: false, message: refusal.message, errors: {} };
  return saveSettings(ctx, form);
}

export function test(ctx: AppContext, provider: unknown): ConnectionReport {
  const refusal = refuseUnlessRole(ctx, "admin", "testing a connection");
  if (refusal) return { provider: String(provider), outcome: "problem", message: refusal.message };
  return testConnection(ctx, String(provider));
}

/** Settings > Confirm (a policy change another admin made). */
export function confirmPolicy(ctx: AppContext): SaveResult {
  return decidePending(ctx, "confirming a policy change", confirmPending);
}

/** Settings > Discard (a policy change waiting for a second admin). */
export function discardPolicy(ctx: AppContext): SaveResult {
  return decidePending(ctx, "discarding a policy change", discardPending);
}

function decidePending(
  ctx: AppContext,
  action: string,
  decide: (ctx: AppContext, actor: Actor) => PendingOutcome,
): SaveResult {
  const refusal = refuseUnlessRole(ctx, "admin", action);
  const actor = identify(ctx);
  if (refusal || !actor) return { ok: false, message: refusal?.message ?? action, errors: {} };
  const outcome = decide(ctx, actor);
  return outcome.ok
    ? { ok: true, message: outcome.message, settings: getSettings(ctx) }
    : { ok: false, message: outcome.message, errors: {} };
}
