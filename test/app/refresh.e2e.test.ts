/**
 * refreshPayouts and the auto-refresh trigger, end to end: the built bundle in the emulator
 * against both simulators, with callbacks dropped so that polling alone must keep every row true.
 */
import { Harness } from "../support/harness";
import {
  EVM_2,
  SOLANA_1,
  TRON_2,
  coingateRow,
  dieAfterNextCoinGateCreate,
  gatepayRow,
  retypePayouts,
  sheetState,
  submitRows,
} from "./callback-support";
import type { RefreshSummary } from "../../src/app/refresh/refresh";

const TERMINAL = ["COMPLETED", "FAILED", "REJECTED", "CANCELED", "EXPIRED"];

function refresh(h: Harness) {
  const run = h.run("refreshPayouts");
  if (run.error) throw run.error;
  return { run, summary: run.value as RefreshSummary };
}

function mixedRows() {
  return [
    coingateRow({ Recipient: "Ann Lee", Amount: "10.50" }),
    coingateRow({ Recipient: "Carl Diaz", Address: EVM_2, Amount: "3.3" }),
    coingateRow({ Recipient: "Dan Ito", Network: "Tron", Address: TRON_2, Amount: "7" }),
    gatepayRow({ Recipient: "Bob Ltd", Amount: "25.00" }),
    gatepayRow({ Recipient: "Eve Ltd", Network: "SOL", Address: SOLANA_1, Amount: "12.5" }),
    gatepayRow({
      Recipient: "Fay Ltd",
      Currency: "USDC",
      Network: "Base",
      Address: EVM_2,
      Amount: "2.2",
    }),
  ];
}

describe("refreshPayouts: polling alone brings every row to its final state", () => {
  test("with every callback lost, one refresh makes every row agree with both ledgers", () => {
    const h = new Harness();
    const ids = submitRows(h, mixedRows());
    h.coingate.advance(ids[0], "processing");
    h.coingate.advance(ids[0], "completed");
    h.coingate.advance(ids[1], "failed", { failReason: "Rejected by the network" });
    h.coingate.advance(ids[2], "completed");
    const batch = h.rowById(ids[3])["Batch ID"];
    h.gatepay.settle(batch, { fail: [ids[4]], errMsg: "address risk" });
    expect(h.dropCallbacks()).toBeGreaterThan(0);

    const { run, summary } = refresh(h);
    expect(run.killed).toBe(false);
    expect(summary.ok).toBe(true);
    expect(summary.open).toBe(0);
    expect(summary.callbacksApplied).toBe(0);
    expect(ids.map((id) => h.rowById(id).Status)).toEqual([
      "COMPLETED",
      "FAILED",
      "COMPLETED",
      "COMPLETED",
      "FAILED",
      "COMPLETED",
    ]);
    for (const id of ids.slice(0, 3)) {
      const entry = h.coingate.ledger().find((e) => e.externalId === id)!;
      const row = h.rowById(id);
      expect(row["Provider status"]).toBe(entry.status);
      expect(row["Provider ID"]).toBe(String(entry.id));
      expect(row.Fee).toBe(entry.fee);
      expect(row["Sent amount"]).toBe(entry.debited);
      expect(row["Done amount"]).toBe(entry.status === "completed" ? entry.amount : "");
      expect(row["Tx hash"]).toBe(entry.txid ?? "");
    }
    for (const id of ids.slice(3)) {
      const entry = h.gatepay.ledger().find((e) => e.merchantWithdrawId === id)!;
      const row = h.rowById(id);
      expect(row["Provider status"]).toBe(entry.status);
      expect(row["Provider ID"]).toBe(entry.suborderId);
      expect(row.Fee).toBe(entry.fee);
      expect(row["Fee currency"]).toBe(entry.currency);
      expect(row["Sent amount"]).toBe(entry.subAmount);
      expect(row["Done amount"]).toBe(entry.status === "DONE" ? entry.doneAmount : "");
      expect(row["Tx hash"]).toBe(entry.txId);
    }
    expect(h.rowById(ids[4]).Error).toBe("GatePay: address risk");
    expect(h.emu.properties.get("OPEN_ROWS")).toBe("0");
  });

  test("non-final progress is polled too (PROCESSING, NEEDS_ACTION), and rows found after a re-sort", () => {
    const h = new Harness({ coingate: { twoFactor: true } });
    const ids = submitRows(h, [coingateRow(), gatepayRow()]);
    h.dropCallbacks();
    expect(h.rowById(ids[0]).Status).toBe("NEEDS_ACTION");
    retypePayouts(h, (rows) => [rows[0].map(() => ""), ...rows.reverse()]);
    h.coingate.confirm2fa(ids[0]);
    h.gatepay.advance(h.rowById(ids[1])["Batch ID"], "CHECK");
    h.dropCallbacks();
    const { summary } = refresh(h);
    expect(summary.open).toBe(2);
    expect(h.rowById(ids[0]).Status).toBe("PROCESSING");
    expect(h.rowById(ids[0]).Recipient).toBe("Ann Lee");
    expect(h.rowById(ids[1]).Status).toBe("PROCESSING");
    expect(h.rowById(ids[1])["Provider status"]).toBe("CHECK");
    expect(h.rowById(ids[1]).Recipient).toBe("Bob Trading Ltd");
  });

  test("writes are batched: refreshing 40 rows costs no more writes than refreshing 4", () => {
    const writes = (n: number) => {
      const h = new Harness({ gatepay: false });
      const rows = Array.from({ length: n }, (_, i) =>
        coingateRow({ Recipient: `Payee ${i}`, Amount: `${i + 1}.5` }),
      );
      submitRows(h, rows);
      h.coingate.settleAll("completed");
      h.dropCallbacks();
      const { run, summary } = refresh(h);
      expect(summary.changed).toBe(n);
      expect(h.rows().every((r) => r.Status === "COMPLETED")).toBe(true);
      return run.meter;
    };
    const small = writes(4);
    const big = writes(40);
    expect(big.calls["Range.setValues"]).toBe(small.calls["Range.setValues"]);
    expect(big.spreadsheetCalls).toBe(small.spreadsheetCalls);
  });

  test("an unknown provider status from polling keeps the row's status and says so in Error", () => {
    const h = new Harness({ coingate: false });
    const [id] = submitRows(h, [gatepayRow()]);
    h.dropCallbacks();
    // GatePay reports a status word it has not documented (forged through the query answer).
    const original = h.gatepay.handle;
    h.emu.route("openplatform.gateapi.io", (request) => {
      const answer = original(request);
      return { ...answer, body: answer.body.replace(/"status":"INIT"/g, '"status":"FROZEN"') };
    });
    refresh(h);
    const row = h.rowById(id);
    expect(row.Status).toBe("PENDING");
    expect(row["Provider status"]).toBe("FROZEN");
    expect(row.Error).toMatch(/FROZEN/);
  });
});

