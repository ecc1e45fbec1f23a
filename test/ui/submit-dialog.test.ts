import { asAmount } from "../../src/domain/money";
/** The submit preview and confirmation dialog in headless Chromium. */
import type { Page } from "playwright-core";

import type { PreviewSummary } from "../../src/app/submit/submit";
import { DialogBrowser, isFocused, renderForBrowser, screenshot, tabTo } from "./support/browser";

const FINGERPRINT = "v1:5f0c2a9d7e31b4c8";

function preview(overrides: Partial<PreviewSummary> = {}): PreviewSummary {
  return {
    ok: true,
    message: "",
    count: 3,
    fingerprint: FINGERPRINT,
    groups: [
      {
        provider: "CoinGate",
        currency: "USDT",
        network: "tron",
        count: 2,
        total: asAmount("1250.50"),
        estimatedFee: asAmount("12.51"),
        feeCurrency: "USDT",
        balance: asAmount("1000"),
        balanceCurrency: "USDT",
        shortfall: "263.01",
        problems: {},
      },
      {
        // Amounts denominated in EUR, paid in USDT.
        provider: "CoinGate",
        currency: "USDT",
        network: "ethereum",
        count: 1,
        total: asAmount("300"),
        totalCurrency: "EUR",
        estimatedFee: asAmount("3.24"),
        feeCurrency: "USDT",
        balance: asAmount("1000"),
        balanceCurrency: "USDT",
        problems: {},
      },
      {
        provider: "GatePay",
        currency: "BTC",
        network: "BTC",
        count: 1,
        total: asAmount("0.015"),
        balance: asAmount("0.5"),
        balanceCurrency: "BTC",
        problems: { P00000007: "Below GatePay's minimum of 0.001 BTC on BTC." },
      },
    ],
    skipped: [
      { row: 9, payoutId: "P00000009", reason: "Address is not a valid TRON address." },
      // Text from the sheet is shown as text, even when it looks like markup.
      { row: 12, payoutId: "P00000012", reason: "Memo </script><b>bold</b> is too long." },
    ],
    ...overrides,
  };
}

/** The text of each cell, row by row. */
async function cellTexts(page: Page, rows: string): Promise<string[][]> {
  const texts: string[][] = [];
  for (const row of await page.locator(rows).all()) {
    texts.push(await row.locator("td").allTextContents());
  }
  return texts;
}

// Generous limits: a loaded CI machine starts Chromium slowly; the suite itself takes seconds.
jest.setTimeout(20_000);

let browser: DialogBrowser;
beforeAll(async () => {
  browser = await DialogBrowser.launch();
}, 30_000);
afterAll(async () => {
  await browser?.close();
});

function openSubmit(summary: PreviewSummary, answer?: () => unknown) {
  const html = renderForBrowser("SubmitDialog", { preview: summary });
  return browser.open(
    html,
    {
      confirmSubmit: () =>
        answer ? answer() : { ok: true, message: "3 payouts submitted; 0 rejected." },
    },
    { width: 720, height: 560 },
  );
}

