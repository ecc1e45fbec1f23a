import { readConfig } from "../../src/app/config";
import type { Store } from "../../src/ports";

function store(values: Record<string, string>): Store {
  const map = new Map(Object.entries(values));
  return {
    get: (key) => map.get(key) ?? null,
    set: (key, value) => void map.set(key, value),
    delete: (key) => void map.delete(key),
    refresh: () => undefined,
  };
}

function setupOf(values: Record<string, string>, name: string) {
  const setup = readConfig(store(values)).providers.get(name);
  if (!setup) throw new Error(`no ${name}`);
  return setup;
}

describe("readConfig", () => {
  it("uses the CONTRACT defaults when nothing is set", () => {
    const config = readConfig(store({}));
    const coinGate = setupOf({}, "CoinGate");
    const gatePay = setupOf({}, "GatePay");
    expect(coinGate.configured).toBe(false);
    expect(gatePay.configured).toBe(false);
    expect(coinGate.health).toEqual({ configured: false, environment: "sandbox" });
    expect(coinGate.testnet).toBe(true);
    expect(coinGate.environment).toEqual({
      mode: "sandbox",
      text: "sandbox (test payouts: no real money moves)",
    });
    // GatePay has no sandbox: live whatever is set, configured or not.
    expect(gatePay.environment).toEqual({
      mode: "live",
      text: "live (GatePay has no sandbox: every payout is real)",
    });
    expect(gatePay.sendPlan).toEqual({ kind: "batch", maxSize: 100 });
    expect(coinGate.sendPlan).toEqual({ kind: "each", chunk: 20 });
    expect(config.autoRefreshMinutes).toBe(10);
    expect(config.staleAfterHours).toBe(72);
    expect(config.warnings).toEqual([]);
  });

  it("configures a provider only when its credentials are all there", () => {
    expect(setupOf({ GATEPAY_CLIENT_ID: "id" }, "GatePay").configured).toBe(false);
    expect(setupOf({ GATEPAY_CLIENT_ID: "id" }, "GatePay").notConfigured).toMatch(
      /GATEPAY_CLIENT_ID and GATEPAY_API_SECRET/,
    );
    const values = {
      COINGATE_API_TOKEN: " tok ",
      COINGATE_ENVIRONMENT: "live",
      COINGATE_EXCHANGE: "confirm",
      GATEPAY_CLIENT_ID: "id",
      GATEPAY_API_SECRET: "secret",
      GATEPAY_BASE_URL: "https://example.test/",
      GATEPAY_MAX_BATCH_SIZE: " 25 ",
      STALE_AFTER_HOURS: "048",
    };
    const config = readConfig(store(values));
    expect(config.warnings).toEqual([]);
    expect(config.staleAfterHours).toBe(48);
    const coinGate = setupOf(values, "CoinGate");
    expect(coinGate.configured).toBe(true);
    expect(coinGate.testnet).toBe(false);
    expect(coinGate.health).toEqual({ configured: true, environment: "live" });
    expect(coinGate.environment.mode).toBe("live");
    const gatePay = setupOf(values, "GatePay");
    expect(gatePay.configured).toBe(true);
    expect(gatePay.sendPlan).toEqual({ kind: "batch", maxSize: 25 });
  });

  it("falls back to safe defaults for values it cannot use", () => {
    const values = {
      COINGATE_ENVIRONMENT: "production",
      COINGATE_EXCHANGE: "yes",
      GATEPAY_MAX_BATCH_SIZE: "0",
      AUTO_REFRESH_MINUTES: "7",
      GATEPAY_CLIENT_ID: "id",
      GATEPAY_API_SECRET: "secret",
      GATEPAY_BASE_URL: "http://insecure.test",
    };
    const config = readConfig(store(values));
    expect(config.warnings).toEqual([
      "COINGATE_ENVIRONMENT cannot be used: it must be sandbox or live; sandbox is used.",
      "COINGATE_EXCHANGE cannot be used: it must be cancel or confirm; cancel is used.",
      "GATEPAY_MAX_BATCH_SIZE cannot be used: it must be a whole number from 1 to 1000; 100 is used.",
      "GATEPAY_BASE_URL cannot be used: it must be an https:// address; https://openplatform.gateapi.io is used.",
      "AUTO_REFRESH_MINUTES cannot be used: it must be one of 1, 5, 10, 15, 30, 60; 10 is used.",
    ]);
    // The unusable values themselves are never repeated (one might be a misplaced secret).
    expect(config.warnings.join(" ")).not.toMatch(/production|insecure|yes/);
    expect(setupOf(values, "CoinGate").testnet).toBe(true);
    expect(setupOf(values, "CoinGate").environment.mode).toBe("sandbox");
    expect(setupOf(values, "GatePay").sendPlan).toEqual({ kind: "batch", maxSize: 100 });
    expect(config.autoRefreshMinutes).toBe(10);
  });
});
