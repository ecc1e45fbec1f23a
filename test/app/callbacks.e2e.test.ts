/**
 * Provider callbacks through doPost, end to end: the built bundle in the Apps Script emulator,
 * callbacks sent by the CoinGate and GatePay simulators (or forged by the test), and the sheet
 * compared with the simulators' ledgers.
 */
import { COINGATE_TOKEN, HEADERS, Harness } from "../support/harness";
import {
  EUR_ACCOUNT,
  EVM_2,
  GATEPAY_ACK,
  SOLANA_1,
  TRON_2,
  callbackToken,
  coingateBody,
  coingateRow,
  gatepayBody,
  gatepayRow,
  logRowsFor,
  postAs,
  postCallback,
  retypePayouts,
  sheetState,
  sheetText,
  submitRows,
} from "./callback-support";

function coingateLedger(h: Harness, payoutId: string) {
  const entry = h.coingate.ledger().find((e) => e.externalId === payoutId);
  if (!entry) throw new Error(`CoinGate has no send request for ${payoutId}`);
  return entry;
}

function gatepayLedger(h: Harness, payoutId: string) {
  const entry = h.gatepay.ledger().find((e) => e.merchantWithdrawId === payoutId);
  if (!entry) throw new Error(`GatePay has no sub-order for ${payoutId}`);
  return entry;
}

/** Every doPost ran to its end without throwing and without being killed. */
function expectClean(runs: { error?: Error; killed: boolean }[]): void {
  for (const run of runs) {
    expect(run.error).toBeUndefined();
    expect(run.killed).toBe(false);
  }
}

describe("doPost: who may post", () => {
  let h: Harness;
  let id: string;
  beforeEach(() => {
    h = new Harness();
    [id] = submitRows(h, [coingateRow()]);
    h.deliverCallbacks();
    h.coingate.advance(id, "completed");
    h.dropCallbacks();
  });

  test.each([
    ["no token", { provider: "coingate" }],
    ["an empty token", { provider: "coingate", token: "" }],
    ["a wrong token", { provider: "coingate", token: "not-the-token" }],
  ])("a request with %s changes nothing and gets a short error", (_, query) => {
    const payouts = sheetState(h, "Payouts");
    const log = sheetState(h, "Callbacks");
    const body = coingateBody(h, { id: 1001, external_id: id, status: "completed" });
    const run = postCallback(h, { query, body });
    expectClean([run]);
    expect(run.output?.content).toMatch(/token/i);
    expect(run.output?.content.length).toBeLessThan(80);
    expect(sheetState(h, "Payouts")).toEqual(payouts);
    expect(sheetState(h, "Callbacks")).toEqual(log);
    expect(run.meter.fetches).toBe(0);
  });

  test("a token differing only in its last character, or one character longer, is refused", () => {
    const token = callbackToken(h);
    const payouts = sheetState(h, "Payouts");
    const body = coingateBody(h, { id: 1001, external_id: id, status: "completed" });
    const last = token.slice(-1) === "a" ? "b" : "a";
    for (const wrong of [token.slice(0, -1) + last, token + "x", token.slice(0, -1)]) {
      const run = postCallback(h, { query: { provider: "coingate", token: wrong }, body });
      expect(run.output?.content).toMatch(/refused/i);
    }
    expect(sheetState(h, "Payouts")).toEqual(payouts);
  });

  test.each([["bitpay"], [""]])("an unknown provider %p is refused with the right token", (p) => {
    const payouts = sheetState(h, "Payouts");
    const log = sheetState(h, "Callbacks");
    const body = coingateBody(h, { id: 1001, external_id: id, status: "completed" });
    const run = postCallback(h, { query: { provider: p, token: callbackToken(h) }, body });
    expectClean([run]);
    expect(run.output?.content).toMatch(/provider/i);
    expect(run.output?.content.length).toBeLessThan(80);
    expect(sheetState(h, "Payouts")).toEqual(payouts);
    expect(sheetState(h, "Callbacks")).toEqual(log);
  });

  test("a refusal never repeats the token it was given", () => {
    const run = postCallback(h, {
      query: { provider: "nope", token: callbackToken(h) },
      body: "{}",
    });
    expect(run.output?.content).not.toContain(callbackToken(h));
  });

  test("the provider parameter is case-insensitive", () => {
    const body = coingateBody(h, { id: 1001, external_id: id, status: "completed" });
    const run = postCallback(h, { query: { provider: "CoinGate", token: callbackToken(h) }, body });
    expect(run.output?.content).toBe("OK");
    expect(h.rowById(id).Status).toBe("COMPLETED");
  });
});

