/**
 * The Payouts menu through the built bundle: onOpen adds every item, each item names a global
 * function that exists, and each shows its use case's answer to the person who clicked it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { Harness } from "../support/harness";

const bundle = readFileSync(join(__dirname, "..", "..", "dist", "Code.js"), "utf8");

function menuRun(h: Harness, functionName: string) {
  const run = h.emu.run(functionName, [], { context: "menu" });
  expect(run.error).toBeUndefined();
  return run;
}

describe("the Payouts menu", () => {
  it("onOpen adds the Payouts menu, and every item calls a global function of the bundle", () => {
    const h = new Harness();
    const run = menuRun(h, "onOpen");
    expect(run.ui.menus).toHaveLength(1);
    const [menu] = run.ui.menus;
    expect(menu.name).toBe("Payouts");
    const items = menu.items.filter(
      (entry): entry is { caption: string; functionName: string } => "functionName" in entry,
    );
    expect(items.map((item) => item.caption)).toEqual([
      "Set up sheet",
      "Validate rows",
      "Submit payouts...",
      "Refresh statuses",
      "Reconcile",
      "Approve selected rows",
      "Revoke approval of selected rows",
      "Freeze payouts",
      "Unfreeze payouts",
      "Show callback URLs",
      "Turn on auto-refresh",
      "Turn off auto-refresh",
      "Settings...",
      "Check provider setup",
      "Verify audit log",
    ]);
    const context = vm.createContext({});
    vm.runInContext(bundle, context);
    for (const item of items) expect(typeof context[item.functionName]).toBe("function");
  });

  it("onOpen works for a user before anything is configured, and touches no sheet", () => {
    const h = new Harness({ coingate: false, gatepay: false });
    const run = menuRun(h, "onOpen");
    expect(run.ui.menus[0].name).toBe("Payouts");
    expect(run.meter.fetches).toBe(0);
    expect(h.emu.sheet("Payouts")).toBeUndefined();
  });

  it("Set up sheet, Validate rows and Refresh statuses tell the person what they did", () => {
    const h = new Harness();
    const setup = menuRun(h, "menuSetup");
    expect(setup.ui.alerts[0].title).toBe("Payouts sheet ready");
    expect(setup.ui.alerts[0].prompt).toContain("Added columns: Provider, Recipient");
    expect(menuRun(h, "menuSetup").ui.alerts[0].prompt).toContain("Every column was already there");
    h.addRows([
      {
        Provider: "GatePay",
        Recipient: "Ann Lee",
        Currency: "USDT",
        Network: "TRC20",
        Address: "TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY",
        Amount: "12.5",
      },
      { Provider: "Nope", Recipient: "X", Amount: "1" },
    ]);
    const validate = menuRun(h, "menuValidate");
    expect(validate.ui.alerts[0]).toMatchObject({ title: "Validation" });
    expect(validate.ui.alerts[0].prompt).toContain("1 valid, 1 invalid");
    const refresh = menuRun(h, "menuRefresh");
    expect(refresh.ui.alerts[0].title).toBe("Refresh");
    expect(refresh.ui.alerts[0].prompt).toMatch(/row\(s\) checked|Nothing to refresh/);
  });

  it("Show callback URLs shows both URLs with the token, and only there", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    const token = h.emu.properties.get("CALLBACK_TOKEN") ?? "";
    expect(token.length).toBeGreaterThanOrEqual(32);
    const run = menuRun(h, "menuCallbackUrls");
    expect(run.ui.dialogs).toHaveLength(1);
    const html = run.ui.dialogs[0].html;
    expect(html).toContain(`exec?provider=coingate&token=${token}`);
    expect(html).toContain(`exec?provider=gatepay&token=${token}`);
    expect(run.ui.dialogs[0].title).toBe("Callback URLs");
  });

  it("Turn on / off auto-refresh manage exactly one trigger and say so", () => {
    const h = new Harness();
    expect(menuRun(h, "menuInstallAutoRefresh").ui.alerts[0].prompt).toBe(
      "Auto-refresh now runs every 10 minutes.",
    );
    expect(menuRun(h, "menuInstallAutoRefresh").ui.alerts[0].prompt).toBe(
      "Auto-refresh already runs every 10 minutes.",
    );
    expect(h.emu.triggers().filter((t) => t.handler === "refreshPayouts")).toHaveLength(1);
    expect(menuRun(h, "menuRemoveAutoRefresh").ui.alerts[0].prompt).toBe("Auto-refresh is off.");
    expect(h.emu.triggers().filter((t) => t.handler === "refreshPayouts")).toHaveLength(0);
  });

  it("outside a UI (a trigger), a menu function fails loudly with the platform's getUi error", () => {
    const h = new Harness();
    const run = h.emu.run("menuSetup", [], { context: "trigger" });
    expect(run.error?.message).toMatch(/getUi/);
  });
});
