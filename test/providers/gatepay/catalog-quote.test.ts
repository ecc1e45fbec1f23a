import { asAmount } from "../../../src/domain/money";
import { ProviderError } from "../../../src/providers/provider";
import { DEFAULT_FEES } from "../../simulators/gatepay";
import { payout, sentPaths, setup } from "./support";

describe("GatePay catalog", () => {
  it("lists chains with title, precision, enabled flag and the currency's limits", () => {
    const { provider, http } = setup({
      chains: {
        USDC: [
          { chain: "ETH", nameEn: "ETH/ERC20", decimal: 6 },
          { chain: "SOL", nameEn: "Solana", decimal: 6, withdrawDisabled: true },
        ],
      },
    });
    const catalog = provider.catalog(["usdc", "BTC", "DOGE"]);
    expect(catalog).toEqual({
      provider: "GatePay",
      offers: [
        {
          currency: "USDC",
          network: "ETH",
          title: "ETH/ERC20",
          enabled: true,
          decimals: 6,
          min: "1",
          max: "1000000",
        },
        {
          currency: "USDC",
          network: "SOL",
          title: "Solana",
          enabled: false,
          decimals: 6,
          min: "1",
          max: "1000000",
        },
        {
          currency: "BTC",
          network: "BTC",
          title: "Bitcoin",
          enabled: true,
          decimals: 8,
          min: "0.001",
          max: "50",
        },
      ],
    });
    expect(sentPaths(http.sent).sort()).toEqual(
      [
        ...["USDC", "BTC", "DOGE"].map(() => "GET /v1/pay/wallet/currency_chains"),
        ...["USDC", "BTC", "DOGE"].map(() => "GET /v1/pay/wallet/withdraw_status"),
      ].sort(),
    );
    expect(http.sent.every((r) => r.body === "")).toBe(true);
    expect(http.sent[0].url).toBe(
      "https://openplatform.gateapi.io/v1/pay/wallet/currency_chains?currency=USDC",
    );
  });

  it("throws ProviderError(unavailable) when GatePay stays down", () => {
    const { provider, sim } = setup();
    sim.failNext(30, { http: 500, code: "300000" });
    expect(() => provider.catalog(["USDT"])).toThrow(ProviderError);
  });
});

describe("GatePay quote", () => {
  it("groups by currency and network with fees, debit and balance (both fee modes)", () => {
    const { provider } = setup({ balances: { USDT: "1234.56" } });
    const lines = provider.quote([
      payout({ network: "TRX", amount: asAmount("25") }),
      payout({ network: "ETH", amount: asAmount("100.25"), feeMode: "recipient" }),
      payout({ network: "TRX", amount: asAmount("0.75"), feeMode: "recipient" }),
      payout({ network: "TRX", amount: asAmount("10") }),
    ]);
    expect(lines).toEqual([
      {
        currency: "USDT",
        network: "TRX",
        count: 3,
        total: "35.75",
        estimatedFee: "3",
        feeCurrency: "USDT",
        // 25 + 1 and 10 + 1 on top; 0.75 with its fee deducted
        estimatedDebit: "37.75",
        balance: "1234.56",
        balanceCurrency: "USDT",
        problems: expect.any(Object),
      },
      {
        currency: "USDT",
        network: "ETH",
        count: 1,
        total: "100.25",
        estimatedFee: "4.5",
        feeCurrency: "USDT",
        estimatedDebit: "100.25",
        balance: "1234.56",
        balanceCurrency: "USDT",
        problems: {},
      },
    ]);
  });

  it("computes percent fees exactly and agrees with what GatePay then charges", () => {
    const fees = {
      USDT: {
        ...DEFAULT_FEES.USDT,
        fixOnChains: { MATIC: "0.8" },
        percentOnChains: { MATIC: "0.1%" },
      },
    };
    const { provider, sim } = setup({ fees });
    const p = payout({ network: "MATIC", amount: asAmount("1234.567891") });
    const [line] = provider.quote([p]);
    expect(line.estimatedFee).toBe("2.034567891");
    expect(line.estimatedDebit).toBe("1236.602458891");
    provider.submit([p], "B_pct");
    expect(sim.ledger()[0]).toMatchObject({
      fee: "2.034567891",
      subAmount: "1236.602458891",
      doneAmount: "1234.567891",
    });
  });

  it("falls back to the currency-wide fee when the chain has none", () => {
    const fees = {
      USDT: {
        ...DEFAULT_FEES.USDT,
        fix: "2",
        percent: "0.5%",
        fixOnChains: {},
        percentOnChains: {},
      },
    };
    const { provider } = setup({ fees });
    expect(
      provider.quote([payout({ network: "SOL", amount: asAmount("10") })])[0].estimatedFee,
    ).toBe("2.05");
  });

  it("reports minimum, maximum, precision, fee-not-covered and the daily limit per row", () => {
    const fees = { USDT: { ...DEFAULT_FEES.USDT, min: "2", eachtime: "500", dayLimit: "1000" } };
    const { provider, sim } = setup({ fees, balances: { USDT: "100000" } });
    provider.submit([payout({ amount: asAmount("300") })], "B_used"); // leaves 700 of today's limit
    const rows = {
      small: payout({ amount: asAmount("1.99") }),
      big: payout({ amount: asAmount("500.01") }),
      precise: payout({ amount: asAmount("3.1234567") }),
      uncovered: payout({ amount: asAmount("2.5"), network: "ETH", feeMode: "recipient" }),
      first: payout({ amount: asAmount("450") }),
      second: payout({ amount: asAmount("300") }),
      third: payout({ amount: asAmount("250") }),
      offChain: payout({ network: "DOGE" }),
    };
    const lines = provider.quote(Object.values(rows));
    const problems = Object.assign({}, ...lines.map((l) => l.problems));
    expect(problems).toEqual({
      [rows.small.payoutId]: "The amount is below GatePay's minimum of 2 USDT.",
      [rows.big.payoutId]: "The amount is above GatePay's maximum of 500 USDT per payout.",
      [rows.precise.payoutId]:
        "The amount has 7 decimals; GatePay accepts at most 6 for USDT on TRX.",
      [rows.uncovered.payoutId]:
        "With the fee deducted from the amount (Fee mode recipient), the amount must be above the fee of 4.5 USDT.",
      [rows.second.payoutId]:
        "Together with the payouts before it, this goes over GatePay's remaining daily limit (250 USDT left for it).",
      [rows.offChain.payoutId]: "GatePay does not offer USDT on network DOGE.",
    });
    expect(sim.ledger()).toHaveLength(1);
  });

  it("reads fees fresh on every call", () => {
    const { provider, http } = setup();
    provider.quote([payout()]);
    provider.quote([payout()]);
    expect(sentPaths(http.sent).filter((p) => p.endsWith("withdraw_status"))).toHaveLength(2);
  });

  it("shows a zero balance for a currency the account does not hold", () => {
    const { provider } = setup({ balances: {} });
    expect(
      provider.quote([payout({ currency: "USDC", network: "SOL", amount: asAmount("5") })])[0]
        .balance,
    ).toBe("0");
  });
});