describe("doPost: stored first, append-only, token redacted", () => {
  test("every CoinGate callback is logged with time, provider, ids and status, and the token appears nowhere in Callbacks", () => {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow()]);
    h.coingate.advance(id, "processing");
    h.coingate.advance(id, "completed");
    const token = callbackToken(h);
    const runs = h.deliverCallbacks();
    expectClean(runs);
    expect(runs.map((r) => r.output?.content)).toEqual(["OK", "OK", "OK"]);

    const log = h.callbackLog();
    expect(log).toHaveLength(3);
    const entry = coingateLedger(h, id);
    expect(log.map((r) => r["Provider status"])).toEqual([
      "in_progress",
      "processing",
      "completed",
    ]);
    for (const row of log) {
      expect(row.Provider).toBe("CoinGate");
      expect(row["Payout ID"]).toBe(id);
      expect(row["Provider ID"]).toBe(String(entry.id));
      expect(row["Received at"]).toMatch(/^2026-01-05T\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(row.Body).toContain("[REDACTED]");
      expect(row.Body).toContain(`"external_id":"${id}"`);
      expect(row.Outcome).not.toBe("");
    }
    // The simulator's bodies do carry the token: the redaction is what keeps it out.
    expect(h.coingate.received.some((r) => r.body.includes(encodeURIComponent(token)))).toBe(true);
    expect(sheetText(h, "Callbacks")).not.toContain(token);
    expect(sheetText(h, "Payouts")).not.toContain(token);
  });

  test("form-encoded CoinGate callbacks are redacted too (token percent-encoded in callback_url)", () => {
    const h = new Harness({ coingate: { callbackFormat: "form" } });
    const [id] = submitRows(h, [coingateRow()]);
    h.coingate.advance(id, "completed");
    expectClean(h.deliverCallbacks());
    const token = callbackToken(h);
    const log = h.callbackLog();
    expect(log).toHaveLength(2);
    expect(log[0].Body).toContain("callback_url");
    const text = sheetText(h, "Callbacks");
    expect(text).not.toContain(token);
    expect(text).not.toContain(encodeURIComponent(token));
  });

  test("the log is append-only: later callbacks never rewrite earlier bodies", () => {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow()]);
    expectClean(h.deliverCallbacks());
    const first = h.callbackLog()[0];
    h.coingate.advance(id, "processing");
    h.coingate.advance(id, "completed");
    expectClean(h.deliverCallbacks());
    const log = h.callbackLog();
    expect(log).toHaveLength(3);
    for (const key of ["Received at", "Provider", "Payout ID", "Provider status", "Body"]) {
      expect(log[0][key]).toBe(first[key]);
    }
  });

  test("a doPost killed right after storing the body loses nothing: the next refresh applies it", () => {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow()]);
    expectClean(h.deliverCallbacks());
    h.coingate.advance(id, "completed");
    expect(h.dropCallbacks()).toBe(1);
    // The completed callback arrives, and the execution dies right after appending it.
    const entry = coingateLedger(h, id);
    const run = h.emu.post(
      {
        query: { provider: "coingate", token: callbackToken(h) },
        body: coingateBody(h, { id: entry.id, external_id: id, status: "completed" }),
        contentType: "application/json",
      },
      { faults: [{ call: "Sheet.appendRow", nth: 1, when: "after" }] },
    );
    expect(run.killed).toBe(true);
    expect(h.rowById(id).Status).toBe("PROCESSING");
    const log = h.callbackLog();
    expect(log[log.length - 1]["Provider status"]).toBe("completed");
    expect(log[log.length - 1].Outcome).toBe("");

    const summary = h.call<{ callbacksApplied: number }>("refreshPayouts");
    expect(summary.callbacksApplied).toBe(1);
    expect(h.rowById(id).Status).toBe("COMPLETED");
    expect(h.callbackLog().slice(-1)[0].Outcome).toMatch(/confirmed COMPLETED/);
  });
});

describe("doPost: finding the row wherever it is now", () => {
  test("rows sorted in another order and rows inserted above between submit and callback", () => {
    const h = new Harness();
    const ids = submitRows(h, [
      coingateRow({ Recipient: "Ann Lee", Amount: "10.50" }),
      coingateRow({ Recipient: "Carl Diaz", Address: EVM_2, Amount: "20.25" }),
      gatepayRow({ Recipient: "Bob Trading Ltd", Amount: "30.00" }),
      gatepayRow({ Recipient: "Dora Ltd", Address: TRON_2, Amount: "40.00" }),
    ]);
    expectClean(h.deliverCallbacks());
    const headers = h.emu.sheet("Payouts")!.display()[0];
    const newRow = headers.map((header) =>
      header === "Provider" ? "GatePay" : header === "Recipient" ? "Eve New" : "",
    );
    // Reverse sort, and a new unsubmitted row plus a blank row inserted at the top.
    retypePayouts(h, (rows) => [newRow, headers.map(() => ""), ...rows.reverse()]);
    const before = h.rows();

    for (const id of ids.slice(0, 2)) {
      h.coingate.advance(id, "processing");
      h.coingate.advance(id, "completed");
    }
    const batch = h.rowById(ids[2])["Batch ID"];
    h.gatepay.settle(batch, { fail: [ids[3]] });
    expectClean(h.deliverCallbacks());

    const after = h.rows();
    expect(after.map((r) => r.Recipient)).toEqual(before.map((r) => r.Recipient));
    expect(after[0]).toEqual(before[0]); // the new row is untouched
    expect(h.rowById(ids[0]).Status).toBe("COMPLETED");
    expect(h.rowById(ids[0]).Recipient).toBe("Ann Lee");
    expect(h.rowById(ids[1]).Status).toBe("COMPLETED");
    expect(h.rowById(ids[1]).Recipient).toBe("Carl Diaz");
    expect(h.rowById(ids[1])["Done amount"]).toBe("20.25");
    expect(h.rowById(ids[2]).Status).toBe("COMPLETED");
    expect(h.rowById(ids[2]).Recipient).toBe("Bob Trading Ltd");
    expect(h.rowById(ids[3]).Status).toBe("FAILED");
    expect(h.rowById(ids[3]).Recipient).toBe("Dora Ltd");
    for (const id of ids)
      expect(logRowsFor(h, id).every((r) => !/unmatched/.test(r.Outcome))).toBe(true);
  });

  test("a callback naming only the provider ID finds its row by Provider ID", () => {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow()]);
    expectClean(h.deliverCallbacks());
    retypePayouts(h, (rows) => [rows[0].map(() => ""), rows[0].map(() => ""), ...rows]);
    const providerId = Number(h.rowById(id)["Provider ID"]);
    h.coingate.advance(id, "completed");
    h.dropCallbacks();
    const run = postAs(h, "coingate", coingateBody(h, { id: providerId, status: "completed" }));
    expectClean([run]);
    expect(h.rowById(id).Status).toBe("COMPLETED");
    expect(h.callbackLog().slice(-1)[0].Outcome).toMatch(/confirmed COMPLETED/);
  });
});

