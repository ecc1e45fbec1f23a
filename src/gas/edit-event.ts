/**
 * An installable on-edit trigger's event object as the add-on reads it. Only a real event has a
 * Range in it: a plain object sent through google.script.run (JSON) cannot pose as one, so a
 * forged "edit" is refused here rather than attributed to whoever it names.
 */
import type { EditEvent } from "../ports";

export function editEventOf(e: unknown): EditEvent | undefined {
  if (!e || typeof e !== "object") return undefined;
  const event = e as Partial<GoogleAppsScript.Events.SheetsOnEdit> & { triggerUid?: unknown };
  const range = event.range;
  if (!range || typeof range.getSheet !== "function") return undefined;
  const user = event.user;
  const email = user && typeof user.getEmail === "function" ? user.getEmail() : "";
  return {
    sheet: range.getSheet().getName(),
    row: range.getRow(),
    numRows: range.getNumRows(),
    column: range.getColumn(),
    numColumns: range.getNumColumns(),
    user: email || Session.getActiveUser().getEmail() || "",
    triggerUid: String(event.triggerUid ?? ""),
  };
}