describe("Submit dialog", () => {
  it("shows the totals, fees, balances, shortfall and skipped rows", async () => {
    const { page } = await openSubmit(preview());
    const rows = await cellTexts(page, "#groups tbody tr");
    expect(rows).toEqual([
      ["CoinGate", "USDT", "tron", "2", "1250.50 USDT", "12.51 USDT", "1000 USDT", "263.01"],
      ["CoinGate", "USDT", "ethereum", "1", "300 EUR", "3.24 USDT", "1000 USDT", ""],
      ["GatePay", "BTC", "BTC", "1", "0.015 BTC", "not known in advance", "0.5 BTC", ""],
      ["", "P00000007: Below GatePay's minimum of 0.001 BTC on BTC."],
    ]);
    const skipped = await cellTexts(page, "#skipped tbody tr");
    expect(skipped).toEqual([
      ["9", "P00000009", "Address is not a valid TRON address."],
      ["12", "P00000012", "Memo </script><b>bold</b> is too long."],
    ]);
    expect(await page.$$("b")).toHaveLength(0);
    expect(await page.textContent("#summary")).toBe(
      "3 row(s) will be paid. Check the totals, then press Pay. " +
        "The balance is short for 1 line(s): see Shortfall.",
    );
    // Money moves on Pay: the dialog opens with Cancel focused, not Pay.
    expect(await isFocused(page, "#cancel")).toBe(true);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(720);
    await screenshot(page, "submit");
  });

  it("with approvals on, lists who prepared and who approved each row to be paid", async () => {
    const { page } = await openSubmit(
      preview({
        count: 3,
        approvals: [
          {
            row: 2,
            payoutId: "P00000002",
            pays: "Ann Lee: 1000 USDT",
            preparedBy: "ann@example.com",
            approvedBy: "bob@example.com",
          },
          {
            row: 5,
            payoutId: "P00000005",
            pays: "Big Co: 20000 USDT",
            preparedBy: "ann@example.com",
            approvedBy: "bob@example.com, carol@example.com",
          },
        ],
      }),
    );
    expect(await page.isVisible("#approvals")).toBe(true);
    expect(await cellTexts(page, "#approvals tbody tr")).toEqual([
      ["2", "Ann Lee: 1000 USDT", "ann@example.com", "bob@example.com"],
      ["5", "Big Co: 20000 USDT", "ann@example.com", "bob@example.com, carol@example.com"],
    ]);
    expect(await page.textContent("#approvals-more")).toBe("…and 1 more row(s), each approved.");
    await screenshot(page, "submit-approvals");
  });

  it("shows no approvals table with approvals off", async () => {
    const { page } = await openSubmit(preview());
    expect(await page.isHidden("#approvals-section")).toBe(true);
  });

  it("sends exactly the reviewed fingerprint when Pay is pressed with Enter", async () => {
    const { page, calls, settle } = await openSubmit(preview());
    await page.evaluate("document.activeElement && document.activeElement.blur()");
    await tabTo(page, "#confirm");
    expect(await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")).not.toBe(
      "none",
    );
    await page.keyboard.press("Enter");
    await settle();
    expect(calls).toEqual([{ name: "confirmSubmit", args: [FINGERPRINT] }]);
    expect(await page.textContent("#result")).toBe("3 payouts submitted; 0 rejected.");
    expect(await page.isDisabled("#confirm")).toBe(true);
    expect(await page.textContent("#cancel")).toBe("Close");
    // A second press cannot pay twice.
    await page.keyboard.press("Enter");
    await settle();
    expect(calls).toHaveLength(1);
    await screenshot(page, "submit-done");
  });

  it("pays with Space too", async () => {
    const { page, calls, settle } = await openSubmit(preview());
    await page.evaluate("document.activeElement && document.activeElement.blur()");
    await tabTo(page, "#confirm");
    await page.keyboard.press("Space");
    await settle();
    expect(calls).toEqual([{ name: "confirmSubmit", args: [FINGERPRINT] }]);
  });

  it("shows the server's refusal or failure and sends nothing more", async () => {
    const refused = await openSubmit(preview(), () => ({
      ok: false,
      message: "The rows changed since the preview; open Submit payouts again.",
    }));
    await refused.page.click("#confirm");
    await refused.settle();
    expect(await refused.page.textContent("#result")).toBe(
      "The rows changed since the preview; open Submit payouts again.",
    );
    expect(await refused.page.getAttribute("#result", "class")).toBe("failed");

    const failing = await openSubmit(preview(), () => {
      throw new Error("Exceeded maximum execution time");
    });
    await failing.page.click("#confirm");
    await failing.settle();
    expect(await failing.page.textContent("#result")).toBe(
      "Failed: Exceeded maximum execution time",
    );
    expect(failing.calls).toHaveLength(1);
  });

  it("offers no Pay when no row is ready, and Cancel closes the dialog", async () => {
    const { page, calls, settle } = await openSubmit(
      preview({ count: 0, groups: [], fingerprint: "", skipped: [] }),
    );
    expect(await page.isDisabled("#confirm")).toBe(true);
    expect(await page.textContent("#summary")).toBe("No row is ready to pay.");
    expect(await page.textContent("#groups tbody")).toBe("Nothing to pay.");
    await page.evaluate("document.activeElement && document.activeElement.blur()");
    await tabTo(page, "#cancel");
    await page.keyboard.press("Enter");
    await settle();
    expect(calls).toEqual([{ name: "host.close", args: [] }]);
    expect(await isFocused(page, "#confirm")).toBe(false);
    await screenshot(page, "submit-empty");
  });
});