describe("doPost: a callback is a hint, confirmed before a terminal status", () => {
  test("a forged COMPLETED with a valid token, for a payout still processing, does not complete the row", () => {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow()]);
    expectClean(h.deliverCallbacks());
    const providerId = coingateLedger(h, id).id;
    const forged = coingateBody(h, {
      id: providerId,
      external_id: id,
      status: "completed",
      sending_amount: "10.5",
      blockchain_transactions: [{ txid: "0xforged", amount: "10.5", status: "confirmed" }],
    });
    const run = postAs(h, "coingate", forged);
    expectClean([run]);
    expect(run.meter.fetches).toBe(1); // the API was asked
    const row = h.rowById(id);
    expect(row.Status).toBe("PROCESSING");
    expect(row["Done amount"]).toBe("");
    expect(row["Tx hash"]).not.toContain("forged");
    expect(row.Error).toMatch(/callback said COMPLETED/i);
    expect(row.Error).toMatch(/CoinGate says PROCESSING/);
    expect(h.callbackLog().slice(-1)[0].Outcome).toMatch(/disputed/);
    expect(coingateLedger(h, id).status).toBe("in_progress");
  });

  test("a forged GatePay DONE for a sub-order still processing does not complete it", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    const batch = h.rowById(id)["Batch ID"];
    h.gatepay.advance(batch, "PROCESSING");
    expectClean(h.deliverCallbacks());
    expect(h.rowById(id).Status).toBe("PROCESSING");
    const forged = gatepayBody(batch, [
      { merchant_withdraw_id: id, status: "DONE", tx_id: "0xforged", done_amount: "25" },
    ]);
    const run = postAs(h, "gatepay", forged);
    expectClean([run]);
    expect(run.output?.content).toBe(GATEPAY_ACK);
    const row = h.rowById(id);
    expect(row.Status).toBe("PROCESSING");
    expect(row["Tx hash"]).toBe("");
    expect(row.Error).toMatch(/callback said COMPLETED, but GatePay says PROCESSING/);
  });

  test("a terminal callback naming a payout the provider does not have is disputed, not applied", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    const run = postAs(
      h,
      "gatepay",
      gatepayBody("B_NOT_AT_GATEPAY", [{ merchant_withdraw_id: id, status: "DONE" }]),
    );
    expectClean([run]);
    expect(h.rowById(id).Status).toBe("PENDING");
    expect(h.callbackLog().slice(-1)[0].Outcome).not.toMatch(/confirmed/);
  });

  test("non-terminal progress is written straight from the callback, without asking the API", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    const batch = h.rowById(id)["Batch ID"];
    h.gatepay.advance(batch, "PROCESSING");
    const [run] = h.deliverCallbacks();
    expectClean([run]);
    expect(run.meter.fetches).toBe(0);
    expect(h.rowById(id).Status).toBe("PROCESSING");
    expect(h.rowById(id)["Provider status"]).toBe("PROCESSING");
    expect(h.callbackLog()[0].Outcome).toMatch(/applied PROCESSING/);
  });

  test("when the API cannot be reached the terminal callback waits, and the refresh confirms it", () => {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow()]);
    expectClean(h.deliverCallbacks());
    h.coingate.advance(id, "completed");
    h.coingate.failNext(5, { status: 503 });
    const [run] = h.deliverCallbacks();
    expectClean([run]);
    expect(h.rowById(id).Status).toBe("PROCESSING");
    expect(h.callbackLog().slice(-1)[0].Outcome).toMatch(/^waiting/);
    h.coingate.failNext(0);
    const summary = h.call<{ callbacksApplied: number }>("refreshPayouts");
    expect(h.rowById(id).Status).toBe("COMPLETED");
    expect(summary.callbacksApplied).toBe(1);
    expect(h.callbackLog().slice(-1)[0].Outcome).toMatch(/confirmed COMPLETED/);
  });
});

