/**
 * SpreadsheetApp.getUi(): menus, alerts, prompts, dialogs and sidebars, all recorded in the
 * Execution's UiRecord. Only an execution started from the document (a menu click, onOpen, the
 * editor's Run button) has a UI; triggers and web apps get Apps Script's refusal.
 */
import type { Scope } from "../scope";
import type { FakeHtmlOutput } from "./html";

export type MenuEntry =
  { caption: string; functionName: string } | { separator: true } | { submenu: MenuRecord };

export interface MenuRecord {
  name: string;
  /** createAddonMenu() rather than createMenu(name). */
  addon: boolean;
  items: MenuEntry[];
}

export interface AlertRecord {
  title: string;
  prompt: string;
  buttons: string;
  response: string;
}

export interface PromptRecord extends AlertRecord {
  responseText: string;
}

export interface DialogRecord {
  kind: "modal" | "modeless" | "sidebar";
  title: string;
  html: string;
  width?: number;
  height?: number;
}

export interface ToastRecord {
  message: string;
  title: string;
  timeoutSeconds: number;
}

export interface UiRecord {
  menus: MenuRecord[];
  alerts: AlertRecord[];
  prompts: PromptRecord[];
  dialogs: DialogRecord[];
  toasts: ToastRecord[];
}

export function emptyUiRecord(): UiRecord {
  return { menus: [], alerts: [], prompts: [], dialogs: [], toasts: [] };
}

export const ButtonSet = Object.freeze({
  OK: "OK",
  OK_CANCEL: "OK_CANCEL",
  YES_NO: "YES_NO",
  YES_NO_CANCEL: "YES_NO_CANCEL",
});

export const Button = Object.freeze({
  CLOSE: "CLOSE",
  OK: "OK",
  CANCEL: "CANCEL",
  YES: "YES",
  NO: "NO",
});

const UI_CONTEXTS = new Set(["menu", "editor"]);

export class FakeMenu {
  readonly record: MenuRecord;

  constructor(
    private readonly scope: Scope,
    name: string,
    addon: boolean,
  ) {
    this.record = { name, addon, items: [] };
  }

  addItem(caption: string, functionName: string): this {
    this.record.items.push({ caption: String(caption), functionName: String(functionName) });
    return this;
  }

  addSeparator(): this {
    this.record.items.push({ separator: true });
    return this;
  }

  addSubMenu(menu: FakeMenu): this {
    this.record.items.push({ submenu: menu.record });
    return this;
  }

  addToUi(): void {
    this.scope.rt.call("Menu.addToUi", () => {
      this.scope.ui.menus.push(this.record);
    });
  }
}

class FakePromptResponse {
  constructor(
    private readonly button: string,
    private readonly text: string,
  ) {}

  getSelectedButton(): string {
    return this.button;
  }

  getResponseText(): string {
    return this.text;
  }
}

export class FakeUi {
  readonly ButtonSet = ButtonSet;
  readonly Button = Button;

  constructor(private readonly scope: Scope) {}

  createMenu(caption: string): FakeMenu {
    return this.scope.rt.call(
      "Ui.createMenu",
      () => new FakeMenu(this.scope, String(caption), false),
    );
  }

  createAddonMenu(): FakeMenu {
    return this.scope.rt.call("Ui.createAddonMenu", () => new FakeMenu(this.scope, "", true));
  }

  /** alert(prompt), alert(prompt, buttons) or alert(title, prompt, buttons). */
  alert(first: string, second?: string, third?: string): string {
    return this.scope.rt.call("Ui.alert", () => {
      const { title, prompt, buttons } = dialogArguments(first, second, third);
      const response = this.nextResponse(buttons).button;
      this.scope.ui.alerts.push({ title, prompt, buttons, response });
      return response;
    });
  }

  /** prompt(prompt), prompt(prompt, buttons) or prompt(title, prompt, buttons). */
  prompt(first: string, second?: string, third?: string): FakePromptResponse {
    return this.scope.rt.call("Ui.prompt", () => {
      const { title, prompt, buttons } = dialogArguments(first, second, third);
      const { button, text } = this.nextResponse(buttons);
      this.scope.ui.prompts.push({ title, prompt, buttons, response: button, responseText: text });
      return new FakePromptResponse(button, text);
    });
  }

  showModalDialog(userInterface: FakeHtmlOutput, title: string): void {
    this.show("showModalDialog", "modal", userInterface, String(title));
  }

  showModelessDialog(userInterface: FakeHtmlOutput, title: string): void {
    this.show("showModelessDialog", "modeless", userInterface, String(title));
  }

  showSidebar(userInterface: FakeHtmlOutput): void {
    this.show("showSidebar", "sidebar", userInterface, userInterface.getTitle());
  }

  private show(method: string, kind: DialogRecord["kind"], html: FakeHtmlOutput, title: string) {
    this.scope.rt.call(`Ui.${method}`, () => {
      this.scope.ui.dialogs.push({
        kind,
        title,
        html: html.getContent(),
        width: html.getWidth(),
        height: html.getHeight(),
      });
    });
  }

  /** The next scripted answer ("YES", or "OK:typed text" for prompts), else the default. */
  private nextResponse(buttons: string): { button: string; text: string } {
    const scripted = this.scope.uiResponses.shift();
    if (scripted === undefined) {
      return { button: buttons.startsWith("YES") ? Button.YES : Button.OK, text: "" };
    }
    const colon = scripted.indexOf(":");
    return colon < 0
      ? { button: scripted, text: "" }
      : { button: scripted.slice(0, colon), text: scripted.slice(colon + 1) };
  }
}

function dialogArguments(first: string, second?: string, third?: string) {
  if (third !== undefined)
    return { title: String(first), prompt: String(second), buttons: String(third) };
  const isButtonSet = second !== undefined && second in ButtonSet;
  if (second !== undefined && !isButtonSet) {
    return { title: String(first), prompt: String(second), buttons: ButtonSet.OK };
  }
  return { title: "", prompt: String(first), buttons: String(second ?? ButtonSet.OK) };
}

/** What SpreadsheetApp.getUi() returns, or throws, in this execution's context. */
export function uiFor(scope: Scope): FakeUi {
  if (!UI_CONTEXTS.has(scope.context)) {
    throw scope.realm.error("Cannot call SpreadsheetApp.getUi() from this context.");
  }
  return new FakeUi(scope);
}
