import { createHmac } from "node:crypto";

import { WireDrop, type WireRequest } from "../../support/wire";
import { GatePaySimulator } from ".";

const SECRET = "sim-secret";
const CLIENT = "client-1";
const NOW = 1_767_225_600_000;

function signed(
  method: "GET" | "POST",
  path: string,
  body = "",
  overrides: Record<string, string | undefined> = {},
): WireRequest {
  const ts = overrides.ts ?? String(NOW);
  const nonce = overrides.nonce ?? "abc123";
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-gatepay-certificate-clientid": CLIENT,
    "x-gatepay-timestamp": ts,
    "x-gatepay-nonce": nonce,
    "x-gatepay-signature": createHmac("sha512", overrides.secret ?? SECRET)
      .update(`${ts}\n${nonce}\n${body}\n`)
      .digest("hex"),
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (key.includes("-")) {
      if (value === undefined) delete headers[key];
      else headers[key] = value;
    }
  }
  return { url: `https://openplatform.gateapi.io${path}`, method, headers, body };
}

function create(batchId: string, items: Record<string, unknown>[]): WireRequest {
  return signed(
    "POST",
    "/v1/pay/withdraw",
    JSON.stringify({ batch_id: batchId, withdraw_list: items }),
  );
}

function item(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    merchant_withdraw_id: "M1",
    currency: "USDT",
    amount: "10",
    chain: "TRX",
    address: "TXYZ",
    fee_type: 1,
    ...overrides,
  };
}

function answer(sim: GatePaySimulator, request: WireRequest) {
  const response = sim.handle(request);
  return { status: response.status, json: JSON.parse(response.body) };
}

function newSim(options: Partial<ConstructorParameters<typeof GatePaySimulator>[0]> = {}) {
  return new GatePaySimulator({
    clock: () => NOW,
    clientId: CLIENT,
    apiSecret: SECRET,
    balances: { USDT: "100" },
    ...options,
  });
}

describe("GatePaySimulator request checks", () => {
  it.each([
    ["an unknown client id", { "x-gatepay-certificate-clientid": "other" }, "400004"],
    ["a missing client id", { "x-gatepay-certificate-clientid": undefined }, "400004"],
    ["a stale timestamp", { ts: String(NOW - 10_001) }, "400003"],
    ["a future timestamp", { ts: String(NOW + 10_001) }, "400003"],
    ["a seconds timestamp", { ts: String(NOW / 1000) }, "400003"],
    ["an empty nonce", { nonce: "" }, "400020"],
    ["a nonce with symbols", { nonce: "a-b" }, "400020"],
    ["a wrong secret", { secret: "other" }, "400002"],
    ["a missing signature", { "x-gatepay-signature": undefined }, "400002"],
    ["a form content type", { "content-type": "application/x-www-form-urlencoded" }, "400007"],
  ])("refuses %s with %s (HTTP 200, FAIL)", (_name, overrides, code) => {
    const sim = newSim();
    const body = JSON.stringify({ batch_id: "B1", detail_status: "ALL" });
    const { status, json } = answer(sim, signed("POST", "/v1/pay/withdraw/query", body, overrides));
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: "FAIL", code });
    if (code === "400002") expect(json.label).toBe("INVALID_SIGNATURE");
  });

  it("accepts an upper-case signature and a timestamp just inside the window", () => {
    const sim = newSim();
    const request = signed("GET", "/v1/pay/balance/query", "", { ts: String(NOW - 10_000) });
    request.headers["x-gatepay-signature"] = request.headers["x-gatepay-signature"].toUpperCase();
    expect(answer(sim, request).json).toMatchObject({ status: "SUCCESS", code: "000000" });
  });

  it("signs over the raw body: a re-serialised body does not verify", () => {
    const sim = newSim();
    const request = create("B1", [item()]);
    request.body = request.body.replace('"amount":"10"', '"amount": "10"');
    expect(answer(sim, request).json.code).toBe("400002");
  });

  it("rejects a reused nonce only when configured to", () => {
    const strict = newSim({ rejectReusedNonce: true });
    expect(answer(strict, signed("GET", "/v1/pay/balance/query")).json.code).toBe("000000");
    expect(answer(strict, signed("GET", "/v1/pay/balance/query")).json.code).toBe("400020");
    const lax = newSim();
    answer(lax, signed("GET", "/v1/pay/balance/query"));
    expect(answer(lax, signed("GET", "/v1/pay/balance/query")).json.code).toBe("000000");
  });

  it("answers 404 for an unknown path", () => {
    expect(newSim().handle(signed("GET", "/v1/pay/nothing")).status).toBe(404);
  });
});

