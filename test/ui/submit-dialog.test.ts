/** The submit preview and confirmation dialog in headless Chromium. */
import type { Page } from "playwright-core";

import { asAmount } from "../../src/domain/money";
import type { PreviewSummary } from "../../src/app/submit/submit";
import { DialogBrowser, isFocused, renderForBrowser, screenshot, tabTo } from "./support/browser";

const FINGERPRINT = "v1:5f0c2a9d7e31b4c8";
const SHORT = "GatePay USDT is short by 12.5 (balance 100, needed 112.5)";
const TOP_UP = "I will top up GatePay USDT before these payouts are sent";

/** A preview whose GatePay USDT balance is short (as the server words it: app/submit/shortfall.ts). */
function preview(overrides: Partial<PreviewSummary> = {}): PreviewSummary {
  return {
    ok: true,
    message: "",
    count: 5,
    fingerprint: FINGERPRINT,
    environments: [
      {
        provider: "CoinGate",
        mode: "sandbox",
        text: "sandbox (test payouts: no real money moves)",
      },
      {
        provider: "GatePay",
        mode: "live",
        text: "live (GatePay has no sandbox: every payout is real)",
      },
    ],
    groups: [
      {
        provider: "CoinGate",
        currency: "USDT",
        network: "tron",
        count: 2,
        total: asAmount("1250.50"),
        estimatedFee: asAmount("12.51"),
        feeCurrency: "USDT",
        balance: asAmount("5000"),
        balanceCurrency: "USDT",
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
        balance: asAmount("5000"),
        balanceCurrency: "USDT",
        problems: {},
      },
      {
        provider: "GatePay",
        currency: "USDT",
        network: "TRX",
        count: 1,
        total: asAmount("110"),
        estimatedFee: asAmount("2.5"),
        feeCurrency: "USDT",
        estimatedDebit: asAmount("112.5"),
        balance: asAmount("100"),
        balanceCurrency: "USDT",
        shortfall: "12.5",
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
    shortfalls: [
      {
        provider: "GatePay",
        currency: "USDT",
        balance: asAmount("100"),
        needed: asAmount("112.5"),
        shortBy: asAmount("12.5"),
        partial: false,
        text: SHORT,
      },
    ],
    topUpLabel: TOP_UP,
    ...overrides,
  };
}

/** The same preview with every balance covering its payouts. */
function covered(overrides: Partial<PreviewSummary> = {}): PreviewSummary {
  const summary = preview(overrides);
  delete summary.shortfalls;
  delete summary.topUpLabel;
  summary.groups = summary.groups.map(({ shortfall: _, ...group }) => ({
    ...group,
    balance: asAmount("1000"),
  }));
  return summary;
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
        answer ? answer() : { ok: true, message: "5 payouts submitted; 0 rejected." },
    },
    { width: 720, height: 560 },
  );
}