describe("doPost: status only moves forward", () => {
  test("a duplicate callback changes nothing, not even Updated at", () => {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow()]);
    h.coingate.advance(id, "processing");
    const runs = h.deliverCallbacks();
    expectClean(runs);
    const payouts = sheetState(h, "Payouts");
    const body = coingateNow(h, id);
    h.emu.clock.advance(60_000);
    for (let i = 0; i < 3; i++) expectClean([postAs(h, "coingate", body)]);
    expect(sheetState(h, "Payouts")).toEqual(payouts);
    expect(
      h
        .callbackLog()
        .slice(-3)
        .every((r) => /duplicate|nothing new/.test(r.Outcome)),
    ).toBe(true);
  });

  test("a late PROCESSING after COMPLETED is ignored", () => {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow()]);
    h.coingate.advance(id, "processing");
    h.dropCallbacks();
    const processing = coingateNow(h, id);
    h.coingate.advance(id, "completed");
    expectClean(h.deliverCallbacks());
    expect(h.rowById(id).Status).toBe("COMPLETED");
    const payouts = sheetState(h, "Payouts");
    const run = postAs(h, "coingate", processing);
    expectClean([run]);
    expect(run.meter.fetches).toBe(0);
    expect(sheetState(h, "Payouts")).toEqual(payouts);
    expect(h.callbackLog().slice(-1)[0].Outcome).toMatch(/ignored, the row is already COMPLETED/);
  });

  test("a late PENDING (INIT) after PROCESSING does not move the row back", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    const batch = h.rowById(id)["Batch ID"];
    h.gatepay.advance(batch, "PROCESSING");
    expectClean(h.deliverCallbacks());
    const payouts = sheetState(h, "Payouts");
    const run = postAs(
      h,
      "gatepay",
      gatepayBody(batch, [{ merchant_withdraw_id: id, status: "INIT" }]),
    );
    expectClean([run]);
    expect(sheetState(h, "Payouts")).toEqual(payouts);
    expect(h.callbackLog().slice(-1)[0].Outcome).toMatch(/ignored/);
  });

  test("a second terminal callback (FAILED after COMPLETED) cannot change a final row", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    const batch = h.rowById(id)["Batch ID"];
    h.gatepay.settle(batch);
    expectClean(h.deliverCallbacks());
    expect(h.rowById(id).Status).toBe("COMPLETED");
    const payouts = sheetState(h, "Payouts");
    const run = postAs(
      h,
      "gatepay",
      gatepayBody(batch, [{ merchant_withdraw_id: id, status: "FAIL", err_msg: "x" }], "FAIL"),
    );
    expectClean([run]);
    expect(run.meter.fetches).toBe(0);
    expect(sheetState(h, "Payouts")).toEqual(payouts);
  });
});

describe("doPost: what it cannot apply is kept and said", () => {
  test("an unknown provider status leaves the row as it is and the outcome says so", () => {
    const h = new Harness();
    const [id, gp] = submitRows(h, [coingateRow(), gatepayRow()]);
    expectClean(h.deliverCallbacks());
    const payouts = sheetState(h, "Payouts");
    const providerId = coingateLedger(h, id).id;
    const cg = postAs(
      h,
      "coingate",
      coingateBody(h, { id: providerId, external_id: id, status: "on_hold" }),
    );
    const batch = h.rowById(gp)["Batch ID"];
    const gate = postAs(
      h,
      "gatepay",
      gatepayBody(batch, [{ merchant_withdraw_id: gp, status: "FROZEN" }]),
    );
    expectClean([cg, gate]);
    expect(sheetState(h, "Payouts")).toEqual(payouts);
    const [cgLog, gpLog] = h.callbackLog().slice(-2);
    expect(cgLog.Outcome).toMatch(/unknown provider status "on_hold"/i);
    expect(cgLog.Outcome).toMatch(/keeps PROCESSING/);
    expect(gpLog.Outcome).toMatch(/unknown provider status "FROZEN"/i);
  });

  test("an unmatched callback is kept, shown as unmatched, and not retried forever", () => {
    const h = new Harness();
    submitRows(h, [gatepayRow()]);
    const payouts = sheetState(h, "Payouts");
    const run = postAs(
      h,
      "gatepay",
      gatepayBody("B_OTHER", [{ merchant_withdraw_id: "P_NOT_IN_SHEET", status: "PROCESSING" }]),
    );
    expectClean([run]);
    expect(run.output?.content).toBe(GATEPAY_ACK);
    expect(sheetState(h, "Payouts")).toEqual(payouts);
    const log = h.callbackLog().slice(-1)[0];
    expect(log["Payout ID"]).toBe("P_NOT_IN_SHEET");
    expect(log.Outcome).toMatch(/unmatched/);
    h.call("refreshPayouts");
    expect(h.callbackLog().slice(-1)[0].Outcome).toBe(log.Outcome);
  });

  test.each([
    ["not JSON", "gatepay", "this is not json", "application/json"],
    ["JSON of the wrong shape", "gatepay", '{"hello":"world"}', "application/json"],
    ["an empty body", "gatepay", "", "application/json"],
    ["truncated JSON", "coingate", '{"id":1001,"status":"compl', "application/json"],
    [
      "a form body without id",
      "coingate",
      "status=completed&external_id=P1",
      "application/x-www-form-urlencoded",
    ],
    ["a JSON array", "coingate", "[1,2,3]", "application/json"],
  ])(
    "a malformed body (%s) is stored with its error and doPost answers normally",
    (_, provider, body, type) => {
      const h = new Harness();
      submitRows(h, [gatepayRow()]);
      const payouts = sheetState(h, "Payouts");
      const run = postAs(h, provider as "coingate" | "gatepay", body, type);
      expectClean([run]);
      expect(run.output?.content).toBe(provider === "gatepay" ? GATEPAY_ACK : "OK");
      expect(sheetState(h, "Payouts")).toEqual(payouts);
      const log = h.callbackLog().slice(-1)[0];
      expect(log.Outcome).toMatch(/^malformed: /);
      expect(log.Body).toBe(body);
      // A malformed body is final: the refresh does not try it again.
      h.call("refreshPayouts");
      expect(h.callbackLog().slice(-1)[0].Outcome).toBe(log.Outcome);
    },
  );

  test("a POST with no body at all, and a huge body, never throw out of doPost", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    const bare = h.emu.run(
      "doPost",
      [{ parameter: { provider: "gatepay", token: callbackToken(h) } }],
      {
        context: "webapp",
      },
    );
    expect(bare.error).toBeUndefined();
    const huge = postAs(
      h,
      "gatepay",
      `{"main_order":{"batch_id":"B1"},"pad":"${"x".repeat(120_000)}"}`,
    );
    expectClean([huge]);
    expect(huge.output?.content).toBe(GATEPAY_ACK);
    const log = h.callbackLog().slice(-1)[0];
    expect(log.Body.length).toBeLessThanOrEqual(50_000);
    expect(log.Outcome).toMatch(/^malformed/);
  });

  test("a malformed body that echoes the token keeps it out of the log and the outcome", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    const token = callbackToken(h);
    const run = postAs(h, "coingate", `{"callback_url":"https://x/exec?token=${token}","id":`);
    expectClean([run]);
    expect(sheetText(h, "Callbacks")).not.toContain(token);
  });
});

