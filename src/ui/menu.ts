/**
 * The Payouts menu and its dialogs. Only this folder shows UI, and only through the Ui port
 * (gas/ui.ts): SpreadsheetApp.getUi throws in trigger and web-app contexts. Every action
 * delegates to the headless use cases; main.ts passes the Ui and the context in.
 */
import {
  installAutoRefresh as install,
  removeAutoRefresh as remove,
} from "../app/refresh/auto-refresh";
import { callbackUrl } from "../app/callbacks/url";
import { PROVIDERS } from "../providers/registry";
import { previewPayouts, type SubmitSummary } from "../app/submit/submit";
import { submitConfirmed } from "../app/submit/confirmation";
import { refreshPayouts } from "../app/refresh/refresh";
import { reconcilePayouts } from "../app/reconcile/reconcile";
import { setupPayoutsSheet } from "../app/setup/setup";
import { validatePayouts } from "../app/validate/validate";
import { verifyAuditLog as verify } from "../app/audit/verify";
import { checkProviderSetup as checkSetup } from "../app/provider-check/check";
import { identify, unidentified } from "../app/actor";
import { refuseUnlessRole, type Role } from "../app/controls/roles";
import { freezePayouts, unfreezePayouts } from "../app/controls/freeze";
import type { AppContext } from "../app/context";
import type * as Main from "../main";
import type { Ui } from "../ports";
import { showDialog } from "./render";

/** Each item runs a global function of the bundle: an export of main.ts (checked here). */
type MenuEntry = { label: string; functionName: keyof typeof Main } | { separator: true };

export const MENU_TITLE = "Payouts";

export const MENU_ITEMS: readonly MenuEntry[] = [
  { label: "Set up sheet", functionName: "menuSetup" },
  { label: "Validate rows", functionName: "menuValidate" },
  { label: "Submit payouts...", functionName: "menuSubmit" },
  { label: "Refresh statuses", functionName: "menuRefresh" },
  { label: "Reconcile", functionName: "menuReconcile" },
  { separator: true },
  { label: "Approve selected rows", functionName: "menuApprove" },
  { label: "Revoke approval of selected rows", functionName: "menuRevoke" },
  { label: "Freeze payouts", functionName: "menuFreeze" },
  { label: "Unfreeze payouts", functionName: "menuUnfreeze" },
  { separator: true },
  { label: "Show callback URLs", functionName: "menuCallbackUrls" },
  { label: "Turn on auto-refresh", functionName: "menuInstallAutoRefresh" },
  { label: "Turn off auto-refresh", functionName: "menuRemoveAutoRefresh" },
  { label: "Settings...", functionName: "menuSettings" },
  { label: "Check provider setup", functionName: "menuCheckProviderSetup" },
  { separator: true },
  { label: "Verify audit log", functionName: "menuVerifyAuditLog" },
];

export function addMenu(ui: Ui): void {
  ui.addMenu(MENU_TITLE, MENU_ITEMS);
}

/**
 * Whether Apps Script says who clicked the item and, for an item that needs a role, whether they
 * hold it; if not, says why nothing is done.
 */
function known(ui: Ui, ctx: AppContext, action: string, title: string, role?: Role): boolean {
  const refusal = role
    ? refuseUnlessRole(ctx, role, action)
    : identify(ctx)
      ? undefined
      : unidentified(action);
  if (!refusal) return true;
  ui.alert(title, refusal.message);
  return false;
}

export function setup(ui: Ui, ctx: AppContext): void {
  if (!known(ui, ctx, "setting up the sheet", "Payouts sheet", "admin")) return;
  const summary = setupPayoutsSheet(ctx);
  ui.alert(
    "Payouts sheet ready",
    summary.addedColumns.length
      ? `Added columns: ${summary.addedColumns.join(", ")}.`
      : "Every column was already there; formats and checks were re-applied.",
  );
}

export function validate(ui: Ui, ctx: AppContext): void {
  if (known(ui, ctx, "validating", "Validation"))
    ui.alert("Validation", validatePayouts(ctx).message);
}

export function refresh(ui: Ui, ctx: AppContext): void {
  if (known(ui, ctx, "refreshing", "Refresh")) ui.alert("Refresh", refreshPayouts(ctx).message);
}

export function reconcile(ui: Ui, ctx: AppContext): void {
  if (known(ui, ctx, "reconciling", "Reconciliation"))
    ui.alert("Reconciliation", reconcilePayouts(ctx).message);
}

export function installAutoRefresh(ui: Ui, ctx: AppContext): void {
  if (known(ui, ctx, "turning on auto-refresh", "Auto-refresh", "admin"))
    ui.alert("Auto-refresh", install(ctx).message);
}

export function removeAutoRefresh(ui: Ui, ctx: AppContext): void {
  if (known(ui, ctx, "turning off auto-refresh", "Auto-refresh", "admin"))
    ui.alert("Auto-refresh", remove(ctx).message);
}

export function openSubmitDialog(ui: Ui, ctx: AppContext): void {
  if (!known(ui, ctx, "submitting", "Submit payouts", "payer")) return;
  const preview = previewPayouts(ctx);
  showDialog(ui, "SubmitDialog", { preview });
}

/**
 * Called by the dialog's Pay button with the fingerprint of the rows it showed and the top-up
 * the payer promised (bridge.ts SubmitConfirmation).
 */
export function confirmSubmit(ctx: AppContext, reviewed: unknown): SubmitSummary {
  if (!identify(ctx)) return unidentified("submitting");
  return submitConfirmed(ctx, reviewed);
}

export function showCallbackUrls(ui: Ui, ctx: AppContext): void {
  if (!known(ui, ctx, "showing the callback URLs", "Callback URLs")) return;
  const providers = PROVIDERS.map((entry) => ({
    param: entry.callbackParam,
    name: entry.name,
    url: callbackUrl(ctx, entry.callbackParam),
    summary: entry.callbackSetup.summary,
    steps: [...entry.callbackSetup.steps],
  }));
  showDialog(ui, "CallbackUrls", { providers });
}

export function freeze(ui: Ui, ctx: AppContext): void {
  if (!known(ui, ctx, "freezing payouts", "Freeze payouts", "admin")) return;
  if (
    !ui.confirm(
      "Freeze payouts",
      "Stop every run and trigger from sending payouts until an admin unfreezes them?",
    )
  )
    return ui.alert("Freeze payouts", "Nothing was changed.");
  ui.alert("Freeze payouts", freezePayouts(ctx).message);
}

export function unfreeze(ui: Ui, ctx: AppContext): void {
  if (known(ui, ctx, "unfreezing payouts", "Unfreeze payouts", "admin"))
    ui.alert("Unfreeze payouts", unfreezePayouts(ctx).message);
}

export function checkProviderSetup(ui: Ui, ctx: AppContext): void {
  if (!known(ui, ctx, "checking the provider setup", "Check provider setup", "admin")) return;
  const result = checkSetup(ctx);
  ui.alert(result.ok ? "Provider setup checked" : "Provider setup", result.message);
}

/** Anyone may check the log (it changes nothing): the result in an alert. */
export function verifyAuditLog(ui: Ui, ctx: AppContext): void {
  const result = verify(ctx);
  ui.alert(result.ok ? "Audit log verified" : "Audit log", result.message);
}
