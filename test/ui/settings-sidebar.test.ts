/**
 * The Settings sidebar in headless Chromium at the sidebar's 300 px, answering through the real
 * app/settings functions on in-memory ports and the provider simulators.
 */
import { KEYS } from "../../src/app/keys";
import {
  COINGATE_TOKEN as HARNESS_TOKEN,
  GATEPAY_SECRET as HARNESS_SECRET,
  Harness,
} from "../support/harness";
import { setAtKey } from "../../src/app/keys";
import { getSettings, saveSettings, testConnection } from "../../src/app/settings/settings";
import { DialogBrowser, isFocused, renderForBrowser, screenshot, tabTo } from "./support/browser";
import {
  COINGATE_TOKEN,
  EUR_ACCOUNT,
  GATEPAY_CLIENT_ID,
  GATEPAY_SECRET,
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

function openSidebar(world: SettingsWorld) {
  const html = renderForBrowser("Settings", { settings: getSettings(world.ctx) });
  return browser.open(
    html,
    {
      settingsSave: (form: unknown) => saveSettings(world.ctx, form),
      settingsTest: (provider: string) => testConnection(world.ctx, provider),
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
  world.store.set(KEYS.gatepaySecret, GATEPAY_SECRET);
  world.store.set(KEYS.gatepayFeeMode, "recipient");
  world.store.set(KEYS.gatepayMaxBatch, "40");
  world.store.set(KEYS.autoRefreshMinutes, "15");
  return world;
}

describe("Settings sidebar", () => {
  it("shows every saved setting and fills the ledger accounts, but never a secret", async () => {
    const world = configuredWorld();
    const { page, calls, settle } = await openSidebar(world);
    await settle();

    expect(await page.textContent("#envBanner")).toContain("CoinGate: SANDBOX");
    expect(await page.isChecked('input[name="coingateEnvironment"][value="sandbox"]')).toBe(true);
    expect(await page.inputValue("#gatepayClientId")).toBe(GATEPAY_CLIENT_ID);
    expect(await page.inputValue("#gatepayFeeMode")).toBe("recipient");
    expect(await page.inputValue("#gatepayMaxBatchSize")).toBe("40");
    expect(await page.inputValue("#autoRefreshMinutes")).toBe("15");
    expect(await page.inputValue("#coingateExchange")).toBe("cancel");

    // Write-only secrets: an empty field, and whether (and when) one is saved.
    expect(await page.inputValue("#coingateToken")).toBe("");
    expect(await page.inputValue("#gatepaySecret")).toBe("");
    expect(await page.textContent("#coingateToken-status")).toMatch(/^Saved .*2026/);
    expect(await page.textContent("#gatepaySecret-status")).toBe("Saved. Leave empty to keep it.");
    const everything = await page.content();
    expect(everything).not.toContain(COINGATE_TOKEN);
    expect(everything).not.toContain(GATEPAY_SECRET);

    // With a token saved, the sidebar asks CoinGate for the accounts on its own.
    expect(calls).toEqual([{ name: "settingsTest", args: ["coingate"] }]);
    expect(await page.textContent("#coingate-result")).toMatch(/^Working: CoinGate sandbox/);
    const options = await page.$$eval("#coingateLedgerAccountId option", (items) =>
      items.map((item) => [item.getAttribute("value"), item.textContent]),
    );
    expect(options).toEqual([
      ["", "Automatic (payout's currency)"],
      ["01JNQWKKJ6WXN8BZT1Y66B6G9H", "USDT main (2500)"],
      [EUR_ACCOUNT, "EUR main (900)"],
    ]);

    // Fits the sidebar: nothing wider than 300 px.
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(300);
    await screenshot(page, "settings");
  });

  it("puts the server's refusal next to each bad field and stores nothing", async () => {
    const world = configuredWorld();
    const before = new Map(world.store.values);
    const { page, settle } = await openSidebar(world);
    await settle();
    await page.fill("#coingateToken", "has spaces");
    await page.fill("#gatepayMaxBatchSize", "0");
    await page.fill("#webAppUrl", "http://example.com/exec");
    await page.click("#save");
    await settle();

    expect(await page.textContent("#coingateToken-error")).toBe(
      "A CoinGate API token is at least 8 letters, digits or symbols, without spaces.",
    );
    expect(await page.textContent("#gatepayMaxBatchSize-error")).toBe(
      "Enter a whole number from 1 to 1000.",
    );
    expect(await page.textContent("#webAppUrl-error")).toMatch(/^Paste the web app URL/);
    expect(await page.getAttribute("#gatepayMaxBatchSize", "aria-invalid")).toBe("true");
    expect(await page.textContent("#gatepayClientId-error")).toBe("");
    expect(await page.textContent("#saveStatus")).toBe(
      "Nothing was saved: 3 fields need attention.",
    );
    // The message is tied to its field for screen readers, and the first bad field has focus.
    expect(await page.getAttribute("#gatepayMaxBatchSize", "aria-describedby")).toContain(
      "gatepayMaxBatchSize-error",
    );
    expect(await isFocused(page, "#coingateToken")).toBe(true);
    expect(world.store.values).toEqual(before);
    await screenshot(page, "settings-errors");
  });

  it("saves a new token, forgets what was typed and loads that account's ledgers", async () => {
    const world = settingsWorld();
    const { page, calls, settle } = await openSidebar(world);
    await settle();
    expect(await page.textContent("#coingateToken-status")).toBe("Not set.");
    expect(await page.isHidden("#coingateTokenRemove-row")).toBe(true);
    expect(calls).toEqual([]);

    await page.fill("#coingateToken", COINGATE_TOKEN);
    await page.click("#save");
    await settle();
    expect(world.store.get(KEYS.coingateToken)).toBe(COINGATE_TOKEN);
    expect(await page.inputValue("#coingateToken")).toBe("");
    expect(await page.textContent("#saveStatus")).toBe("Settings saved.");
    expect(await page.textContent("#coingateToken-status")).toMatch(/^Saved /);
    expect(calls.map((c) => c.name)).toEqual(["settingsSave", "settingsTest"]);

    await page.selectOption("#coingateLedgerAccountId", EUR_ACCOUNT);
    await page.click("#save");
    await settle();
    expect(world.store.get(KEYS.coingateLedgerAccount)).toBe(EUR_ACCOUNT);
    // Saving without typing the token again keeps it.
    expect(world.store.get(KEYS.coingateToken)).toBe(COINGATE_TOKEN);
  });

  it("removes a saved secret only through its remove action", async () => {
    const world = configuredWorld();
    const { page, settle } = await openSidebar(world);
    await settle();
    await page.check("#gatepaySecretRemove");
    expect(await page.isDisabled("#gatepaySecret")).toBe(true);
    await page.click("#save");
    await settle();
    expect(world.store.get(KEYS.gatepaySecret)).toBeNull();
    expect(world.store.get(KEYS.coingateToken)).toBe(COINGATE_TOKEN);
    expect(await page.textContent("#gatepaySecret-status")).toBe("Not set.");
    expect(await page.isEnabled("#gatepaySecret")).toBe(true);
  });

  it("asks before switching CoinGate to live", async () => {
    const world = settingsWorld();
    const { page, settle } = await openSidebar(world);
    await settle();
    await page.check('input[name="coingateEnvironment"][value="live"]');
    expect(await page.isVisible("#confirmLive")).toBe(true);
    expect(await isFocused(page, "#useLive")).toBe(true);
    await screenshot(page, "settings-live-confirm");

    // Saving without the confirmation is refused by the server, next to the field.
    await page.click("#save");
    await settle();
    expect(await page.textContent("#coingateEnvironment-error")).toBe(
      "Confirm the switch to live: live payouts move real money.",
    );
    expect(world.store.get(KEYS.coingateEnvironment)).toBeNull();

    await page.click("#useLive");
    await page.click("#save");
    await settle();
    expect(world.store.get(KEYS.coingateEnvironment)).toBe("live");
    expect(await page.textContent("#envBanner")).toContain("CoinGate: LIVE");
    expect(await page.textContent("#coingateEnvironment-error")).toBe("");
    await screenshot(page, "settings-live");
  });

  it("stays on sandbox when the switch is declined", async () => {
    const world = settingsWorld();
    const { page } = await openSidebar(world);
    await page.check('input[name="coingateEnvironment"][value="live"]');
    await page.click("#staySandbox");
    expect(await page.isChecked('input[name="coingateEnvironment"][value="sandbox"]')).toBe(true);
    expect(await page.isHidden("#confirmLive")).toBe(true);
  });

  it("tells in plain words what a connection test found", async () => {
    const world = configuredWorld();
    world.store.set(KEYS.gatepaySecret, "wrong-secret-5678");
    const { page, settle } = await openSidebar(world);
    await settle();
    await page.click("#testGatepay");
    await settle();
    const text = (await page.textContent("#gatepay-result")) ?? "";
    expect(text).toMatch(/^Wrong secret: GatePay rejected the request signature/);
    expect(await page.getAttribute("#gatepay-result", "class")).toContain("failed");
    expect(await page.content()).not.toContain("wrong-secret-5678");
  });

  it("labels every control, shows focus, and saves from the keyboard", async () => {
    const world = settingsWorld();
    const { page, calls, settle } = await openSidebar(world);
    await settle();
    const unlabelled = await page.evaluate(`Array.from(document.querySelectorAll("input, select"))
      .filter((el) => !el.labels || el.labels.length === 0)
      .map((el) => el.id || el.name)`);
    expect(unlabelled).toEqual([]);

    await page.evaluate("document.activeElement && document.activeElement.blur()");
    await tabTo(page, "#gatepayFeeMode");
    expect(await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")).not.toBe(
      "none",
    );
    await page.keyboard.press("ArrowDown"); // a closed select changes with the arrow keys
    await tabTo(page, "#save");
    await page.keyboard.press("Enter");
    await settle();
    expect(calls.map((c) => c.name)).toEqual(["settingsSave"]);
    expect(world.store.get(KEYS.gatepayFeeMode)).toBe("recipient");
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
    expect(await page.textContent("#coingate-result")).toMatch(/^Working: CoinGate sandbox/);
    await page.selectOption("#gatepayFeeMode", "recipient");
    await page.click("#testGatepay");
    await page.click("#save");
    await settle();
    expect(await page.textContent("#saveStatus")).toBe("Settings saved.");
    expect(await page.textContent("#gatepay-result")).toMatch(/^Working: GatePay/);
    expect(harness.emu.properties.get(KEYS.gatepayFeeMode)).toBe("recipient");
    expect(harness.emu.properties.get(KEYS.coingateToken)).toBe(HARNESS_TOKEN);
    const seen = (await page.content()) + logs.join("\n");
    expect(seen).not.toContain(HARNESS_TOKEN);
    expect(seen).not.toContain(HARNESS_SECRET);
  });
});
