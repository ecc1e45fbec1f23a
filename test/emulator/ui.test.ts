import { Emulator } from "./emulator";

const CODE = `
function onOpen() {
  var ui = SpreadsheetApp.getUi();
  ui.createMenu("Payouts")
    .addItem("Validate", "validatePayouts")
    .addSeparator()
    .addSubMenu(ui.createMenu("Auto refresh").addItem("Install", "installAutoRefresh"))
    .addToUi();
}
function confirmAndAsk() {
  var ui = SpreadsheetApp.getUi();
  var answer = ui.alert("Submit", "Send 3 payouts?", ui.ButtonSet.YES_NO);
  var name = ui.prompt("Name?");
  ui.showSidebar(HtmlService.createHtmlOutput("<p>side</p>").setTitle("Help"));
  ui.showModalDialog(HtmlService.createHtmlOutput("<b>hi</b>").setWidth(300).setHeight(200), "Dialog");
  SpreadsheetApp.getActive().toast("done", "Payouts");
  return [answer === ui.Button.YES, answer, name.getSelectedButton(), name.getResponseText()];
}
function headless() {
  try { SpreadsheetApp.getUi(); return "no error"; } catch (e) { return e.message; }
}
`;

describe("Ui", () => {
  it("is refused in trigger and web app executions", () => {
    const emu = new Emulator({ code: CODE });
    const refusal = "Cannot call SpreadsheetApp.getUi() from this context.";
    expect(emu.run("headless", [], { context: "trigger" }).value).toBe(refusal);
    expect(emu.run("headless", [], { context: "webapp" }).value).toBe(refusal);
    expect(emu.run("headless", [], { context: "menu" }).value).toBe("no error");
    expect(emu.run("headless").value).toBe("no error");
  });

  it("records the menus added in onOpen", () => {
    const execution = new Emulator({ code: CODE }).run("onOpen", [{ authMode: "LIMITED" }], {
      context: "menu",
    });
    expect(execution.error).toBeUndefined();
    expect(execution.ui.menus).toEqual([
      {
        name: "Payouts",
        addon: false,
        items: [
          { caption: "Validate", functionName: "validatePayouts" },
          { separator: true },
          {
            submenu: {
              name: "Auto refresh",
              addon: false,
              items: [{ caption: "Install", functionName: "installAutoRefresh" }],
            },
          },
        ],
      },
    ]);
  });

  it("answers alerts and prompts from the script, and records dialogs and toasts", () => {
    const execution = new Emulator({ code: CODE }).run("confirmAndAsk", [], {
      context: "menu",
      uiResponses: ["NO", "OK:Ann"],
    });
    expect(execution.value).toEqual([false, "NO", "OK", "Ann"]);
    expect(execution.ui.alerts).toEqual([
      { title: "Submit", prompt: "Send 3 payouts?", buttons: "YES_NO", response: "NO" },
    ]);
    expect(execution.ui.prompts).toEqual([
      { title: "", prompt: "Name?", buttons: "OK", response: "OK", responseText: "Ann" },
    ]);
    expect(execution.ui.dialogs).toEqual([
      { kind: "sidebar", title: "Help", html: "<p>side</p>", width: undefined, height: undefined },
      { kind: "modal", title: "Dialog", html: "<b>hi</b>", width: 300, height: 200 },
    ]);
    expect(execution.ui.toasts).toEqual([{ message: "done", title: "Payouts", timeoutSeconds: 5 }]);
  });

  it("answers YES to yes/no alerts when nothing is scripted", () => {
    const execution = new Emulator({ code: CODE }).run("confirmAndAsk", [], { context: "menu" });
    expect(execution.value).toEqual([true, "YES", "OK", ""]);
  });
});