describe("doPost: GatePay's reply and a busy lock", () => {
  test("GatePay gets exactly the documented JSON acknowledgement for every stored callback", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    const batch = h.rowById(id)["Batch ID"];
    h.gatepay.advance(batch, "PROCESSING");
    h.gatepay.settle(batch);
    const runs = h.deliverCallbacks();
    expectClean(runs);
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.output?.content).toBe('{"returnCode":"SUCCESS","returnMessage":""}');
      expect(run.output?.mimeType).toBe("application/json");
    }
  });

  test("with the lock held elsewhere the callback is stored, answered, and the next refresh applies it", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    const batch = h.rowById(id)["Batch ID"];
    h.gatepay.advance(batch, "PROCESSING");
    const payouts = sheetState(h, "Payouts");
    const lock = h.emu.lockHeldBy("a long submit");
    const [run] = h.deliverCallbacks();
    lock.release();
    expectClean([run]);
    expect(run.output?.content).toBe(GATEPAY_ACK);
    expect(sheetState(h, "Payouts")).toEqual(payouts);
    const stored = h.callbackLog().slice(-1)[0];
    expect(stored["Provider status"]).toBe("PROCESSING");
    expect(stored.Outcome).toMatch(/^waiting/);

    // Polling cannot help (GatePay is down for the refresh): the stored callback is what moves it.
    h.gatepay.failNext(10, { http: 503, code: "300000" });
    const summary = h.call<{ callbacksApplied: number }>("refreshPayouts");
    expect(summary.callbacksApplied).toBe(1);
    expect(h.rowById(id).Status).toBe("PROCESSING");
    expect(h.callbackLog().slice(-1)[0].Outcome).toMatch(/applied PROCESSING/);
  });
});

/** The send request as CoinGate shows it now: the body its callback for this state carries. */
function coingateNow(h: Harness, id: string): string {
  const providerId = coingateLedger(h, id).id;
  const answer = h.coingate.handle({
    url: `https://api-sandbox.coingate.com/api/v2/send_requests/${providerId}`,
    method: "GET",
    headers: { authorization: `Token ${COINGATE_TOKEN}` },
    body: "",
  });
  return answer.body;
}

