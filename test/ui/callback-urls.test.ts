/** The callback-URL dialog in headless Chromium. */
import { PROVIDERS } from "../../src/providers/registry";
import { MODAL_DIALOGS } from "../../src/ui/render";
import { DialogBrowser, renderForBrowser, screenshot, tabTo } from "./support/browser";

const BASE = "https://script.google.com/macros/s/AKfycbx-Abc_123/exec";
const COINGATE_URL = `${BASE}?provider=coingate&token=cb-token-42`;
const GATEPAY_URL = `${BASE}?provider=gatepay&token=cb-token-42`;

// Generous limits: a loaded CI machine starts Chromium slowly; the suite itself takes seconds.
jest.setTimeout(20_000);

let browser: DialogBrowser;
beforeAll(async () => {
  browser = await DialogBrowser.launch();
}, 30_000);
afterAll(async () => {
  await browser?.close();
});

const SIZE = MODAL_DIALOGS.CallbackUrls.size;

/** The dialog as menu.ts opens it: one section per registry entry, with its setup steps. */
function openUrls(urls: { coingate: string | null; gatepay: string | null }) {
  const providers = PROVIDERS.map((entry) => ({
    param: entry.callbackParam,
    name: entry.name,
    url: entry.callbackParam === "coingate" ? urls.coingate : urls.gatepay,
    summary: entry.callbackSetup.summary,
    steps: [...entry.callbackSetup.steps],
  }));
  return browser.open(
    renderForBrowser("CallbackUrls", { providers }),
    {},
    {
      width: 640,
      height: 420,
    },
  );
}

describe("Callback URL dialog", () => {
  it("shows both URLs in labelled read-only fields and copies them", async () => {
    const { page } = await openUrls({ coingate: COINGATE_URL, gatepay: GATEPAY_URL });
    expect(await page.inputValue("#coingate")).toBe(COINGATE_URL);
    expect(await page.inputValue("#gatepay")).toBe(GATEPAY_URL);
    expect(await page.getAttribute("#gatepay", "readonly")).not.toBeNull();
    const unlabelled = await page.evaluate(
      `Array.from(document.querySelectorAll("input")).filter((el) => el.labels.length === 0).length`,
    );
    expect(unlabelled).toBe(0);

    await page.click('[data-copy="gatepay"]');
    // Whatever the clipboard allows, the whole URL ends up selected, ready to copy.
    expect(
      await page.evaluate(
        `[document.activeElement.id, document.activeElement.selectionStart, document.activeElement.selectionEnd]`,
      ),
    ).toEqual(["gatepay", 0, GATEPAY_URL.length]);
    expect(await page.textContent("#gatepay-note")).toMatch(/^(Copied\.|Selected: press Ctrl\+C)/);
    // Each provider's own setup: GatePay's dashboard steps, CoinGate's "nothing to set up".
    expect(await page.locator("li").allTextContents()).toEqual([
      ...(PROVIDERS.find((e) => e.callbackParam === "gatepay")?.callbackSetup.steps ?? []),
    ]);
    expect(await page.textContent("body")).toContain("nothing to set up");
    expect(await page.evaluate("document.documentElement.scrollHeight")).toBeLessThanOrEqual(
      SIZE.height,
    );
    await screenshot(page, "callback-urls");
  });

  it("explains what to do when the web app is not deployed", async () => {
    const { page } = await openUrls({ coingate: null, gatepay: null });
    expect(await page.inputValue("#coingate")).toBe("");
    expect(await page.textContent("#coingate-note")).toMatch(/^Not available: deploy the web app/);
    expect(await page.textContent("#gatepay-note")).toMatch(/^Not available: deploy the web app/);
    expect(await page.isDisabled('[data-copy="coingate"]')).toBe(true);
    await screenshot(page, "callback-urls-missing");
  });

  it("closes from the keyboard", async () => {
    const { page, calls, settle } = await openUrls({
      coingate: COINGATE_URL,
      gatepay: GATEPAY_URL,
    });
    await tabTo(page, "#close");
    await page.keyboard.press("Enter");
    await settle();
    expect(calls).toEqual([{ name: "host.close", args: [] }]);
  });
});
