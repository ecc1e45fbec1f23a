import { asAmount } from "../../../src/domain/money";
import { calls, payout, setUp, USDT_ACCOUNT } from "./harness";

describe("CoinGate catalog", () => {
  it("offers each enabled currency on each platform, fetched once per run", () => {
    const { provider, http } = setUp();
    const catalog = provider.catalog([]);
    expect(catalog.provider).toBe("CoinGate");
    expect(catalog.offers).toContainEqual({
      currency: "USDT",
      network: "tron",
      title: "Tron",
      enabled: true,
    });
    const usdc = catalog.offers.filter((o) => o.currency === "USDC").map((o) => o.network);
    expect(usdc.sort()).toEqual(["base", "ethereum", "solana"]);
    expect(catalog.offers.some((o) => o.currency === "EUR")).toBe(false);
    expect(catalog.offers.every((o) => o.decimals === undefined && o.min === undefined)).toBe(true);

    provider.catalog(["USDT"]);
    expect(calls(http.sent)).toEqual(["GET /send_requests/supported-currencies"]);
  });
});

describe("CoinGate quote", () => {
  it("groups by currency and network, totals exactly and shows the ledger balance", () => {
    const { provider } = setUp();
    const lines = provider.quote([
      payout({ payoutId: "A", amount: asAmount("0.1") }),
      payout({ payoutId: "B", amount: asAmount("0.2") }),
      payout({ payoutId: "C", network: "ethereum", address: "0xabc", amount: asAmount("5") }),
    ]);
    expect(lines).toEqual([
      {
        currency: "USDT",
        network: "tron",
        count: 2,
        total: "0.3",
        balance: "10000",
        balanceCurrency: "USDT",
        problems: {},
      },
      {
        currency: "USDT",
        network: "ethereum",
        count: 1,
        total: "5",
        balance: "10000",
        balanceCurrency: "USDT",
        problems: {},
      },
    ]);
    expect(lines[0].estimatedFee).toBeUndefined();
  });

  it("keeps amounts in another currency on their own line, with that currency named", () => {
    const { provider } = setUp();
    const lines = provider.quote([
      payout({ payoutId: "A", amount: asAmount("1") }),
      payout({ payoutId: "B", amount: asAmount("100"), amountCurrency: "EUR" }),
    ]);
    expect(lines.map((l) => [l.total, l.totalCurrency])).toEqual([
      ["1", undefined],
      ["100", "EUR"],
    ]);
  });

  it("names the rows the balance cannot cover, across networks of one account", () => {
    const { provider } = setUp({
      sim: { ledgerAccounts: [{ id: USDT_ACCOUNT, currency: "USDT", balance: "100" }] },
    });
    const lines = provider.quote([
      payout({ payoutId: "A", amount: asAmount("60") }),
      payout({ payoutId: "B", network: "solana", address: "So1", amount: asAmount("30") }),
      payout({ payoutId: "C", amount: asAmount("20") }),
    ]);
    expect(lines[0].problems).toEqual({
      C: "The USDT balance (100) does not cover this payout together with the ones before it.",
    });
    expect(lines[1].problems).toEqual({});
  });

  it("explains rows with no ledger account or no such network", () => {
    const { provider } = setUp();
    const lines = provider.quote([
      payout({ payoutId: "A", currency: "LTC", network: "litecoin", address: "ltc1q" }),
      payout({ payoutId: "B", currency: "USDT", network: "bitcoin" }),
    ]);
    expect(lines[0].problems.A).toBe(
      "CoinGate has no active LTC ledger account to pay from (accounts: USDT, BTC). " +
        "Set COINGATE_LEDGER_ACCOUNT_ID to choose one.",
    );
    expect(lines[1].problems.B).toBe("CoinGate does not pay out USDT on bitcoin.");
  });
});

describe("CoinGate environment", () => {
  it("talks to the live host with the live setting", () => {
    const { newRun, http } = setUp({ config: { environment: "live" } });
    newRun().catalog([]);
    expect(http.sent[0].url).toBe("https://api.coingate.com/v2/send_requests/supported-currencies");
  });
});