describe("doPost: cost does not grow with the sheet", () => {
  /**
   * One open CoinGate row below `filler` rows that carry Payout IDs the add-on never sent.
   * Returns the open row's Payout ID.
   */
  function sheetWith(filler: number): { h: Harness; id: string } {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow()]);
    expectClean(h.deliverCallbacks());
    const [headers, open] = h.emu.sheet("Payouts")!.display();
    const done = (i: number) =>
      headers.map((header) => {
        const n = String(i).padStart(6, "0");
        const cells: Record<string, string> = {
          Provider: i % 2 ? "CoinGate" : "GatePay",
          Recipient: `Payee ${n}`,
          Currency: "USDT",
          Network: "TRC20",
          Address: TRON_2,
          Amount: "1.00",
          // Rows the add-on never sent (typed statuses would be flagged as claims it never
          // made): the point is only how many rows the sheet has.
          "Payout ID": `P_DONE_${n}`,
        };
        return cells[header] ?? "";
      });
    const rows = Array.from({ length: filler }, (_, i) => done(i + 1));
    h.emu.typeInto("Payouts", 2, 1, [...rows, open]);
    return { h, id };
  }

  test("a callback on a 10,000-row sheet costs the same spreadsheet calls as on a 10-row sheet, and writes one row", () => {
    const measure = (filler: number) => {
      const { h, id } = sheetWith(filler);
      const before = h.emu.sheet("Payouts")!.display();
      h.coingate.advance(id, "processing");
      const [progress] = h.deliverCallbacks();
      h.coingate.advance(id, "completed");
      const [final] = h.deliverCallbacks();
      expectClean([progress, final]);
      const after = h.emu.sheet("Payouts")!.display();
      // Only the open row (the last one) changed.
      expect(after.slice(0, -1)).toEqual(before.slice(0, -1));
      expect(h.rowById(id).Status).toBe("COMPLETED");
      expect(h.rowById(id)["Done amount"]).toBe("10.5");
      return { progress: progress.meter, final: final.meter, height: after.length };
    };
    const small = measure(9);
    const big = measure(9_999);
    expect(small.height).toBe(11);
    expect(big.height).toBe(10_001);
    expect(big.progress.spreadsheetCalls).toBe(small.progress.spreadsheetCalls);
    expect(big.final.spreadsheetCalls).toBe(small.final.spreadsheetCalls);
    expect(big.progress.calls).toEqual(small.progress.calls);
    expect(big.final.calls).toEqual(small.final.calls);
    expect(big.final.fetches).toBe(1);
    // One row written: the record's entry, one block write per run of output columns, and the
    // log's outcome.
    expect(big.final.calls["Range.setValues"] ?? 0).toBeLessThanOrEqual(3);
    // Far inside a web app's budget even on the big sheet.
    expect(big.final.elapsedMs).toBeLessThan(5_000);
  });
});