describe("Submit dialog", () => {
  it("shows the totals, fees, balances, shortfall and skipped rows", async () => {
    const { page } = await openSubmit(preview());
    const rows = await cellTexts(page, "#groups tbody tr");
    expect(rows).toEqual([
      ["CoinGate", "USDT", "tron", "2", "1250.50 USDT", "12.51 USDT", "5000 USDT", ""],
      ["CoinGate", "USDT", "ethereum", "1", "300 EUR", "3.24 USDT", "5000 USDT", ""],
      ["GatePay", "USDT", "TRX", "1", "110 USDT", "2.5 USDT", "100 USDT", "12.5"],
      ["GatePay", "BTC", "BTC", "1", "0.015 BTC", "not known in advance", "0.5 BTC", ""],
      ["", "P00000007: Below GatePay's minimum of 0.001 BTC on BTC."],
    ]);
    const skipped = await cellTexts(page, "#skipped tbody tr");
    expect(skipped).toEqual([
      ["9", "P00000009", "Address is not a valid TRON address."],
      ["12", "P00000012", "Memo </script><b>bold</b> is too long."],
    ]);
    expect(await page.$$("b")).toHaveLength(0);
    // The short balance named, by provider and currency, in the server's decimal text.
    expect(await page.textContent("#summary")).toBe(
      `5 row(s) will be paid. Check the totals, then press Pay. ${SHORT}.`,
    );
    // Money moves on Pay: the dialog opens with Cancel focused, not Pay.
    expect(await isFocused(page, "#cancel")).toBe(true);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(720);
    await screenshot(page, "submit");
  });

  it("says at the top where each provider pays: CoinGate's sandbox, GatePay always live", async () => {
    const { page } = await openSubmit(preview());
    expect(await page.locator("#environments li").allTextContents()).toEqual([
      "CoinGate: sandbox (test payouts: no real money moves)",
      "GatePay: live (GatePay has no sandbox: every payout is real)",
    ]);
    expect(await page.getAttribute("#environments li:nth-child(2)", "class")).toBe("live");
    // Above the summary and the totals: the first thing read.
    const top = (selector: string) =>
      page.locator(selector).evaluate((e) => e.getBoundingClientRect().top);
    expect(await top("#environments")).toBeLessThan(await top("#summary"));

    const coinGateLive = await openSubmit(
      covered({
        environments: [{ provider: "CoinGate", mode: "live", text: "live (every payout is real)" }],
      }),
    );
    expect(await coinGateLive.page.locator("#environments li").allTextContents()).toEqual([
      "CoinGate: live (every payout is real)",
    ]);
    const none = await openSubmit(covered({ environments: [] }));
    expect(await none.page.isHidden("#environments")).toBe(true);
  });

  it("keeps Pay disabled while a balance is short, until the payer promises to top up", async () => {
    const { page, calls, settle } = await openSubmit(preview());
    expect(await page.isDisabled("#confirm")).toBe(true);
    expect(await page.isVisible("#topup")).toBe(true);
    expect(await page.textContent("#topup-label")).toBe(TOP_UP);
    expect(await page.isChecked("#topup")).toBe(false);
    await screenshot(page, "submit-short");

    // By keyboard: Tab to the box, Space ticks it; Pay follows the box both ways.
    await page.evaluate("document.activeElement && document.activeElement.blur()");
    await tabTo(page, "#topup");
    await page.keyboard.press("Space");
    expect(await page.isChecked("#topup")).toBe(true);
    expect(await page.isEnabled("#confirm")).toBe(true);
    await page.click("label#topup-box");
    expect(await page.isDisabled("#confirm")).toBe(true);
    await page.click("label#topup-box");
    expect(await page.isEnabled("#confirm")).toBe(true);
    await screenshot(page, "submit-short-promised");

    await page.click("#confirm");
    await settle();
    // The promise names what it covers, as the preview showed it.
    expect(calls).toEqual([
      {
        name: "confirmSubmit",
        args: [
          {
            fingerprint: FINGERPRINT,
            topUp: [{ provider: "GatePay", currency: "USDT", shortBy: "12.5" }],
          },
        ],
      },
    ]);
    // Unticking after Pay cannot re-arm it.
    expect(await page.isDisabled("#topup")).toBe(true);
    expect(await page.isDisabled("#confirm")).toBe(true);
  });

  it("offers no top-up box when every balance covers its payouts, or nothing can be paid", async () => {
    const paid = await openSubmit(covered());
    expect(await paid.page.isHidden("#topup-box")).toBe(true);
    expect(await paid.page.isEnabled("#confirm")).toBe(true);
    expect(await paid.page.textContent("#summary")).toBe(
      "5 row(s) will be paid. Check the totals, then press Pay.",
    );
    const frozen = await openSubmit(preview({ frozen: "Payouts are frozen by ann@example.com." }));
    expect(await frozen.page.isHidden("#topup-box")).toBe(true);
    expect(await frozen.page.isDisabled("#confirm")).toBe(true);
  });

  it("lists each row's warnings, a likely double payment among them", async () => {
    const { page } = await openSubmit(
      covered({
        warnings: [
          { row: 4, payoutId: "P00000004", warning: "Warning: first payment to this address." },
          {
            row: 5,
            payoutId: "P00000005",
            warning:
              "Warning: row 4 pays the same recipient, address, currency and amount; check this is not a double payment.",
          },
        ],
      }),
    );
    expect(await page.isVisible("#warnings")).toBe(true);
    expect(await cellTexts(page, "#warnings tbody tr")).toEqual([
      ["4", "P00000004", "first payment to this address."],
      [
        "5",
        "P00000005",
        "row 4 pays the same recipient, address, currency and amount; check this is not a double payment.",
      ],
    ]);
    await screenshot(page, "submit-warnings");
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
    const { page, calls, settle } = await openSubmit(covered());
    await page.evaluate("document.activeElement && document.activeElement.blur()");
    await tabTo(page, "#confirm");
    expect(await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")).not.toBe(
      "none",
    );
    await page.keyboard.press("Enter");
    await settle();
    expect(calls).toEqual([
      { name: "confirmSubmit", args: [{ fingerprint: FINGERPRINT, topUp: [] }] },
    ]);
    expect(await page.textContent("#result")).toBe("5 payouts submitted; 0 rejected.");
    expect(await page.isDisabled("#confirm")).toBe(true);
    expect(await page.textContent("#cancel")).toBe("Close");
    // A second press cannot pay twice.
    await page.keyboard.press("Enter");
    await settle();
    expect(calls).toHaveLength(1);
    await screenshot(page, "submit-done");
  });

  it("pays with Space too", async () => {
    const { page, calls, settle } = await openSubmit(covered());
    await page.evaluate("document.activeElement && document.activeElement.blur()");
    await tabTo(page, "#confirm");
    await page.keyboard.press("Space");
    await settle();
    expect(calls).toEqual([
      { name: "confirmSubmit", args: [{ fingerprint: FINGERPRINT, topUp: [] }] },
    ]);
  });

  it("shows the server's refusal or failure and sends nothing more", async () => {
    const refused = await openSubmit(covered(), () => ({
      ok: false,
      message: "The rows changed since the preview; open Submit payouts again.",
    }));
    await refused.page.click("#confirm");
    await refused.settle();
    expect(await refused.page.textContent("#result")).toBe(
      "The rows changed since the preview; open Submit payouts again.",
    );
    expect(await refused.page.getAttribute("#result", "class")).toBe("failed");

    const failing = await openSubmit(covered(), () => {
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
      covered({ count: 0, groups: [], fingerprint: "", skipped: [], environments: [] }),
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
