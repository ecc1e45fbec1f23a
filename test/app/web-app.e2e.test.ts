/**
 * doGet, the health view, end to end through the built bundle: version, providers configured,
 * last refresh, open rows; never a secret, in the plain text or in ?format=json; and never an
 * HtmlService page, whatever the query (CONTRACT section 8).
 */
import { macHex } from "../../src/domain/mac";
import { VERSION } from "../../src/version";
import { COINGATE_TOKEN, GATEPAY_CLIENT, GATEPAY_SECRET, Harness } from "../support/harness";
import { callbackToken, coingateRow, gatepayRow, submitRows } from "./callback-support";
import type { Health } from "../../src/app/web-app/health";

type HealthJson = Health;

function page(h: Harness) {
  const run = h.emu.get();
  expect(run.error).toBeUndefined();
  expect(run.output?.mimeType).toBe("text/plain");
  return run.output?.content ?? "";
}

function json(h: Harness): HealthJson {
  const run = h.emu.get({ query: { format: "json" } });
  expect(run.error).toBeUndefined();
  expect(run.output?.mimeType).toBe("application/json");
  return JSON.parse(run.output?.content ?? "null") as HealthJson;
}

/** Every secret the script knows, and the parts of them long enough to matter. */
function secrets(h: Harness): string[] {
  const values = [COINGATE_TOKEN, GATEPAY_SECRET, GATEPAY_CLIENT];
  const token = h.emu.properties.get("CALLBACK_TOKEN");
  if (token) values.push(token, token.slice(0, 12), token.slice(-12));
  return values;
}

