import { payout, setUp, USDT_ACCOUNT } from "./harness";

describe("CoinGate rate limit", () => {
  it("keeps 450 payouts under 200 requests per rolling minute", () => {
    const { provider, sim, answers } = setUp({
      sim: { ledgerAccounts: [{ id: USDT_ACCOUNT, currency: "USDT", balance: "1000000" }] },
    });
    // Every payee distinct: a lookup, a beneficiary and a create per payout (over 1350 requests).
    const payouts = Array.from({ length: 450 }, (_, i) =>
      payout({ payoutId: `P${i}`, email: `payee${i}@example.com`, address: `T${i}`, amount: "1" }),
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
        amount: "1",
      }),
    );
    const outcomes = provider.submit(payouts);
    expect(outcomes.every((o) => o.kind === "created")).toBe(true);
    expect(answers.filter((a) => a.status === 429)).toEqual([]);
  });
});
