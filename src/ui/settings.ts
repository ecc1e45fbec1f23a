/**
 * The Settings sidebar: opened from the menu, and the google.script.run targets it calls. Each
 * is a thin wrapper over app/settings; what they return is all the browser ever sees.
 */
import { testConnection } from "../app/settings/connection";
import { saveSettings, type SaveResult } from "../app/settings/save";
import { getSettings } from "../app/settings/view";
import type { ConnectionReport } from "../providers/entry";
import { identify, unidentified } from "../app/actor";
import type { AppContext } from "../app/context";
import type { Ui } from "../ports";
import { showSidebar } from "./render";

export function openSettings(ui: Ui, ctx: AppContext): void {
  if (!identify(ctx)) {
    ui.alert("Settings", unidentified("opening the settings").message);
    return;
  }
  showSidebar(ui, "Settings", { settings: getSettings(ctx) });
}

/** Saves only for a person Apps Script names: reached from the web app, it changes nothing. */
export function save(ctx: AppContext, form: unknown): SaveResult {
  if (!identify(ctx))
    return { ok: false, message: unidentified("saving settings").message, errors: {} };
  return saveSettings(ctx, form);
}

export function test(ctx: AppContext, provider: unknown): ConnectionReport {
  if (!identify(ctx))
    return {
      provider: String(provider),
      outcome: "problem",
      message: unidentified("testing a connection").message,
    };
  return testConnection(ctx, String(provider));
}