describe("GatePaySimulator create-batch validation", () => {
  it.each([
    ["a missing amount", [item({ amount: undefined })], "550239"],
    ["a missing currency", [item({ currency: "" })], "550240"],
    ["a missing address", [item({ address: null })], "550241"],
    ["a missing chain", [item({ chain: undefined })], "550242"],
    ["a bad sub-order id", [item({ merchant_withdraw_id: "M-1" })], "550249"],
    ["a 33-character sub-order id", [item({ merchant_withdraw_id: "M".repeat(33) })], "550249"],
    [
      "too many sub-orders",
      [
        item({ merchant_withdraw_id: "A" }),
        item({ merchant_withdraw_id: "B" }),
        item({ merchant_withdraw_id: "C" }),
      ],
      "550238",
    ],
    ["a long memo", [item({ memo: "x".repeat(17) })], "550234"],
    ["too many decimals", [item({ amount: "1.1234567" })], "550235"],
    ["an unknown chain", [item({ chain: "DOGE" })], "400205"],
    ["a numeric amount", [item({ amount: 10 })], "400001"],
    ["more than the balance", [item({ amount: "99.5" })], "550233"],
  ])("refuses %s with %s", (_name, items, code) => {
    const sim = newSim({ maxBatchSize: 2, memoMaxLength: 16 });
    expect(answer(sim, create("B1", items)).json).toMatchObject({ status: "FAIL", code });
    expect(sim.ledger()).toEqual([]);
    expect(sim.balanceOf("USDT")).toBe("100");
  });

  it("refuses a bad batch id (550249) and a duplicate batch id (550245)", () => {
    const sim = newSim();
    expect(answer(sim, create("B-1", [item()])).json.code).toBe("550249");
    expect(answer(sim, create("B1", [item()])).json.code).toBe("000000");
    expect(answer(sim, create("B1", [item({ merchant_withdraw_id: "M2" })])).json.code).toBe(
      "550245",
    );
    expect(sim.ledger()).toHaveLength(1);
  });

  it("checks in the documented order: missing field before id format before duplicate", () => {
    const sim = newSim();
    answer(sim, create("B1", [item()]));
    expect(
      answer(sim, create("B1", [item({ merchant_withdraw_id: "M-2", amount: "" })])).json.code,
    ).toBe("550239");
    expect(answer(sim, create("B1", [item({ merchant_withdraw_id: "M-2" })])).json.code).toBe(
      "550249",
    );
  });

  it("creates INIT sub-orders with 18-digit ids and the fee math of both fee types", () => {
    const sim = newSim();
    const { json } = answer(
      sim,
      create("B1", [
        item({ merchant_withdraw_id: "M1", fee_type: 1 }),
        item({ merchant_withdraw_id: "M2", fee_type: 0, amount: "20.5" }),
      ]),
    );
    expect(json).toEqual({
      status: "SUCCESS",
      code: "000000",
      errorMessage: "",
      data: { batch_id: "B1" },
    });
    const [a, b] = sim.ledger();
    expect(a).toMatchObject({
      status: "INIT",
      amount: "10",
      fee: "1",
      subAmount: "11",
      doneAmount: "10",
    });
    expect(b).toMatchObject({
      status: "INIT",
      amount: "20.5",
      fee: "1",
      subAmount: "20.5",
      doneAmount: "19.5",
    });
    expect(a.suborderId).toMatch(/^\d{18}$/);
    expect(a.suborderId).not.toBe(b.suborderId);
    expect(sim.balanceOf("USDT")).toBe("68.5");
  });
});

