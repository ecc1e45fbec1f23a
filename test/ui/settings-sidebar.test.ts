/**
 * The Settings sidebar in headless Chromium at the sidebar's 300 px, built from the real view
 * and answering through the real google.script.run targets (src/ui/settings.ts) on in-memory
 * ports and the provider simulators.
 */
import { KEYS, setAtKey } from "../../src/app/keys";
import { getSettings } from "../../src/app/settings/view";
import * as settings from "../../src/ui/settings";
import {
  COINGATE_TOKEN as HARNESS_TOKEN,
  GATEPAY_SECRET as HARNESS_SECRET,
  Harness,
} from "../support/harness";
import {
  DialogBrowser,
  isFocused,
  renderForBrowser,
  screenshot,
  tabTo,
  type DialogPage,
} from "./support/browser";
import {
  COINGATE_TOKEN,
  EUR_ACCOUNT,
  GATEPAY_CLIENT_ID,
  GATEPAY_SECRET,
  USDT_ACCOUNT,
  settingsWorld,
  type SettingsWorld,
} from "./support/settings-context";

// Generous limits: a loaded CI machine starts Chromium slowly; the suite itself takes seconds.
jest.setTimeout(20_000);

let browser: DialogBrowser;
beforeAll(async () => {
  browser = await DialogBrowser.launch();
}, 30_000);
afterAll(async () => {
  await browser?.close();
});

const field = (key: string) => `#field-${key}`;
const error = (key: string) => `#error-${key}`;

function openSidebar(world: SettingsWorld): Promise<DialogPage> {
  const html = renderForBrowser("Settings", { settings: getSettings(world.ctx) });
  return browser.open(
    html,
    {
      settingsSave: (form: unknown) => settings.save(world.ctx, form),
      settingsTest: (provider: unknown) => settings.test(world.ctx, provider),
    },
    { width: 300, height: 1000 },
  );
}

/** A world with both providers configured as a person would have left it. */
function configuredWorld(): SettingsWorld {
  const world = settingsWorld();
  world.store.set(KEYS.coingateToken, COINGATE_TOKEN);
  world.store.set(setAtKey(KEYS.coingateToken), "2026-01-02T10:00:00.000Z");
  world.store.set(KEYS.gatepayClientId, GATEPAY_CLIENT_ID);
  world.store.set(KEYS.gatepaySecret, GATEPAY_SECRET); // set in Project settings: no time
  world.store.set(KEYS.gatepayFeeMode, "recipient");
  world.store.set(KEYS.gatepayMaxBatch, "40");
  world.store.set(KEYS.autoRefreshMinutes, "15");
  return world;
}

/** The drop-down's options as [value, text]. */
function optionsOf(page: DialogPage["page"], selector: string) {
  return page.$$eval(`${selector} option`, (items) =>
    items.map((item) => [item.getAttribute("value"), item.textContent]),
  );
}

/** The forms the page sent to settingsSave, in order. */
function savedForms(calls: DialogPage["calls"]) {
  return calls.filter((c) => c.name === "settingsSave").map((c) => c.args[0]);
}