describe("refreshPayouts: stored callbacks, interrupted submissions, queued rows", () => {
  test("applies stored callbacks not applied yet (the lock was busy when they came)", () => {
    const h = new Harness();
    const ids = submitRows(h, [coingateRow(), gatepayRow()]);
    h.coingate.advance(ids[0], "completed");
    h.gatepay.advance(h.rowById(ids[1])["Batch ID"], "PROCESSING");
    const lock = h.emu.lockHeldBy();
    h.deliverCallbacks();
    lock.release();
    expect(h.rowById(ids[0]).Status).toBe("PROCESSING");
    expect(h.rowById(ids[1]).Status).toBe("PENDING");
    const waiting = h.callbackLog().filter((r) => /^waiting/.test(r.Outcome)).length;
    expect(waiting).toBe(3);

    const { summary } = refresh(h);
    expect(summary.callbacksApplied).toBe(3);
    expect(h.rowById(ids[0]).Status).toBe("COMPLETED");
    expect(h.rowById(ids[1]).Status).toBe("PROCESSING");
    expect(h.callbackLog().every((r) => !/^waiting/.test(r.Outcome))).toBe(true);
    // Applied once: the next refresh finds none left.
    expect(refresh(h).summary.callbacksApplied).toBe(0);
  });

  test("recovers a SUBMITTING row by looking it up, without paying twice", () => {
    const h = new Harness({ gatepay: false });
    h.call("setupPayoutsSheet");
    h.addRows([coingateRow()]);
    h.call("validatePayouts");
    // The submit dies right after its create request reached CoinGate.
    dieAfterNextCoinGateCreate(h);
    const killed = h.run("submitPayouts");
    expect(killed.killed).toBe(true);
    const [row] = h.rows();
    expect(row.Status).toBe("SUBMITTING");
    expect(row["Provider ID"]).toBe("");
    expect(h.coingate.ledger()).toHaveLength(1);
    h.dropCallbacks();

    const { summary } = refresh(h);
    expect(h.coingate.ledger()).toHaveLength(1);
    const after = h.rowById(row["Payout ID"]);
    expect(after.Status).toBe("PROCESSING");
    expect(after["Provider ID"]).toBe(String(h.coingate.ledger()[0].id));
    expect(summary.open).toBe(1);
  });

  test("an interrupted submit is recovered even when an earlier refresh had found nothing open", () => {
    const h = new Harness({ gatepay: false });
    submitRows(h, [coingateRow({ Recipient: "First Payee" })]);
    h.coingate.settleAll("completed");
    h.dropCallbacks();
    refresh(h);
    expect(h.emu.properties.get("OPEN_ROWS")).toBe("0");

    h.addRows([coingateRow({ Recipient: "Second Payee", Address: EVM_2 })]);
    h.call("validatePayouts");
    dieAfterNextCoinGateCreate(h);
    const killed = h.run("submitPayouts");
    expect(killed.killed).toBe(true);
    const second = h.rows()[1];
    expect(second.Status).toBe("SUBMITTING");
    h.dropCallbacks();

    const { summary } = refresh(h);
    expect(h.rowById(second["Payout ID"]).Status).toBe("PROCESSING");
    expect(h.coingate.ledger()).toHaveLength(2);
    expect(summary.open).toBe(1);
  });

  test("continues QUEUED rows left by a submit that ran out of time", () => {
    const h = new Harness({ gatepay: false });
    h.call("setupPayoutsSheet");
    const rows = Array.from({ length: 60 }, (_, i) =>
      coingateRow({ Recipient: `Payee ${i}`, Amount: `${i + 1}` }),
    );
    h.addRows(rows);
    h.call("validatePayouts");
    h.coingate.slowBy(8_000);
    const first = h.call<{ remaining: number; created: number }>("submitPayouts");
    expect(first.remaining).toBeGreaterThan(0);
    expect(h.rows().filter((r) => r.Status === "QUEUED")).toHaveLength(first.remaining);
    h.coingate.slowBy(0);
    h.dropCallbacks();
    // The continuation trigger never fires here: the refresh alone finishes the queue.
    const { summary } = refresh(h);
    expect(summary.ok).toBe(true);
    expect(h.rows().filter((r) => r.Status === "QUEUED")).toHaveLength(0);
    expect(h.coingate.ledger()).toHaveLength(60);
    expect(new Set(h.coingate.ledger().map((e) => e.externalId)).size).toBe(60);
  });
});

