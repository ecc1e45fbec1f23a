/**
 * The Apps Script entry points: every export here becomes a global function of dist/Code.js
 * (esbuild.config.mjs writes the stubs). Each is one line; the work is in app/ and ui/. Every
 * function that changes something runs only for an identified person or one of this project's
 * own triggers (app/actor.ts): reached from the web app's URL, it changes nothing.
 */
import { asKnownActor } from "./app/actor";
import { approvePayouts as approve, revokeApprovals as revoke } from "./app/approvals/approve";
import { recordEdit } from "./app/approvals/edit-log";
import { withRole } from "./app/controls/roles";
import { freezePayouts as freeze, unfreezePayouts as unfreeze } from "./app/controls/freeze";
import { sendDailyDigest as digest } from "./app/audit/notify/digest";
import { verifyAuditLog as verify } from "./app/audit/verify";
import { showCallbacks } from "./app/callbacks/show";
import { checkProviderSetup as checkSetup } from "./app/provider-check/check";
import {
  installAutoRefresh as install,
  removeAutoRefresh as remove,
} from "./app/refresh/auto-refresh";
import { continueSubmission as resume, submitPayouts as submit } from "./app/submit/submit";
import { refreshPayouts as refresh } from "./app/refresh/refresh";
import {
  continueReconciliation as resumeReconcile,
  reconcilePayouts as reconcile,
} from "./app/reconcile/reconcile";
import { setupPayoutsSheet as setup } from "./app/setup/setup";
import { validatePayouts as validate } from "./app/validate/validate";
import { gasContext } from "./gas/context";
import { editEventOf } from "./gas/edit-event";
import { gasUi } from "./gas/ui";
import { handleGet, handlePost } from "./gas/web-app";
import * as approvals from "./ui/approvals";
import * as menu from "./ui/menu";
import * as settings from "./ui/settings";
import type { Served, ServerFunctions } from "./ui/bridge";

export const onOpen = () => menu.addMenu(gasUi);
export const onInstall = () => menu.addMenu(gasUi);
export const doPost = (e: GoogleAppsScript.Events.DoPost) => handlePost(e);
export const doGet = (e: GoogleAppsScript.Events.DoGet) => handleGet(e);
export const setupPayoutsSheet = () =>
  withRole(gasContext(), "admin", "setting up the sheet", setup);
export const validatePayouts = () => asKnownActor(gasContext(), null, "validating", validate);
export const submitPayouts = () => asKnownActor(gasContext(), null, "submitting", (c) => submit(c));
export const refreshPayouts = (e?: unknown) => asKnownActor(gasContext(), e, "refreshing", refresh);
export const installAutoRefresh = () =>
  withRole(gasContext(), "admin", "turning on auto-refresh", install);
export const removeAutoRefresh = () =>
  withRole(gasContext(), "admin", "turning off auto-refresh", remove);
export const freezePayouts = () => withRole(gasContext(), "admin", "freezing payouts", freeze);
export const unfreezePayouts = () =>
  withRole(gasContext(), "admin", "unfreezing payouts", unfreeze);
export const approvePayouts = (payoutIds: unknown) => approve(gasContext(), payoutIds);
export const revokeApprovals = (payoutIds: unknown) => revoke(gasContext(), payoutIds);
/** The installable on-edit trigger (setup installs it): who changed which row's inputs. */
export const onPayoutsEdit = (e: unknown) => {
  const edit = editEventOf(e);
  return edit ? recordEdit(gasContext(), edit) : { recorded: 0 };
};
export const continueSubmission = (e?: unknown) =>
  asKnownActor(gasContext(), e, "continuing the submission", resume);
export const reconcilePayouts = (e?: unknown) =>
  asKnownActor(gasContext(), e, "reconciling", reconcile);
export const continueReconciliation = (e?: unknown) =>
  asKnownActor(gasContext(), e, "continuing the reconciliation", resumeReconcile);
// Read-only requests, but it reaches the providers with their secrets: admins only.
export const checkProviderSetup = () =>
  withRole(gasContext(), "admin", "checking the provider setup", checkSetup);
// Read-only: verification writes nothing, so a caller Apps Script does not name may run it.
export const verifyAuditLog = () => verify(gasContext());
export const sendDailyDigest = (e?: unknown) =>
  asKnownActor(gasContext(), e, "sending the daily digest", digest);
export const applyCallbacks = (e?: unknown) =>
  asKnownActor(gasContext(), e, "showing callbacks", (ctx) => showCallbacks(ctx, e));
// Menu items and dialog callbacks (google.script.run).
export const menuSetup = () => menu.setup(gasUi, gasContext());
export const menuValidate = () => menu.validate(gasUi, gasContext());
export const menuSubmit = () => menu.openSubmitDialog(gasUi, gasContext());
export const menuRefresh = () => menu.refresh(gasUi, gasContext());
export const menuApprove = () => approvals.approveSelected(gasUi, gasContext());
export const menuRevoke = () => approvals.revokeSelected(gasUi, gasContext());
export const menuFreeze = () => menu.freeze(gasUi, gasContext());
export const menuUnfreeze = () => menu.unfreeze(gasUi, gasContext());
export const menuReconcile = () => menu.reconcile(gasUi, gasContext());
export const menuCallbackUrls = () => menu.showCallbackUrls(gasUi, gasContext());
export const menuInstallAutoRefresh = () => menu.installAutoRefresh(gasUi, gasContext());
export const menuRemoveAutoRefresh = () => menu.removeAutoRefresh(gasUi, gasContext());
export const confirmSubmit = (reviewed: unknown) => menu.confirmSubmit(gasContext(), reviewed);
export const menuCheckProviderSetup = () => menu.checkProviderSetup(gasUi, gasContext());
export const menuSettings = () => settings.openSettings(gasUi, gasContext());
export const menuVerifyAuditLog = () => menu.verifyAuditLog(gasUi, gasContext());
export const settingsSave = (form: unknown) => settings.save(gasContext(), form);
export const settingsTest = (provider: unknown) => settings.test(gasContext(), provider);
export const settingsConfirmPolicy = () => settings.confirmPolicy(gasContext());
export const settingsDiscardPolicy = () => settings.discardPolicy(gasContext());

/**
 * The dialogs call google.script.run targets by the names and types of ui/bridge.ts: this fails
 * to compile when one of them is missing above or answers something else.
 */
export type DialogTargets = Served<Pick<typeof import("./main"), keyof ServerFunctions>>;