describe("Settings sidebar", () => {
  it("draws one section per provider and the add-on's, each field by its kind", async () => {
    const world = settingsWorld();
    const { page, settle } = await openSidebar(world);
    await settle();
    expect(await page.$$eval("fieldset > legend", (l) => l.map((e) => e.textContent))).toEqual([
      "CoinGate",
      "GatePay",
      "Controls: roles and approvals",
      "Add-on",
    ]);
    expect(
      await page.$$eval("#section-coingate [id^=field-]", (controls) =>
        controls.map((c) => [c.id, c.tagName.toLowerCase(), c.getAttribute("type")]),
      ),
    ).toEqual([
      ["field-COINGATE_ENVIRONMENT", "select", null],
      ["field-COINGATE_API_TOKEN", "input", "password"],
      ["field-COINGATE_LEDGER_ACCOUNT_ID", "input", "text"],
      ["field-COINGATE_EXCHANGE", "select", null],
    ]);
    // Test connection for each provider, not for the add-on's own settings.
    expect(await page.$$eval("button[id^=test-]", (b) => b.map((e) => e.id))).toEqual([
      "test-coingate",
      "test-gatepay",
    ]);
    // The default marked; numbers in order.
    expect(await optionsOf(page, field(KEYS.coingateEnvironment))).toEqual([
      ["sandbox", "sandbox (default)"],
      ["live", "live"],
    ]);
    expect((await optionsOf(page, field(KEYS.autoRefreshMinutes))).map(([v]) => v)).toEqual([
      "1",
      "5",
      "10",
      "15",
      "30",
      "60",
    ]);
    expect(await page.inputValue(field(KEYS.autoRefreshMinutes))).toBe("10");
    expect(await page.inputValue(field(KEYS.gatepayMaxBatch))).toBe("100");
    expect(await page.textContent(`#hint-${KEYS.coingateLedgerAccount}`)).toBe(
      "Empty: the account in the payout's currency.",
    );
    expect(await page.textContent(`#hint-${KEYS.autoRefreshMinutes}`)).toBe(
      "Auto-refresh is off (Payouts > Turn on auto-refresh).",
    );
    // Nothing saved to test: no call on opening.
    expect(await page.textContent(`#status-${KEYS.coingateToken}`)).toBe("Not set.");
    expect(await page.isHidden(`#remove-row-${KEYS.coingateToken}`)).toBe(true);
    expect(await page.textContent(`#banner-${KEYS.coingateEnvironment}`)).toBe(
      "CoinGate environment: SANDBOX",
    );
    await screenshot(page, "settings-empty");
  });

  it("shows every saved setting and fills the ledger accounts, but never a secret", async () => {
    const world = configuredWorld();
    const { page, calls, settle } = await openSidebar(world);
    await settle();

    expect(await page.inputValue(field(KEYS.coingateEnvironment))).toBe("sandbox");
    expect(await page.inputValue(field(KEYS.gatepayClientId))).toBe(GATEPAY_CLIENT_ID);
    expect(await page.inputValue(field(KEYS.gatepayFeeMode))).toBe("recipient");
    expect(await page.inputValue(field(KEYS.gatepayMaxBatch))).toBe("40");
    expect(await page.inputValue(field(KEYS.autoRefreshMinutes))).toBe("15");
    expect(await page.inputValue(field(KEYS.coingateExchange))).toBe("cancel");

    // Write-only secrets: an empty field, and whether (and since when) one is saved.
    expect(await page.inputValue(field(KEYS.coingateToken))).toBe("");
    expect(await page.inputValue(field(KEYS.gatepaySecret))).toBe("");
    expect(await page.textContent(`#status-${KEYS.coingateToken}`)).toMatch(
      /^Set since .*2026.*\. Leave empty to keep it\.$/,
    );
    expect(await page.textContent(`#status-${KEYS.gatepaySecret}`)).toBe(
      "Set. Leave empty to keep it.",
    );
    expect(await page.textContent(`#remove-row-${KEYS.coingateToken}`)).toBe(
      "Remove the saved API token",
    );
    expect(await page.textContent(`#remove-row-${KEYS.gatepaySecret}`)).toBe(
      "Remove the saved payment API secret",
    );
    const everything = await page.content();
    expect(everything).not.toContain(COINGATE_TOKEN);
    expect(everything).not.toContain(GATEPAY_SECRET);

    // With the credentials saved, each connection is tested at once.
    expect(calls).toEqual([
      { name: "settingsTest", args: ["coingate"] },
      { name: "settingsTest", args: ["gatepay"] },
    ]);
    expect(await page.textContent("#result-coingate")).toMatch(/^Working: CoinGate sandbox/);
    expect(await page.textContent("#result-gatepay")).toMatch(/^Working: GatePay/);
    // The ledger account field became a drop-down of the token's accounts.
    const ledger = field(KEYS.coingateLedgerAccount);
    expect(await page.$eval(ledger, (el) => el.tagName)).toBe("SELECT");
    expect(await optionsOf(page, ledger)).toEqual([
      ["", "(empty)"],
      [USDT_ACCOUNT, "USDT 2500"],
      [EUR_ACCOUNT, "EUR 900"],
    ]);
    expect(await page.inputValue(ledger)).toBe("");
    // Still labelled and described as the text field was.
    // A string: the test build has no DOM types.
    expect(await page.evaluate(`document.querySelector("${ledger}").labels.length`)).toBe(1);
    expect(await page.getAttribute(ledger, "aria-describedby")).toBe(
      `hint-${KEYS.coingateLedgerAccount} error-${KEYS.coingateLedgerAccount}`,
    );

    // Fits the sidebar: nothing wider than 300 px.
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(300);
    await screenshot(page, "settings");
  });

  it("keeps a chosen ledger account the test does not list selectable, and says so", async () => {
    const world = configuredWorld();
    world.store.set(KEYS.coingateLedgerAccount, "01GONE");
    const { page, settle } = await openSidebar(world);
    await settle();
    const ledger = field(KEYS.coingateLedgerAccount);
    expect(await optionsOf(page, ledger)).toEqual([
      ["", "(empty)"],
      [USDT_ACCOUNT, "USDT 2500"],
      [EUR_ACCOUNT, "EUR 900"],
      ["01GONE", "01GONE (not found)"],
    ]);
    expect(await page.inputValue(ledger)).toBe("01GONE");
    expect(await page.textContent("#result-coingate")).toContain(
      "The chosen ledger account is not among them",
    );
    expect(await page.getAttribute("#result-coingate", "class")).toBe("result working");
  });

  it("fills the drop-down when Test connection is pressed, keeping what was typed", async () => {
    const world = settingsWorld();
    const { page, calls, settle } = await openSidebar(world);
    await settle();
    // Saved where the sidebar cannot see it (Project settings) after the sidebar opened.
    world.store.set(KEYS.coingateToken, COINGATE_TOKEN);
    await page.fill(field(KEYS.coingateLedgerAccount), EUR_ACCOUNT);
    await page.click("#test-coingate");
    await settle();
    expect(calls).toEqual([{ name: "settingsTest", args: ["coingate"] }]);
    expect(await page.inputValue(field(KEYS.coingateLedgerAccount))).toBe(EUR_ACCOUNT);
    expect((await optionsOf(page, field(KEYS.coingateLedgerAccount))).map(([v]) => v)).toEqual([
      "",
      USDT_ACCOUNT,
      EUR_ACCOUNT,
    ]);
    await page.click("#save");
    await settle();
    expect(world.store.get(KEYS.coingateLedgerAccount)).toBe(EUR_ACCOUNT);
  });

  it("puts the server's refusal next to each bad field and stores nothing", async () => {
    const world = configuredWorld();
    const before = new Map(world.store.values);
    const { page, settle } = await openSidebar(world);
    await settle();
    await page.fill(field(KEYS.coingateToken), "has spaces");
    await page.fill(field(KEYS.gatepayMaxBatch), "0");
    await page.fill(field(KEYS.webAppUrl), "http://example.com/exec");
    await page.click("#save");
    await settle();

    expect(await page.textContent(error(KEYS.coingateToken))).toBe(
      "A CoinGate API token is at least 8 letters, digits or symbols, without spaces.",
    );
    expect(await page.textContent(error(KEYS.gatepayMaxBatch))).toBe(
      "Enter a whole number from 1 to 1000.",
    );
    expect(await page.textContent(error(KEYS.webAppUrl))).toMatch(/^Paste the web app URL/);
    expect(await page.getAttribute(field(KEYS.gatepayMaxBatch), "aria-invalid")).toBe("true");
    expect(await page.textContent(error(KEYS.gatepayClientId))).toBe("");
    expect(await page.getAttribute(field(KEYS.gatepayClientId), "aria-invalid")).toBeNull();
    expect(await page.textContent("#saveStatus")).toBe(
      "Nothing was saved: 3 fields need attention.",
    );
    // The message is tied to its field for screen readers, and the first bad field has focus.
    expect(await page.getAttribute(field(KEYS.gatepayMaxBatch), "aria-describedby")).toContain(
      `error-${KEYS.gatepayMaxBatch}`,
    );
    expect(await isFocused(page, field(KEYS.coingateToken))).toBe(true);
    expect(world.store.values).toEqual(before);
    await screenshot(page, "settings-errors");

    // Correcting a field takes its message away; the others stay until the next save.
    await page.fill(field(KEYS.gatepayMaxBatch), "50");
    expect(await page.textContent(error(KEYS.gatepayMaxBatch))).toBe("");
    expect(await page.getAttribute(field(KEYS.gatepayMaxBatch), "aria-invalid")).toBeNull();
    expect(await page.textContent(error(KEYS.webAppUrl))).not.toBe("");
  });

  it("shows a refusal that belongs to no field in the status line", async () => {
    const world = settingsWorld();
    const { page, settle } = await browser.open(
      renderForBrowser("Settings", { settings: getSettings(world.ctx) }),
      {
        settingsSave: () => ({
          ok: false,
          message: "Nothing was saved: one field needs attention.",
          errors: { form: "The settings could not be read: reload the sidebar." },
        }),
      },
      { width: 300, height: 1000 },
    );
    await page.click("#save");
    await settle();
    expect(await page.textContent("#saveStatus")).toBe(
      "Nothing was saved: one field needs attention. " +
        "The settings could not be read: reload the sidebar.",
    );
    expect(await page.getAttribute("#saveStatus", "class")).toBe("failed");
  });

  it("sends exactly what changed, saves a new token, forgets it and loads its ledgers", async () => {
    const world = settingsWorld();
    const { page, calls, settle } = await openSidebar(world);
    await settle();
    expect(calls).toEqual([]);

    await page.fill(field(KEYS.coingateToken), COINGATE_TOKEN);
    await page.selectOption(field(KEYS.coingateExchange), "confirm");
    await page.fill(field(KEYS.gatepayClientId), GATEPAY_CLIENT_ID);
    await page.click("#save");
    await settle();
    // Every drop-down as shown, the text fields and the secret that were changed; nothing else.
    expect(savedForms(calls)).toEqual([
      {
        values: {
          COINGATE_ENVIRONMENT: "sandbox",
          COINGATE_API_TOKEN: COINGATE_TOKEN,
          COINGATE_EXCHANGE: "confirm",
          GATEPAY_CLIENT_ID: GATEPAY_CLIENT_ID,
          GATEPAY_DEFAULT_FEE_MODE: "sender",
          APPROVALS_REQUIRED: "0",
          AUTO_REFRESH_MINUTES: "10",
        },
        remove: [],
        confirmed: [],
      },
    ]);
    expect(world.store.get(KEYS.coingateToken)).toBe(COINGATE_TOKEN);
    expect(await page.inputValue(field(KEYS.coingateToken))).toBe("");
    expect(await page.textContent("#saveStatus")).toBe(
      "Settings saved. GatePay is not configured: set GATEPAY_CLIENT_ID and GATEPAY_API_SECRET " +
        "(Payouts > Settings).",
    );
    expect(await page.textContent(`#status-${KEYS.coingateToken}`)).toMatch(/^Set since /);
    expect(await page.isVisible(`#remove-row-${KEYS.coingateToken}`)).toBe(true);
    // The new token is tested at once; GatePay still lacks its secret, so it is not.
    expect(calls.map((c) => c.name)).toEqual(["settingsSave", "settingsTest"]);
    expect(calls[1].args).toEqual(["coingate"]);

    await page.selectOption(field(KEYS.coingateLedgerAccount), EUR_ACCOUNT);
    await page.click("#save");
    await settle();
    expect(savedForms(calls)[1]).toEqual({
      values: {
        COINGATE_ENVIRONMENT: "sandbox",
        COINGATE_LEDGER_ACCOUNT_ID: EUR_ACCOUNT,
        COINGATE_EXCHANGE: "confirm",
        GATEPAY_DEFAULT_FEE_MODE: "sender",
        APPROVALS_REQUIRED: "0",
        AUTO_REFRESH_MINUTES: "10",
      },
      remove: [],
      confirmed: [],
    });
    expect(world.store.get(KEYS.coingateLedgerAccount)).toBe(EUR_ACCOUNT);
    // Saving without typing the token again keeps it.
    expect(world.store.get(KEYS.coingateToken)).toBe(COINGATE_TOKEN);
    expect(await page.inputValue(field(KEYS.coingateLedgerAccount))).toBe(EUR_ACCOUNT);
    expect(await page.content()).not.toContain(COINGATE_TOKEN);
  });

  it("asks again for the choices after new credentials are saved", async () => {
    const world = configuredWorld();
    world.store.set(KEYS.coingateLedgerAccount, USDT_ACCOUNT);
    // The tests on opening answer at once; the one after the save waits for `release`.
    let release = () => {};
    const answered = new Promise<void>((resolve) => (release = resolve));
    let tests = 0;
    const { page, calls, settle } = await browser.open(
      renderForBrowser("Settings", { settings: getSettings(world.ctx) }),
      {
        settingsSave: (form: unknown) => settings.save(world.ctx, form),
        settingsTest: async (provider: unknown) => {
          if (++tests > 2) await answered;
          return settings.test(world.ctx, provider);
        },
      },
      { width: 300, height: 1000 },
    );
    await settle();
    const ledger = field(KEYS.coingateLedgerAccount);
    expect((await optionsOf(page, ledger)).map(([v]) => v)).toEqual([
      "",
      USDT_ACCOUNT,
      EUR_ACCOUNT,
    ]);
    // Another token may see other accounts: until its test answers, only the chosen one is kept.
    await page.fill(field(KEYS.coingateToken), "cg-another-token-0001");
    await page.click("#save");
    await page.waitForFunction(`document.getElementById("result-coingate").textContent
      .startsWith("Testing")`);
    expect(await optionsOf(page, ledger)).toEqual([
      ["", "(empty)"],
      [USDT_ACCOUNT, USDT_ACCOUNT],
    ]);
    expect(await page.inputValue(ledger)).toBe(USDT_ACCOUNT);
    release();
    await settle();
    expect(calls.filter((c) => c.name === "settingsTest").map((c) => c.args[0])).toEqual([
      "coingate",
      "gatepay",
      "coingate",
    ]);
    // The simulator knows only its own token: the new one is refused, and says so.
    expect(await page.textContent("#result-coingate")).toMatch(/^Wrong token: /);
    expect(await page.inputValue(ledger)).toBe(USDT_ACCOUNT);
    expect(await page.content()).not.toContain("cg-another-token-0001");
  });

  it("removes a saved secret only through its remove box", async () => {
    const world = configuredWorld();
    const { page, calls, settle } = await openSidebar(world);
    await settle();
    await page.check(`#remove-${KEYS.gatepaySecret}`);
    expect(await page.isDisabled(field(KEYS.gatepaySecret))).toBe(true);
    await page.click("#save");
    await settle();
    expect(savedForms(calls)).toEqual([
      {
        values: {
          COINGATE_ENVIRONMENT: "sandbox",
          COINGATE_EXCHANGE: "cancel",
          GATEPAY_DEFAULT_FEE_MODE: "recipient",
          APPROVALS_REQUIRED: "0",
          AUTO_REFRESH_MINUTES: "15",
        },
        remove: [KEYS.gatepaySecret],
        confirmed: [],
      },
    ]);
    expect(world.store.get(KEYS.gatepaySecret)).toBeNull();
    expect(world.store.get(KEYS.coingateToken)).toBe(COINGATE_TOKEN);
    expect(await page.textContent(`#status-${KEYS.gatepaySecret}`)).toBe("Not set.");
    expect(await page.isHidden(`#remove-row-${KEYS.gatepaySecret}`)).toBe(true);
    expect(await page.isEnabled(field(KEYS.gatepaySecret))).toBe(true);
    expect(await page.textContent("#saveStatus")).toMatch(/^Settings saved\. GatePay is not/);
  });

  it("asks before switching CoinGate to live", async () => {
    const world = settingsWorld();
    const { page, calls, settle } = await openSidebar(world);
    await settle();
    const confirmRow = `#confirm-row-${KEYS.coingateEnvironment}`;
    const confirmBox = `#confirm-${KEYS.coingateEnvironment}`;
    expect(await page.isHidden(confirmRow)).toBe(true);
    await page.selectOption(field(KEYS.coingateEnvironment), "live");
    expect(await page.isVisible(confirmRow)).toBe(true);
    expect(await page.textContent(confirmRow)).toBe(
      "Live payouts move real money.Confirm the change to live",
    );
    // The box takes the focus, and its warning describes it.
    expect(await isFocused(page, confirmBox)).toBe(true);
    expect(await page.getAttribute(confirmBox, "aria-describedby")).toBe(
      `confirm-note-${KEYS.coingateEnvironment}`,
    );
    await screenshot(page, "settings-live-confirm");

    // Saving without the confirmation is refused by the server, next to the field.
    await page.click("#save");
    await settle();
    expect(await page.textContent(error(KEYS.coingateEnvironment))).toBe(
      "Confirm the change to live: Live payouts move real money.",
    );
    expect(await isFocused(page, field(KEYS.coingateEnvironment))).toBe(true);
    expect(world.store.get(KEYS.coingateEnvironment)).toBeNull();

    await page.check(confirmBox);
    await page.click("#save");
    await settle();
    expect(savedForms(calls).map((f) => (f as { confirmed: string[] }).confirmed)).toEqual([
      [],
      [KEYS.coingateEnvironment],
    ]);
    expect(world.store.get(KEYS.coingateEnvironment)).toBe("live");
    expect(await page.textContent(`#banner-${KEYS.coingateEnvironment}`)).toBe(
      "CoinGate environment: LIVELive payouts move real money.",
    );
    expect(await page.getAttribute(`#banner-${KEYS.coingateEnvironment}`, "class")).toBe("env on");
    expect(await page.textContent(error(KEYS.coingateEnvironment))).toBe("");
    // Live is saved: nothing left to confirm, and staying on live needs no new confirmation.
    expect(await page.isHidden(confirmRow)).toBe(true);
    await screenshot(page, "settings-live");
  });

  it("stays on sandbox when the switch is declined", async () => {
    const world = settingsWorld();
    const { page, calls, settle } = await openSidebar(world);
    await page.selectOption(field(KEYS.coingateEnvironment), "live");
    await page.check(`#confirm-${KEYS.coingateEnvironment}`);
    await page.selectOption(field(KEYS.coingateEnvironment), "sandbox");
    expect(await page.isHidden(`#confirm-row-${KEYS.coingateEnvironment}`)).toBe(true);
    expect(await page.isChecked(`#confirm-${KEYS.coingateEnvironment}`)).toBe(false);
    await page.click("#save");
    await settle();
    expect(savedForms(calls)[0]).toMatchObject({
      values: { COINGATE_ENVIRONMENT: "sandbox" },
      confirmed: [],
    });
    // Sandbox is the default: nothing is stored, and nothing says live.
    expect(world.store.get(KEYS.coingateEnvironment)).toBeNull();
    expect(await page.inputValue(field(KEYS.coingateEnvironment))).toBe("sandbox");
  });

  it("tells in plain words what a connection test found", async () => {
    const world = configuredWorld();
    world.store.set(KEYS.gatepaySecret, "wrong-secret-5678");
    const { page, calls, settle } = await openSidebar(world);
    await settle();
    await page.fill(field(KEYS.gatepayClientId), "typed-but-not-saved");
    // Every text the result line shows, however briefly.
    await page.evaluate(`(() => {
      const result = document.getElementById("result-gatepay");
      window.__shown = [];
      new MutationObserver(() => window.__shown.push(result.textContent))
        .observe(result, { childList: true, characterData: true, subtree: true });
    })()`);
    await page.click("#test-gatepay");
    await settle();
    expect(await page.evaluate("window.__shown[0]")).toBe(
      "Testing the saved settings (save first to test your changes)...",
    );
    expect(calls.filter((c) => c.name === "settingsTest").map((c) => c.args[0])).toEqual([
      "coingate",
      "gatepay",
      "gatepay",
    ]);
    const text = (await page.textContent("#result-gatepay")) ?? "";
    expect(text).toMatch(/^Wrong secret: /);
    expect(await page.getAttribute("#result-gatepay", "class")).toBe("result failed");
    expect(await page.content()).not.toContain("wrong-secret-5678");
  });

  it("says when a test could not run at all", async () => {
    const world = configuredWorld();
    const { page, settle } = await browser.open(
      renderForBrowser("Settings", { settings: getSettings(world.ctx) }),
      {
        settingsTest: () => {
          throw new Error("Exceeded maximum execution time");
        },
      },
      { width: 300, height: 1000 },
    );
    await settle();
    expect(await page.textContent("#result-coingate")).toBe(
      "The test did not run: Exceeded maximum execution time",
    );
    expect(await page.isEnabled("#test-coingate")).toBe(true);
  });

  it("labels every control, shows focus, and saves from the keyboard", async () => {
    const world = settingsWorld();
    const { page, calls, settle } = await openSidebar(world);
    await settle();
    const unlabelled = await page.evaluate(`Array.from(document.querySelectorAll("input, select"))
      .filter((el) => !el.labels || el.labels.length === 0)
      .map((el) => el.id || el.name)`);
    expect(unlabelled).toEqual([]);
    // Every field's message is announced with it.
    const undescribed = await page.evaluate(`Array.from(document.querySelectorAll("[id^=field-]"))
      .filter((el) => !(el.getAttribute("aria-describedby") || "").split(" ")
        .includes(el.id.replace("field-", "error-")))
      .map((el) => el.id)`);
    expect(undescribed).toEqual([]);

    await page.evaluate("document.activeElement && document.activeElement.blur()");
    await tabTo(page, field(KEYS.gatepayFeeMode));
    expect(await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")).not.toBe(
      "none",
    );
    await page.keyboard.press("ArrowDown"); // a closed select changes with the arrow keys
    await tabTo(page, "#save");
    expect(await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")).not.toBe(
      "none",
    );
    await page.keyboard.press("Enter");
    await settle();
    expect(calls.map((c) => c.name)).toEqual(["settingsSave"]);
    expect(world.store.get(KEYS.gatepayFeeMode)).toBe("recipient");
    expect(await page.textContent("#saveStatus")).toBe("Settings saved.");
    // The focus stays where it was: a button is marked busy while working, never disabled.
    expect(await isFocused(page, "#save")).toBe(true);
    expect(await page.getAttribute("#save", "aria-disabled")).toBeNull();

    // Enter in a text field saves too; a remove box toggles with Space.
    await page.fill(field(KEYS.gatepayMaxBatch), "25");
    await page.press(field(KEYS.gatepayMaxBatch), "Enter");
    await settle();
    expect(world.store.get(KEYS.gatepayMaxBatch)).toBe("25");
  });

  it("toggles a remove box from the keyboard", async () => {
    const world = configuredWorld();
    const { page, settle } = await openSidebar(world);
    await settle();
    await page.evaluate("document.activeElement && document.activeElement.blur()");
    await tabTo(page, `#remove-${KEYS.coingateToken}`);
    await page.keyboard.press("Space");
    expect(await page.isChecked(`#remove-${KEYS.coingateToken}`)).toBe(true);
    expect(await page.isDisabled(field(KEYS.coingateToken))).toBe(true);
  });

  it("marks a button busy while its call runs, keeping the focus on it", async () => {
    const world = settingsWorld();
    let release = () => {};
    const answered = new Promise<void>((resolve) => (release = resolve));
    const { page, calls, settle } = await browser.open(
      renderForBrowser("Settings", { settings: getSettings(world.ctx) }),
      {
        settingsTest: async (provider: unknown) => {
          await answered;
          return settings.test(world.ctx, provider);
        },
      },
      { width: 300, height: 1000 },
    );
    await page.focus("#test-gatepay");
    await page.keyboard.press("Enter");
    expect(await page.getAttribute("#test-gatepay", "aria-disabled")).toBe("true");
    expect(await page.textContent("#result-gatepay")).toBe("Testing the saved settings...");
    // A second press while it runs sends nothing more.
    await page.keyboard.press("Enter");
    release();
    await settle();
    expect(calls).toEqual([{ name: "settingsTest", args: ["gatepay"] }]);
    expect(await isFocused(page, "#test-gatepay")).toBe(true);
    expect(await page.getAttribute("#test-gatepay", "aria-disabled")).toBeNull();
    expect(await page.textContent("#result-gatepay")).toBe(
      "No GatePay ClientId or API secret is saved.",
    );
    expect(await page.getAttribute("#result-gatepay", "class")).toBe("result failed");
  });

  it("says it is saving until the answer comes, and saves once however often pressed", async () => {
    const world = settingsWorld();
    let release = () => {};
    const answered = new Promise<void>((resolve) => (release = resolve));
    const { page, calls, settle } = await browser.open(
      renderForBrowser("Settings", { settings: getSettings(world.ctx) }),
      {
        settingsSave: async (form: unknown) => {
          await answered;
          return settings.save(world.ctx, form);
        },
      },
      { width: 300, height: 1000 },
    );
    await page.selectOption(field(KEYS.coingateExchange), "confirm");
    await page.focus("#save");
    await page.keyboard.press("Enter");
    expect(await page.textContent("#saveStatus")).toBe("Saving...");
    expect(await page.getAttribute("#save", "aria-disabled")).toBe("true");
    await page.keyboard.press("Enter");
    release();
    await settle();
    expect(calls.map((c) => c.name)).toEqual(["settingsSave"]);
    expect(await page.textContent("#saveStatus")).toBe("Settings saved.");
    expect(await page.getAttribute("#saveStatus", "class")).toBe("saved");
    expect(world.store.get(KEYS.coingateExchange)).toBe("confirm");
  });

  it("says when a save could not reach the server", async () => {
    const world = settingsWorld();
    const { page, settle } = await browser.open(
      renderForBrowser("Settings", { settings: getSettings(world.ctx) }),
      {
        settingsSave: () => {
          throw new Error("Authorization is required to perform that action.");
        },
      },
      { width: 300, height: 1000 },
    );
    await page.click("#save");
    await settle();
    expect(await page.textContent("#saveStatus")).toBe(
      "Could not save: Authorization is required to perform that action.",
    );
    expect(await page.getAttribute("#save", "aria-disabled")).toBeNull();
  });

  it("closes with the Close button", async () => {
    const { page, calls, settle } = await openSidebar(settingsWorld());
    await page.click("#close");
    await settle();
    expect(calls).toEqual([{ name: "host.close", args: [] }]);
  });
});

