import { asAmount } from "../../../src/domain/money";
import { calls, payout, setUp } from "./harness";

describe("CoinGate fetch", () => {
  it("reports a completed payout with tx hash, fee and amounts as the simulator moved them", () => {
    const { provider, newRun, sim } = setUp();
    const [created] = provider.submit([payout({ amount: asAmount("25") })]);
    const providerId = created.kind === "created" ? created.snapshot.providerId : undefined;
    sim.advance("P1", "processing", { txid: "abc123" });
    sim.advance("P1", "completed");

    const [outcome] = newRun().fetch([{ payoutId: "P1", providerId }]);
    const [entry] = sim.ledger();
    expect(outcome).toEqual({
      kind: "found",
      snapshot: {
        payoutId: "P1",
        status: "COMPLETED",
        providerStatus: "completed",
        providerId: String(entry.id),
        fee: entry.fee,
        feeCurrency: "USDT",
        sentAmount: entry.debited,
        doneAmount: entry.amount,
        txHash: "abc123",
      },
    });
    expect(entry).toMatchObject({ amount: "25", debited: "25.25", fee: "0.25", txid: "abc123" });
  });

  it("reports a failed payout as FAILED with a plain error", () => {
    const { provider, sim } = setUp();
    provider.submit([payout()]);
    sim.advance("P1", "failed", { failReason: "Address rejected" });
    const [outcome] = provider.fetch([{ payoutId: "P1", providerId: String(sim.ledger()[0].id) }]);
    expect(outcome).toMatchObject({
      kind: "found",
      snapshot: { status: "FAILED", error: "CoinGate reports that the payout failed." },
    });
  });

  it("answers unknown for an id CoinGate does not have", () => {
    const { provider } = setUp();
    expect(provider.fetch([{ payoutId: "P9", providerId: "99999" }])).toEqual([
      { kind: "unknown", payoutId: "P9", reason: "CoinGate has no send request 99999." },
    ]);
  });

  it("retries a 503 with backoff, then answers", () => {
    const { provider, sim, clock } = setUp();
    provider.submit([payout()]);
    sim.failNext(2, { status: 503 });
    const [outcome] = provider.fetch([{ payoutId: "P1", providerId: String(sim.ledger()[0].id) }]);
    expect(outcome.kind).toBe("found");
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it("gives up after three tries and says so", () => {
    const { provider, sim } = setUp();
    provider.submit([payout()]);
    sim.failNext(3, { status: 500 });
    const [outcome] = provider.fetch([{ payoutId: "P1", providerId: String(sim.ledger()[0].id) }]);
    expect(outcome).toEqual({
      kind: "unknown",
      payoutId: "P1",
      reason: `Could not read send request ${sim.ledger()[0].id} from CoinGate (HTTP 500 InternalServerError).`,
    });
  });

  it("looks a ref without a provider id up by Payout ID", () => {
    const { provider } = setUp();
    provider.submit([payout()]);
    const [outcome] = provider.fetch([{ payoutId: "P1" }]);
    expect(outcome).toMatchObject({ kind: "found", snapshot: { payoutId: "P1" } });
  });
});

describe("CoinGate recover", () => {
  it("answers absent for a Payout ID never created", () => {
    const { provider } = setUp();
    provider.submit([payout()]);
    expect(provider.recover([{ payoutId: "NEVER" }])).toEqual([
      { kind: "absent", payoutId: "NEVER" },
    ]);
  });

  it.each(["newest_first", "oldest_first"] as const)(
    "finds many ids over several pages in one pass (%s)",
    (order) => {
      const { newRun, http, sim } = setUp({ sim: { externalIdListOrder: order } });
      const payouts = Array.from({ length: 250 }, (_, i) =>
        payout({ payoutId: `R${i}`, amount: asAmount("1") }),
      );
      newRun().submit(payouts);
      const before = http.sent.length;
      const outcomes = newRun().recover([
        { payoutId: "R0" },
        { payoutId: "R249" },
        { payoutId: "GONE" },
      ]);
      expect(outcomes.map((o) => o.kind)).toEqual(["found", "found", "absent"]);
      expect(calls(http.sent.slice(before))).toEqual([
        "GET /send_requests",
        "GET /send_requests",
        "GET /send_requests",
      ]);
      expect(sim.ledger()).toHaveLength(250);
    },
  );

  it("stops paging once every wanted id is found", () => {
    const { newRun, http } = setUp({ config: { chunkSize: 1 } });
    newRun().submit(
      Array.from({ length: 250 }, (_, i) => payout({ payoutId: `R${i}`, amount: asAmount("1") })),
    );
    const before = http.sent.length;
    const [outcome] = newRun().recover([{ payoutId: "R249" }]); // newest first: on page 1
    expect(outcome.kind).toBe("found");
    expect(calls(http.sent.slice(before))).toEqual(["GET /send_requests"]);
  });

  it("answers unknown, not absent, when a page cannot be read", () => {
    const { provider, sim } = setUp();
    provider.submit([payout()]);
    sim.failNext(3, { status: 502 });
    expect(provider.recover([{ payoutId: "NEVER" }])).toEqual([
      {
        kind: "unknown",
        payoutId: "NEVER",
        reason: "Could not search CoinGate's send requests (HTTP 502 InternalServerError).",
      },
    ]);
  });
});