describe("CoinGate lifecycles, end to end through callbacks", () => {
  /** The row agrees with CoinGate's ledger on every output the provider decides. */
  function expectRowMatchesCoinGate(h: Harness, id: string) {
    const entry = coingateLedger(h, id);
    const row = h.rowById(id);
    expect(row["Provider status"]).toBe(entry.status);
    expect(row["Provider ID"]).toBe(String(entry.id));
    expect(row.Fee).toBe(entry.fee);
    expect(row["Fee currency"]).toBe(entry.debitCurrency);
    expect(row["Sent amount"]).toBe(entry.debited === "0" ? "" : entry.debited);
    expect(row["Done amount"]).toBe(entry.status === "completed" ? entry.amount : "");
    expect(row["Tx hash"]).toBe(entry.txid ?? "");
    return row;
  }

  test("completed: PROCESSING, then COMPLETED with fee, amounts and tx hash from the ledger", () => {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow({ Amount: "10.50" })]);
    h.coingate.advance(id, "processing", { txid: "0xabc123" });
    expectClean(h.deliverCallbacks());
    expect(h.rowById(id).Status).toBe("PROCESSING");
    expect(h.rowById(id)["Tx hash"]).toBe("0xabc123");
    h.coingate.advance(id, "completed");
    expectClean(h.deliverCallbacks());
    const row = expectRowMatchesCoinGate(h, id);
    expect(row.Status).toBe("COMPLETED");
    expect(row).toMatchObject({
      Fee: "0.105",
      "Fee currency": "USDT",
      "Sent amount": "10.605",
      "Done amount": "10.5",
      "Tx hash": "0xabc123",
      Error: "",
    });
  });

  test("failed: FAILED with the reason in Error", () => {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow()]);
    h.coingate.advance(id, "failed", { failReason: "Address blacklisted" });
    expectClean(h.deliverCallbacks());
    const row = expectRowMatchesCoinGate(h, id);
    expect(row.Status).toBe("FAILED");
    expect(row.Error).toMatch(/failed/i);
  });

  test("canceled: a 2FA draft canceled in the dashboard ends CANCELED with nothing sent", () => {
    const h = new Harness({ coingate: { twoFactor: true } });
    const [id] = submitRows(h, [coingateRow()]);
    expectClean(h.deliverCallbacks());
    expect(h.rowById(id).Status).toBe("NEEDS_ACTION");
    h.coingate.advance(id, "canceled");
    expectClean(h.deliverCallbacks());
    const row = expectRowMatchesCoinGate(h, id);
    expect(row.Status).toBe("CANCELED");
    expect(row["Sent amount"]).toBe("");
  });

  test("expired: a 2FA draft nobody confirmed for 30 days ends EXPIRED", () => {
    const h = new Harness({ coingate: { twoFactor: true } });
    const [id] = submitRows(h, [coingateRow()]);
    expectClean(h.deliverCallbacks());
    h.emu.clock.advance(31 * 24 * 3600_000);
    h.coingate.tick();
    expectClean(h.deliverCallbacks());
    const row = expectRowMatchesCoinGate(h, id);
    expect(row.Status).toBe("EXPIRED");
    expect(coingateLedger(h, id).status).toBe("expired");
  });

  test("2FA: NEEDS_ACTION with a note, then after confirmation and processing, COMPLETED", () => {
    const h = new Harness({ coingate: { twoFactor: true } });
    const [id] = submitRows(h, [coingateRow({ Amount: "7.25" })]);
    expectClean(h.deliverCallbacks());
    let row = h.rowById(id);
    expect(row.Status).toBe("NEEDS_ACTION");
    expect(row["Provider status"]).toBe("draft");
    expect(row.Error).toMatch(/Confirm this payout in the CoinGate dashboard/);
    expect(row["Sent amount"]).toBe("");

    h.coingate.confirm2fa(id);
    expectClean(h.deliverCallbacks());
    row = h.rowById(id);
    expect(row.Status).toBe("PROCESSING");
    expect(row.Error).toBe("");
    h.coingate.advance(id, "processing");
    h.coingate.advance(id, "completed");
    expectClean(h.deliverCallbacks());
    row = expectRowMatchesCoinGate(h, id);
    expect(row.Status).toBe("COMPLETED");
    expect(row["Done amount"]).toBe("7.25");
  });

  test("exchange with COINGATE_EXCHANGE=confirm: paid from the EUR account, fee and debit in EUR", () => {
    const h = new Harness({
      properties: { COINGATE_LEDGER_ACCOUNT_ID: EUR_ACCOUNT, COINGATE_EXCHANGE: "confirm" },
    });
    const [id] = submitRows(h, [coingateRow({ Amount: "100" })]);
    expectClean(h.deliverCallbacks());
    expect(h.rowById(id).Status).toBe("PROCESSING");
    expect(h.rowById(id).Error).toMatch(/exchange from EUR to USDT; it was confirmed/);
    h.coingate.advance(id, "completed");
    expectClean(h.deliverCallbacks());
    const row = expectRowMatchesCoinGate(h, id);
    expect(row.Status).toBe("COMPLETED");
    expect(row["Fee currency"]).toBe("EUR");
    expect(row["Done amount"]).toBe("100");
    expect(Number(row["Sent amount"])).toBeGreaterThan(0);
  });

  test("exchange with COINGATE_EXCHANGE=cancel: CANCELED, nothing debited, and later callbacks keep it so", () => {
    const h = new Harness({
      properties: { COINGATE_LEDGER_ACCOUNT_ID: EUR_ACCOUNT, COINGATE_EXCHANGE: "cancel" },
    });
    const [id] = submitRows(h, [coingateRow({ Amount: "100" })]);
    const runs = h.deliverCallbacks();
    expectClean(runs);
    expect(runs.length).toBe(2); // draft, then canceled
    const row = expectRowMatchesCoinGate(h, id);
    expect(row.Status).toBe("CANCELED");
    expect(row.Error).toMatch(/canceled, as COINGATE_EXCHANGE=cancel says/);
    expect(h.coingate.balanceOf(EUR_ACCOUNT)).toBe("50000");
  });

  test("form-encoded callbacks: the same lifecycle, the same row", () => {
    const h = new Harness({ coingate: { callbackFormat: "form" } });
    const [id] = submitRows(h, [coingateRow({ Amount: "0.10" })]);
    h.coingate.advance(id, "processing");
    const progress = h.deliverCallbacks();
    expectClean(progress);
    expect(h.callbackLog()[0].Body).toMatch(/^[a-z_[\]]+=/); // stored as received: form text
    expect(h.rowById(id).Status).toBe("PROCESSING");
    h.coingate.advance(id, "completed");
    expectClean(h.deliverCallbacks());
    const row = expectRowMatchesCoinGate(h, id);
    expect(row.Status).toBe("COMPLETED");
    expect(row["Done amount"]).toBe("0.1");
    expect(h.callbackLog().every((r) => !/malformed|unmatched/.test(r.Outcome))).toBe(true);
  });

  test("callbacks delivered immediately, inside the submit that holds the lock, wait and are applied by the refresh", () => {
    const h = new Harness({ callbacks: "immediate" });
    const [id] = submitRows(h, [coingateRow()]);
    const log = h.callbackLog();
    expect(log).toHaveLength(1);
    expect(log[0].Outcome).toMatch(/^waiting/);
    h.coingate.advance(id, "completed"); // delivered now, the lock is free
    expect(h.rowById(id).Status).toBe("COMPLETED");
    const summary = h.call<{ callbacksApplied: number }>("refreshPayouts");
    expect(summary.callbacksApplied).toBe(1);
    expect(h.callbackLog()[0].Outcome).not.toMatch(/^waiting/);
    expectRowMatchesCoinGate(h, id);
  });
});