describe("doGet: the health page", () => {
  test("never answers with an HtmlService page, with or without parameters", () => {
    const h = new Harness();
    submitRows(h, [coingateRow()]);
    const queries: Record<string, string>[] = [
      {},
      { format: "json" },
      { format: "html" },
      { format: "text" },
      { page: "Settings" },
      { provider: "gatepay", token: callbackToken(h) },
      { callback: "google.script.run" },
    ];
    for (const query of queries) {
      const run = h.emu.get({ query });
      expect(run.error).toBeUndefined();
      expect(run.output?.mimeType).toMatch(/^(text\/plain|application\/json)$/);
      expect(run.output?.content ?? "").not.toMatch(/<script|google\.script|<html/i);
      expect(run.ui.dialogs).toHaveLength(0);
    }
  });

  test("shows version, configured providers, last refresh and open rows, as text and JSON", () => {
    const h = new Harness();
    submitRows(h, [coingateRow(), gatepayRow()]);
    h.dropCallbacks();
    h.call("refreshPayouts");
    h.call("installAutoRefresh");
    const last = h.emu.properties.get("LAST_REFRESH_AT");
    expect(last).toMatch(/^2026-/);

    const text = page(h);
    expect(text).toContain(VERSION);
    expect(text).toMatch(/^CoinGate: configured \(sandbox\)$/m);
    expect(text).toMatch(/^GatePay: configured$/m);
    expect(text).toContain(last);
    expect(text).toMatch(/^Open rows: 2$/m);
    expect(text).toMatch(/^Auto-refresh: on$/m);

    expect(json(h)).toEqual({
      service: "sheet-payouts",
      version: VERSION,
      providers: {
        CoinGate: { configured: true, environment: "sandbox" },
        GatePay: { configured: true },
      },
      callbackTokenSet: true,
      lastRefreshAt: last,
      openRows: 2,
      autoRefresh: true,
      controls: { approvalsRequired: 0, rolesOn: false, frozen: false },
      warnings: [],
    });
  });

  test("names a setting it cannot use, without repeating its value", () => {
    const h = new Harness({ properties: { COINGATE_ENVIRONMENT: "production-xyz" } });
    const text = page(h);
    expect(text).toContain(
      "COINGATE_ENVIRONMENT cannot be used: it must be sandbox or live; sandbox is used.",
    );
    expect(text).not.toContain("production-xyz");
    expect(json(h).warnings).toHaveLength(1);
  });

  test("open rows and last refresh follow the refreshes", () => {
    const h = new Harness();
    submitRows(h, [coingateRow(), gatepayRow()]);
    h.coingate.settleAll("completed");
    h.gatepay.settleAll();
    h.dropCallbacks();
    h.emu.clock.advance(5 * 60_000);
    h.call("refreshPayouts");
    const health = json(h);
    expect(health.openRows).toBe(0);
    expect(Date.parse(health.lastRefreshAt ?? "")).toBeGreaterThan(
      Date.parse("2026-01-05T09:05:00Z"),
    );
  });

  test("before setup: nothing configured, never refreshed, and it still answers", () => {
    const h = new Harness({ coingate: false, gatepay: false });
    const text = page(h);
    expect(text).toMatch(/^CoinGate: not configured$/m);
    expect(text).toMatch(/^GatePay: not configured$/m);
    expect(text).toMatch(/^Last refresh: never$/m);
    expect(text).toMatch(/^Callback token: not set/m);
    expect(json(h)).toMatchObject({
      providers: { CoinGate: { configured: false }, GatePay: { configured: false } },
      callbackTokenSet: false,
      lastRefreshAt: null,
      openRows: null,
      autoRefresh: false,
    });
  });

  test("COINGATE_ENVIRONMENT=live shows live; one provider configured shows only that one", () => {
    const h = new Harness({ gatepay: false, properties: { COINGATE_ENVIRONMENT: "live" } });
    expect(json(h).providers).toEqual({
      CoinGate: { configured: true, environment: "live" },
      GatePay: { configured: false },
    });
  });

  test("never a secret: no API token, API secret, client id or callback token in the text or the JSON", () => {
    const h = new Harness({
      properties: { WEB_APP_URL: "https://script.google.com/macros/s/DEPLOYED/exec" },
    });
    submitRows(h, [coingateRow(), gatepayRow()]);
    h.call("refreshPayouts");
    const token = callbackToken(h);
    expect(token.length).toBeGreaterThanOrEqual(24);
    const outputs = [
      page(h),
      h.emu.get({ query: { format: "json" } }).output?.content ?? "",
      // Query parameters a stranger might try.
      h.emu.get({ query: { format: "json", debug: "1", provider: "gatepay" } }).output?.content ??
        "",
      h.emu.get({ query: { token } }).output?.content ?? "",
    ];
    for (const output of outputs) {
      expect(output.length).toBeGreaterThan(0);
      for (const secret of secrets(h)) expect(output).not.toContain(secret);
      expect(output).not.toMatch(/token=/i);
    }
  });

  test("the health page reads only properties and triggers: no sheet, no fetch", () => {
    const h = new Harness();
    submitRows(h, [coingateRow()]);
    const run = h.emu.get({ query: { format: "json" } });
    expect(run.meter.fetches).toBe(0);
    expect(run.meter.spreadsheetCalls).toBeLessThanOrEqual(1);
    expect(run.meter.elapsedMs).toBeLessThan(1_000);
  });

  test("a POST with ?selftest= answers the proof, version and build, and is never a callback", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    const challenge = "0123456789abcdef0123";
    const post = h.emu.post({
      query: { selftest: challenge },
      body: "",
      contentType: "text/plain",
    });
    expect(post.output?.mimeType).toBe("application/json");
    const answer = JSON.parse(post.output?.content ?? "{}");
    expect(answer).toEqual({
      // A MAC under a key derived from RECORD_KEY (app/web-app/own-url.ts).
      selftest: macHex(
        macHex(h.emu.properties.get("RECORD_KEY") ?? "", "web app self-test"),
        challenge,
      ),
      version: VERSION,
      build: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
    // The GET self-test (WEB_APP_URL's check) gives the same proof.
    const get = h.emu.get({ query: { selftest: challenge } });
    expect(JSON.parse(get.output?.content ?? "{}")).toEqual(answer);
    expect(h.callbackLog()).toHaveLength(0);
    // With ?provider= it is a callback like any other, stored in the Callbacks sheet.
    const callback = h.emu.post({
      query: { provider: "gatepay", token: callbackToken(h), selftest: challenge },
      body: "{}",
      contentType: "application/json",
    });
    expect(callback.output?.content).not.toContain("selftest");
    expect(h.callbackLog()).toHaveLength(1);
  });
});
