/**
 * The Ui port on SpreadsheetApp.getUi() and HtmlService: the only place that touches either.
 * getUi() is asked on each call rather than once, because it throws outside a document's
 * execution (a trigger, the web app): only a call that needs the UI should fail.
 */
import type { Ui } from "../ports";
import { renderDialog } from "../ui/render";

export const gasUi: Ui = {
  alert(title, message) {
    const ui = SpreadsheetApp.getUi();
    ui.alert(title, message, ui.ButtonSet.OK);
  },
  confirm(title, message) {
    const ui = SpreadsheetApp.getUi();
    return ui.alert(title, message, ui.ButtonSet.YES_NO) === ui.Button.YES;
  },
  showModalDialog(file, data, title, size) {
    const html = renderDialog(HtmlService, file, data).setWidth(size.width).setHeight(size.height);
    SpreadsheetApp.getUi().showModalDialog(html, title);
  },
  showSidebar(file, data, title) {
    const html = renderDialog(HtmlService, file, data).setTitle(title);
    SpreadsheetApp.getUi().showSidebar(html);
  },
  addMenu(title, items) {
    const menu = SpreadsheetApp.getUi().createMenu(title);
    for (const item of items) {
      if ("separator" in item) menu.addSeparator();
      else menu.addItem(item.label, item.functionName);
    }
    menu.addToUi();
  },
};