describe("Settings sidebar from the built add-on", () => {
  it("opens from the menu and saves through the bundle's google.script.run targets", async () => {
    const harness = new Harness();
    const opened = harness.emu.run("menuSettings", [], { context: "menu" });
    expect(opened.error).toBeUndefined();
    const [sidebar] = opened.ui.dialogs;
    expect(sidebar).toMatchObject({ kind: "sidebar", title: "Payout settings" });
    expect(sidebar.html).not.toContain(HARNESS_TOKEN);
    expect(sidebar.html).not.toContain(HARNESS_SECRET);

    const logs: string[] = [];
    const viaBundle =
      (name: string) =>
      (...args: unknown[]) => {
        const execution = harness.emu.run(name, args);
        logs.push(...execution.logs);
        if (execution.error) throw execution.error;
        return execution.value;
      };
    const { page, settle } = await browser.open(
      sidebar.html,
      { settingsSave: viaBundle("settingsSave"), settingsTest: viaBundle("settingsTest") },
      { width: 300, height: 1000 },
    );
    await settle();
    expect(await page.textContent("#result-coingate")).toMatch(/^Working: CoinGate sandbox/);
    expect(await page.textContent("#result-gatepay")).toMatch(/^Working: GatePay/);
    expect(await page.$eval(field(KEYS.coingateLedgerAccount), (el) => el.tagName)).toBe("SELECT");
    await page.selectOption(field(KEYS.gatepayFeeMode), "recipient");
    await page.click("#save");
    await settle();
    expect(await page.textContent("#saveStatus")).toBe("Settings saved.");
    expect(await page.textContent("#result-gatepay")).toMatch(/^Working: GatePay/);
    expect(harness.emu.properties.get(KEYS.gatepayFeeMode)).toBe("recipient");
    expect(harness.emu.properties.get(KEYS.coingateToken)).toBe(HARNESS_TOKEN);
    const seen = (await page.content()) + logs.join("\n");
    expect(seen).not.toContain(HARNESS_TOKEN);
    expect(seen).not.toContain(HARNESS_SECRET);
  });

  it("refuses to open for a person Apps Script does not name", () => {
    const harness = new Harness();
    const opened = harness.emu.run("menuSettings", [], { context: "menu", user: "" });
    expect(opened.error).toBeUndefined();
    expect(opened.ui.dialogs).toEqual([]);
    expect(opened.ui.alerts[0]).toMatchObject({ title: "Settings" });
    expect(opened.ui.alerts[0].prompt).toMatch(/^Apps Script does not say who is opening/);
  });
});
