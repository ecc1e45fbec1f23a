import { KEYS, setAtKey } from "../../src/app/keys";
import {
  getSettings,
  saveSettings,
  testConnection,
  type SettingsForm,
} from "../../src/app/settings/settings";
import {
  COINGATE_TOKEN,
  EUR_ACCOUNT,
  GATEPAY_CLIENT_ID,
  GATEPAY_SECRET,
  USDT_ACCOUNT,
  settingsWorld,
  type SettingsWorld,
} from "../ui/support/settings-context";

/** The form as the sidebar sends it for an untouched, empty configuration. */
function form(overrides: Partial<SettingsForm> = {}): SettingsForm {
  return {
    coingateToken: "",
    coingateTokenRemove: false,
    coingateEnvironment: "sandbox",
    confirmLive: false,
    coingateLedgerAccountId: "",
    coingateExchange: "cancel",
    gatepayClientId: "",
    gatepaySecret: "",
    gatepaySecretRemove: false,
    gatepayFeeMode: "sender",
    gatepayMaxBatchSize: "100",
    autoRefreshMinutes: "10",
    webAppUrl: "",
    ...overrides,
  };
}

const WEB_APP = "https://script.google.com/macros/s/AKfycbx-Abc_123/exec";

/** Everything the world shows to the outside: answers, logs. A secret must be in none of it. */
function expectNoSecretIn(world: SettingsWorld, ...answers: unknown[]): void {
  const seen = JSON.stringify(answers) + world.logs.join("\n") + JSON.stringify(world.auditRows());
  for (const secret of [COINGATE_TOKEN, GATEPAY_SECRET, "wrong-token-1234", "wrong-secret-5678"]) {
    expect(seen).not.toContain(secret);
  }
}

describe("getSettings", () => {
  it("shows defaults for an empty configuration", () => {
    const { ctx } = settingsWorld({ webAppUrl: WEB_APP });
    expect(getSettings(ctx)).toEqual({
      coingateToken: { set: false },
      coingateEnvironment: "sandbox",
      coingateLedgerAccountId: "",
      coingateExchange: "cancel",
      gatepayClientId: "",
      gatepaySecret: { set: false },
      gatepayFeeMode: "sender",
      gatepayMaxBatchSize: 100,
      autoRefreshMinutes: 10,
      autoRefreshChoices: [1, 5, 10, 15, 30, 60],
      autoRefreshOn: false,
      webAppUrl: "",
      detectedWebAppUrl: WEB_APP,
      openRows: 0,
    });
  });

  it("tells whether a secret is set and when, never its value", () => {
    const world = settingsWorld();
    world.store.set(KEYS.coingateToken, COINGATE_TOKEN);
    world.store.set(setAtKey(KEYS.coingateToken), "2026-01-02T03:04:05.000Z");
    world.store.set(KEYS.gatepaySecret, GATEPAY_SECRET); // set in Project settings: no time
    world.store.set(KEYS.gatepayClientId, GATEPAY_CLIENT_ID);
    const view = getSettings(world.ctx);
    expect(view.coingateToken).toEqual({ set: true, setAt: "2026-01-02T03:04:05.000Z" });
    expect(view.gatepaySecret).toEqual({ set: true });
    expect(view.gatepayClientId).toBe(GATEPAY_CLIENT_ID);
    expectNoSecretIn(world, view);
  });
});

