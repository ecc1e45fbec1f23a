/**
 * The Settings sidebar: opened from the menu, and the google.script.run targets it calls. Each
 * is a thin wrapper over app/settings; what they return is all the browser ever sees.
 */
import { testConnection } from "../app/settings/connection";
import { saveSettings, type SaveResult } from "../app/settings/save";
import { getSettings } from "../app/settings/view";
import type { ConnectionReport } from "../providers/entry";
import { identify, unidentified } from "../app/actor";
import { gasContext } from "../gas/context";
import { renderDialog } from "./render";

export function openSettings(): void {
  const ctx = gasContext();
  if (!identify(ctx)) {
    const ui = SpreadsheetApp.getUi();
    ui.alert("Settings", unidentified("opening the settings").message, ui.ButtonSet.OK);
    return;
  }
  const html = renderDialog("Settings", { settings: getSettings(ctx) });
  SpreadsheetApp.getUi().showSidebar(html.setTitle("Payout settings"));
}

/** Saves only for a person Apps Script names: reached from the web app, it changes nothing. */
export function save(form: unknown): SaveResult {
  const ctx = gasContext();
  if (!identify(ctx))
    return { ok: false, message: unidentified("saving settings").message, errors: {} };
  return saveSettings(ctx, form);
}

export function test(provider: unknown): ConnectionReport {
  const ctx = gasContext();
  if (!identify(ctx))
    return {
      provider: String(provider),
      outcome: "problem",
      message: unidentified("testing a connection").message,
    };
  return testConnection(ctx, String(provider));
}
