/**
 * The one typed path between the dialogs' scripts (src/ui/client/, run in the browser) and the
 * server: the data each dialog opens with, and the google.script.run targets it may call with
 * their argument and result types, all taken from the server's own types.
 *
 * How it is checked, with the existing build:
 * - The dialogs' scripts are TypeScript, type-checked by tsconfig.ui.json (DOM types, which the
 *   server's own tsconfig.json leaves out) and bundled by esbuild.config.mjs into the dialog's
 *   HTML in dist/. They call the server only through `run` below, so a function name that is
 *   not in ServerFunctions, or a result field its type lacks, does not compile.
 * - main.ts checks that it exports every ServerFunctions name with a type a dialog may call as
 *   typed here (`Served`), so the names cannot drift from the bundle's global functions.
 * - render.ts opens each dialog with its DialogData, and the dialog's script reads the same type.
 *
 * Only types and the small `run`/`closeDialog` wrappers live here: nothing of the server's code
 * is bundled into a dialog.
 */
import type { SaveResult, SettingsForm } from "../app/settings/save";
import type { SettingsView } from "../app/settings/view";
import type { SubmitConfirmation } from "../app/submit/confirmation";
import type { PreviewSummary, SubmitSummary } from "../app/submit/submit";
import type { ConnectionReport } from "../providers/entry";

/** The google.script.run targets the dialogs call, as main.ts exports them. */
export interface ServerFunctions {
  /** Settings > Save. */
  settingsSave(form: SettingsForm): SaveResult;
  /** Settings > Confirm / Discard a policy change waiting for a second admin. */
  settingsConfirmPolicy(): SaveResult;
  settingsDiscardPolicy(): SaveResult;
  /** Settings > Test connection, by a section's id (a provider's callback parameter). */
  settingsTest(provider: string): ConnectionReport;
  /**
   * Submit payouts > Pay, with the fingerprint of the rows the dialog showed and, when the
   * top-up box is ticked, the shortfalls it named (read with a schema: app/submit/confirmation.ts).
   */
  confirmSubmit(reviewed: SubmitConfirmation): SubmitSummary;
}

/** Compiles only when `Exports` offers every server function with a type callable as above. */
export type Served<Exports extends ServerFunctions> = Exports;

/** One provider's section of the Callback URLs dialog. */
export interface CallbackUrlView {
  /** Its callback parameter, e.g. "gatepay": the id of its field. */
  param: string;
  name: string;
  /** Null until the web app's URL is known. */
  url: string | null;
  summary: string;
  steps: string[];
}

/** What each dialog file (src/ui/<name>.html) is opened with. */
export interface DialogData {
  Settings: { settings: SettingsView };
  SubmitDialog: { preview: PreviewSummary };
  CallbackUrls: { providers: CallbackUrlView[] };
}

export type DialogFile = keyof DialogData;

/**
 * The global each dialog's data is printed into by its template: `var data = <?!= data ?>;`
 * (render.ts), read by its script (client/page.ts) and by the end-to-end tests.
 */
export const DATA_VARIABLE = "data";

/** The client-side API Apps Script puts in a dialog's page (only what the dialogs use). */
interface ScriptRun {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRun;
  withFailureHandler(handler: (error: Error) => void): ScriptRun;
}
declare const google: {
  script: { run: ScriptRun; host: { close(): void } };
};

/**
 * Calls a server function through google.script.run: the answer as typed by ServerFunctions,
 * or the failure Apps Script reports (an exception on the server, a lost connection).
 */
export function run<Name extends keyof ServerFunctions>(
  name: Name,
  ...args: Parameters<ServerFunctions[Name]>
): Promise<ReturnType<ServerFunctions[Name]>> {
  return new Promise((resolve, reject) => {
    const runner = google.script.run
      .withSuccessHandler((value) => resolve(value as ReturnType<ServerFunctions[Name]>))
      .withFailureHandler(reject) as unknown as Record<Name, (...a: typeof args) => void>;
    runner[name](...args);
  });
}

/** Closes the dialog or sidebar. */
export function closeDialog(): void {
  google.script.host.close();
}
