/**
 * How a dialog file becomes a page, and which dialogs there are. Each file is an HtmlService
 * template with two tags: `<?!= styles ?>` in its head prints the shared stylesheet (Styles.html,
 * one copy for every dialog) and `var data = <?!= data ?>;` in a script tag its data, a JSON
 * literal read by the dialog's script (bridge.ts DialogData). Escaping "<" keeps any
 * "</script>" in the data from closing the tag. `files` is HtmlService
 * in Apps Script (gas/ui.ts) and a stand-in in the browser tests.
 */
import type { Ui } from "../ports";
import type { DialogData, DialogFile } from "./bridge";

/** The part of HtmlService a dialog needs. */
export interface HtmlFiles<Output> {
  createTemplateFromFile(file: string): { [property: string]: unknown; evaluate(): Output };
  createHtmlOutputFromFile(file: string): { getContent(): string };
}

export const STYLESHEET = "Styles";

export function renderDialog<Output>(
  files: HtmlFiles<Output>,
  file: string,
  data: unknown,
): Output {
  const template = files.createTemplateFromFile(file);
  template.styles = files.createHtmlOutputFromFile(STYLESHEET).getContent();
  template.data = JSON.stringify(data).replace(/</g, "\\u003c");
  return template.evaluate();
}

export const MODAL_DIALOGS = {
  SubmitDialog: { title: "Submit payouts", size: { width: 720, height: 560 } },
  CallbackUrls: { title: "Callback URLs", size: { width: 640, height: 480 } },
} as const satisfies Partial<Record<DialogFile, unknown>>;

const SIDEBARS = {
  Settings: { title: "Payout settings" },
} as const satisfies Partial<Record<DialogFile, unknown>>;

/** Opens a modal dialog with the data its script expects. */
export function showDialog<File extends keyof typeof MODAL_DIALOGS>(
  ui: Ui,
  file: File,
  data: DialogData[File],
): void {
  const { title, size } = MODAL_DIALOGS[file];
  ui.showModalDialog(file, data, title, size);
}

/** Opens a sidebar with the data its script expects. */
export function showSidebar<File extends keyof typeof SIDEBARS>(
  ui: Ui,
  file: File,
  data: DialogData[File],
): void {
  ui.showSidebar(file, data, SIDEBARS[file].title);
}
