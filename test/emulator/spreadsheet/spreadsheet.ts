/** SpreadsheetApp and the one spreadsheet the script is bound to. */
import type { Scope } from "../scope";
import { uiFor } from "../services/ui";
import { FakeDataValidationBuilder } from "./data-validation";
import { FakeProtection } from "./protection";
import type { FakeRange } from "./range";
import { FakeRichTextValueBuilder } from "./rich-text";
import { activeRange, activeRangeList, activeSelection, type FakeRangeList } from "./selection";
import { FakeSheet } from "./sheet";

export class FakeSpreadsheet {
  constructor(private readonly scope: Scope) {}

  private get model() {
    return this.scope.state.spreadsheet;
  }

  private call<T>(method: string, effect: () => T): T {
    return this.scope.rt.call(`Spreadsheet.${method}`, effect);
  }

  getId(): string {
    return this.call("getId", () => this.model.id);
  }

  getName(): string {
    return this.call("getName", () => this.model.name);
  }

  rename(newName: string): void {
    this.call("rename", () => {
      this.model.name = String(newName);
    });
  }

  getUrl(): string {
    return this.call("getUrl", () => this.model.url);
  }

  getSpreadsheetTimeZone(): string {
    return this.call("getSpreadsheetTimeZone", () => this.model.timeZone);
  }

  getSheetByName(name: string): FakeSheet | null {
    return this.call("getSheetByName", () => {
      const sheet = this.model.sheetByName(String(name));
      return sheet ? new FakeSheet(this.scope, sheet) : null;
    });
  }

  /**
   * A range by A1 notation with its sheet ("'Payout record'!A2:F"); without a sheet name, on
   * the active sheet. One handle call, like Sheet.getRange.
   */
  getRange(a1Notation: string): FakeRange {
    return this.call("getRange", () => {
      const text = String(a1Notation);
      const match = /^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$/.exec(text);
      const name = match ? (match[1] ?? match[2]).replace(/''/g, "'") : undefined;
      const model = name ? this.model.sheetByName(name) : activeSelection(this.scope).sheet;
      if (!model) throw this.scope.realm.error(`Range not found`);
      const sheet = new FakeSheet(this.scope, model);
      return sheet.resolveRange(match ? match[3] : text);
    });
  }

  getSheetById(id: number): FakeSheet | null {
    return this.call("getSheetById", () => {
      const sheet = this.model.sheets.find((candidate) => candidate.id === id);
      return sheet ? new FakeSheet(this.scope, sheet) : null;
    });
  }

  getSheets(): FakeSheet[] {
    return this.call("getSheets", () =>
      this.scope.realm.array(this.model.sheets.map((sheet) => new FakeSheet(this.scope, sheet))),
    );
  }

  getActiveSheet(): FakeSheet {
    return this.call(
      "getActiveSheet",
      () => new FakeSheet(this.scope, activeSelection(this.scope).sheet),
    );
  }

  getActiveRange(): FakeRange {
    return this.call("getActiveRange", () => activeRange(this.scope));
  }

  getActiveRangeList(): FakeRangeList {
    return this.call("getActiveRangeList", () => activeRangeList(this.scope));
  }

  /** insertSheet(), insertSheet(name), insertSheet(index), insertSheet(name, index). */
  insertSheet(nameOrIndex?: string | number, index?: number): FakeSheet {
    return this.call("insertSheet", () => {
      let name = typeof nameOrIndex === "string" ? nameOrIndex : undefined;
      const position = typeof nameOrIndex === "number" ? nameOrIndex : index;
      if (name === undefined) {
        let n = this.model.sheets.length + 1;
        while (this.model.sheetByName(`Sheet${n}`)) n++;
        name = `Sheet${n}`;
      }
      if (this.model.sheetByName(name)) {
        throw this.scope.realm.error(
          `A sheet with the name "${name}" already exists. Please enter another name.`,
        );
      }
      return new FakeSheet(this.scope, this.model.insertSheet(name, position));
    });
  }

  deleteSheet(sheet: FakeSheet): void {
    this.call("deleteSheet", () => {
      if (this.model.sheets.length === 1) {
        throw this.scope.realm.error("You can't remove all the sheets in a document.");
      }
      this.model.deleteSheet(sheet.model);
    });
  }

  getProtections(type: string): FakeProtection[] {
    return this.call("getProtections", () =>
      this.scope.realm.array(
        this.model.sheets.flatMap((sheet) =>
          sheet.protections
            .filter((protection) => protection.type === String(type))
            .map((protection) => new FakeProtection(this.scope, sheet, protection)),
        ),
      ),
    );
  }

  toast(msg: string, title = "", timeoutSeconds = 5): void {
    this.call("toast", () => {
      this.scope.ui.toasts.push({ message: String(msg), title: String(title), timeoutSeconds });
    });
  }
}

export const ProtectionType = Object.freeze({ RANGE: "RANGE", SHEET: "SHEET" });
export const DataValidationCriteria = Object.freeze({ VALUE_IN_LIST: "VALUE_IN_LIST" });

export function spreadsheetApp(scope: Scope) {
  const call = <T>(method: string, effect: () => T): T =>
    scope.rt.call(`SpreadsheetApp.${method}`, effect);
  return {
    getActiveSpreadsheet: () => call("getActiveSpreadsheet", () => new FakeSpreadsheet(scope)),
    getActive: () => call("getActive", () => new FakeSpreadsheet(scope)),
    openById: (id: string) =>
      call("openById", () => {
        if (id !== scope.state.spreadsheet.id) {
          throw scope.realm.error(
            `Unexpected error while getting the method or property openById on object SpreadsheetApp.`,
          );
        }
        return new FakeSpreadsheet(scope);
      }),
    getActiveSheet: () =>
      call("getActiveSheet", () => new FakeSheet(scope, activeSelection(scope).sheet)),
    getActiveRange: () => call("getActiveRange", () => activeRange(scope)),
    getActiveRangeList: () => call("getActiveRangeList", () => activeRangeList(scope)),
    flush: () => call("flush", () => undefined),
    getUi: () => call("getUi", () => uiFor(scope)),
    newDataValidation: () =>
      call("newDataValidation", () => new FakeDataValidationBuilder(scope.realm)),
    newRichTextValue: () => call("newRichTextValue", () => new FakeRichTextValueBuilder()),
    ProtectionType,
    DataValidationCriteria,
  };
}
