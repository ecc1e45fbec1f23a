/**
 * The Settings sidebar: opened from the menu, and the google.script.run targets it calls. Each
 * is a thin wrapper over app/settings; what they return is all the browser ever sees.
 */
import {
  getSettings,
  saveSettings,
  testConnection,
  type ConnectionReport,
  type SaveResult,
} from "../app/settings";
import { gasContext } from "../gas/context";
import { renderDialog } from "./render";

export function openSettings(): void {
  const html = renderDialog("Settings", { settings: getSettings(gasContext()) });
  SpreadsheetApp.getUi().showSidebar(html.setTitle("Payout settings"));
}

export function save(form: unknown): SaveResult {
  return saveSettings(gasContext(), form);
}

export function test(provider: unknown): ConnectionReport {
  return testConnection(gasContext(), String(provider));
}