describe("GatePay lifecycles, end to end through callbacks", () => {
  function expectRowMatchesGatePay(h: Harness, id: string) {
    const entry = gatepayLedger(h, id);
    const row = h.rowById(id);
    expect(row["Provider status"]).toBe(entry.status);
    expect(row["Provider ID"]).toBe(entry.suborderId);
    expect(row["Provider ID"]).toMatch(/^\d{18}$/);
    expect(row["Batch ID"]).toBe(entry.batchId);
    expect(row.Fee).toBe(entry.fee);
    expect(row["Fee currency"]).toBe(entry.currency);
    expect(row["Sent amount"]).toBe(entry.subAmount);
    expect(row["Done amount"]).toBe(entry.status === "DONE" ? entry.doneAmount : "");
    expect(row["Tx hash"]).toBe(entry.txId);
    return row;
  }

  test("DONE: PROCESSING, then COMPLETED with the 18-digit sub-order id as exact text", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow({ Amount: "25.00" })]);
    const batch = h.rowById(id)["Batch ID"];
    h.gatepay.advance(batch, "PROCESSING");
    expectClean(h.deliverCallbacks());
    expect(h.rowById(id).Status).toBe("PROCESSING");
    h.gatepay.settle(batch);
    expectClean(h.deliverCallbacks());
    const row = expectRowMatchesGatePay(h, id);
    expect(row.Status).toBe("COMPLETED");
    expect(row).toMatchObject({ Fee: "1", "Sent amount": "26", "Done amount": "25", Error: "" });
    expect(row["Tx hash"]).toMatch(/^0x[0-9a-f]{64}$/);
    expect(h.emu.sheet("Payouts")!.values()[1][HEADERS.indexOf("Provider ID")]).toBe(
      gatepayLedger(h, id).suborderId,
    );
  });

  test("FAIL: FAILED with GatePay's reason, nothing received", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    const batch = h.rowById(id)["Batch ID"];
    h.gatepay.settle(batch, { fail: [id], errMsg: "address risk" });
    expectClean(h.deliverCallbacks());
    const row = expectRowMatchesGatePay(h, id);
    expect(row.Status).toBe("FAILED");
    expect(row.Error).toBe("GatePay: address risk");
    expect(row["Done amount"]).toBe("");
  });

  test("PARTIAL batch: some sub-orders fail, each row follows its own sub-order", () => {
    const h = new Harness();
    const ids = submitRows(h, [
      gatepayRow({ Recipient: "A", Amount: "10" }),
      gatepayRow({ Recipient: "B", Address: TRON_2, Amount: "20" }),
      gatepayRow({ Recipient: "C", Network: "SOL", Address: SOLANA_1, Amount: "30" }),
    ]);
    const batch = h.rowById(ids[0])["Batch ID"];
    expect(ids.map((id) => h.rowById(id)["Batch ID"])).toEqual([batch, batch, batch]);
    h.gatepay.advance(batch, "PROCESSING");
    h.gatepay.settle(batch, { fail: [ids[1]], errMsg: "chain congested" });
    expect(h.gatepay.batchStatus(batch)).toBe("PARTIAL");
    expectClean(h.deliverCallbacks());
    expect(ids.map((id) => h.rowById(id).Status)).toEqual(["COMPLETED", "FAILED", "COMPLETED"]);
    for (const id of ids) expectRowMatchesGatePay(h, id);
    expect(h.rowById(ids[1]).Error).toBe("GatePay: chain congested");
    expect(new Set(ids.map((id) => h.rowById(id)["Provider ID"])).size).toBe(3);
  });

  test("a whole batch's final callback is confirmed with one provider lookup", () => {
    const h = new Harness({ coingate: false });
    const rows = Array.from({ length: 30 }, (_, i) =>
      gatepayRow({ Recipient: `Payee ${i}`, Amount: `${i + 2}` }),
    );
    const ids = submitRows(h, rows);
    h.gatepay.settle(h.rowById(ids[0])["Batch ID"], { fail: [ids[7]] });
    const [run] = h.deliverCallbacks();
    expectClean([run]);
    expect(run.meter.fetches).toBe(1);
    expect(ids.filter((id) => h.rowById(id).Status === "COMPLETED")).toHaveLength(29);
    expect(h.rowById(ids[7]).Status).toBe("FAILED");
    for (const id of ids) expectRowMatchesGatePay(h, id);
  });

  test("numeric amounts in callbacks are written as their exact text (Fee 0.0499)", () => {
    const h = new Harness({ gatepay: { callbackAmountsAsNumbers: true } });
    const ids = submitRows(h, [
      gatepayRow({ Currency: "USDC", Network: "Base", Address: EVM_2, Amount: "1.1" }),
      gatepayRow({
        Currency: "USDC",
        Network: "Base",
        Address: EVM_2,
        Amount: "1.3",
        "Fee mode": "recipient",
      }),
    ]);
    const batch = h.rowById(ids[0])["Batch ID"];
    h.gatepay.advance(batch, "PROCESSING");
    const [progress] = h.deliverCallbacks();
    expectClean([progress]);
    expect(progress.meter.fetches).toBe(0); // written from the callback's numbers alone
    expect(h.gatepay.callbacks[0].body).toMatch(/"fee":0\.0499/);
    expect(h.rowById(ids[0])).toMatchObject({ Fee: "0.0499", "Sent amount": "1.1499" });
    expect(h.rowById(ids[1])).toMatchObject({ Fee: "0.0499", "Sent amount": "1.3" });
    h.gatepay.settle(batch);
    expectClean(h.deliverCallbacks());
    const [a, b] = ids.map((id) => expectRowMatchesGatePay(h, id));
    expect(a).toMatchObject({ Status: "COMPLETED", Fee: "0.0499", "Done amount": "1.1" });
    expect(b).toMatchObject({ Status: "COMPLETED", Fee: "0.0499", "Done amount": "1.2501" });
  });
});
