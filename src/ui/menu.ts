/**
 * The Payouts menu and its dialogs. Only this folder shows UI (SpreadsheetApp.getUi throws in
 * trigger and web-app contexts); every action delegates to the headless use cases.
 */
import { installAutoRefresh as install, removeAutoRefresh as remove } from "../app/auto-refresh";
import { callbackUrl } from "../app/callback-url";
import { previewPayouts, submitPayouts, type SubmitSummary } from "../app/submit";
import { refreshPayouts } from "../app/refresh";
import { setupPayoutsSheet } from "../app/setup";
import { validatePayouts } from "../app/validate-use-case";
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

export function setup(): void {
  const summary = setupPayoutsSheet(gasContext());
  tell(
    "Payouts sheet ready",
    summary.addedColumns.length
      ? `Added columns: ${summary.addedColumns.join(", ")}.`
      : "Every column was already there; formats and checks were re-applied.",
  );
}

export function validate(): void {
  tell("Validation", validatePayouts(gasContext()).message);
}

export function refresh(): void {
  tell("Refresh", refreshPayouts(gasContext()).message);
}

export function installAutoRefresh(): void {
  tell("Auto-refresh", install(gasContext()).message);
}

export function removeAutoRefresh(): void {
  tell("Auto-refresh", remove(gasContext()).message);
}

export function openSubmitDialog(): void {
  const preview = previewPayouts(gasContext());
  const html = renderDialog("SubmitDialog", { preview }).setWidth(720).setHeight(560);
  SpreadsheetApp.getUi().showModalDialog(html, "Submit payouts");
}

/** Called by the dialog's Confirm button with the fingerprint of the rows it showed. */
export function confirmSubmit(reviewed: string): SubmitSummary {
  return submitPayouts(gasContext(), { reviewed: String(reviewed) });
}

export function showCallbackUrls(): void {
  const ctx = gasContext();
  const urls = { coingate: callbackUrl(ctx, "coingate"), gatepay: callbackUrl(ctx, "gatepay") };
  const html = renderDialog("CallbackUrls", { urls }).setWidth(640).setHeight(420);
  SpreadsheetApp.getUi().showModalDialog(html, "Callback URLs");
}
