import { asAmount } from "../../../src/domain/money";
import { ProviderError } from "../../../src/providers/provider";
import { payout, sentPaths, setup } from "./support";

const QUERY = "POST /v1/pay/withdraw/query";

describe("GatePay fetch and recover", () => {
  it("follows a batch to the end: one query per batch, sub-orders matched by Payout ID", () => {
    const { provider, sim, http } = setup();
    const a = payout({ amount: asAmount("25") });
    const b = payout({ amount: asAmount("40"), feeMode: "recipient" });
    const c = payout({ currency: "BTC", network: "BTC", amount: asAmount("0.015") });
    provider.submit([a, b], "B_one");
    provider.submit([c], "B_two");
    sim.advance("B_one", "PROCESSING");
    sim.settle("B_one", { fail: [b.payoutId], errMsg: "address is on a blocklist" });
    sim.settle("B_two");
    http.sent.length = 0;

    const outcomes = provider.fetch([
      { payoutId: a.payoutId, batchId: "B_one" },
      { payoutId: c.payoutId, batchId: "B_two" },
      { payoutId: b.payoutId, batchId: "B_one" },
    ]);

    expect(sentPaths(http.sent)).toEqual([QUERY, QUERY]);
    expect(http.sent.map((r) => JSON.parse(r.body))).toEqual([
      { batch_id: "B_one", detail_status: "ALL" },
      { batch_id: "B_two", detail_status: "ALL" },
    ]);
    const ledger = new Map(sim.ledger().map((l) => [l.merchantWithdrawId, l]));
    expect(outcomes).toEqual([
      {
        kind: "found",
        snapshot: {
          payoutId: a.payoutId,
          status: "COMPLETED",
          providerStatus: "DONE",
          providerId: ledger.get(a.payoutId)?.suborderId,
          batchId: "B_one",
          fee: "1",
          feeCurrency: "USDT",
          sentAmount: "26",
          doneAmount: "25",
          txHash: ledger.get(a.payoutId)?.txId,
        },
      },
      {
        kind: "found",
        snapshot: expect.objectContaining({
          payoutId: c.payoutId,
          status: "COMPLETED",
          fee: "0.0002",
          feeCurrency: "BTC",
          sentAmount: "0.0152",
          doneAmount: "0.015",
        }),
      },
      {
        kind: "found",
        snapshot: {
          payoutId: b.payoutId,
          status: "FAILED",
          providerStatus: "FAIL",
          providerId: ledger.get(b.payoutId)?.suborderId,
          batchId: "B_one",
          fee: "1",
          feeCurrency: "USDT",
          sentAmount: "40",
          error: "GatePay: address is on a blocklist",
        },
      },
    ]);
    expect(typeof (outcomes[0] as { snapshot: { providerId: unknown } }).snapshot.providerId).toBe(
      "string",
    );
  });

  it("maps PROCESSING and CHECK sub-orders to PROCESSING", () => {
    const { provider, sim } = setup();
    const a = payout();
    const b = payout();
    provider.submit([a, b], "B_mid");
    sim.advance("B_mid", "PROCESSING", [a.payoutId]);
    sim.advance("B_mid", "CHECK", [b.payoutId]);
    const outcomes = provider.fetch([
      { payoutId: a.payoutId, batchId: "B_mid" },
      { payoutId: b.payoutId, batchId: "B_mid" },
    ]);
    expect(
      outcomes.map((o) =>
        o.kind === "found" ? o.snapshot.providerStatus + ">" + o.snapshot.status : o.kind,
      ),
    ).toEqual(["PROCESSING>PROCESSING", "CHECK>PROCESSING"]);
  });

  it("a batch GatePay never created: absent in recover, unknown in fetch", () => {
    const { provider } = setup();
    const ref = { payoutId: "P_never", batchId: "B_never" };
    expect(provider.recover([ref])).toEqual([{ kind: "absent", payoutId: "P_never" }]);
    expect(provider.fetch([ref])).toEqual([
      { kind: "unknown", payoutId: "P_never", reason: expect.stringMatching(/does not exist/) },
    ]);
  });

  it("honours a different not-found code only when it is the assumed one", () => {
    const { provider } = setup({ unknownBatchCode: "400204" });
    expect(provider.recover([{ payoutId: "P1", batchId: "B_other" }])[0].kind).toBe("unknown");
  });

  it("a batch that exists without the payout: absent", () => {
    const { provider } = setup();
    provider.submit([payout()], "B_exists");
    expect(provider.recover([{ payoutId: "P_other", batchId: "B_exists" }])).toEqual([
      { kind: "absent", payoutId: "P_other" },
    ]);
  });

  it("a ref without a Batch ID: unknown with the reason, and no request", () => {
    const { provider, http } = setup();
    expect(provider.fetch([{ payoutId: "P_x", providerId: "268830764354776815" }])).toEqual([
      { kind: "unknown", payoutId: "P_x", reason: expect.stringMatching(/No Batch ID/) },
    ]);
    expect(http.sent).toHaveLength(0);
  });

  it("retries a read after 5xx and system errors with bounded backoff", () => {
    const { provider, sim, clock, http } = setup();
    const p = payout();
    provider.submit([p], "B_retry");
    http.sent.length = 0;
    sim.failNext(2, { http: 500, code: "300001" });
    const outcome = provider.fetch([{ payoutId: p.payoutId, batchId: "B_retry" }]);
    expect(outcome[0].kind).toBe("found");
    expect(clock.sleeps).toEqual([1000, 3000]);
    expect(sentPaths(http.sent)).toEqual([QUERY, QUERY, QUERY]);
  });

  it("gives up after three attempts: unknown with GatePay's sentence", () => {
    const { provider, sim, clock } = setup();
    sim.failNext(3, { http: 500, code: "300000" });
    expect(provider.recover([{ payoutId: "P1", batchId: "B_down" }])).toEqual([
      { kind: "unknown", payoutId: "P1", reason: expect.stringMatching(/system error/) },
    ]);
    expect(clock.sleeps).toHaveLength(2);
  });

  it("retries reads whose answer was lost", () => {
    const { provider, sim } = setup();
    const p = payout();
    provider.submit([p], "B_drop");
    sim.dropNextAnswer({ afterApplying: true });
    expect(provider.fetch([{ payoutId: p.payoutId, batchId: "B_drop" }])[0].kind).toBe("found");
  });

  it("throws ProviderError(auth) on a signature failure instead of guessing", () => {
    const { provider } = setup({}, { apiSecret: "wrong" });
    expect(() => provider.recover([{ payoutId: "P1", batchId: "B1" }])).toThrow(ProviderError);
  });
});
