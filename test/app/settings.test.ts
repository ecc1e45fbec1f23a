/**
 * The Settings use cases on in-memory ports: the view the sidebar is built from, the
 * all-or-nothing save of its form, and Test connection against the provider simulators.
 */
import { AUDIT_HEADERS } from "../../src/app/audit/headers";
import { inAuditedRun } from "../../src/app/audit/run";
import { auditSettingsChange } from "../../src/app/audit/settings-changes";
import { KEYS, setAtKey } from "../../src/app/keys";
import { testConnection } from "../../src/app/settings/connection";
import { saveSettings, type SaveResult, type SettingsForm } from "../../src/app/settings/save";
import { getSettings, type FieldView, type SettingsView } from "../../src/app/settings/view";
import {
  COINGATE_TOKEN,
  EUR_ACCOUNT,
  GATEPAY_CLIENT_ID,
  GATEPAY_SECRET,
  USDT_ACCOUNT,
  settingsWorld,
  type SettingsWorld,
} from "../ui/support/settings-context";

const WEB_APP = "https://script.google.com/macros/s/AKfycbx-Abc_123/exec";

function fields(view: SettingsView): FieldView[] {
  return view.sections.flatMap((section) => section.fields);
}

/**
 * The form as the sidebar sends it: every drop-down with the value it shows (the server refuses
 * an unset one left out), the text fields and secrets a person changed (a key left out keeps its
 * value, as does an empty secret), the secrets to remove and the confirmation boxes ticked.
 */
function form(
  world: SettingsWorld,
  values: Record<string, string> = {},
  extra: Partial<Omit<SettingsForm, "values">> = {},
): SettingsForm {
  const choices = Object.fromEntries(
    fields(getSettings(world.ctx))
      .filter((field) => field.kind === "choice")
      .map((field) => [field.key, field.value]),
  );
  return { values: { ...choices, ...values }, remove: [], confirmed: [], ...extra };
}

function save(
  world: SettingsWorld,
  values: Record<string, string> = {},
  extra: Partial<Omit<SettingsForm, "values">> = {},
): SaveResult {
  return saveSettings(world.ctx, form(world, values, extra));
}

