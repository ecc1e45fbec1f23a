/**
 * Payouts > Check provider setup through the built bundle, against the simulators: CoinGate's
 * id lists and ledger account, GatePay's answer for an unknown batch, and the web app's
 * self-test POST (routed to this same emulator's doPost, or to a stand-in of an older
 * deployment). Read-only requests only; never a secret in what it answers.
 */
import type { WireRequest, WireResponse } from "../support/wire";
import {
  COINGATE_TOKEN,
  GATEPAY_CLIENT,
  GATEPAY_SECRET,
  Harness,
  type HarnessOptions,
} from "../support/harness";
import { auditLog } from "./audit-support";
import { coingateRow, gatepayRow } from "./callback-support";

interface Summary {
  ok: boolean;
  checks: { name: string; ok: boolean; message: string; skipped?: boolean }[];
  message: string;
  refused?: string;
}

const OWNER = "owner@example.com";

/** The web app as Google serves it: a POST to /exec runs doPost (the redirect is followed). */
function liveWebApp(h: Harness, rewrite?: (answer: Record<string, unknown>) => unknown) {
  return (request: WireRequest): WireResponse => {
    const query = Object.fromEntries(new URLSearchParams(request.url.split("?")[1] ?? ""));
    const run = h.emu.post({
      query,
      body: request.body,
      contentType: request.headers["content-type"] ?? "",
    });
    const content = run.output?.content ?? "";
    if (!rewrite) return { status: 200, body: content };
    return { status: 200, body: JSON.stringify(rewrite(JSON.parse(content))) };
  };
}

function world(options: HarnessOptions = {}): { h: Harness; webAppPosts: WireRequest[] } {
  const h = new Harness(options);
  const webAppPosts: WireRequest[] = [];
  const serve = liveWebApp(h);
  h.emu.route("script.google.com", (request) => {
    webAppPosts.push(request);
    return serve(request);
  });
  h.call("setupPayoutsSheet");
  h.addRows([
    coingateRow(),
    coingateRow({ Recipient: "Cy Ray", Currency: "BTC", Network: "bitcoin", Address: "" }),
    gatepayRow(),
  ]);
  return { h, webAppPosts };
}

function check(h: Harness, user = OWNER): Summary {
  return h.call<Summary>("checkProviderSetup", { user });
}

function named(summary: Summary, name: string) {
  const found = summary.checks.find((c) => c.name === name);
  if (!found) throw new Error(`No check named ${name}: ${summary.message}`);
  return found;
}

