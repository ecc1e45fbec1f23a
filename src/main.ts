/**
 * The Apps Script entry points: every export here becomes a global function of dist/Code.js
 * (esbuild.config.mjs writes the stubs). Each is one line; the work is in app/ and ui/.
 */
import { installAutoRefresh as install, removeAutoRefresh as remove } from "./app/auto-refresh";
import { continueSubmission as resume, submitPayouts as submit } from "./app/submit";
import { refreshPayouts as refresh } from "./app/refresh";
import { setupPayoutsSheet as setup } from "./app/setup";
import { validatePayouts as validate } from "./app/validate-use-case";
import { gasContext } from "./gas/context";
import { handleGet, handlePost } from "./gas/web-app";
import * as menu from "./ui/menu";
import * as settings from "./ui/settings";

export const onOpen = () => menu.addMenu();
export const onInstall = () => menu.addMenu();
export const doPost = (e: GoogleAppsScript.Events.DoPost) => handlePost(e);
export const doGet = (e: GoogleAppsScript.Events.DoGet) => handleGet(e);
export const setupPayoutsSheet = () => setup(gasContext());
export const validatePayouts = () => validate(gasContext());
export const submitPayouts = () => submit(gasContext());
export const refreshPayouts = () => refresh(gasContext());
export const installAutoRefresh = () => install(gasContext());
export const removeAutoRefresh = () => remove(gasContext());
export const continueSubmission = () => resume(gasContext());
// Menu items and dialog callbacks (google.script.run).
export const menuSetup = () => menu.setup();
export const menuValidate = () => menu.validate();
export const menuSubmit = () => menu.openSubmitDialog();
export const menuRefresh = () => menu.refresh();
export const menuCallbackUrls = () => menu.showCallbackUrls();
export const menuInstallAutoRefresh = () => menu.installAutoRefresh();
export const menuRemoveAutoRefresh = () => menu.removeAutoRefresh();
export const confirmSubmit = (reviewed: string) => menu.confirmSubmit(reviewed);
export const menuSettings = () => settings.openSettings();
export const settingsSave = (form: unknown) => settings.save(form);
export const settingsTest = (provider: unknown) => settings.test(provider);