function errorsOf(result: SaveResult): Record<string, string> {
  if (result.ok) throw new Error(`Expected a refusal, got: ${result.message}`);
  return result.errors;
}

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
    const view = getSettings(ctx);
    expect(view.sections.map(({ id, title, testable }) => ({ id, title, testable }))).toEqual([
      { id: "coingate", title: "CoinGate", testable: true },
      { id: "gatepay", title: "GatePay", testable: true },
      { id: "controls", title: "Controls: roles and approvals", testable: false },
      { id: "addon", title: "Add-on", testable: false },
    ]);
    expect(Object.fromEntries(fields(view).map((f) => [f.key, f.secret ?? f.value]))).toEqual({
      COINGATE_ENVIRONMENT: "sandbox",
      COINGATE_API_TOKEN: { set: false },
      COINGATE_LEDGER_ACCOUNT_ID: "",
      COINGATE_EXCHANGE: "cancel",
      GATEPAY_CLIENT_ID: "",
      GATEPAY_API_SECRET: { set: false },
      GATEPAY_DEFAULT_FEE_MODE: "sender",
      GATEPAY_MAX_BATCH_SIZE: "100",
      ADMINS: "",
      PAYERS: "",
      APPROVERS: "",
      APPROVALS_REQUIRED: "0",
      SECOND_APPROVAL_ABOVE: "",
      LIMIT_PER_ROW: "",
      LIMIT_PER_DAY: "",
      NEW_ADDRESS_COOLOFF_HOURS: "0",
      APPROVAL_EXPIRES_HOURS: "72",
      AUTO_REFRESH_MINUTES: "10",
      WEB_APP_URL: "",
      CHAIN_RPC_URLS: { set: false },
      CHAIN_TOKENS: "",
      NOTIFY_EMAILS: "",
    });
    // What the sidebar needs to draw each kind of field.
    expect(fields(view).find((f) => f.key === KEYS.coingateEnvironment)).toEqual({
      key: "COINGATE_ENVIRONMENT",
      label: "Environment",
      kind: "choice",
      choices: ["sandbox", "live"],
      confirm: { when: "live", label: "Live payouts move real money." },
      value: "sandbox",
    });
    expect(fields(view).find((f) => f.key === KEYS.autoRefreshMinutes)?.choices).toEqual([
      "10",
      "1",
      "5",
      "15",
      "30",
      "60",
    ]);
    expect(fields(view).find((f) => f.key === KEYS.coingateToken)).toEqual({
      key: "COINGATE_API_TOKEN",
      label: "API token",
      kind: "secret",
      value: "",
      secret: { set: false },
    });
    // Set in Project settings only: not in the sidebar.
    expect(fields(view).map((f) => f.key)).not.toContain(KEYS.gatepayBaseUrl);
    expect(view).toMatchObject({ autoRefreshOn: false, detectedWebAppUrl: WEB_APP, openRows: 0 });
  });

  it("tells whether a secret is set and when, never its value", () => {
    const world = settingsWorld();
    world.store.set(KEYS.coingateToken, COINGATE_TOKEN);
    world.store.set(setAtKey(KEYS.coingateToken), "2026-01-02T03:04:05.000Z");
    world.store.set(KEYS.gatepaySecret, GATEPAY_SECRET); // set in Project settings: no time
    world.store.set(KEYS.gatepayClientId, GATEPAY_CLIENT_ID);
    const view = getSettings(world.ctx);
    const byKey = new Map(fields(view).map((f) => [f.key, f]));
    expect(byKey.get(KEYS.coingateToken)).toMatchObject({
      value: "",
      secret: { set: true, setAt: "2026-01-02T03:04:05.000Z" },
    });
    expect(byKey.get(KEYS.gatepaySecret)).toMatchObject({ value: "", secret: { set: true } });
    expect(byKey.get(KEYS.gatepaySecret)?.secret).not.toHaveProperty("setAt");
    expect(byKey.get(KEYS.gatepayClientId)?.value).toBe(GATEPAY_CLIENT_ID);
    expectNoSecretIn(world, view);
  });

  it("shows a stored value it cannot use as its default", () => {
    const world = settingsWorld();
    world.store.set(KEYS.gatepayMaxBatch, "many");
    world.store.set(KEYS.coingateEnvironment, "production");
    const byKey = new Map(fields(getSettings(world.ctx)).map((f) => [f.key, f.value]));
    expect(byKey.get(KEYS.gatepayMaxBatch)).toBe("100");
    expect(byKey.get(KEYS.coingateEnvironment)).toBe("sandbox");
  });
});