describe("GatePaySimulator queries, wallet and lifecycle", () => {
  it("filters sub-orders by detail_status and reports the derived batch status", () => {
    const sim = newSim();
    answer(
      sim,
      create("B1", [item({ merchant_withdraw_id: "M1" }), item({ merchant_withdraw_id: "M2" })]),
    );
    sim.advance("B1", "PROCESSING");
    sim.settle("B1", { fail: ["M2"], errMsg: "bad address" });
    const query = (detail: string) =>
      answer(
        sim,
        signed(
          "POST",
          "/v1/pay/withdraw/query",
          JSON.stringify({ batch_id: "B1", detail_status: detail }),
        ),
      ).json;
    expect(query("ALL").data.status).toBe("PARTIAL");
    expect(
      query("DONE").data.withdraw_list.map(
        (s: { merchant_withdraw_id: string }) => s.merchant_withdraw_id,
      ),
    ).toEqual(["M1"]);
    expect(query("FAIL").data.withdraw_list[0]).toMatchObject({
      status: "FAIL",
      err_msg: "bad address",
      sub_amount: "11",
    });
    expect(query("ALL").data.withdraw_list[0].tx_id).toMatch(/^0x[0-9a-f]{64}$/);
    expect(query("BOGUS").code).toBe("400001");
    // 100 - 22 debited, 11 refunded for the failed one
    expect(sim.balanceOf("USDT")).toBe("89");
  });

  it("answers an unknown batch with the configured code", () => {
    const body = JSON.stringify({ batch_id: "NOPE", detail_status: "ALL" });
    expect(answer(newSim(), signed("POST", "/v1/pay/withdraw/query", body)).json.code).toBe(
      "400202",
    );
    expect(
      answer(newSim({ unknownBatchCode: "400204" }), signed("POST", "/v1/pay/withdraw/query", body))
        .json.code,
    ).toBe("400204");
  });

  it("serves wallet endpoints as raw JSON and the balance in an envelope", () => {
    const sim = newSim({ balances: {} });
    const chains = answer(sim, signed("GET", "/v1/pay/wallet/currency_chains?currency=USDT")).json;
    expect(chains.map((c: { chain: string }) => c.chain)).toEqual([
      "ETH",
      "TRX",
      "BSC",
      "SOL",
      "MATIC",
    ]);
    expect(chains[0]).toMatchObject({
      name_en: "ETH/ERC20",
      is_disabled: 0,
      is_withdraw_disabled: 0,
      decimal: "6",
    });
    const status = answer(sim, signed("GET", "/v1/pay/wallet/withdraw_status?currency=BTC")).json;
    expect(status[0]).toMatchObject({
      currency: "BTC",
      withdraw_amount_mini: "0.001",
      withdraw_fix_on_chains: { BTC: "0.0002" },
    });
    expect(answer(sim, signed("GET", "/v1/pay/wallet/currency_chains?currency=XYZ")).json).toEqual(
      [],
    );
    expect(answer(sim, signed("GET", "/v1/pay/balance/query")).json.data).toEqual({
      balance_list: null,
    });
  });

  it("emits a signed callback on each batch status change", () => {
    const bodies: string[] = [];
    const sim = newSim({ deliverCallback: (b) => bodies.push(b) });
    answer(sim, create("B1", [item()]));
    sim.advance("B1", "PROCESSING");
    sim.advance("B1", "CHECK");
    sim.settleAll();
    expect(bodies.map((b) => JSON.parse(b).main_order.status)).toEqual(["PROCESSING", "SUCCESS"]);
    for (const { body, headers } of sim.callbacks) {
      const expected = createHmac("sha512", SECRET)
        .update(`${headers["X-GatePay-Timestamp"]}\n${headers["X-GatePay-Nonce"]}\n${body}\n`)
        .digest("hex");
      expect(headers["X-GatePay-Signature"]).toBe(expected);
    }
  });

  it("fails the next requests on command without applying them", () => {
    const sim = newSim();
    sim.failNext(1, { http: 500, code: "300000" });
    const response = sim.handle(create("B1", [item()]));
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body)).toMatchObject({ status: "FAIL", code: "300000" });
    expect(sim.ledger()).toEqual([]);
  });

  it("drops an answer after or before applying", () => {
    const sim = newSim();
    sim.dropNextAnswer({ afterApplying: true });
    expect(() => sim.handle(create("B1", [item()]))).toThrow(WireDrop);
    expect(sim.ledger()).toHaveLength(1);
    sim.dropNextAnswer({ afterApplying: false });
    expect(() => sim.handle(create("B2", [item()]))).toThrow(WireDrop);
    expect(sim.ledger()).toHaveLength(1);
  });
});
