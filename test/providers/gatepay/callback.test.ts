import { asAmount } from "../../../src/domain/money";
import { payout, setup } from "./support";

describe("GatePay callbacks", () => {
  it("turns each sub-order into a hint, with numeric amounts read as exact text", () => {
    const body = `{"main_order":{"batch_id":"1526052914503263472","merchant_id":48177363,"status":"SUCCESS","client_id":"DlaHYwkeGDjSGRVr","pay_back_status":"NO","channel_id":""},
      "suborders":[{"fee":1,"chain":"ETH","tx_id":"0xabc","amount":2362.1,"status":"DONE","address":"0x52","currency":"USDT","fee_type":1,"sub_amount":2363.1,"done_amount":2362.1,"suborder_id":"79553574716833917","merchant_withdraw_id":"P_a","memo":"","is_placed":1},
      {"fee":0.05,"chain":"ETH","tx_id":"","amount":0.02997,"status":"FAIL","address":"0x53","currency":"ETH","fee_type":1,"sub_amount":0.07997,"done_amount":0.02997,"suborder_id":268830764354768896,"merchant_withdraw_id":"P_b","err_msg":"risk control"}]}`;
    const { provider } = setup();
    expect(provider.parseCallback(body, "application/json")).toEqual({
      hints: [
        {
          payoutId: "P_a",
          providerId: "79553574716833917",
          batchId: "1526052914503263472",
          providerStatus: "DONE",
          status: "COMPLETED",
          snapshot: {
            payoutId: "P_a",
            status: "COMPLETED",
            providerStatus: "DONE",
            providerId: "79553574716833917",
            batchId: "1526052914503263472",
            fee: "1",
            feeCurrency: "USDT",
            sentAmount: "2363.1",
            doneAmount: "2362.1",
            txHash: "0xabc",
          },
        },
        {
          payoutId: "P_b",
          // even as a JSON number, the 18-digit id keeps every digit
          providerId: "268830764354768896",
          batchId: "1526052914503263472",
          providerStatus: "FAIL",
          status: "FAILED",
          snapshot: {
            payoutId: "P_b",
            status: "FAILED",
            providerStatus: "FAIL",
            providerId: "268830764354768896",
            batchId: "1526052914503263472",
            fee: "0.05",
            feeCurrency: "ETH",
            sentAmount: "0.07997",
            error: "GatePay: risk control",
          },
        },
      ],
    });
  });

  it("reads the simulator's callbacks in both amount forms to the same exact text", () => {
    for (const callbackAmountsAsNumbers of [false, true]) {
      const bodies: string[] = [];
      const { provider, sim } = setup({
        callbackAmountsAsNumbers,
        deliverCallback: (b) => bodies.push(b),
      });
      const p = payout({
        amount: asAmount("0.02997"),
        currency: "USDC",
        network: "BASEEVM",
        feeMode: "recipient",
      });
      const q = payout({ amount: asAmount("2362.1"), currency: "USDC", network: "BASEEVM" });
      sim.setBalance("USDC", "5000");
      provider.submit([p, q], "B_cb");
      sim.settle("B_cb");
      expect(bodies).toHaveLength(1);
      expect(bodies[0].includes('"amount":2362.1')).toBe(callbackAmountsAsNumbers);
      const hints = provider.parseCallback(bodies[0], "application/json").hints;
      expect(hints.map((h) => h.snapshot)).toEqual([
        expect.objectContaining({
          payoutId: p.payoutId,
          fee: "0.0499",
          sentAmount: "0.02997",
          status: "FAILED",
        }),
        expect.objectContaining({
          payoutId: q.payoutId,
          fee: "0.0499",
          sentAmount: "2362.1499",
          doneAmount: "2362.1",
        }),
      ]);
      expect(hints[0].snapshot.error).toMatch(/not enough for the fee/);
      expect(
        hints.every((h) => typeof h.providerId === "string" && /^\d{18}$/.test(h.providerId)),
      ).toBe(true);
    }
  });

  it("accepts an unknown sub-order status with a note instead of guessing", () => {
    const { provider } = setup();
    const [hint] = provider.parseCallback(
      '{"main_order":{"batch_id":"B1","status":"PROCESSING"},"suborders":[{"merchant_withdraw_id":"P1","status":"REVIEWING"}]}',
      "application/json",
    ).hints;
    expect(hint.status).toBeNull();
    expect(hint.snapshot.note).toMatch(/REVIEWING/);
  });

  it.each([
    ["not JSON", "returnCode=SUCCESS&secret=0xdeadbeef", "The GatePay callback body is not JSON."],
    [
      "another shape",
      '{"bizType":"PAY","data":"{\\"address\\":\\"0xdeadbeef\\"}"}',
      /not a payout callback/,
    ],
    [
      "no status",
      '{"main_order":{"batch_id":"B"},"suborders":[{"merchant_withdraw_id":"0xdeadbeef"}]}',
      /not a payout callback/,
    ],
  ])("throws a plain error for %s, never repeating the body", (_name, body, message) => {
    const { provider } = setup();
    let error: Error | undefined;
    try {
      provider.parseCallback(body, "application/json");
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toEqual(
      typeof message === "string" ? message : expect.stringMatching(message),
    );
    expect(error?.message).not.toContain("deadbeef");
  });
});