describe("saveSettings", () => {
  it("stores every field, with the time each secret was set", () => {
    const world = settingsWorld({ webAppUrl: WEB_APP });
    const result = save(world, {
      COINGATE_ENVIRONMENT: "sandbox",
      COINGATE_API_TOKEN: `  ${COINGATE_TOKEN} `,
      COINGATE_LEDGER_ACCOUNT_ID: USDT_ACCOUNT,
      COINGATE_EXCHANGE: "confirm",
      GATEPAY_CLIENT_ID: GATEPAY_CLIENT_ID,
      GATEPAY_API_SECRET: GATEPAY_SECRET,
      GATEPAY_DEFAULT_FEE_MODE: "recipient",
      GATEPAY_MAX_BATCH_SIZE: "250",
      AUTO_REFRESH_MINUTES: "15",
      WEB_APP_URL: WEB_APP,
    });
    expect(result).toMatchObject({ ok: true, message: "Settings saved." });
    if (!result.ok) throw new Error("unreachable");
    expect(Object.fromEntries(world.store.values)).toEqual({
      COINGATE_API_TOKEN: COINGATE_TOKEN,
      COINGATE_API_TOKEN_SET_AT: "2026-01-15T09:30:00.000Z",
      // "sandbox" is the shown default: saving it back over nothing is not a change.
      COINGATE_LEDGER_ACCOUNT_ID: USDT_ACCOUNT,
      COINGATE_EXCHANGE: "confirm",
      GATEPAY_CLIENT_ID: GATEPAY_CLIENT_ID,
      GATEPAY_API_SECRET: GATEPAY_SECRET,
      GATEPAY_API_SECRET_SET_AT: "2026-01-15T09:30:00.000Z",
      GATEPAY_DEFAULT_FEE_MODE: "recipient",
      GATEPAY_MAX_BATCH_SIZE: "250",
      AUTO_REFRESH_MINUTES: "15",
      WEB_APP_URL: WEB_APP,
      // The Audit log's chain: one entry, its hash, and the write that announced it.
      AUDIT_ENTRIES: "1",
      AUDIT_HEAD: expect.stringMatching(/^[0-9a-f]{64}$/),
      AUDIT_WRITING: expect.stringMatching(/^1 [0-9a-f]{64} 0$/),
    });
    // The answer is the new view: the secrets as set, with their time, never their value.
    expect(fields(result.settings).find((f) => f.key === KEYS.coingateToken)?.secret).toEqual({
      set: true,
      setAt: "2026-01-15T09:30:00.000Z",
    });
    expect(world.logs.join("\n")).toContain("COINGATE_API_TOKEN");
    // The audit trail names who changed which keys, never a value.
    const [header, entry] = world.auditRows();
    expect(header).toEqual([...AUDIT_HEADERS]);
    expect(entry.slice(0, 5)).toEqual([
      "1",
      "2026-01-15T09:30:00.000Z",
      "finance@example.com",
      "",
      "Settings saved",
    ]);
    expect(entry[5]).toContain("COINGATE_API_TOKEN");
    expect(entry[5]).toContain("GATEPAY_API_SECRET");
    expectNoSecretIn(world, result);
  });

  it("keeps every text setting a form leaves out", () => {
    const world = settingsWorld();
    save(world, {
      COINGATE_LEDGER_ACCOUNT_ID: EUR_ACCOUNT,
      GATEPAY_CLIENT_ID: GATEPAY_CLIENT_ID,
      GATEPAY_MAX_BATCH_SIZE: "40",
    });
    const before = new Map(world.store.values);
    const audited = world.auditRows().length;
    expect(save(world)).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Nothing changed\./),
    });
    expect(world.store.values).toEqual(before);
    expect(world.auditRows()).toHaveLength(audited);
  });

  it("stores no shown default: a first save of the untouched sidebar changes nothing", () => {
    const world = settingsWorld();
    const shown = form(world, {
      GATEPAY_MAX_BATCH_SIZE: "100",
      AUTO_REFRESH_MINUTES:
        fields(getSettings(world.ctx)).find((f) => f.key === KEYS.autoRefreshMinutes)?.value ?? "",
    });
    const result = saveSettings(world.ctx, shown);
    expect(result).toMatchObject({ ok: true, message: "Nothing changed." });
    expect([...world.store.values.keys()]).toEqual([]);
    expect(world.auditRows()).toHaveLength(0);
  });

  it("keeps an unset drop-down unset when the form leaves it out or sends it empty", () => {
    const world = settingsWorld();
    const token = { COINGATE_API_TOKEN: COINGATE_TOKEN };
    expect(saveSettings(world.ctx, { values: token, remove: [], confirmed: [] })).toMatchObject({
      ok: true,
    });
    const empty = { ...token, COINGATE_ENVIRONMENT: "" };
    expect(saveSettings(world.ctx, { values: empty, remove: [], confirmed: [] })).toMatchObject({
      ok: true,
    });
    expect(world.store.get(KEYS.coingateEnvironment)).toBeNull();
    // Once chosen, a drop-down cannot be emptied: it always shows one of its values.
    world.store.set(KEYS.coingateEnvironment, "sandbox");
    const refused = saveSettings(world.ctx, { values: empty, remove: [], confirmed: [] });
    expect(errorsOf(refused)).toHaveProperty(KEYS.coingateEnvironment);
  });

  it("keeps a stored secret when its field is left empty, and removes it on request", () => {
    const world = settingsWorld();
    save(world, { COINGATE_API_TOKEN: COINGATE_TOKEN, GATEPAY_API_SECRET: GATEPAY_SECRET });
    world.clock.ms += 60_000;

    // Left out, or sent empty: both keep it, with the time it was set.
    expect(save(world, { GATEPAY_DEFAULT_FEE_MODE: "recipient" }).ok).toBe(true);
    expect(save(world, { COINGATE_API_TOKEN: "", GATEPAY_API_SECRET: "  " }).ok).toBe(true);
    expect(world.store.get(KEYS.coingateToken)).toBe(COINGATE_TOKEN);
    expect(world.store.get(setAtKey(KEYS.coingateToken))).toBe("2026-01-15T09:30:00.000Z");
    expect(world.store.get(KEYS.gatepaySecret)).toBe(GATEPAY_SECRET);

    const removed = save(world, {}, { remove: [KEYS.gatepaySecret] });
    expect(removed.ok).toBe(true);
    expect(world.store.get(KEYS.gatepaySecret)).toBeNull();
    expect(world.store.get(setAtKey(KEYS.gatepaySecret))).toBeNull();
    expect(world.store.get(KEYS.coingateToken)).toBe(COINGATE_TOKEN);
    expect(world.auditRows().at(-1)?.[5]).toBe("Changed: GATEPAY_API_SECRET");
  });

  it("refuses every bad field with a message of its own and stores nothing", () => {
    const world = settingsWorld();
    world.store.set(KEYS.gatepayMaxBatch, "50");
    const before = new Map(world.store.values);
    const result = save(world, {
      COINGATE_API_TOKEN: "has space in it",
      COINGATE_ENVIRONMENT: "production",
      COINGATE_LEDGER_ACCOUNT_ID: "id with spaces",
      COINGATE_EXCHANGE: "maybe",
      GATEPAY_CLIENT_ID: "two words",
      GATEPAY_API_SECRET: "short",
      GATEPAY_DEFAULT_FEE_MODE: "both",
      GATEPAY_MAX_BATCH_SIZE: "1001",
      AUTO_REFRESH_MINUTES: "7",
      WEB_APP_URL: "http://example.com/exec",
    });
    expect(errorsOf(result)).toEqual({
      COINGATE_API_TOKEN:
        "A CoinGate API token is at least 8 letters, digits or symbols, without spaces.",
      COINGATE_ENVIRONMENT: "Choose sandbox or live.",
      COINGATE_LEDGER_ACCOUNT_ID:
        "A ledger account id is letters, digits, - or _ (up to 64), or empty for automatic.",
      COINGATE_EXCHANGE: "Choose cancel or confirm.",
      GATEPAY_CLIENT_ID:
        "A GatePay ClientId is letters, digits or symbols without spaces (up to 128).",
      GATEPAY_API_SECRET:
        "A GatePay API secret is at least 8 letters, digits or symbols, without spaces.",
      GATEPAY_DEFAULT_FEE_MODE: "Choose sender or recipient.",
      GATEPAY_MAX_BATCH_SIZE: "Enter a whole number from 1 to 1000.",
      AUTO_REFRESH_MINUTES: "Choose one of 1, 5, 10, 15, 30, 60 minutes.",
      WEB_APP_URL:
        "Paste the web app URL: https://script.google.com/macros/s/.../exec (or leave empty).",
    });
    expect(result.message).toBe("Nothing was saved: 10 fields need attention.");
    expect(world.store.values).toEqual(before);
    expect(world.auditRows()).toEqual([]);
    // The refused token is not echoed back.
    expect(JSON.stringify(result)).not.toContain("has space in it");
  });

  it("is all-or-nothing: one bad field keeps the good ones from being stored", () => {
    const world = settingsWorld();
    const result = save(world, {
      COINGATE_API_TOKEN: COINGATE_TOKEN,
      GATEPAY_CLIENT_ID: GATEPAY_CLIENT_ID,
      GATEPAY_MAX_BATCH_SIZE: "0",
    });
    expect(result).toEqual({
      ok: false,
      message: "Nothing was saved: one field needs attention.",
      errors: { GATEPAY_MAX_BATCH_SIZE: "Enter a whole number from 1 to 1000." },
    });
    expect(world.store.values.size).toBe(0);
  });

  it("refuses a form that is not of the expected shape", () => {
    const world = settingsWorld();
    const unreadable = {
      ok: false,
      message: "Nothing was saved: one field needs attention.",
      errors: { form: "The settings could not be read: reload the sidebar." },
    };
    expect(saveSettings(world.ctx, null)).toEqual(unreadable);
    expect(saveSettings(world.ctx, "COINGATE_API_TOKEN=x")).toEqual(unreadable);
    expect(saveSettings(world.ctx, { ...form(world), remove: "yes" })).toEqual(unreadable);
    expect(saveSettings(world.ctx, { ...form(world), confirmed: undefined })).toEqual(unreadable);
    expect(
      saveSettings(world.ctx, { ...form(world), values: { COINGATE_API_TOKEN: 12345678 } }),
    ).toEqual(unreadable);
    expect(world.store.values.size).toBe(0);
  });

  it("names a provider left half configured", () => {
    const world = settingsWorld();
    const result = save(world, { GATEPAY_CLIENT_ID: GATEPAY_CLIENT_ID });
    expect(result).toMatchObject({
      ok: true,
      message:
        "Settings saved. GatePay is not configured: set GATEPAY_CLIENT_ID and GATEPAY_API_SECRET " +
        "(Payouts > Settings).",
    });
    expect(world.store.get(KEYS.gatepayClientId)).toBe(GATEPAY_CLIENT_ID);
    // Once both are there, nothing more to say.
    expect(save(world, { GATEPAY_API_SECRET: GATEPAY_SECRET }).message).toBe("Settings saved.");
  });

  it("refuses a new secret together with its removal", () => {
    const world = settingsWorld();
    const result = save(
      world,
      { COINGATE_API_TOKEN: COINGATE_TOKEN },
      { remove: [KEYS.coingateToken] },
    );
    expect(errorsOf(result)).toEqual({
      COINGATE_API_TOKEN: "Enter a new value or remove the saved one, not both.",
    });
    expect(world.store.values.size).toBe(0);
  });

  it("switches to live only when the person confirmed it", () => {
    const world = settingsWorld();
    const unconfirmed = save(world, { COINGATE_ENVIRONMENT: "live" });
    expect(errorsOf(unconfirmed)).toEqual({
      COINGATE_ENVIRONMENT: "Confirm the change to live: Live payouts move real money.",
    });
    expect(world.store.get(KEYS.coingateEnvironment)).toBeNull();
    // A box ticked for another field does not count.
    expect(
      save(world, { COINGATE_ENVIRONMENT: "live" }, { confirmed: [KEYS.coingateExchange] }).ok,
    ).toBe(false);

    expect(
      save(world, { COINGATE_ENVIRONMENT: "live" }, { confirmed: [KEYS.coingateEnvironment] }).ok,
    ).toBe(true);
    expect(world.store.get(KEYS.coingateEnvironment)).toBe("live");
    // Staying on live needs no new confirmation; going back to sandbox needs none either.
    expect(save(world, { COINGATE_ENVIRONMENT: "live" }).ok).toBe(true);
    expect(save(world, { COINGATE_ENVIRONMENT: "sandbox" }).ok).toBe(true);
    expect(world.store.get(KEYS.coingateEnvironment)).toBe("sandbox");
  });

  it("keeps the environment while submitted payouts are still open", () => {
    const world = settingsWorld();
    world.store.set(KEYS.openRows, "3");
    const result = save(
      world,
      { COINGATE_ENVIRONMENT: "live" },
      { confirmed: [KEYS.coingateEnvironment] },
    );
    expect(errorsOf(result).COINGATE_ENVIRONMENT).toMatch(/^3 submitted payout\(s\) are not final/);
    expect(world.store.get(KEYS.coingateEnvironment)).toBeNull();
    // Other settings may still change meanwhile.
    expect(save(world, { COINGATE_EXCHANGE: "confirm" }).ok).toBe(true);
  });

  it("takes NOTIFY_EMAILS as a comma-separated list of e-mail addresses, and refuses anything else", () => {
    const world = settingsWorld();
    expect(errorsOf(save(world, { NOTIFY_EMAILS: "finance@example.com, not an address" }))).toEqual(
      {
        NOTIFY_EMAILS:
          "Enter e-mail addresses separated by commas (or leave empty for no e-mails).",
      },
    );
    expect(errorsOf(save(world, { NOTIFY_EMAILS: "a@example.com; b@example.com" }))).toHaveProperty(
      KEYS.notifyEmails,
    );
    expect(world.store.get(KEYS.notifyEmails)).toBeNull();
    const list = "finance@example.com, Audit@Example.org";
    expect(save(world, { NOTIFY_EMAILS: list }).ok).toBe(true);
    expect(world.store.get(KEYS.notifyEmails)).toBe(list);
    expect(world.auditRows().at(-1)?.[5]).toBe("Changed: NOTIFY_EMAILS");
  });

  it("audits a change to a role list as such, by key, never its people", () => {
    const world = settingsWorld();
    inAuditedRun(world.ctx, false, () =>
      auditSettingsChange(world.ctx, [KEYS.admins, KEYS.autoRefreshMinutes, KEYS.approvers]),
    );
    const entries = world.auditRows().slice(1);
    expect(entries.map((entry) => [entry[4], entry[5]])).toEqual([
      ["Settings saved", "Changed: ADMINS, AUTO_REFRESH_MINUTES, APPROVERS"],
      [
        "Role list changed",
        "ADMINS (who may change settings, freeze payouts and turn auto-refresh on or off) changed",
      ],
      ["Role list changed", "APPROVERS (who may approve payouts) changed"],
    ]);
    // Written in one block at the end of the run.
    expect(entries.map((entry) => entry[0])).toEqual(["1", "2", "3"]);
  });

  it("moves an installed auto-refresh trigger to the new interval", () => {
    const world = settingsWorld();
    world.triggers.everyMinutes("refreshPayouts", 10);
    const result = save(world, { AUTO_REFRESH_MINUTES: "30" });
    expect(result).toMatchObject({ ok: true });
    expect(result.message).toBe("Settings saved. Auto-refresh now runs every 30 minutes.");
    // (Installing auto-refresh also installs the daily digest's trigger.)
    expect(world.triggers.triggers.filter((t) => t.handler === "refreshPayouts")).toEqual([
      expect.objectContaining({ handler: "refreshPayouts", minutes: 30 }),
    ]);
  });

  it("checks CHAIN_RPC_URLS (a secret: EVM networks and https URLs) and CHAIN_TOKENS", () => {
    const world = settingsWorld();
    const refused = save(world, {
      CHAIN_RPC_URLS: "TRX:https://tron.example/KEYSECRET1",
      CHAIN_TOKENS: "ETH:PYUSD:0x123:6",
    });
    expect(errorsOf(refused)).toEqual({
      CHAIN_RPC_URLS: expect.stringContaining("network:url pairs"),
      CHAIN_TOKENS: expect.stringContaining("NETWORK:SYMBOL:0xCONTRACT:DECIMALS"),
    });
    expect(JSON.stringify(refused)).not.toContain("KEYSECRET1");
    const urls = "ETH:https://eth.example/v1/KEYSECRET1, BEP20: https://bsc.example";
    const tokens = "ETH:PYUSD:0x6c3ea9036406852006290770bedfcaba0e23a0e8:6";
    const saved = save(world, { CHAIN_RPC_URLS: urls, CHAIN_TOKENS: tokens });
    expect(saved).toMatchObject({ ok: true });
    expect(world.store.get(KEYS.chainRpcUrls)).toBe(urls);
    expect(world.store.get(KEYS.chainTokens)).toBe(tokens);
    expect(JSON.stringify(saved)).not.toContain("KEYSECRET1");
  });

  it("leaves triggers alone when auto-refresh is off", () => {
    const world = settingsWorld();
    expect(save(world, { AUTO_REFRESH_MINUTES: "60" }).message).toBe("Settings saved.");
    expect(world.triggers.triggers).toEqual([]);
    expect(world.store.get(KEYS.autoRefreshMinutes)).toBe("60");
  });

  it("accepts a Google Workspace web app URL of this deployment and clears it when emptied", () => {
    const world = settingsWorld({
      webAppUrl: "https://script.google.com/macros/s/AKfy_c-b/exec",
    });
    const workspaceUrl = "https://script.google.com/a/macros/example.com/s/AKfy_c-b/exec";
    expect(save(world, { WEB_APP_URL: workspaceUrl }).ok).toBe(true);
    expect(world.store.get(KEYS.webAppUrl)).toBe(workspaceUrl);
    expect(save(world, { WEB_APP_URL: " " }).ok).toBe(true);
    expect(world.store.get(KEYS.webAppUrl)).toBeNull();
  });

  it("refuses a WEB_APP_URL that is not this script's own web app, changing nothing", () => {
    const world = settingsWorld({ webAppUrl: WEB_APP });
    world.store.set(KEYS.recordKey, "a-record-key-for-the-check-0123456789");
    const before = new Map(world.store.values);
    const foreign = "https://script.google.com/macros/s/SomeoneElsesDeployment/exec";
    const result = save(world, { WEB_APP_URL: foreign, COINGATE_EXCHANGE: "confirm" });
    expect(errorsOf(result).WEB_APP_URL).toMatch(/not this script's web app/);
    expect(world.store.values).toEqual(before);
  });
});

