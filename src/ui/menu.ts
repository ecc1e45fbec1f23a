/**
 * The Payouts menu and its dialogs. Only this folder shows UI (SpreadsheetApp.getUi throws in
 * trigger and web-app contexts); every action delegates to the headless use cases.
 */
import {
  installAutoRefresh as install,
  removeAutoRefresh as remove,
} from "../app/refresh/auto-refresh";
import { callbackUrl } from "../app/callbacks/url";
import { previewPayouts, submitPayouts, type SubmitSummary } from "../app/submit/submit";
import { refreshPayouts } from "../app/refresh/refresh";
import { setupPayoutsSheet } from "../app/setup/setup";
import { validatePayouts } from "../app/validate/validate";
import { identify, unidentified } from "../app/actor";
import type { AppContext } from "../app/context";
import { gasContext } from "../gas/context";
import { renderDialog } from "./render";

export function addMenu(): void {
  SpreadsheetApp.getUi()
    .createMenu("Payouts")
    .addItem("Set up sheet", "menuSetup")
    .addItem("Validate rows", "menuValidate")
    .addItem("Submit payouts...", "menuSubmit")
    .addItem("Refresh statuses", "menuRefresh")
    .addSeparator()
    .addItem("Show callback URLs", "menuCallbackUrls")
    .addItem("Turn on auto-refresh", "menuInstallAutoRefresh")
    .addItem("Turn off auto-refresh", "menuRemoveAutoRefresh")
    .addItem("Settings...", "menuSettings")
    .addToUi();
}

function tell(title: string, message: string): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert(title, message, ui.ButtonSet.OK);
}

/**
 * The context for a menu item, or undefined (after saying why) when Apps Script does not say
 * who clicked it: nothing is done for a person it cannot name.
 */
function known(action: string, title: string): AppContext | undefined {
  const ctx = gasContext();
  if (identify(ctx)) return ctx;
  tell(title, unidentified(action).message);
  return undefined;
}

export function setup(): void {
  const ctx = known("setting up the sheet", "Payouts sheet");
  if (!ctx) return;
  const summary = setupPayoutsSheet(ctx);
  tell(
    "Payouts sheet ready",
    summary.addedColumns.length
      ? `Added columns: ${summary.addedColumns.join(", ")}.`
      : "Every column was already there; formats and checks were re-applied.",
  );
}

export function validate(): void {
  const ctx = known("validating", "Validation");
  if (ctx) tell("Validation", validatePayouts(ctx).message);
}

export function refresh(): void {
  const ctx = known("refreshing", "Refresh");
  if (ctx) tell("Refresh", refreshPayouts(ctx).message);
}

export function installAutoRefresh(): void {
  const ctx = known("turning on auto-refresh", "Auto-refresh");
  if (ctx) tell("Auto-refresh", install(ctx).message);
}

export function removeAutoRefresh(): void {
  const ctx = known("turning off auto-refresh", "Auto-refresh");
  if (ctx) tell("Auto-refresh", remove(ctx).message);
}

export function openSubmitDialog(): void {
  const ctx = known("submitting", "Submit payouts");
  if (!ctx) return;
  const preview = previewPayouts(ctx);
  const html = renderDialog("SubmitDialog", { preview }).setWidth(720).setHeight(560);
  SpreadsheetApp.getUi().showModalDialog(html, "Submit payouts");
}

/** Called by the dialog's Confirm button with the fingerprint of the rows it showed. */
export function confirmSubmit(reviewed: string): SubmitSummary {
  const ctx = gasContext();
  if (!identify(ctx)) return unidentified("submitting");
  return submitPayouts(ctx, { reviewed: String(reviewed) });
}

export function showCallbackUrls(): void {
  const ctx = known("showing the callback URLs", "Callback URLs");
  if (!ctx) return;
  const urls = { coingate: callbackUrl(ctx, "coingate"), gatepay: callbackUrl(ctx, "gatepay") };
  const html = renderDialog("CallbackUrls", { urls }).setWidth(640).setHeight(420);
  SpreadsheetApp.getUi().showModalDialog(html, "Callback URLs");
}