describe("saveSettings", () => {
  it("stores every field, with the time each secret was set", () => {
    const world = settingsWorld({ webAppUrl: WEB_APP });
    const result = saveSettings(
      world.ctx,
      form({
        coingateToken: `  ${COINGATE_TOKEN} `,
        coingateLedgerAccountId: USDT_ACCOUNT,
        coingateExchange: "confirm",
        gatepayClientId: GATEPAY_CLIENT_ID,
        gatepaySecret: GATEPAY_SECRET,
        gatepayFeeMode: "recipient",
        gatepayMaxBatchSize: "250",
        autoRefreshMinutes: "15",
        webAppUrl: WEB_APP,
      }),
    );
    expect(result.ok).toBe(true);
    const saved = Object.fromEntries(world.store.values);
    expect(saved).toEqual({
      COINGATE_API_TOKEN: COINGATE_TOKEN,
      COINGATE_API_TOKEN_SET_AT: "2026-01-15T09:30:00.000Z",
      COINGATE_ENVIRONMENT: "sandbox",
      COINGATE_LEDGER_ACCOUNT_ID: USDT_ACCOUNT,
      COINGATE_EXCHANGE: "confirm",
      GATEPAY_CLIENT_ID: GATEPAY_CLIENT_ID,
      GATEPAY_API_SECRET: GATEPAY_SECRET,
      GATEPAY_API_SECRET_SET_AT: "2026-01-15T09:30:00.000Z",
      GATEPAY_DEFAULT_FEE_MODE: "recipient",
      GATEPAY_MAX_BATCH_SIZE: "250",
      AUTO_REFRESH_MINUTES: "15",
      WEB_APP_URL: WEB_APP,
    });
    if (!result.ok) throw new Error("unreachable");
    expect(result.settings.coingateToken).toEqual({
      set: true,
      setAt: "2026-01-15T09:30:00.000Z",
    });
    expect(world.logs.join("\n")).toContain("COINGATE_API_TOKEN");
    // The audit trail names who changed which keys, never a value.
    const [header, entry] = world.auditRows();
    expect(header).toEqual(["Time", "User", "Action", "Outcome", "Details"]);
    expect(entry.slice(0, 3)).toEqual([
      "2026-01-15T09:30:00.000Z",
      "finance@example.com",
      "Settings saved",
    ]);
    expect(entry[3]).toContain("COINGATE_API_TOKEN");
    expect(entry[3]).toContain("GATEPAY_API_SECRET");
    expectNoSecretIn(world, result);
  });

  it("keeps a stored secret when its field is left empty, and removes it on request", () => {
    const world = settingsWorld();
    saveSettings(world.ctx, form({ coingateToken: COINGATE_TOKEN, gatepaySecret: GATEPAY_SECRET }));
    world.clock.ms += 60_000;

    saveSettings(world.ctx, form({ gatepayFeeMode: "recipient" }));
    expect(world.store.get(KEYS.coingateToken)).toBe(COINGATE_TOKEN);
    expect(world.store.get(setAtKey(KEYS.coingateToken))).toBe("2026-01-15T09:30:00.000Z");

    const removed = saveSettings(world.ctx, form({ gatepaySecretRemove: true }));
    expect(removed.ok).toBe(true);
    expect(world.store.get(KEYS.gatepaySecret)).toBeNull();
    expect(world.store.get(setAtKey(KEYS.gatepaySecret))).toBeNull();
    expect(world.store.get(KEYS.coingateToken)).toBe(COINGATE_TOKEN);
  });

  it("refuses every bad field with a message of its own and stores nothing", () => {
    const world = settingsWorld();
    world.store.set(KEYS.gatepayMaxBatch, "50");
    const before = new Map(world.store.values);
    const result = saveSettings(
      world.ctx,
      form({
        coingateToken: "has space in it",
        coingateEnvironment: "production",
        coingateLedgerAccountId: "id with spaces",
        coingateExchange: "maybe",
        gatepayClientId: "two words",
        gatepaySecret: "short",
        gatepayFeeMode: "both",
        gatepayMaxBatchSize: "1001",
        autoRefreshMinutes: "7",
        webAppUrl: "http://example.com/exec",
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) throw new Error("unreachable");
    expect(Object.keys(result.errors).sort()).toEqual(
      [
        "autoRefreshMinutes",
        "coingateEnvironment",
        "coingateExchange",
        "coingateLedgerAccountId",
        "coingateToken",
        "gatepayClientId",
        "gatepayFeeMode",
        "gatepayMaxBatchSize",
        "gatepaySecret",
        "webAppUrl",
      ].sort(),
    );
    expect(result.errors.gatepayMaxBatchSize).toBe("Enter a whole number from 1 to 1000.");
    expect(result.errors.autoRefreshMinutes).toBe("Choose one of 1, 5, 10, 15, 30, 60 minutes.");
    expect(result.message).toBe("Nothing was saved: 10 fields need attention.");
    expect(world.store.values).toEqual(before);
    // The refused token is not echoed back.
    expect(JSON.stringify(result)).not.toContain("has space in it");
  });

  it("is all-or-nothing: one bad field keeps the good ones from being stored", () => {
    const world = settingsWorld();
    const result = saveSettings(
      world.ctx,
      form({ coingateToken: COINGATE_TOKEN, gatepayMaxBatchSize: "0" }),
    );
    expect(result).toMatchObject({
      ok: false,
      errors: { gatepayMaxBatchSize: expect.any(String) },
    });
    expect(world.store.values.size).toBe(0);
  });

  it("refuses a form that is not an object of the expected shape", () => {
    const world = settingsWorld();
    expect(saveSettings(world.ctx, null).ok).toBe(false);
    expect(saveSettings(world.ctx, { ...form(), coingateTokenRemove: "yes" }).ok).toBe(false);
    expect(world.store.values.size).toBe(0);
  });

  it("says when GatePay is only half configured", () => {
    const world = settingsWorld();
    const result = saveSettings(world.ctx, form({ gatepayClientId: GATEPAY_CLIENT_ID }));
    expect(result).toMatchObject({
      ok: true,
      message: "Settings saved. GatePay needs its API secret too before it works.",
    });
  });

  it("refuses a new secret together with its removal", () => {
    const world = settingsWorld();
    const result = saveSettings(
      world.ctx,
      form({ coingateToken: COINGATE_TOKEN, coingateTokenRemove: true }),
    );
    expect(result).toMatchObject({
      ok: false,
      errors: { coingateToken: "Enter a new token or remove the saved one, not both." },
    });
    expect(world.store.values.size).toBe(0);
  });

  it("switches to live only when the person confirmed it", () => {
    const world = settingsWorld();
    const unconfirmed = saveSettings(world.ctx, form({ coingateEnvironment: "live" }));
    expect(unconfirmed).toMatchObject({
      ok: false,
      errors: { coingateEnvironment: "Confirm the switch to live: live payouts move real money." },
    });
    expect(world.store.get(KEYS.coingateEnvironment)).toBeNull();

    expect(
      saveSettings(world.ctx, form({ coingateEnvironment: "live", confirmLive: true })).ok,
    ).toBe(true);
    expect(world.store.get(KEYS.coingateEnvironment)).toBe("live");
    // Staying on live needs no new confirmation; going back to sandbox needs none either.
    expect(saveSettings(world.ctx, form({ coingateEnvironment: "live" })).ok).toBe(true);
    expect(saveSettings(world.ctx, form({ coingateEnvironment: "sandbox" })).ok).toBe(true);
  });

  it("keeps the environment while submitted payouts are still open", () => {
    const world = settingsWorld();
    world.store.set(KEYS.openRows, "3");
    const result = saveSettings(
      world.ctx,
      form({ coingateEnvironment: "live", confirmLive: true }),
    );
    expect(result).toMatchObject({ ok: false });
    if (result.ok) throw new Error("unreachable");
    expect(result.errors.coingateEnvironment).toMatch(/^3 submitted payout\(s\) are not final/);
    expect(world.store.get(KEYS.coingateEnvironment)).toBeNull();
  });

  it("moves an installed auto-refresh trigger to the new interval", () => {
    const world = settingsWorld();
    world.triggers.everyMinutes("refreshPayouts", 10);
    const result = saveSettings(world.ctx, form({ autoRefreshMinutes: "30" }));
    expect(result).toMatchObject({ ok: true });
    expect(result.message).toContain("Auto-refresh now runs every 30 minutes.");
    expect(world.triggers.triggers).toEqual([
      expect.objectContaining({ handler: "refreshPayouts", minutes: 30 }),
    ]);
  });

  it("leaves triggers alone when auto-refresh is off", () => {
    const world = settingsWorld();
    saveSettings(world.ctx, form({ autoRefreshMinutes: "60" }));
    expect(world.triggers.triggers).toEqual([]);
    expect(world.store.get(KEYS.autoRefreshMinutes)).toBe("60");
  });

  it("accepts a Google Workspace web app URL of this deployment and clears it when emptied", () => {
    const world = settingsWorld({
      webAppUrl: "https://script.google.com/macros/s/AKfy_c-b/exec",
    });
    const workspaceUrl = "https://script.google.com/a/macros/example.com/s/AKfy_c-b/exec";
    expect(saveSettings(world.ctx, form({ webAppUrl: workspaceUrl })).ok).toBe(true);
    expect(world.store.get(KEYS.webAppUrl)).toBe(workspaceUrl);
    expect(saveSettings(world.ctx, form({ webAppUrl: " " })).ok).toBe(true);
    expect(world.store.get(KEYS.webAppUrl)).toBeNull();
  });

  it("refuses a WEB_APP_URL that is not this script's own web app, changing nothing", () => {
    const world = settingsWorld({ webAppUrl: WEB_APP });
    world.store.set(KEYS.recordKey, "a-record-key-for-the-check-0123456789");
    const foreign = "https://script.google.com/macros/s/SomeoneElsesDeployment/exec";
    const result = saveSettings(world.ctx, form({ webAppUrl: foreign }));
    expect(result.ok).toBe(false);
    if (result.ok) throw new Error("unreachable");
    expect(result.errors.webAppUrl).toMatch(/not this script's web app/);
    expect(world.store.get(KEYS.webAppUrl)).toBeNull();
  });
});

describe("testConnection: CoinGate", () => {
  it("reports a working token and lists the ledger accounts", () => {
    const world = settingsWorld();
    saveSettings(world.ctx, form({ coingateToken: COINGATE_TOKEN }));
    const report = testConnection(world.ctx, "coingate");
    expect(report).toMatchObject({
      provider: "coingate",
      outcome: "working",
      message: "Working: CoinGate sandbox accepted the token. 2 ledger account(s): USDT, EUR.",
    });
    expect(report.ledgerAccounts?.map((a) => [a.id, a.currency, a.balance])).toEqual([
      [USDT_ACCOUNT, "USDT", "2500"],
      [EUR_ACCOUNT, "EUR", "900"],
    ]);
    const paths = world.coingate.received.map((r) => r.url.replace(/\?.*$/, ""));
    expect(paths).toEqual([
      "https://api-sandbox.coingate.com/v2/auth/test",
      "https://api-sandbox.coingate.com/v2/ledger/accounts",
    ]);
    expectNoSecretIn(world, report);
  });

  it("asks at the live host when the environment is live", () => {
    const world = settingsWorld();
    saveSettings(
      world.ctx,
      form({ coingateToken: COINGATE_TOKEN, coingateEnvironment: "live", confirmLive: true }),
    );
    expect(testConnection(world.ctx, "coingate").outcome).toBe("working");
    expect(world.coingate.received[0].url).toBe("https://api.coingate.com/v2/auth/test");
  });

  it("says when the chosen ledger account is not at CoinGate", () => {
    const world = settingsWorld();
    saveSettings(
      world.ctx,
      form({ coingateToken: COINGATE_TOKEN, coingateLedgerAccountId: "01GONE" }),
    );
    expect(testConnection(world.ctx, "coingate").message).toContain(
      "The chosen ledger account is not among them",
    );
  });

  it("reports a wrong token in plain words without echoing it", () => {
    const world = settingsWorld();
    saveSettings(world.ctx, form({ coingateToken: "wrong-token-1234" }));
    const report = testConnection(world.ctx, "coingate");
    expect(report.outcome).toBe("wrong_credentials");
    expect(report.message).toMatch(/^Wrong token: CoinGate sandbox refused it\./);
    expect(report.ledgerAccounts).toBeUndefined();
    expectNoSecretIn(world, report);
  });

  it("reports an unreachable CoinGate", () => {
    const world = settingsWorld();
    saveSettings(world.ctx, form({ coingateToken: COINGATE_TOKEN }));
    world.setOffline(true);
    const report = testConnection(world.ctx, "coingate");
    expect(report.outcome).toBe("unreachable");
    expect(report.message).toBe(
      "Unreachable: CoinGate did not answer (connection failed). Try again later.",
    );
  });

  it("reports an outage by its HTTP status after the client's retries", () => {
    const world = settingsWorld();
    saveSettings(world.ctx, form({ coingateToken: COINGATE_TOKEN }));
    world.coingate.failNext(3, { status: 503 });
    const report = testConnection(world.ctx, "coingate");
    expect(report.outcome).toBe("unreachable");
    expect(report.message).toContain("503");
  });

  it("says so when no token is saved, without calling CoinGate", () => {
    const world = settingsWorld();
    expect(testConnection(world.ctx, "coingate")).toEqual({
      provider: "coingate",
      outcome: "not_configured",
      message: "No CoinGate API token is saved.",
    });
    expect(world.http.sent).toEqual([]);
  });
});

describe("testConnection: GatePay", () => {
  function configured(secret = GATEPAY_SECRET, clientId = GATEPAY_CLIENT_ID) {
    const world = settingsWorld();
    saveSettings(world.ctx, form({ gatepayClientId: clientId, gatepaySecret: secret }));
    return world;
  }

  it("reports working credentials with the signed balance query", () => {
    const world = configured();
    const report = testConnection(world.ctx, "gatepay");
    expect(report).toEqual({
      provider: "gatepay",
      outcome: "working",
      message: "Working: GatePay accepted the ClientId and the signature. Balances in USDT, BTC.",
    });
    expect(world.gatepay.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET https://openplatform.gateapi.io/v1/pay/balance/query",
    ]);
    expect(world.gatepay.received[0].headers["x-gatepay-signature"]).toMatch(/^[0-9a-f]{128}$/);
    expectNoSecretIn(world, report);
  });

  it("tells a wrong secret from a wrong ClientId", () => {
    const wrongSecret = configured("wrong-secret-5678");
    const secretReport = testConnection(wrongSecret.ctx, "gatepay");
    expect(secretReport.outcome).toBe("wrong_credentials");
    expect(secretReport.message).toMatch(/^Wrong secret: /);
    expectNoSecretIn(wrongSecret, secretReport);

    const wrongClient = configured(GATEPAY_SECRET, "unknown-client");
    const clientReport = testConnection(wrongClient.ctx, "gatepay");
    expect(clientReport.outcome).toBe("wrong_credentials");
    expect(clientReport.message).toMatch(/^Wrong ClientId: /);
  });

  it("reports a clock GatePay does not accept", () => {
    const world = configured();
    // The simulator reads clock.ms directly; the add-on's clock runs a minute behind it.
    world.clock.now = () => world.clock.ms - 60_000;
    const report = testConnection(world.ctx, "gatepay");
    expect(report.outcome).toBe("clock");
    expect(report.message).toMatch(/^Clock: GatePay rejected the request time/);
  });

  it("reports an unreachable GatePay", () => {
    const world = configured();
    world.setOffline(true);
    expect(testConnection(world.ctx, "gatepay")).toMatchObject({
      outcome: "unreachable",
      message: "Unreachable: GatePay did not answer (network error or timeout).",
    });
  });

  it("names what is missing when GatePay is not fully configured", () => {
    const world = settingsWorld();
    saveSettings(world.ctx, form({ gatepayClientId: GATEPAY_CLIENT_ID }));
    expect(testConnection(world.ctx, "gatepay")).toMatchObject({
      outcome: "not_configured",
      message: "No GatePay API secret is saved.",
    });
    expect(world.http.sent).toEqual([]);
  });

  it("refuses an unknown provider", () => {
    expect(() => testConnection(settingsWorld().ctx, "paypal")).toThrow(
      "Unknown provider: choose coingate or gatepay.",
    );
  });
});
