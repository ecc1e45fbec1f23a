import { asAmount, type Amount } from "../../../src/domain/money";
import { ProviderError, type SubmitOutcome } from "../../../src/providers/provider";
import { describeGatePayError } from "../../../src/providers/gatepay";
import { API_SECRET, payout, sentPaths, setup } from "./support";

const CREATE = "POST /v1/pay/withdraw";
const QUERY = "POST /v1/pay/withdraw/query";

function kinds(outcomes: SubmitOutcome[]): string[] {
  return outcomes.map((o) => o.kind);
}

describe("GatePay submit: creating a batch", () => {
  it("creates the batch, then queries it once to fill sub-order ids and amounts", () => {
    const { provider, sim, http } = setup();
    const a = payout({ amount: asAmount("25"), network: "TRX", memo: "" });
    const b = payout({ amount: asAmount("10.5"), network: "BSC", feeMode: "recipient" });

    const outcomes = provider.submit([a, b], "B_2026_0001");

    expect(sentPaths(http.sent)).toEqual([CREATE, QUERY]);
    const created = JSON.parse(http.sent[0].body);
    expect(created).toEqual({
      batch_id: "B_2026_0001",
      withdraw_list: [
        {
          merchant_withdraw_id: a.payoutId,
          currency: "USDT",
          amount: "25",
          chain: "TRX",
          address: a.address,
          fee_type: 1,
        },
        {
          merchant_withdraw_id: b.payoutId,
          currency: "USDT",
          amount: "10.5",
          chain: "BSC",
          address: b.address,
          fee_type: 0,
        },
      ],
    });
    const [la, lb] = sim.ledger();
    expect(outcomes).toEqual([
      {
        kind: "created",
        snapshot: {
          payoutId: a.payoutId,
          status: "PENDING",
          providerStatus: "INIT",
          providerId: la.suborderId,
          batchId: "B_2026_0001",
          fee: "1",
          feeCurrency: "USDT",
          sentAmount: "26",
        },
      },
      {
        kind: "created",
        snapshot: {
          payoutId: b.payoutId,
          status: "PENDING",
          providerStatus: "INIT",
          providerId: lb.suborderId,
          batchId: "B_2026_0001",
          fee: "0.3",
          feeCurrency: "USDT",
          sentAmount: "10.5",
        },
      },
    ]);
    expect(la.suborderId).toMatch(/^\d{18}$/);
  });

  it("sends the memo only when it is set", () => {
    const { provider, http } = setup();
    provider.submit([payout({ memo: "104233" }), payout({ memo: "   " })], "B_memo");
    const items = JSON.parse(http.sent[0].body).withdraw_list;
    expect(items[0].memo).toBe("104233");
    expect("memo" in items[1]).toBe(false);
  });

  it("keeps the created snapshots when the one follow-up query fails (no retry)", () => {
    const { provider, http, clock } = setup(
      {},
      {
        wrap: (handle) => (req) =>
          req.url.endsWith("/query") ? { status: 503, body: "" } : handle(req),
      },
    );
    const p = payout();
    expect(provider.submit([p], "B_flaky")).toEqual([
      {
        kind: "created",
        snapshot: {
          payoutId: p.payoutId,
          status: "PENDING",
          providerStatus: "INIT",
          batchId: "B_flaky",
        },
      },
    ]);
    expect(sentPaths(http.sent)).toEqual([CREATE, QUERY]);
    expect(clock.sleeps).toEqual([]);
  });

  it("refuses more payouts than maxBatchSize without sending anything", () => {
    const { provider, http } = setup({}, { maxBatchSize: 2 });
    expect(() => provider.submit([payout(), payout(), payout()], "B_big")).toThrow(
      "A GatePay batch holds at most 2 payouts; 3 were given.",
    );
    expect(http.sent).toHaveLength(0);
  });

  it("refuses a missing or malformed batch id and duplicate payout ids", () => {
    const { provider, http } = setup();
    expect(() => provider.submit([payout()])).toThrow(/Batch ID/);
    expect(() => provider.submit([payout()], "B-1")).toThrow(/Batch ID/);
    const p = payout();
    expect(() => provider.submit([p, p], "B_dup")).toThrow(/appears twice/);
    expect(http.sent).toHaveLength(0);
  });

  it("rejects a row whose Payout ID GatePay would refuse, and sends the others", () => {
    const { provider, http, sim } = setup();
    const bad = payout({ payoutId: "row-7" });
    const good = payout();
    const outcomes = provider.submit([bad, good], "B_ids");
    expect(outcomes[0]).toEqual({
      kind: "rejected",
      payoutId: "row-7",
      reason: expect.stringMatching(/1 to 32 letters/),
    });
    expect(outcomes[1].kind).toBe("created");
    expect(JSON.parse(http.sent[0].body).withdraw_list).toHaveLength(1);
    expect(sim.ledger().map((l) => l.merchantWithdrawId)).toEqual([good.payoutId]);
  });
});

