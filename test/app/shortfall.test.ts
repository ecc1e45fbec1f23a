/** Shortfalls per provider and currency, and which top-up promises cover them (pure). */
import { asAmount } from "../../src/domain/money";
import { shortfallsOf, topUpLabel, uncovered } from "../../src/app/submit/shortfall";
import type { QuoteLine } from "../../src/providers/provider";

function line(
  provider: string,
  fields: Partial<Omit<QuoteLine, "total" | "estimatedDebit" | "balance">> & {
    total: string;
    debit?: string;
    balance?: string;
  },
): QuoteLine & { provider: string } {
  const { total, debit, balance, ...rest } = fields;
  return {
    provider,
    currency: "USDT",
    network: "TRX",
    count: 1,
    problems: {},
    total: asAmount(total),
    ...(debit !== undefined && { estimatedDebit: asAmount(debit) }),
    ...(balance !== undefined && { balance: asAmount(balance), balanceCurrency: "USDT" }),
    ...rest,
  };
}

describe("shortfallsOf", () => {
  it("adds the lines that draw on one balance, in exact decimals", () => {
    // Each network's line is covered alone; together they are not. 61.1 + 54.95 is
    // 116.05000000000001 in floating point.
    const shortfalls = shortfallsOf([
      line("GatePay", { network: "TRX", total: "60.1", debit: "61.1", balance: "100" }),
      line("GatePay", { network: "ETH", total: "50.45", debit: "54.95", balance: "100" }),
    ]);
    expect(shortfalls).toEqual([
      {
        provider: "GatePay",
        currency: "USDT",
        balance: "100",
        needed: "116.05",
        shortBy: "16.05",
        partial: false,
        text: "GatePay USDT is short by 16.05 (balance 100, needed 116.05)",
      },
    ]);
  });

  it("keeps providers and currencies apart, and names only the short ones", () => {
    const shortfalls = shortfallsOf([
      line("CoinGate", { total: "500", balance: "1000" }),
      line("GatePay", { total: "100", debit: "101", balance: "100" }),
      line("GatePay", {
        currency: "BTC",
        network: "BTC",
        total: "0.5",
        debit: "0.5002",
        balance: "0.5",
        balanceCurrency: "BTC",
      }),
    ]);
    expect(shortfalls.map((s) => s.text)).toEqual([
      "GatePay USDT is short by 1 (balance 100, needed 101)",
      "GatePay BTC is short by 0.0002 (balance 0.5, needed 0.5002)",
    ]);
    expect(topUpLabel(shortfalls)).toBe(
      "I will top up GatePay USDT and GatePay BTC before these payouts are sent",
    );
  });

  it("says 'at least' when rows in another currency draw on the same balance", () => {
    const shortfalls = shortfallsOf([
      line("CoinGate", { network: "tron", total: "1250.50", balance: "1000" }),
      line("CoinGate", {
        network: "ethereum",
        total: "300",
        totalCurrency: "EUR",
        balance: "1000",
      }),
    ]);
    expect(shortfalls.map((s) => s.text)).toEqual([
      "CoinGate USDT is short by at least 250.5 (balance 1000, needed 1250.5 and rows in other currencies)",
    ]);
  });

  it("has nothing to say when the balance covers the lines exactly, or is not known", () => {
    expect(
      shortfallsOf([
        line("GatePay", { total: "99", debit: "100", balance: "100" }),
        line("CoinGate", { total: "5000" }),
      ]),
    ).toEqual([]);
  });
});

describe("uncovered", () => {
  const [short] = shortfallsOf([
    line("GatePay", { total: "111.5", debit: "112.5", balance: "100" }),
  ]);

  it("a promise for the provider's currency, at least as large as the shortfall, covers it", () => {
    expect(
      uncovered([short], [{ provider: "GatePay", currency: "USDT", shortBy: "12.5" }]),
    ).toEqual([]);
    expect(uncovered([short], [{ provider: "GatePay", currency: "USDT", shortBy: "20" }])).toEqual(
      [],
    );
  });

  it.each([
    ["no promise", []],
    [
      "a smaller one (the shortfall grew)",
      [{ provider: "GatePay", currency: "USDT", shortBy: "12.49" }],
    ],
    ["another provider's", [{ provider: "CoinGate", currency: "USDT", shortBy: "12.5" }]],
    ["another currency's", [{ provider: "GatePay", currency: "USDC", shortBy: "12.5" }]],
    ["one that is not an amount", [{ provider: "GatePay", currency: "USDT", shortBy: "1e3" }]],
  ])("%s does not", (_, promises) => {
    expect(uncovered([short], promises)).toEqual([short]);
  });
});