describe("refreshPayouts: time budget, idle cost, stale rows", () => {
  test("with many open rows and a slow provider it stops within its budget and the next refresh resumes", () => {
    const h = new Harness({ gatepay: false });
    const rows = Array.from({ length: 150 }, (_, i) =>
      coingateRow({ Recipient: `Payee ${i}`, Amount: `${i + 1}` }),
    );
    submitRows(h, rows);
    h.coingate.settleAll("completed");
    h.dropCallbacks();
    h.coingate.slowBy(3_000);

    const runs = [];
    for (let i = 0; i < 10 && h.rows().some((r) => !TERMINAL.includes(r.Status)); i++) {
      const { run, summary } = refresh(h);
      expect(run.killed).toBe(false);
      expect(run.meter.elapsedMs).toBeLessThan(6 * 60_000);
      runs.push(summary);
    }
    expect(runs.length).toBeGreaterThan(1);
    expect(runs[0].resumes).toBe(true);
    expect(runs[runs.length - 1].resumes).toBeFalsy();
    expect(h.rows().every((r) => r.Status === "COMPLETED")).toBe(true);
    // Each run polled rows the previous one had not reached.
    const polled = runs.reduce((sum, r) => sum + (r.polled ?? 0), 0);
    expect(polled).toBeLessThan(150 * 2);
  });

  test("a refresh cut short by its budget resumes after the last row it polled, so every open row gets its turn", () => {
    const h = new Harness({ gatepay: false });
    const rows = Array.from({ length: 150 }, (_, i) =>
      coingateRow({ Recipient: `Payee ${i}`, Amount: `${i + 1}` }),
    );
    const ids = submitRows(h, rows);
    h.dropCallbacks();
    const providerIds = new Map(ids.map((id) => [h.rowById(id)["Provider ID"], id]));
    // Nothing settles: every row stays open, and each refresh can only poll part of them.
    h.coingate.slowBy(3_000);
    const polledBy = () => {
      const from = h.coingate.received.length;
      const { run, summary } = refresh(h);
      expect(run.killed).toBe(false);
      const polled = h.coingate.received
        .slice(from)
        .map((r) => /\/send_requests\/(\d+)$/.exec(r.url)?.[1])
        .filter((id): id is string => !!id)
        .map((id) => providerIds.get(id));
      return { polled, summary };
    };
    const first = polledBy();
    expect(first.summary.resumes).toBe(true);
    expect(first.polled.length).toBeGreaterThan(0);
    expect(first.polled.length).toBeLessThan(150);
    // Each later run starts with the rows the runs before did not reach, in sheet order, until
    // every open row had its turn.
    const seen = new Set(first.polled);
    for (let run = 0; run < 5 && seen.size < 150; run++) {
      const notYet = ids.filter((id) => !seen.has(id));
      const next = polledBy();
      expect(next.polled.length).toBeGreaterThan(0);
      expect(next.polled.slice(0, notYet.length)).toEqual(notYet.slice(0, next.polled.length));
      next.polled.forEach((id) => seen.add(id as string));
    }
    expect(seen.size).toBe(150);
  });

  test("with nothing pending it costs almost nothing and fetches nothing", () => {
    const h = new Harness();
    submitRows(h, [coingateRow(), gatepayRow()]);
    h.coingate.settleAll("completed");
    h.gatepay.settleAll();
    h.deliverCallbacks();
    refresh(h); // settles everything and records OPEN_ROWS = 0
    const payouts = sheetState(h, "Payouts");
    const { run, summary } = refresh(h);
    expect(summary.ok).toBe(true);
    expect(summary.open).toBe(0);
    expect(run.meter.fetches).toBe(0);
    // One round trip (the Callbacks log's row count) plus the handles to reach it; no range is
    // read or written, no lock is taken.
    const roundTrips = Object.entries(run.meter.calls).filter(
      ([name]) => /^(Range|Sheet)\./.test(name) && !/getName$/.test(name),
    );
    expect(roundTrips).toEqual([["Sheet.getLastRow", 1]]);
    expect(run.meter.spreadsheetCalls).toBeLessThanOrEqual(4);
    expect(run.meter.calls["LockService.tryLock"] ?? 0).toBe(0);
    expect(run.meter.elapsedMs).toBeLessThan(200);
    expect(sheetState(h, "Payouts")).toEqual(payouts);
  });

  test("a new callback on an idle sheet still gets applied (the idle shortcut sees it)", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    h.gatepay.settleAll();
    h.deliverCallbacks();
    refresh(h);
    // A late GatePay retry arrives while the lock is busy: stored, not applied.
    const batch = h.rowById(id)["Batch ID"];
    h.gatepay.advance(batch, "PROCESSING"); // no-op on a finished batch, no callback
    const lock = h.emu.lockHeldBy();
    h.emu.post({
      query: { provider: "gatepay", token: h.emu.properties.get("CALLBACK_TOKEN")! },
      body: h.gatepay.callbacks.slice(-1)[0].body,
      contentType: "application/json",
    });
    lock.release();
    expect(h.callbackLog().slice(-1)[0].Outcome).toMatch(/^waiting/);
    const { summary } = refresh(h);
    expect(summary.callbacksApplied).toBe(1);
    expect(h.callbackLog().slice(-1)[0].Outcome).toMatch(/already COMPLETED/);
  });

  test("rows open past STALE_AFTER_HOURS are flagged in Error, and the flag is not repeated", () => {
    const h = new Harness({ properties: { STALE_AFTER_HOURS: "24" } });
    const ids = submitRows(h, [coingateRow(), gatepayRow()]);
    h.deliverCallbacks();
    h.emu.clock.advance(23 * 3600_000);
    refresh(h);
    expect(h.rowById(ids[0]).Error).toBe("");
    h.emu.clock.advance(2 * 3600_000);
    refresh(h);
    expect(h.rowById(ids[0]).Error).toMatch(/^Still PROCESSING 25 hours after submission/);
    expect(h.rowById(ids[1]).Error).toMatch(/^Still PENDING 25 hours after submission/);
    expect(h.rowById(ids[0]).Status).toBe("PROCESSING");
    h.emu.clock.advance(3600_000);
    refresh(h);
    expect(h.rowById(ids[0]).Error).toMatch(/^Still PROCESSING 26 hours after submission/);
    expect(h.rowById(ids[0]).Error.match(/Still/g)).toHaveLength(1);
    // Once final, the flag goes.
    h.coingate.advance(ids[0], "completed");
    h.dropCallbacks();
    refresh(h);
    expect(h.rowById(ids[0]).Status).toBe("COMPLETED");
    expect(h.rowById(ids[0]).Error).toBe("");
  });

  test("the default stale limit is 72 hours", () => {
    const h = new Harness({ gatepay: false });
    const [id] = submitRows(h, [coingateRow()]);
    h.emu.clock.advance(71 * 3600_000);
    refresh(h);
    expect(h.rowById(id).Error).toBe("");
    h.emu.clock.advance(2 * 3600_000);
    refresh(h);
    expect(h.rowById(id).Error).toMatch(/Still PROCESSING 73 hours/);
  });
});