describe("testConnection: CoinGate", () => {
  it("reports a working token and offers the ledger accounts as the field's choices", () => {
    const world = settingsWorld();
    save(world, { COINGATE_API_TOKEN: COINGATE_TOKEN });
    const report = testConnection(world.ctx, "coingate");
    expect(report).toEqual({
      provider: "coingate",
      outcome: "working",
      message: "Working: CoinGate sandbox accepted the token. 2 ledger account(s): USDT, EUR.",
      choices: {
        COINGATE_LEDGER_ACCOUNT_ID: [
          { value: USDT_ACCOUNT, label: "USDT 2500" },
          { value: EUR_ACCOUNT, label: "EUR 900" },
        ],
      },
    });
    const paths = world.coingate.received.map((r) => r.url.replace(/\?.*$/, ""));
    expect(paths).toEqual([
      "https://api-sandbox.coingate.com/v2/auth/test",
      "https://api-sandbox.coingate.com/v2/ledger/accounts",
    ]);
    expectNoSecretIn(world, report);
  });

  it("asks at the live host when the environment is live", () => {
    const world = settingsWorld();
    save(
      world,
      { COINGATE_API_TOKEN: COINGATE_TOKEN, COINGATE_ENVIRONMENT: "live" },
      { confirmed: [KEYS.coingateEnvironment] },
    );
    const report = testConnection(world.ctx, "coingate");
    expect(report.outcome).toBe("working");
    expect(report.message).toMatch(/^Working: CoinGate live accepted the token/);
    expect(world.coingate.received[0].url).toBe("https://api.coingate.com/v2/auth/test");
  });

  it("says when the chosen ledger account is not at CoinGate", () => {
    const world = settingsWorld();
    save(world, { COINGATE_API_TOKEN: COINGATE_TOKEN, COINGATE_LEDGER_ACCOUNT_ID: "01GONE" });
    const report = testConnection(world.ctx, "coingate");
    expect(report.message).toContain(
      "The chosen ledger account is not among them: choose another one.",
    );
    expect(report.choices?.COINGATE_LEDGER_ACCOUNT_ID.map((c) => c.value)).toEqual([
      USDT_ACCOUNT,
      EUR_ACCOUNT,
    ]);
  });

  it("reports a wrong token in plain words without echoing it", () => {
    const world = settingsWorld();
    save(world, { COINGATE_API_TOKEN: "wrong-token-1234" });
    const report = testConnection(world.ctx, "coingate");
    expect(report.outcome).toBe("wrong_credentials");
    expect(report.message).toMatch(/^Wrong token: CoinGate sandbox refused it\./);
    expect(report.choices).toBeUndefined();
    expectNoSecretIn(world, report);
  });

  it("reports an unreachable CoinGate", () => {
    const world = settingsWorld();
    save(world, { COINGATE_API_TOKEN: COINGATE_TOKEN });
    world.setOffline(true);
    const report = testConnection(world.ctx, "coingate");
    expect(report.outcome).toBe("unreachable");
    expect(report.message).toBe(
      "Unreachable: CoinGate did not answer (connection failed). Try again later.",
    );
    expect(report.choices).toBeUndefined();
  });

  it("reports an outage by its HTTP status after the client's retries", () => {
    const world = settingsWorld();
    save(world, { COINGATE_API_TOKEN: COINGATE_TOKEN });
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
    save(world, { GATEPAY_CLIENT_ID: clientId, GATEPAY_API_SECRET: secret });
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
    save(world, { GATEPAY_CLIENT_ID: GATEPAY_CLIENT_ID });
    expect(testConnection(world.ctx, "gatepay")).toEqual({
      provider: "gatepay",
      outcome: "not_configured",
      message: "No GatePay API secret is saved.",
    });
    const empty = settingsWorld();
    expect(testConnection(empty.ctx, "gatepay").message).toBe(
      "No GatePay ClientId or API secret is saved.",
    );
    expect(world.http.sent).toEqual([]);
    expect(empty.http.sent).toEqual([]);
  });
});

describe("testConnection", () => {
  it("answers a provider it does not know with a plain refusal and no request", () => {
    const world = settingsWorld();
    expect(testConnection(world.ctx, "paypal")).toEqual({
      provider: "paypal",
      outcome: "problem",
      message: "There is no provider of that name.",
    });
    // The section id of the add-on's own settings is not a provider either.
    expect(testConnection(world.ctx, "addon").outcome).toBe("problem");
    expect(world.http.sent).toEqual([]);
  });
});
