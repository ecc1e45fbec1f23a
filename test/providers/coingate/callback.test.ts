import { parseCoinGateCallback } from "../../../src/providers/coingate";
import { CALLBACK_URL, payout, setUp } from "./harness";

describe("CoinGate callbacks", () => {
  it.each(["json", "form"] as const)("reads the %s callbacks the simulator sends", (format) => {
    const { provider, sim, callbacks } = setUp({ sim: { callbackFormat: format } });
    provider.submit([payout()]);
    sim.advance("P1", "processing", { txid: "tx-1" });
    sim.advance("P1", "completed");
    const [entry] = sim.ledger();
    expect(callbacks.map((c) => c.url)).toEqual([CALLBACK_URL, CALLBACK_URL, CALLBACK_URL]);

    const hints = callbacks.map((c) => provider.parseCallback(c.body, c.contentType).hints[0]);
    expect(hints.map((h) => [h.providerStatus, h.status])).toEqual([
      ["in_progress", "PROCESSING"],
      ["processing", "PROCESSING"],
      ["completed", "COMPLETED"],
    ]);
    expect(hints[2]).toEqual({
      payoutId: "P1",
      providerId: String(entry.id),
      providerStatus: "completed",
      status: "COMPLETED",
      snapshot: {
        payoutId: "P1",
        status: "COMPLETED",
        providerStatus: "completed",
        providerId: String(entry.id),
        fee: entry.fee,
        feeCurrency: "USDT",
        sentAmount: entry.debited,
        doneAmount: entry.amount,
        txHash: "tx-1",
      },
    });
  });

  it("reads a hand-written form body with bracket keys", () => {
    const body =
      "id=11&status=completed&external_id=P1&requires_2fa_confirmation=false" +
      "&fees[service_fee][amount]=0.1&fees[service_fee][currency][symbol]=USDT" +
      "&fees[conversion_fee][amount]=0.05&fees[conversion_fee][currency][symbol]=USDT" +
      "&balance_debit_amount=10.15&sending_amount=10" +
      "&blockchain_transactions[][txid]=aa&blockchain_transactions[][amount]=5" +
      "&blockchain_transactions[][txid]=bb&blockchain_transactions[][amount]=5" +
      `&callback_url=${encodeURIComponent(CALLBACK_URL)}`;
    const [hint] = parseCoinGateCallback(body, "application/x-www-form-urlencoded").hints;
    expect(hint.snapshot).toEqual({
      payoutId: "P1",
      status: "COMPLETED",
      providerStatus: "completed",
      providerId: "11",
      fee: "0.15",
      feeCurrency: "USDT",
      sentAmount: "10.15",
      doneAmount: "10",
      txHash: "aa bb",
    });
  });

  it("keeps amounts sent as JSON numbers exact", () => {
    const body = `{"id":12345678901234567890,"status":"completed","external_id":"P1",
      "sending_amount":0.1000000000000000055,"balance_debit_amount":10.15,
      "fees":{"service_fee":{"amount":0.1,"currency":{"symbol":"USDT"}}}}`;
    const [hint] = parseCoinGateCallback(body, "application/json").hints;
    expect(hint.snapshot).toMatchObject({
      providerId: "12345678901234567890",
      doneAmount: "0.1000000000000000055",
      sentAmount: "10.15",
      fee: "0.1",
    });
  });

  it("marks an unknown status and a 2FA draft", () => {
    const unknown = parseCoinGateCallback('{"id":1,"status":"pending"}', "application/json");
    expect(unknown.hints[0].status).toBeNull();
    expect(unknown.hints[0].snapshot.note).toBe('Unknown CoinGate status "pending"');
    const draft = parseCoinGateCallback(
      "id=2&status=draft&requires_2fa_confirmation=true",
      "application/x-www-form-urlencoded",
    );
    expect(draft.hints[0].status).toBe("NEEDS_ACTION");
  });

  it.each([
    [
      '{"id":1,"status":"completed","callback_url":"https://x/?token=cb-secret-987"',
      "application/json",
    ],
    ['{"status":"completed","callback_url":"https://x/?token=cb-secret-987"}', "application/json"],
    [
      "callback_url=https%3A%2F%2Fx%2F%3Ftoken%3Dcb-secret-987&status=%E0%A4%A",
      "application/x-www-form-urlencoded",
    ],
  ])("throws a plain error without the body for %s", (body, type) => {
    expect(() => parseCoinGateCallback(body, type)).toThrow(/^CoinGate callback/);
    try {
      parseCoinGateCallback(body, type);
    } catch (error) {
      expect((error as Error).message).not.toContain("cb-secret-987");
    }
  });
});