describe("checkProviderSetup", () => {
  it("all checks pass against providers as documented, with read-only requests only", () => {
    const { h, webAppPosts } = world();
    const summary = check(h);
    expect(summary.checks.map((c) => [c.name, c.ok])).toEqual([
      ["CoinGate currency and platform ids", true],
      ["CoinGate ledger account", true],
      ["GatePay answer for an unknown batch", true],
      ["Web app", true],
    ]);
    expect(summary.ok).toBe(true);
    expect(summary.message).toMatch(/^Every check passed \(4 run, 0 skipped\)\.\n/);
    expect(named(summary, "CoinGate currency and platform ids").message).toMatch(
      /^CoinGate sandbox: supported-currencies, \/currencies and \/platforms agree on the ids of 5 currencies and 10 currency networks\.$/,
    );
    expect(named(summary, "CoinGate ledger account").message).toContain(
      "An active ledger account pays each currency of the open CoinGate rows: BTC, USDT.",
    );
    expect(named(summary, "GatePay answer for an unknown batch").message).toMatch(
      /^GatePay answers code 400202 for a batch it never received, as the add-on expects/,
    );
    expect(named(summary, "Web app").message).toMatch(
      /^The web app at https:\/\/script\.google\.com\/macros\/s\/EMULATED\/exec answers the self-test with version 0\.1\.0 build [0-9a-f]{12}, the add-on's own\.$/,
    );

    // Read-only: GETs at CoinGate, one batch query at GatePay, one self-test POST to the web app.
    expect(new Set(h.coingate.received.map((r) => r.method))).toEqual(new Set(["GET"]));
    expect(
      h.gatepay.received.map((r) => `${r.method} ${r.url.replace(/^https:\/\/[^/]+/, "")}`),
    ).toEqual(["POST /v1/pay/withdraw/query"]);
    expect(webAppPosts).toHaveLength(1);
    expect(webAppPosts[0].method).toBe("POST");
    expect(webAppPosts[0].url).toMatch(/\/exec\?selftest=[0-9a-f]{30}$/);
    expect(h.rows().map((r) => r.Status)).toEqual(["", "", ""]);

    const text = JSON.stringify(summary) + JSON.stringify(auditLog(h));
    const token = h.emu.properties.get("CALLBACK_TOKEN") ?? "";
    for (const secret of [COINGATE_TOKEN, GATEPAY_SECRET, GATEPAY_CLIENT, token])
      expect(text).not.toContain(secret);
    const entry = auditLog(h).find((e) => e.Action === "Check provider setup");
    expect(entry?.Outcome).toBe("Every check passed (4 run, 0 skipped).");
  });

  it("finds a platform id /platforms gives differently from supported-currencies", () => {
    const { h } = world({ coingate: { platformListIds: { polygon: 139 } } });
    const summary = check(h);
    expect(summary.ok).toBe(false);
    const ids = named(summary, "CoinGate currency and platform ids");
    expect(ids.ok).toBe(false);
    expect(ids.message).toBe(
      "CoinGate sandbox: CoinGate's lists disagree: USDT on polygon: platform id 39 in " +
        "supported-currencies but 139 in /platforms. The add-on pays with the ids of " +
        "supported-currencies; ask CoinGate support which ids are right before paying in these.",
    );
    expect(named(summary, "Web app").ok).toBe(true);
    expect(summary.message).toMatch(/^1 of 4 check\(s\) found a problem\.\n/);
    expect(summary.message).toContain("PROBLEM CoinGate currency and platform ids: ");
  });

  it("catches a web app deployment left on an older build", () => {
    const { h } = world();
    h.emu.route(
      "script.google.com",
      liveWebApp(h, (answer) => ({ ...answer, build: "0123456789ab" })),
    );
    const web = named(check(h), "Web app");
    expect(web.ok).toBe(false);
    expect(web.message).toMatch(
      /^The web app runs version 0\.1\.0 build 0123456789ab, but the add-on is 0\.1\.0 build [0-9a-f]{12}: the deployment was not updated after the last push\. Run npm run deploy/,
    );
  });

  it("catches a deployment older than the self-test, and one of another script", () => {
    const { h } = world();
    // What doPost of a version before the self-test answers a POST without a token.
    h.emu.route("script.google.com", () => ({
      status: 200,
      body: "Refused: missing or wrong token.",
    }));
    const old = named(check(h), "Web app");
    expect(old.ok).toBe(false);
    expect(old.message).toMatch(
      /did not answer the self-test \(HTTP 200\)\. Either it runs a version older than 0\.1\.0/,
    );
    h.emu.route(
      "script.google.com",
      liveWebApp(h, (answer) => ({ ...answer, selftest: "f".repeat(128) })),
    );
    expect(named(check(h), "Web app").message).toMatch(/is not this script's/);
  });

  it("skips a provider that is not configured, and says so", () => {
    const { h } = world({ gatepay: false });
    const summary = check(h);
    expect(named(summary, "GatePay")).toEqual({
      name: "GatePay",
      ok: true,
      skipped: true,
      message:
        "Not checked: GatePay is not configured: set GATEPAY_CLIENT_ID and GATEPAY_API_SECRET (Payouts > Settings).",
    });
    expect(summary.ok).toBe(true);
    expect(summary.message).toMatch(/^Every check passed \(3 run, 1 skipped\)\./);
    expect(summary.message).toContain("SKIPPED GatePay: Not checked: GatePay is not configured");
    expect(h.gatepay.received).toHaveLength(0);
  });

  it("says when GatePay answers an unknown batch with another code than recovery expects", () => {
    const { h } = world({ gatepay: { unknownBatchCode: "400204" } });
    const gp = named(check(h), "GatePay answer for an unknown batch");
    expect(gp.ok).toBe(false);
    expect(gp.message).toContain(
      'GatePay answered "GatePay says the order is in the wrong state for this." for a batch it never received, not code 400202',
    );
  });

  it("says when COINGATE_LEDGER_ACCOUNT_ID cannot pay a row's currency without an exchange", () => {
    const { h } = world({
      properties: { COINGATE_LEDGER_ACCOUNT_ID: "01JNQWKKJ6WXN8BZT1Y66B6G9H" },
    });
    const ledger = named(check(h), "CoinGate ledger account");
    expect(ledger.ok).toBe(false);
    expect(ledger.message).toContain(
      "The ledger account set in COINGATE_LEDGER_ACCOUNT_ID is in USDT, but rows pay BTC: CoinGate would ask to confirm an exchange and COINGATE_EXCHANGE is cancel",
    );
  });

  it("is for admins only, and for a person Apps Script names", () => {
    const { h } = world({ properties: { ADMINS: OWNER } });
    expect(h.run("checkProviderSetup", { user: "ann@example.com" }).value).toMatchObject({
      ok: false,
      refused: "role",
    });
    expect(h.run("checkProviderSetup", { user: "" }).value).toMatchObject({
      ok: false,
      refused: "unidentified",
    });
    expect(h.coingate.received).toHaveLength(0);
    expect(check(h).ok).toBe(true);
  });
});

describe("Payouts > Check provider setup", () => {
  it("shows the checks in an alert", () => {
    const { h } = world({ coingate: false });
    const run = h.emu.run("menuCheckProviderSetup", [], { context: "menu" });
    expect(run.error).toBeUndefined();
    expect(run.ui.alerts[0].title).toBe("Provider setup checked");
    expect(run.ui.alerts[0].prompt).toMatch(
      /^Every check passed \(2 run, 1 skipped\)\.\nSKIPPED CoinGate: /,
    );
  });
});
