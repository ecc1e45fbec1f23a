/**
 * The event object of an installable on-edit trigger (Apps Script's event-objects page): the
 * edited range and its spreadsheet, bound to the trigger's own execution, who edited, and, for a
 * one-cell edit, the new and the previous display texts.
 */
import type { Scope } from "./scope";
import { fakeUser } from "./services/session";
import { FakeRange } from "./spreadsheet/range";
import type { Area, SheetModel } from "./spreadsheet/sheet-model";
import { FakeSpreadsheet } from "./spreadsheet/spreadsheet";

export interface EditInfo {
  sheet: SheetModel;
  area: Area;
  /** The editor's email; "" when Apps Script hides the person. */
  user: string;
  /** One-cell edits only, and only when not empty (a cleared cell has no value). */
  value?: string;
  /** One-cell edits only, and only when the cell was not empty before. */
  oldValue?: string;
}

export function buildEditEvent(scope: Scope, edit: EditInfo, triggerUid: string): unknown {
  const event: Record<string, unknown> = {
    authMode: "FULL",
    triggerUid,
    source: new FakeSpreadsheet(scope),
    range: new FakeRange(scope, edit.sheet, edit.area),
    user: fakeUser(edit.user),
  };
  if (edit.value !== undefined) event.value = edit.value;
  if (edit.oldValue !== undefined) event.oldValue = edit.oldValue;
  // Plain parts become objects of the realm; the Range and Spreadsheet stay service objects.
  return scope.realm.toRealm(event);
}