describe("auto-refresh trigger", () => {
  test("installing twice makes exactly one trigger with the default 10-minute interval", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    const first = h.call<{ everyMinutes: number }>("installAutoRefresh");
    h.call("installAutoRefresh");
    expect(first.everyMinutes).toBe(10);
    const triggers = h.emu.triggers().filter((t) => t.handler === "refreshPayouts");
    expect(triggers).toHaveLength(1);
    expect(triggers[0].everyMinutes).toBe(10);
  });

  test.each([
    ["1", { everyMinutes: 1 }],
    ["5", { everyMinutes: 5 }],
    ["30", { everyMinutes: 30 }],
    ["60", { everyHours: 1 }],
  ])(
    "AUTO_REFRESH_MINUTES=%s sets the interval, and changing it replaces the trigger",
    (m, want) => {
      const h = new Harness();
      h.call("installAutoRefresh");
      h.emu.properties.set("AUTO_REFRESH_MINUTES", m);
      h.call("installAutoRefresh");
      const triggers = h.emu.triggers().filter((t) => t.handler === "refreshPayouts");
      expect(triggers).toHaveLength(1);
      expect(triggers[0]).toMatchObject(want);
    },
  );

  test("a trigger deleted by hand is re-created by installing again", () => {
    const h = new Harness();
    h.call("installAutoRefresh");
    h.emu.run("removeAutoRefresh", [], { context: "trigger" });
    // Only the refresh trigger goes: the daily digest's stays.
    expect(h.emu.triggers().map((t) => t.handler)).toEqual(["sendDailyDigest"]);
    h.call("installAutoRefresh");
    expect(h.emu.triggers().filter((t) => t.handler === "refreshPayouts")).toHaveLength(1);
  });

  test("removeAutoRefresh leaves none, and removing twice is harmless", () => {
    const h = new Harness();
    h.call("installAutoRefresh");
    h.call("removeAutoRefresh");
    const again = h.call<{ installed: boolean }>("removeAutoRefresh");
    expect(again.installed).toBe(false);
    expect(h.emu.triggers().filter((t) => t.handler === "refreshPayouts")).toHaveLength(0);
  });

  test("due triggers run refreshPayouts, which finishes the rows with callbacks lost", () => {
    const h = new Harness();
    const ids = submitRows(h, [coingateRow(), gatepayRow()]);
    h.call("installAutoRefresh");
    h.coingate.settleAll("completed");
    h.gatepay.settleAll();
    h.dropCallbacks();
    expect(h.emu.runDueTriggers()).toHaveLength(0);
    h.emu.clock.advance(10 * 60_000);
    const dueAt = h.emu.clock.now();
    const runs = h.emu.runDueTriggers();
    expect(runs.map((r) => r.functionName)).toEqual(["refreshPayouts"]);
    expect(runs[0].error).toBeUndefined();
    expect(ids.map((id) => h.rowById(id).Status)).toEqual(["COMPLETED", "COMPLETED"]);
    const last = Date.parse(h.emu.properties.get("LAST_REFRESH_AT") ?? "");
    expect(last).toBeGreaterThanOrEqual(dueAt);
    expect(last).toBeLessThanOrEqual(h.emu.clock.now());
  });
});