describe("GatePay submit: refusals and uncertainty", () => {
  it("rejects the whole batch on insufficient balance, and nothing moves", () => {
    const { provider, sim } = setup();
    sim.setBalance("USDT", "30");
    const outcomes = provider.submit(
      [payout({ amount: asAmount("25") }), payout({ amount: asAmount("4") })],
      "B_poor",
    );
    // 25 + 1 fee + 4 + 1 fee = 31 > 30
    expect(outcomes).toEqual([
      expect.objectContaining({
        kind: "rejected",
        reason: describeGatePayError("550233").sentence,
      }),
      expect.objectContaining({
        kind: "rejected",
        reason: describeGatePayError("550233").sentence,
      }),
    ]);
    expect(sim.ledger()).toEqual([]);
    expect(sim.balanceOf("USDT")).toBe("30");
  });

  it("resolves 550245 (batch exists) by querying the batch", () => {
    const { provider, sim, http } = setup();
    const a = payout();
    const b = payout();
    provider.submit([a], "B_again");
    http.sent.length = 0;

    const outcomes = provider.submit([a, b], "B_again");

    expect(sentPaths(http.sent)).toEqual([CREATE, QUERY]);
    expect(outcomes[0]).toEqual({
      kind: "created",
      snapshot: expect.objectContaining({
        payoutId: a.payoutId,
        providerId: sim.ledger()[0].suborderId,
      }),
    });
    expect(outcomes[1]).toEqual({
      kind: "unknown",
      payoutId: b.payoutId,
      reason: expect.stringMatching(/already exists without this payout/),
    });
    expect(sim.ledger()).toHaveLength(1);
  });

  it("answer lost after GatePay applied it -> unknown; recover then finds the payouts", () => {
    const { provider, sim, http } = setup();
    const a = payout();
    const b = payout({ network: "ETH", amount: asAmount("100") });
    sim.dropNextAnswer({ afterApplying: true });

    const outcomes = provider.submit([a, b], "B_lost");
    expect(kinds(outcomes)).toEqual(["unknown", "unknown"]);
    expect(outcomes[0]).toMatchObject({ reason: expect.stringMatching(/may or may not exist/) });
    expect(sentPaths(http.sent)).toEqual([CREATE]);

    const found = provider.recover([
      { payoutId: a.payoutId, batchId: "B_lost" },
      { payoutId: b.payoutId, batchId: "B_lost" },
    ]);
    const ledger = sim.ledger();
    expect(found).toEqual([
      {
        kind: "found",
        snapshot: expect.objectContaining({
          payoutId: a.payoutId,
          providerId: ledger[0].suborderId,
          status: "PENDING",
        }),
      },
      {
        kind: "found",
        snapshot: expect.objectContaining({
          payoutId: b.payoutId,
          providerId: ledger[1].suborderId,
          sentAmount: "104.5",
        }),
      },
    ]);
  });

  it("HTTP 500 on create -> unknown, no second create and no query; recover says absent", () => {
    const { provider, sim, http } = setup();
    const p = payout();
    sim.failNext(1, { http: 500, code: "300000" });

    const outcomes = provider.submit([p], "B_500");

    expect(outcomes).toEqual([
      {
        kind: "unknown",
        payoutId: p.payoutId,
        reason: expect.stringMatching(/system error.*may or may not exist/),
      },
    ]);
    expect(sentPaths(http.sent)).toEqual([CREATE]);
    expect(provider.recover([{ payoutId: p.payoutId, batchId: "B_500" }])).toEqual([
      { kind: "absent", payoutId: p.payoutId },
    ]);
  });

  it.each([
    ["300000", 500],
    ["300001", 500],
    ["400000", 500],
    ["300000", 200],
  ])("system error %s (HTTP %i) on create -> unknown", (code, status) => {
    const { provider, sim } = setup();
    sim.failNext(1, { http: status, code });
    expect(kinds(provider.submit([payout()], "B_sys"))).toEqual(["unknown"]);
  });

  it("an HTTP 502 without a GatePay body -> unknown", () => {
    const { provider } = setup(
      {},
      { wrap: () => () => ({ status: 502, body: "<html>Bad gateway</html>" }) },
    );
    expect(provider.submit([payout()], "B_502")[0]).toMatchObject({
      kind: "unknown",
      reason: expect.stringMatching(/unavailable \(HTTP 502\)/),
    });
  });

  it.each([
    ["550234", "memo"],
    ["550235", "precision"],
    ["550239", "amount"],
    ["550240", "currency"],
    ["550241", "address"],
    ["550242", "chain"],
    ["550249", "id format"],
    ["400001", "format"],
    ["400205", "currency"],
    ["400202", "not found"],
    ["559999", "undocumented"],
  ])("business error %s (%s) -> every payout rejected with its sentence", (code) => {
    const { provider, sim } = setup();
    sim.failNext(1, { http: 200, code, message: "from GatePay" });
    const outcomes = provider.submit([payout(), payout()], "B_biz");
    const reason = describeGatePayError(code, "from GatePay").sentence;
    expect(outcomes.map((o) => (o.kind === "rejected" ? o.reason : o.kind))).toEqual([
      reason,
      reason,
    ]);
  });

  it.each([
    ["400002", "auth", /GATEPAY_API_SECRET/],
    ["400003", "refused", /clock/],
    ["550238", "refused", /GATEPAY_MAX_BATCH_SIZE/],
    ["400004", "auth", /GATEPAY_CLIENT_ID/],
    ["500008", "auth", /GATEPAY_CLIENT_ID/],
    ["400007", "refused", /content type/],
    ["400020", "refused", /nonce/],
  ])("%s on create throws ProviderError(%s); nothing was created", (code, kind, message) => {
    const { provider, sim } = setup();
    sim.failNext(1, { http: 200, code });
    let error: unknown;
    try {
      provider.submit([payout()], "B_auth");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe(kind);
    expect((error as ProviderError).message).toMatch(message);
  });
});

describe("GatePay submit: errors the simulator raises itself", () => {
  it("a wrong secret -> auth error that never contains the secret", () => {
    const { provider } = setup({}, { apiSecret: `${API_SECRET}-old` });
    expect(() => provider.submit([payout()], "B_sig")).toThrow(/GATEPAY_API_SECRET/);
    try {
      provider.submit([payout()], "B_sig");
    } catch (e) {
      expect(String((e as Error).message)).not.toContain(API_SECRET);
      expect(String((e as Error).stack)).not.toContain(API_SECRET);
    }
  });

  it("an unknown client id -> auth error", () => {
    const { provider } = setup({}, { clientId: "someone-else" });
    expect(() => provider.submit([payout()], "B_cid")).toThrow(/GATEPAY_CLIENT_ID/);
  });

  it("a clock 11 s off -> config error about the clock", () => {
    const { provider } = setup({}, { serverClockAheadMs: 11_000 });
    expect(() => provider.submit([payout()], "B_clk")).toThrow(/check the clock/);
  });

  it.each([
    [{ memo: "m".repeat(129) }, "550234"],
    [{ amount: asAmount("1.1234567") }, "550235"],
    // Deliberately no amount at all: GatePay's refusal of it is what is tested.
    [{ amount: "" as Amount }, "550239"],
    [{ currency: "" }, "550240"],
    [{ address: "" }, "550241"],
    [{ network: "" }, "550242"],
  ])("row %o -> all rejected with %s's sentence", (row, code) => {
    const { provider, sim } = setup();
    const outcomes = provider.submit([payout(row), payout()], "B_row");
    expect(outcomes.map((o) => (o.kind === "rejected" ? o.reason : o.kind))).toEqual([
      describeGatePayError(code).sentence,
      describeGatePayError(code).sentence,
    ]);
    expect(sim.ledger()).toEqual([]);
  });

  it("a batch larger than GatePay's limit -> a configuration error naming the setting; nothing created", () => {
    const { provider, sim } = setup({ maxBatchSize: 2 }, { maxBatchSize: 5 });
    expect(() => provider.submit([payout(), payout(), payout()], "B_many")).toThrow(
      expect.objectContaining({
        kind: "refused",
        message: expect.stringMatching(/too many payouts.*GATEPAY_MAX_BATCH_SIZE/),
      }),
    );
    expect(sim.ledger()).toEqual([]);
  });
});
