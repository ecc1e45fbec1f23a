import { readConfig } from "../../src/app/config";
import type { Store } from "../../src/ports";

function store(values: Record<string, string>): Store {
  const map = new Map(Object.entries(values));
  return {
    get: (key) => map.get(key) ?? null,
    set: (key, value) => void map.set(key, value),
    delete: (key) => void map.delete(key),
  };
}

describe("readConfig", () => {
  it("uses the CONTRACT defaults when nothing is set", () => {
    const config = readConfig(store({}));
    expect(config.coingate).toBeUndefined();
    expect(config.gatepay).toBeUndefined();
    expect(config.coingateEnvironment).toBe("sandbox");
    expect(config.gatepayMaxBatchSize).toBe(100);
    expect(config.gatepayDefaultFeeMode).toBe("sender");
    expect(config.autoRefreshMinutes).toBe(10);
    expect(config.warnings).toEqual([]);
  });

  it("configures a provider only when its credentials are all there", () => {
    expect(readConfig(store({ GATEPAY_CLIENT_ID: "id" })).gatepay).toBeUndefined();
    const config = readConfig(
      store({
        COINGATE_API_TOKEN: " tok ",
        COINGATE_ENVIRONMENT: "live",
        COINGATE_EXCHANGE: "confirm",
        GATEPAY_CLIENT_ID: "id",
        GATEPAY_API_SECRET: "secret",
        GATEPAY_BASE_URL: "https://example.test/",
        GATEPAY_MAX_BATCH_SIZE: " 25 ",
        STALE_AFTER_HOURS: "048",
      }),
    );
    expect(config.warnings).toEqual([]);
    expect(config.coingate).toEqual({
      apiToken: "tok",
      environment: "live",
      ledgerAccountId: undefined,
      exchange: "confirm",
    });
    expect(config.gatepay).toEqual({
      clientId: "id",
      apiSecret: "secret",
      baseUrl: "https://example.test",
      maxBatchSize: 25,
    });
  });

  it("falls back to safe defaults for values it cannot use", () => {
    const config = readConfig(
      store({
        COINGATE_ENVIRONMENT: "production",
        COINGATE_EXCHANGE: "yes",
        GATEPAY_MAX_BATCH_SIZE: "0",
        AUTO_REFRESH_MINUTES: "7",
        GATEPAY_CLIENT_ID: "id",
        GATEPAY_API_SECRET: "secret",
        GATEPAY_BASE_URL: "http://insecure.test",
      }),
    );
    expect(config.gatepay?.baseUrl).toBe("https://openplatform.gateapi.io");
    expect(config.warnings).toEqual([
      "COINGATE_ENVIRONMENT cannot be used: it must be sandbox or live; sandbox is used.",
      "COINGATE_EXCHANGE cannot be used: it must be cancel or confirm; cancel is used.",
      "GATEPAY_BASE_URL cannot be used: it must be an https:// address; https://openplatform.gateapi.io is used.",
      "GATEPAY_MAX_BATCH_SIZE cannot be used: it must be a whole number from 1 to 1000; 100 is used.",
      "AUTO_REFRESH_MINUTES cannot be used: it must be one of 1, 5, 10, 15, 30, 60; 10 is used.",
    ]);
    // The unusable values themselves are never repeated (one might be a misplaced secret).
    expect(config.warnings.join(" ")).not.toMatch(/production|insecure|yes/);
    expect(config.coingateEnvironment).toBe("sandbox");
    expect(config.gatepayMaxBatchSize).toBe(100);
    expect(config.autoRefreshMinutes).toBe(10);
    expect(
      readConfig(store({ COINGATE_API_TOKEN: "t", COINGATE_EXCHANGE: "yes" })).coingate?.exchange,
    ).toBe("cancel");
  });
});
