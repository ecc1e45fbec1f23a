/** Small helpers every dialog script uses. Runs in the browser (DOM types: tsconfig.ui.json). */
import { DATA_VARIABLE, type DialogData, type DialogFile } from "../bridge";

/** The data the dialog was opened with (render.ts prints it as a JSON literal). */
export function dialogData<File extends DialogFile>(): DialogData[File] {
  const data = (window as unknown as Record<string, unknown>)[DATA_VARIABLE];
  if (data === undefined) throw new Error("The dialog was opened without its data.");
  return data as DialogData[File];
}

/** The element with this id, which the dialog's HTML or script put there. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The dialog has no element #${id}.`);
  return element as T;
}

/** The first body of the table #id. */
export function tableBody(id: string): HTMLTableSectionElement {
  const body = byId<HTMLTableElement>(id).tBodies[0];
  if (!body) throw new Error(`The dialog's table #${id} has no body.`);
  return body;
}

/** A new element with a class and text (text as text: never parsed as HTML). */
export function element<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  properties: { className?: string; id?: string; text?: string } = {},
): HTMLElementTagNameMap[Tag] {
  const node = document.createElement(tag);
  if (properties.className) node.className = properties.className;
  if (properties.id) node.id = properties.id;
  if (properties.text !== undefined) node.textContent = properties.text;
  return node;
}

/** A failure's message as google.script.run reports it. */
export function failureMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Marks a button as working (or not) without disabling it: a disabled button loses the focus,
 * and a keyboard user would be sent back to the top of the page. Clicks meanwhile are ignored by
 * the caller (`isBusy`).
 */
export function setBusy(button: HTMLButtonElement, busy: boolean): void {
  if (busy) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
}

export function isBusy(button: HTMLButtonElement): boolean {
  return button.getAttribute("aria-disabled") === "true";
}
