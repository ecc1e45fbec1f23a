import { asAmount } from "../../../src/domain/money";
import { createCoinGateProvider } from "../../../src/providers/coingate";
import { payout, setUp, USDT_ACCOUNT } from "./harness";

describe("CoinGate rate limit", () => {
  it("keeps 450 payouts under 200 requests per rolling minute", () => {
    const { provider, sim, answers } = setUp({
      sim: { ledgerAccounts: [{ id: USDT_ACCOUNT, currency: "USDT", balance: "1000000" }] },
    });
    // Every payee distinct: a lookup, a beneficiary and a create per payout (over 1350 requests).
    const payouts = Array.from({ length: 450 }, (_, i) =>
      payout({
        payoutId: `P${i}`,
        email: `payee${i}@example.com`,
        address: `T${i}`,
        amount: asAmount("1"),
      }),
    );
    const outcomes = provider.submit(payouts);

    expect(outcomes.every((o) => o.kind === "created")).toBe(true);
    expect(sim.ledger()).toHaveLength(450);
    expect(answers.length).toBeGreaterThan(1350);
    expect(answers.filter((a) => a.status === 429)).toEqual([]);
    const times = answers.map((a) => a.at);
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while (times[start] <= times[end] - 60_000) start++;
      expect(end - start + 1).toBeLessThanOrEqual(200);
    }
  });
});

describe("CoinGate rate limit with slow answers", () => {
  it("stays under the limit when every answer takes time", () => {
    const { provider, sim, answers } = setUp();
    sim.slowBy(150); // each request takes 0.15 s of the fake clock
    const payouts = Array.from({ length: 300 }, (_, i) =>
      payout({
        payoutId: `P${i}`,
        email: `payee${i % 10}@example.com`,
        address: `T${i}`,
        amount: asAmount("1"),
      }),
    );
    const outcomes = provider.submit(payouts);
    expect(outcomes.every((o) => o.kind === "created")).toBe(true);
    expect(answers.filter((a) => a.status === 429)).toEqual([]);
  });
});

describe("CoinGate rate limit across runs", () => {
  it("a run started right after a busy one waits for the window the first one filled", () => {
    const { sim, http, clock, config, directory, answers } = setUp({
      sim: { ledgerAccounts: [{ id: USDT_ACCOUNT, currency: "USDT", balance: "1000000" }] },
    });
    let stored: number[] = [];
    const requestHistory = {
      load: () => [...stored],
      save: (times: number[]) => (stored = [...times]),
    };
    const run = () =>
      createCoinGateProvider({ http, clock, payees: directory, config, requestHistory });
    const batch = (from: number) =>
      Array.from({ length: 60 }, (_, i) =>
        payout({
          payoutId: `P${from + i}`,
          email: `p${from + i}@example.com`,
          address: `T${from + i}`,
          amount: asAmount("1"),
        }),
      );
    // Each run alone stays under 200 requests (60 payees: about 180 requests).
    expect(
      run()
        .submit(batch(0))
        .every((o) => o.kind === "created"),
    ).toBe(true);
    expect(stored.length).toBeGreaterThan(150);
    expect(
      run()
        .submit(batch(100))
        .every((o) => o.kind === "created"),
    ).toBe(true);
    expect(sim.ledger()).toHaveLength(120);
    expect(answers.filter((a) => a.status === 429)).toEqual([]);
  });

  it("without the shared history, the second run would overrun the limit", () => {
    const { sim, http, clock, config, directory, answers } = setUp({
      sim: { ledgerAccounts: [{ id: USDT_ACCOUNT, currency: "USDT", balance: "1000000" }] },
    });
    const run = () => createCoinGateProvider({ http, clock, payees: directory, config });
    const batch = (from: number) =>
      Array.from({ length: 60 }, (_, i) =>
        payout({
          payoutId: `P${from + i}`,
          email: `p${from + i}@example.com`,
          address: `T${from + i}`,
          amount: asAmount("1"),
        }),
      );
    run().submit(batch(0));
    const second = run().submit(batch(100));
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThan(0);
    expect(second.some((o) => o.kind !== "created")).toBe(true);
    expect(sim.ledger().length).toBeLessThan(120);
  });
});
