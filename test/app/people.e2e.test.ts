/**
 * What people do to the sheets, end to end through the built bundle: typing over the add-on's
 * output columns (Status, Payout ID, Provider ID, Batch ID), editing queued rows, typing rows
 * into the Callbacks log, pasting rows far below the formatted area, calling the add-on's
 * functions through the web app's URL, and providers' answers that rewrite a payout's identity.
 * The add-on keeps its own signed record ("Payout record"); the Payouts cells are a view of it.
 * Whatever a person types there must never make a sent row sendable again, never change which
 * provider payout a row belongs to, and never let unreviewed inputs go out. The simulators'
 * ledgers are the ground truth; every scenario ends by checking that no Payout ID was paid twice.
 */
import { GATEPAY_CLIENT, Harness, WEB_APP_URL, type RowInput } from "../support/harness";
import { DEFAULT_CHAINS } from "../simulators/gatepay/catalog-data";
import type { SettingsForm } from "../../src/app/settings/save";
import {
  EVM_1,
  EVM_2,
  TRON_1,
  TRON_2,
  callbackToken,
  coingateBody,
  coingateRow as anyCoinGateRow,
  dieAfterNextCoinGateCreate,
  gatepayBody,
  gatepayRow as anyGatePayRow,
  logRowsFor,
  postAs,
  sheetText,
  submitRows,
} from "./callback-support";
import { expectRan, expectSheetMatchesLedgers, intercept, statuses } from "./submit-support";
import {
  TON_ADDRESS,
  byId,
  byRecipient,
  cellsStartingWithApostrophe,
  coingateEntries,
  columnOf,
  createRequests,
  dieAfterNextGatePayCreate,
  everything,
  expectNoPayoutIdTwice,
  gatepayEntries,
  recordedStatuses,
  sheetRowOf,
  tokenForms,
  typeOver,
} from "./people-support";

type Summary = { ok: boolean; message: string; [key: string]: unknown };

/** Rows with amounts in canonical form, as the providers' ledgers write them back. */
const gatepayRow = (overrides: RowInput = {}) => anyGatePayRow({ Amount: "25", ...overrides });
const coingateRow = (overrides: RowInput = {}) => anyCoinGateRow({ Amount: "10.5", ...overrides });

/** A GatePay row submitted and paid: COMPLETED, with its Provider ID and Batch ID. */
function paidGatePay(h: Harness): string {
  const [id] = submitRows(h, [gatepayRow()]);
  h.gatepay.settleAll();
  for (const run of h.deliverCallbacks()) expectRan(run);
  expect(h.rowById(id).Status).toBe("COMPLETED");
  return id;
}

/** A CoinGate row submitted and paid: COMPLETED, with its Provider ID. */
function paidCoinGate(h: Harness): string {
  const [id] = submitRows(h, [coingateRow()]);
  h.coingate.advance(id, "completed");
  for (const run of h.deliverCallbacks()) expectRan(run);
  expect(h.rowById(id).Status).toBe("COMPLETED");
  return id;
}

/** Validate, Submit and the refresh, as a person pressing every button would run them. */
function everyRun(h: Harness): void {
  expectRan(h.run("validatePayouts"));
  expectRan(h.run("submitPayouts"));
  expectRan(h.run("refreshPayouts"));
}

/** The row's IDs and the payout's cells the record decides. */
function shown(row: Record<string, string>) {
  const keys = ["Payout ID", "Status", "Provider status", "Provider ID", "Batch ID", "Tx hash"];
  return Object.fromEntries(keys.map((key) => [key, row[key]]));
}

describe("1. Status typed over on a sent row", () => {
  it.each([
    ["cleared", ""],
    ["set to VALID", "VALID"],
  ])(
    "a paid GatePay row whose Status is %s is not paid again, and shows COMPLETED with its IDs after the next run",
    (_, typed) => {
      const h = new Harness();
      const id = paidGatePay(h);
      const before = shown(h.rowById(id));
      expect(before["Provider ID"]).toMatch(/^\d{18}$/);
      expect(before["Batch ID"]).not.toBe("");

      typeOver(h, byId(id), "Status", typed);
      for (const name of ["validatePayouts", "submitPayouts", "refreshPayouts"]) {
        expectRan(h.run(name));
        expect({ after: name, ...shown(h.rowById(id)) }).toEqual({ after: name, ...before });
      }

      expect(gatepayEntries(h, id)).toHaveLength(1);
      expect(createRequests(h).gatepay).toBe(1);
      expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 1, coingate: 0 });
      expectNoPayoutIdTwice(h);
    },
  );

  it.each([
    ["cleared", ""],
    ["set to VALID", "VALID"],
  ])(
    "a paid CoinGate row whose Status is %s gets no second send request, and shows COMPLETED with its IDs after the next run",
    (_, typed) => {
      const h = new Harness();
      const id = paidCoinGate(h);
      const before = shown(h.rowById(id));
      expect(before["Provider ID"]).toBe(String(coingateEntries(h, id)[0].id));

      typeOver(h, byId(id), "Status", typed);
      for (const name of ["validatePayouts", "submitPayouts", "refreshPayouts"]) {
        expectRan(h.run(name));
        expect({ after: name, ...shown(h.rowById(id)) }).toEqual({ after: name, ...before });
      }

      expect(coingateEntries(h, id)).toHaveLength(1);
      expect(createRequests(h).coingate).toBe(1);
      expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 0, coingate: 1 });
      expectNoPayoutIdTwice(h);
    },
  );

  it("a GatePay row in PROCESSING typed COMPLETED is still polled, and shows FAILED when GatePay fails the payout", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    const [entry] = gatepayEntries(h, id);
    h.gatepay.advance(entry.batchId, "PROCESSING");
    for (const run of h.deliverCallbacks()) expectRan(run);
    expect(h.rowById(id).Status).toBe("PROCESSING");

    typeOver(h, byId(id), "Status", "COMPLETED");
    expectRan(h.run("refreshPayouts"));
    expect(h.rowById(id).Status).toBe("PROCESSING");

    // GatePay fails it; its callback is lost: only the poll can tell.
    h.gatepay.settleAll({ fail: [id], errMsg: "address frozen" });
    h.dropCallbacks();
    typeOver(h, byId(id), "Status", "COMPLETED");
    const refresh = h.call<{ polled: number }>("refreshPayouts");
    expect(refresh.polled).toBe(1);
    expect(gatepayEntries(h, id).map((e) => e.status)).toEqual(["FAIL"]);
    expect(h.rowById(id).Status).toBe("FAILED");
    expect(h.rowById(id).Error).toContain("address frozen");
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 1, coingate: 0 });
    expectNoPayoutIdTwice(h);
  });

  it("a CoinGate row in PROCESSING typed COMPLETED is still polled, and shows FAILED when CoinGate fails the payout", () => {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow()]);
    for (const run of h.deliverCallbacks()) expectRan(run);
    expect(h.rowById(id).Status).toBe("PROCESSING");

    typeOver(h, byId(id), "Status", "COMPLETED");
    h.coingate.advance(id, "failed", { failReason: "Rejected by the network" });
    h.dropCallbacks();
    const refresh = h.call<{ polled: number }>("refreshPayouts");
    expect(refresh.polled).toBe(1);
    expect(h.rowById(id).Status).toBe("FAILED");
    expect(coingateEntries(h, id).map((e) => e.status)).toEqual(["failed"]);
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 0, coingate: 1 });
    expectNoPayoutIdTwice(h);
  });

  it.each([["PAID"], ["paid"], ["Done"], ["sent to Ann 2026-01-05"]])(
    "typing %p over Status sends nothing, and the next run shows the recorded status again",
    (word) => {
      const h = new Harness();
      const [gp, cg] = submitRows(h, [gatepayRow(), coingateRow()]);
      h.gatepay.settleAll();
      for (const run of h.deliverCallbacks()) expectRan(run);
      const before = { gp: shown(h.rowById(gp)), cg: shown(h.rowById(cg)) };
      expect([before.gp.Status, before.cg.Status]).toEqual(["COMPLETED", "PROCESSING"]);
      const requests = createRequests(h);

      typeOver(h, byId(gp), "Status", word);
      typeOver(h, byId(cg), "Status", word);
      expectRan(h.run("submitPayouts"));

      expect({ gp: shown(h.rowById(gp)), cg: shown(h.rowById(cg)) }).toEqual(before);
      expect(createRequests(h)).toEqual(requests);
      expect(gatepayEntries(h, gp)).toHaveLength(1);
      expect(coingateEntries(h, cg)).toHaveLength(1);
      expectNoPayoutIdTwice(h);
    },
  );
});

describe("2. Payout ID changed by hand after a run died, or while the payout is open", () => {
  const OTHER_ID = "MY_OWN_ID_1";

  it("GatePay: a submit dies right after its create, a person changes the Payout ID; the refresh gives the row its ID back and GatePay has one payout", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    h.addRows([gatepayRow()]);
    h.call("validatePayouts");
    const id = h.rows()[0]["Payout ID"];
    dieAfterNextGatePayCreate(h);
    const dead = h.run("submitPayouts");
    expect(dead.killed).toBe(true);
    expect(h.rowById(id).Status).toBe("SUBMITTING");
    expect(gatepayEntries(h, id)).toHaveLength(1);

    typeOver(h, byId(id), "Payout ID", OTHER_ID);
    expectRan(h.run("refreshPayouts"));

    const row = h.rowById(id);
    expect(row.Status).toBe("PENDING");
    expect(row["Batch ID"]).toBe(gatepayEntries(h, id)[0].batchId);
    expect(row.Error).toContain(`Payout ID was changed by hand from ${id} to ${OTHER_ID}`);
    expect(h.rows().map((r) => r["Payout ID"])).toEqual([id]);

    everyRun(h);
    h.gatepay.settleAll();
    for (const run of h.deliverCallbacks()) expectRan(run);
    expect(h.rowById(id).Status).toBe("COMPLETED");
    expect(gatepayEntries(h, id)).toHaveLength(1);
    expect(gatepayEntries(h, OTHER_ID)).toHaveLength(0);
    expect(createRequests(h).gatepay).toBe(1);
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 1, coingate: 0 });
    expectNoPayoutIdTwice(h);
  });

  it("CoinGate: a submit dies right after its create, a person changes the Payout ID; the refresh gives the row its ID back and CoinGate has one send request", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    h.addRows([coingateRow()]);
    h.call("validatePayouts");
    const id = h.rows()[0]["Payout ID"];
    dieAfterNextCoinGateCreate(h);
    const dead = h.run("submitPayouts");
    expect(dead.killed).toBe(true);
    expect(h.rowById(id).Status).toBe("SUBMITTING");
    expect(h.rowById(id)["Provider ID"]).toBe("");
    expect(coingateEntries(h, id)).toHaveLength(1);

    typeOver(h, byId(id), "Payout ID", OTHER_ID);
    // CoinGate's callback for the create arrives while the row shows the other ID.
    for (const run of h.deliverCallbacks()) expectRan(run);
    expectRan(h.run("refreshPayouts"));

    const row = h.rowById(id);
    expect(row.Status).toBe("PROCESSING");
    expect(row["Provider ID"]).toBe(String(coingateEntries(h, id)[0].id));
    expect(h.rows().map((r) => r["Payout ID"])).toEqual([id]);

    everyRun(h);
    h.coingate.advance(id, "completed");
    for (const run of h.deliverCallbacks()) expectRan(run);
    expect(h.rowById(id).Status).toBe("COMPLETED");
    expect(coingateEntries(h, id)).toHaveLength(1);
    expect(coingateEntries(h, OTHER_ID)).toHaveLength(0);
    expect(createRequests(h).coingate).toBe(1);
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 0, coingate: 1 });
    expectNoPayoutIdTwice(h);
  });

  it("a row whose Payout ID and Amount were both changed after a dead run is flagged INVALID (never sent by the add-on), and the original payout is still followed to COMPLETED", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    h.addRows([gatepayRow({ Amount: "25" })]);
    h.call("validatePayouts");
    const id = h.rows()[0]["Payout ID"];
    dieAfterNextGatePayCreate(h);
    expect(h.run("submitPayouts").killed).toBe(true);

    typeOver(h, byId(id), "Payout ID", OTHER_ID);
    typeOver(h, byId(OTHER_ID), "Amount", "99");
    const refresh = h.call<{ unseen: number; recovered: number }>("refreshPayouts");
    expect(refresh).toMatchObject({ unseen: 1, recovered: 1 });

    const row = h.rowById(OTHER_ID);
    expect(row.Status).toBe("INVALID");
    expect(row.Error).toContain(`The add-on never sent Payout ID ${OTHER_ID}`);

    // Nothing goes out for the typed row, however often a person presses the buttons.
    everyRun(h);
    expect(h.rowById(OTHER_ID).Status).toBe("INVALID");
    expect(gatepayEntries(h, OTHER_ID)).toHaveLength(0);

    // The original payout is still followed: the refresh polls it to COMPLETED in the record.
    h.gatepay.settleAll();
    h.dropCallbacks();
    expectRan(h.run("refreshPayouts"));
    expect(recordedStatuses(h, id)).toContain("COMPLETED");

    // Put back, the row shows the payout as recorded after the next Validate or Submit (with
    // nothing open, an idle refresh reads no rows by design).
    typeOver(h, byId(OTHER_ID), "Payout ID", id);
    typeOver(h, byId(id), "Amount", "25");
    everyRun(h);
    expect(h.rowById(id).Status).toBe("COMPLETED");
    expect(h.rowById(id)["Provider ID"]).toBe(gatepayEntries(h, id)[0].suborderId);
    expect(gatepayEntries(h, id)).toHaveLength(1);
    expect(createRequests(h).gatepay).toBe(1);
    expectNoPayoutIdTwice(h);
  });

  it("a CoinGate row in PROCESSING whose Payout ID a person changes still reaches COMPLETED, and shows its own ID again", () => {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow()]);
    for (const run of h.deliverCallbacks()) expectRan(run);
    const providerId = h.rowById(id)["Provider ID"];

    typeOver(h, byId(id), "Payout ID", OTHER_ID);
    h.coingate.advance(id, "completed");
    for (const run of h.deliverCallbacks()) expectRan(run);
    expectRan(h.run("refreshPayouts"));

    expect(recordedStatuses(h, id)).toContain("COMPLETED");
    expect(shown(h.rowById(id))).toMatchObject({
      "Payout ID": id,
      Status: "COMPLETED",
      "Provider ID": providerId,
    });
    expect(coingateEntries(h, id)).toHaveLength(1);
    expect(coingateEntries(h, OTHER_ID)).toHaveLength(0);
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 0, coingate: 1 });
    expectNoPayoutIdTwice(h);
  });

  it("a GatePay row in PROCESSING whose Payout ID a person clears still reaches COMPLETED, and shows its own ID again", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    const [entry] = gatepayEntries(h, id);
    h.gatepay.advance(entry.batchId, "PROCESSING");
    for (const run of h.deliverCallbacks()) expectRan(run);
    expect(h.rowById(id).Status).toBe("PROCESSING");

    typeOver(h, byId(id), "Payout ID", "");
    everyRun(h);
    h.gatepay.settleAll();
    for (const run of h.deliverCallbacks()) expectRan(run);
    expectRan(h.run("refreshPayouts"));

    expect(shown(h.rowById(id))).toMatchObject({
      "Payout ID": id,
      Status: "COMPLETED",
      "Provider ID": entry.suborderId,
      "Batch ID": entry.batchId,
    });
    expect(h.rows()).toHaveLength(1);
    expect(gatepayEntries(h, id)).toHaveLength(1);
    expect(createRequests(h).gatepay).toBe(1);
    expectNoPayoutIdTwice(h);
  });
});

describe("3. Queued rows edited before they were sent", () => {
  /**
   * Two GatePay rows reviewed and QUEUED, not sent: GatePay refuses the batch at the door
   * (550238, too many sub-orders: the simulator takes 1 per batch, the setting says 2), a
   * run-wide configuration error that sends the whole batch back to the queue. Then Ann's row is
   * edited (Address and Amount) and the setting fixed.
   */
  function queuedThenEdited(): { h: Harness; ann: string; bob: string } {
    const h = new Harness({
      gatepay: { maxBatchSize: 1 },
      properties: { GATEPAY_MAX_BATCH_SIZE: "2" },
    });
    h.call("setupPayoutsSheet");
    h.addRows([
      gatepayRow({ Recipient: "Ann Lee", Amount: "25.00" }),
      gatepayRow({ Recipient: "Bob Stone", Amount: "30" }),
    ]);
    const first = h.call<Summary>("submitPayouts");
    expect(first.ok).toBe(false);
    expect(statuses(h)).toEqual(["QUEUED", "QUEUED"]);
    expect(h.gatepay.ledger()).toEqual([]);
    const ann = h.rows()[0]["Payout ID"];
    const bob = h.rows()[1]["Payout ID"];

    typeOver(h, byRecipient("Ann Lee"), "Address", TRON_2);
    typeOver(h, byRecipient("Ann Lee"), "Amount", "99.00");
    h.emu.properties.set("GATEPAY_MAX_BATCH_SIZE", "1");
    return { h, ann, bob };
  }

  /** Ann's row is back in review (blank Status, no Batch ID) and nothing of hers went out. */
  function expectAnnBackInReview(h: Harness, ann: string): void {
    const row = h.rowById(ann);
    expect(row.Status).toBe("");
    expect(row["Batch ID"]).toBe("");
    expect(h.gatepay.ledger().filter((e) => e.address === TRON_2 || e.amount === "99")).toEqual([]);
    expect(gatepayEntries(h, ann)).toHaveLength(0);
  }

  function runContinuation(h: Harness): void {
    expect(h.emu.triggers().map((t) => t.handler)).toContain("continueSubmission");
    h.emu.clock.advance(61_000);
    const runs = h.emu.runDueTriggers();
    expect(runs.map((r) => r.functionName)).toEqual(["continueSubmission"]);
    for (const run of runs) expectRan(run);
  }

  it("the continuation trigger sends the untouched row and nothing with the new Address or Amount", () => {
    const { h, ann, bob } = queuedThenEdited();
    runContinuation(h);
    expectAnnBackInReview(h, ann);
    expect(gatepayEntries(h, bob).map((e) => [e.address, e.amount])).toEqual([[TRON_1, "30"]]);
    expectNoPayoutIdTwice(h);
  });

  it("after the continuation trigger, the edited row's Error names the changed fields: Address, Amount", () => {
    const { h, ann } = queuedThenEdited();
    runContinuation(h);
    expectAnnBackInReview(h, ann);
    expect(h.rowById(ann).Error).toMatch(/changed.*\(Address, Amount\)/);
    expectNoPayoutIdTwice(h);
  });

  it("the refresh does not send the edited row either, and its Error names Address, Amount", () => {
    const { h, ann, bob } = queuedThenEdited();
    expectRan(h.run("refreshPayouts"));
    expectAnnBackInReview(h, ann);
    expect(gatepayEntries(h, bob)).toHaveLength(1);
    // Pressing Refresh again does not send it either: only a Submit does, after validation.
    expectRan(h.run("refreshPayouts"));
    expect(gatepayEntries(h, ann)).toHaveLength(0);
    expectNoPayoutIdTwice(h);
    expect(h.rowById(ann).Error).toMatch(/changed.*\(Address, Amount\)/);
  });

  it("a new Submit validates the edited row first and then sends the new values, once", () => {
    const { h, ann } = queuedThenEdited();
    runContinuation(h);
    const submit = h.call<Summary>("submitPayouts");
    expect(submit).toMatchObject({ queued: 1, created: 1 });
    expect(gatepayEntries(h, ann).map((e) => [e.address, e.amount])).toEqual([[TRON_2, "99"]]);
    expect(h.gatepay.ledger()).toHaveLength(2);
    expectRan(h.run("refreshPayouts"));
    expectRan(h.run("submitPayouts"));
    expect(h.gatepay.ledger()).toHaveLength(2);
    expectNoPayoutIdTwice(h);
  });

  it("an edited queued row whose new Address is wrong is never sent: the next Submit marks it INVALID", () => {
    const { h, ann } = queuedThenEdited();
    typeOver(h, byRecipient("Ann Lee"), "Address", EVM_1);
    runContinuation(h);
    expectAnnBackInReview(h, ann);

    expectRan(h.run("submitPayouts"));
    const row = h.rowById(ann);
    expect(row.Status).toBe("INVALID");
    expect(row.Error).toContain("Address is not a valid Tron address");
    expect(gatepayEntries(h, ann)).toHaveLength(0);
    expect(createRequests(h).gatepay).toBe(2); // the refused batch of two, then Bob's
    expectNoPayoutIdTwice(h);
  });
});

describe("4. The add-on's functions called through the web app's URL", () => {
  const WHO = /who is running|identif|signed[- ]in|active user|could not tell|cannot tell/i;

  function attackForm(): SettingsForm {
    return {
      values: {
        COINGATE_ENVIRONMENT: "sandbox",
        COINGATE_EXCHANGE: "confirm",
        GATEPAY_CLIENT_ID: GATEPAY_CLIENT,
        GATEPAY_API_SECRET: "attacker-secret-123",
        GATEPAY_DEFAULT_FEE_MODE: "recipient",
        GATEPAY_MAX_BATCH_SIZE: "100",
        AUTO_REFRESH_MINUTES: "1",
        WEB_APP_URL: "https://script.google.com/macros/s/ATTACKER/exec",
      },
      remove: [],
      confirmed: [],
    };
  }

  /**
   * A sheet where every one of these functions would change something: a VALID GatePay row
   * waiting to be submitted, a CoinGate payout completed at CoinGate whose callback was lost,
   * and no auto-refresh trigger yet.
   */
  function world(): { h: Harness; fingerprint: string } {
    const h = new Harness();
    const [cg] = submitRows(h, [coingateRow()]);
    h.coingate.advance(cg, "completed");
    h.dropCallbacks();
    h.addRows([gatepayRow()]);
    const preview = h.emu.run("menuSubmit", [], { context: "menu" });
    expectRan(preview);
    const match = /var data = (.*);\n/.exec(preview.ui.dialogs[0]?.html ?? "");
    if (!match) throw new Error("no preview data in the dialog");
    const data = JSON.parse(match[1]) as { preview: { fingerprint: string; count: number } };
    expect(data.preview.count).toBe(1);
    return { h, fingerprint: data.preview.fingerprint };
  }

  it.each([
    ["submitPayouts", () => []],
    ["confirmSubmit", (fingerprint: string) => [fingerprint]],
    ["settingsSave", () => [attackForm()]],
    ["refreshPayouts", () => []],
    ["installAutoRefresh", () => []],
  ] as [string, (fingerprint: string) => unknown[]][])(
    "%s reached without an identifiable user changes nothing: no request, no property, no cell, no trigger",
    (name, args) => {
      const { h, fingerprint } = world();
      const before = everything(h);
      const requests = { gatepay: h.gatepay.received.length, coingate: h.coingate.received.length };

      const run = h.emu.run(name, args(fingerprint), { context: "webapp" });

      expect(run.killed).toBe(false);
      expect({ gatepay: h.gatepay.received.length, coingate: h.coingate.received.length }).toEqual(
        requests,
      );
      expect(everything(h)).toEqual(before);
      const said = run.error?.message ?? (run.value as Summary | undefined)?.message ?? "";
      expect(said).toMatch(WHO);
      expectNoPayoutIdTwice(h);
    },
  );

  it("the same calls from the menu, by a signed-in person, do work (the defence is about the web app alone)", () => {
    const { h, fingerprint } = world();
    const run = h.emu.run("confirmSubmit", [fingerprint], {
      context: "menu",
      user: "ann@example.com",
    });
    expectRan(run);
    expect(run.value).toMatchObject({ ok: true, created: 1 });
    expect(h.gatepay.ledger()).toHaveLength(1);
    expectNoPayoutIdTwice(h);
  });

  it("a GET of the web app with any parameters changes nothing: no request, no property, no cell", () => {
    const { h } = world();
    const before = everything(h);
    const requests = { gatepay: h.gatepay.received.length, coingate: h.coingate.received.length };
    const queries: Record<string, string>[] = [
      {},
      { format: "json" },
      { fn: "submitPayouts" },
      { provider: "gatepay", token: callbackToken(h) },
    ];
    for (const query of queries) {
      const get = h.emu.get({ query });
      expect(get.error).toBeUndefined();
      expect(get.output?.mimeType).not.toBe("text/html");
    }
    expect({ gatepay: h.gatepay.received.length, coingate: h.coingate.received.length }).toEqual(
      requests,
    );
    expect(everything(h)).toEqual(before);
    expectNoPayoutIdTwice(h);
  });
});

describe("5. Callbacks with the right token that rewrite a payout's identity", () => {
  let h: Harness;
  let gp: string;
  let cg: string;
  let before: { gp: Record<string, string>; cg: Record<string, string> };

  beforeEach(() => {
    h = new Harness();
    [gp, cg] = submitRows(h, [gatepayRow(), coingateRow()]);
    const [entry] = gatepayEntries(h, gp);
    h.gatepay.advance(entry.batchId, "PROCESSING");
    for (const run of h.deliverCallbacks()) expectRan(run);
    before = { gp: shown(h.rowById(gp)), cg: shown(h.rowById(cg)) };
    expect(before.gp).toMatchObject({
      Status: "PROCESSING",
      "Provider ID": entry.suborderId,
      "Batch ID": entry.batchId,
    });
    expect(before.cg).toMatchObject({ Status: "PROCESSING", "Provider ID": "1001" });
  });

  /** The forged callback's own log row: its Outcome says mismatch; nothing on the rows moved. */
  function expectMismatch(): void {
    const log = h.callbackLog();
    expect(log[log.length - 1].Outcome).toMatch(/mismatch/);
    expect({ gp: shown(h.rowById(gp)), cg: shown(h.rowById(cg)) }).toEqual(before);
  }

  /** The genuine final callbacks complete both rows; the cursor moves past every callback. */
  function expectGenuineCompletes(): void {
    h.gatepay.settleAll();
    h.coingate.advance(cg, "completed");
    for (const run of h.deliverCallbacks()) expectRan(run);
    expectRan(h.run("refreshPayouts"));
    expect(h.rowById(gp)).toMatchObject({
      Status: "COMPLETED",
      "Provider ID": before.gp["Provider ID"],
      "Batch ID": before.gp["Batch ID"],
    });
    expect(h.rowById(cg)).toMatchObject({
      Status: "COMPLETED",
      "Provider ID": before.cg["Provider ID"],
    });
    const lastRow = h.callbackLog().length + 1;
    expect(h.emu.properties.get("CALLBACKS_APPLIED_THROUGH")).toBe(String(lastRow));
    expect(
      h.callbackLog().filter((row) => row.Outcome === "" || /^waiting/.test(row.Outcome)),
    ).toEqual([]);
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 1, coingate: 1 });
    expectNoPayoutIdTwice(h);
  }

  it("a GatePay callback naming the row's merchant_withdraw_id with another batch_id is a mismatch; Provider ID and Batch ID stay", () => {
    const forged = gatepayBody(
      "B_FORGED_0001",
      [{ merchant_withdraw_id: gp, status: "DONE", suborder_id: "999999999999999999" }],
      "SUCCESS",
    );
    expect(postAs(h, "gatepay", forged).output?.content).toContain("SUCCESS");
    expectMismatch();
    expectRan(h.run("refreshPayouts"));
    expect({ gp: shown(h.rowById(gp)), cg: shown(h.rowById(cg)) }).toEqual(before);
    expectGenuineCompletes();
  });

  it("a CoinGate callback naming a GatePay row's Payout ID is a mismatch; the GatePay row keeps its IDs", () => {
    const forged = coingateBody(h, { id: 1001, external_id: gp, status: "completed" });
    expect(postAs(h, "coingate", forged).output?.content).toBe("OK");
    expectMismatch();
    expect(logRowsFor(h, gp).pop()?.Outcome).toMatch(/mismatch/);
    expectRan(h.run("refreshPayouts"));
    expect({ gp: shown(h.rowById(gp)), cg: shown(h.rowById(cg)) }).toEqual(before);
    expectGenuineCompletes();
  });

  it("a CoinGate callback for a CoinGate row with another send request id is a mismatch; the row keeps its Provider ID", () => {
    const forged = coingateBody(h, { id: 4242, external_id: cg, status: "completed" });
    expect(postAs(h, "coingate", forged).output?.content).toBe("OK");
    expectMismatch();
    expectRan(h.run("refreshPayouts"));
    expect({ gp: shown(h.rowById(gp)), cg: shown(h.rowById(cg)) }).toEqual(before);
    expectGenuineCompletes();
  });
});

describe("6. A CoinGate refusal that echoes the callback URL", () => {
  it("a 422 whose message repeats callback_url with the token leaves the token in no cell, no log line and no summary", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    h.addRows([coingateRow()]);
    h.call("validatePayouts");
    const token = callbackToken(h);
    const url = `${WEB_APP_URL}?provider=coingate&token=${encodeURIComponent(token)}`;
    const plain = `${WEB_APP_URL}?provider=coingate&token=${token}`;
    intercept(h, "coingate", (request, next) => {
      if (request.method !== "POST" || !/\/send_requests$/.test(request.url)) return next(request);
      return {
        status: 422,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          message: `Callback url ${plain} is not reachable`,
          reason: "SendRequestIsNotValid",
          errors: [`Callback url ${url} is invalid`, `callback_url=${encodeURIComponent(url)}`],
        }),
      };
    });

    const submit = h.run("submitPayouts");
    expectRan(submit);
    const refresh = h.run("refreshPayouts");
    expectRan(refresh);
    const validate = h.run("validatePayouts");
    expectRan(validate);

    const row = h.rows()[0];
    expect(row.Error).not.toBe("");
    expect(h.coingate.ledger()).toEqual([]);
    // Where the token shows up, if anywhere: every sheet, and each run's log lines and summary.
    const places: [string, string][] = [
      ...h.emu.sheetNames().map((name): [string, string] => [`sheet ${name}`, sheetText(h, name)]),
      ...[submit, refresh, validate].flatMap((run): [string, string][] => [
        [`${run.functionName} logs`, run.logs.join("\n")],
        [
          `${run.functionName} summary`,
          `${JSON.stringify(run.value ?? null)} ${run.error?.message ?? ""}`,
        ],
      ]),
    ];
    const forms = [...tokenForms(h), encodeURIComponent(encodeURIComponent(token))];
    const leaks = places
      .filter(([, text]) => forms.some((form) => text.includes(form)))
      .map(([place]) => place);
    expect(leaks).toEqual([]);
    expectNoPayoutIdTwice(h);
  });
});

describe("7. A row typed into the Callbacks log by an editor", () => {
  it("is never applied, its Outcome says it was ignored, and every refresh runs; paid rows reach COMPLETED", () => {
    const h = new Harness();
    const [gp, cg] = submitRows(h, [gatepayRow(), coingateRow()]);
    for (const run of h.deliverCallbacks()) expectRan(run);
    const [entry] = gatepayEntries(h, gp);
    const log = h.emu.sheet("Callbacks");
    const next = (log?.display().length ?? 1) + 1;
    const width = log?.display()[0].length ?? 11;
    const pad = (cells: string[]) => [...cells, ...Array<string>(width - cells.length).fill("")];
    h.emu.typeInto("Callbacks", next, 1, [
      // A fake GatePay success for a payout GatePay is about to fail.
      pad([
        "2026-01-05T09:00:01.000Z",
        "GatePay",
        gp,
        "[null]",
        entry.batchId,
        "DONE",
        "",
        "",
        "[null]",
        gatepayBody(
          entry.batchId,
          [{ merchant_withdraw_id: gp, status: "DONE", tx_id: "123456789012345678" }],
          "SUCCESS",
        ),
      ]),
      // A fake CoinGate completion, its Outcome typed "waiting" so that a refresh looks at it.
      pad([
        "2026-01-05T09:00:02.000Z",
        "CoinGate",
        cg,
        "1001",
        "",
        "completed",
        "waiting: typed",
        "",
        "12345",
        coingateBody(h, { id: 1001, external_id: cg, status: "completed", txid: "987654" }),
      ]),
      // A row of "[null]" cells, its Outcome and Applied at left blank.
      pad(["[null]", "[null]", "[null]", "[null]", "[null]", "[null]", "", "", "[null]", "[null]"]),
    ]);
    const typedRows = [next, next + 1, next + 2];
    const outcomes = () =>
      typedRows.map(
        (r) => h.emu.sheet("Callbacks")?.display()[r - 1][columnOf(h, "Outcome", "Callbacks") - 1],
      );

    for (let round = 0; round < 2; round++) expectRan(h.run("refreshPayouts"));
    for (const outcome of outcomes()) expect(outcome).toMatch(/ignored.*not written by the add-on/);
    expect(h.rowById(gp).Status).not.toBe("COMPLETED");
    expect(h.rowById(cg).Status).toBe("PROCESSING");

    h.gatepay.settleAll({ fail: [gp], errMsg: "address frozen" });
    h.coingate.advance(cg, "completed");
    for (const run of h.deliverCallbacks()) expectRan(run);
    for (let round = 0; round < 2; round++) expectRan(h.run("refreshPayouts"));

    expect(h.rowById(gp).Status).toBe("FAILED");
    expect(h.rowById(gp)["Tx hash"]).not.toBe("123456789012345678");
    expect(h.rowById(cg).Status).toBe("COMPLETED");
    expect(h.rowById(cg)["Tx hash"]).not.toBe("987654");
    for (const outcome of outcomes()) expect(outcome).toMatch(/ignored.*not written by the add-on/);
    const lastRow = h.emu.sheet("Callbacks")?.display().length ?? 0;
    expect(h.emu.properties.get("CALLBACKS_APPLIED_THROUGH")).toBe(String(lastRow));
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 1, coingate: 1 });
    expectNoPayoutIdTwice(h);
  });
});

describe("8. Invisible characters, and addresses on chains the add-on does not know", () => {
  const INVISIBLE = /invisible|zero[- ]width|bidi|direction|hidden|U\+(200B|202E|FEFF)|control/i;

  function withTonAndKaia(): Harness {
    return new Harness({
      gatepay: {
        chains: {
          USDT: [
            ...DEFAULT_CHAINS.USDT,
            { chain: "TON", nameEn: "TON", decimal: 6 },
            { chain: "KAIA", nameEn: "Kaia", decimal: 6 },
          ],
        },
      },
    });
  }

  /** Each row's status, and whether its Error names the field and the invisible character. */
  function verdicts(h: Harness, recipients: string[], field: RegExp) {
    return recipients.map((who) => {
      const row = h.rows().find(byRecipient(who));
      const error = row?.Error ?? "";
      return { who, status: row?.Status, clearReason: field.test(error) && INVISIBLE.test(error) };
    });
  }

  function validateAndSubmit(h: Harness, rows: Parameters<Harness["addRows"]>[0]): void {
    h.call("setupPayoutsSheet");
    h.addRows(rows);
    expectRan(h.run("validatePayouts"));
    expectRan(h.run("submitPayouts"));
  }

  it("a TON memo with a zero-width, bidi or byte-order character is INVALID and never sent", () => {
    const h = withTonAndKaia();
    const memos = {
      "Memo ZWSP": "invoice\u200B42",
      "Memo RLO": "\u202Einvoice 42",
      "Memo BOM": "invoice 42\uFEFF",
    };
    validateAndSubmit(h, [
      gatepayRow({
        Recipient: "Memo clean",
        Network: "TON",
        Address: TON_ADDRESS,
        Memo: "invoice 42",
      }),
      ...Object.entries(memos).map(([who, memo]) =>
        gatepayRow({
          Recipient: who,
          Network: "TON",
          Address: TON_ADDRESS,
          Memo: memo,
          Amount: "26",
        }),
      ),
    ]);
    expect(verdicts(h, Object.keys(memos), /Memo/)).toEqual(
      Object.keys(memos).map((who) => ({ who, status: "INVALID", clearReason: true })),
    );
    // The clean row shows the chain is offered and works.
    expect(h.rows().find(byRecipient("Memo clean"))?.Status).toBe("PENDING");
    expect(h.gatepay.ledger().map((e) => e.memo)).toEqual(["invoice 42"]);
    expectNoPayoutIdTwice(h);
  });

  it("an Address with a zero-width, bidi or byte-order character is INVALID and never sent", () => {
    const h = withTonAndKaia();
    const addresses = {
      "Addr ZWSP": `${TRON_1.slice(0, 10)}\u200B${TRON_1.slice(10)}`,
      "Addr RLO": `\u202E${TRON_1}`,
      "Addr BOM": `${TRON_1}\uFEFF`,
      "Addr BOM first": `\uFEFF${EVM_2}`,
    };
    validateAndSubmit(
      h,
      Object.entries(addresses).map(([who, address]) =>
        gatepayRow({
          Recipient: who,
          Address: address,
          Network: address.includes("0x") ? "ERC20" : "TRC20",
        }),
      ),
    );
    expect(verdicts(h, Object.keys(addresses), /Address/)).toEqual(
      Object.keys(addresses).map((who) => ({ who, status: "INVALID", clearReason: true })),
    );
    expect(createRequests(h).gatepay).toBe(0);
    expect(h.gatepay.ledger()).toEqual([]);
    expectNoPayoutIdTwice(h);
  });

  it.each([["hello world"], [TRON_1], [EVM_1]])(
    "Address %p on a chain GatePay offers but the add-on's network list does not know is INVALID and never sent",
    (address) => {
      const h = withTonAndKaia();
      validateAndSubmit(h, [
        gatepayRow({ Recipient: "Kaia payee", Network: "KAIA", Address: address }),
      ]);
      const row = h.rows()[0];
      expect(row.Status).toBe("INVALID");
      expect(row.Error).toMatch(/KAIA|Kaia/);
      expect(row.Error).toMatch(/address/i);
      expect(createRequests(h).gatepay).toBe(0);
      expect(h.gatepay.ledger()).toEqual([]);
      expectNoPayoutIdTwice(h);
    },
  );
});

describe("9. Rows pasted below the formatted area", () => {
  it("an 18-digit GatePay Provider ID is shown as exact text on rows pasted past row 1000 and on cells a person formatted", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    const sheet = h.emu.sheet("Payouts");
    expect(sheet?.maxRows).toBe(1000);
    const headers = sheet?.display()[0] ?? [];
    const cells = (row: Record<string, string | undefined>) => headers.map((hd) => row[hd] ?? "");
    // Row 1003's output cells got other number formats first: a date and a percentage typed
    // into Provider ID and Batch ID, then cleared (the formats stay).
    const providerId = columnOf(h, "Provider ID");
    const batchId = columnOf(h, "Batch ID");
    h.emu.typeInto("Payouts", 1003, providerId, [["2026-01-31"]]);
    h.emu.typeInto("Payouts", 1003, batchId, [["5%"]]);
    h.emu.typeInto("Payouts", 1003, providerId, [[""]]);
    h.emu.typeInto("Payouts", 1003, batchId, [[""]]);
    expect(h.emu.sheet("Payouts")?.cell(1003, providerId)?.format).toBe("yyyy-mm-dd");
    expect(h.emu.sheet("Payouts")?.cell(1003, batchId)?.format).toBe("0%");
    h.emu.typeInto("Payouts", 1001, 1, [
      cells(gatepayRow({ Recipient: "Pasted One", Amount: "11" })),
      cells(gatepayRow({ Recipient: "Pasted Two", Amount: "12" })),
      cells(gatepayRow({ Recipient: "Pasted Three", Amount: "13" })),
    ]);
    expect(h.emu.sheet("Payouts")?.maxRows).toBeGreaterThan(1000);

    expectRan(h.run("validatePayouts"));
    expectRan(h.run("submitPayouts"));
    const [entry] = h.gatepay.ledger();
    h.gatepay.advance(entry.batchId, "PROCESSING");
    for (const run of h.deliverCallbacks()) expectRan(run);
    expectRan(h.run("refreshPayouts"));

    expect(h.gatepay.ledger()).toHaveLength(3);
    for (const e of h.gatepay.ledger()) {
      expect(e.suborderId).toMatch(/^\d{18}$/);
      const r = sheetRowOf(h, byId(e.merchantWithdrawId));
      expect(r).toBeGreaterThan(1000);
      expect(h.rowById(e.merchantWithdrawId)["Provider ID"]).toBe(e.suborderId);
      expect(h.emu.sheet("Payouts")?.values()[r - 1][providerId - 1]).toBe(e.suborderId);
      expect(h.rowById(e.merchantWithdrawId)["Batch ID"]).toBe(e.batchId);
    }
    expectNoPayoutIdTwice(h);
  });
});

describe("10. Large callbacks, currencies, repeats, and what the add-on writes", () => {
  it("a 100-payout GatePay callback (about 70 KB) is stored whole in Callbacks and applied to all 100 rows", () => {
    const h = new Harness();
    const rows = Array.from({ length: 100 }, (_, i) =>
      gatepayRow({ Recipient: `Payee ${i}`, Amount: `${10 + i}.5` }),
    );
    const ids = submitRows(h, rows);
    const batchIds = [...new Set(h.gatepay.ledger().map((e) => e.batchId))];
    expect(batchIds).toHaveLength(1);
    h.gatepay.advance(batchIds[0], "PROCESSING");
    const body = h.gatepay.callbacks[h.gatepay.callbacks.length - 1].body;
    expect(body.length).toBeGreaterThan(60_000);

    for (const run of h.deliverCallbacks()) expectRan(run);
    const display = h.emu.sheet("Callbacks")?.display() ?? [];
    const bodyColumn = columnOf(h, "Body", "Callbacks");
    const stored = display[display.length - 1].slice(bodyColumn - 1).join("");
    expect(stored).toBe(body);
    expect(h.callbackLog().pop()?.Outcome).not.toMatch(/waiting|malformed/);
    expect(ids.map((id) => h.rowById(id).Status)).toEqual(Array(100).fill("PROCESSING"));

    h.gatepay.settleAll();
    for (const run of h.deliverCallbacks()) expectRan(run);
    expect(ids.map((id) => h.rowById(id).Status)).toEqual(Array(100).fill("COMPLETED"));
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 100, coingate: 0 });
    expectNoPayoutIdTwice(h);
  });

  it("a CoinGate amount of 29 decimals in EUR is INVALID: EUR takes 2 decimals", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    h.addRows([
      coingateRow({
        Recipient: "Eve Euro",
        "Amount currency": "EUR",
        Amount: "10.12345678901234567890123456789",
      }),
      coingateRow({
        Recipient: "Fay Euro",
        Email: "fay@example.com",
        "Amount currency": "EUR",
        Amount: "10.25",
      }),
    ]);
    expectRan(h.run("validatePayouts"));
    expectRan(h.run("submitPayouts"));
    const eve = h.rows().find(byRecipient("Eve Euro"));
    expect(eve?.Status).toBe("INVALID");
    expect(eve?.Error).toMatch(/EUR/);
    expect(eve?.Error).toMatch(/2 decimals/);
    expect(coingateEntries(h, eve?.["Payout ID"] ?? "")).toHaveLength(0);
    // The control row in EUR with 2 decimals is paid.
    expect(h.rows().find(byRecipient("Fay Euro"))?.Status).toBe("PROCESSING");
    expect(h.coingate.ledger()).toHaveLength(1);
    expectNoPayoutIdTwice(h);
  });

  it("a new row identical to a paid one, or paying the same EVM address in lower case, is VALID with a double-payment warning", () => {
    const h = new Harness();
    const paid = paidCoinGate(h);
    h.addRows([
      coingateRow({ Recipient: "Ann Lee" }),
      coingateRow({ Recipient: "Ann Lee", Address: EVM_1.toLowerCase() }),
    ]);
    expectRan(h.run("validatePayouts"));
    const [, same, lower] = h.rows();
    for (const row of [same, lower]) {
      expect(row.Status).toBe("VALID");
      expect(row.Error).toMatch(/double payment/);
      expect(row.Error).toContain(paid);
    }
    expect(coingateEntries(h, paid)).toHaveLength(1);
    expectNoPayoutIdTwice(h);
  });

  it("no cell the add-on writes starts with a visible apostrophe, even for text that looks like a formula", () => {
    const h = new Harness();
    const [gp, cg] = submitRows(h, [
      gatepayRow({ Recipient: "Plain Payee" }),
      coingateRow({ Recipient: "Ann Lee" }),
    ]);
    h.addRows([
      gatepayRow({ Recipient: '=HYPERLINK("http://x")', Amount: "7" }),
      gatepayRow({ Recipient: "+Plus Payee", Amount: "-5" }),
      gatepayRow({ Recipient: "@At Payee", Memo: "=1+1", Amount: "8" }),
    ]);
    expectRan(h.run("validatePayouts"));
    const [entry] = gatepayEntries(h, gp);
    for (const body of [
      gatepayBody(entry.batchId, [{ merchant_withdraw_id: "=1+1", status: "+DONE" }]),
      gatepayBody("-1", [{ merchant_withdraw_id: gp, status: "=cmd|' /C calc'!A0" }]),
      coingateBody(h, { id: 1001, external_id: cg, status: "-processing" }),
      "=not json",
    ])
      for (const provider of ["gatepay", "coingate"] as const) expectRan(postAs(h, provider, body));
    h.gatepay.settleAll();
    h.coingate.advance(cg, "completed");
    for (const run of h.deliverCallbacks()) expectRan(run);
    expectRan(h.run("refreshPayouts"));

    expect(cellsStartingWithApostrophe(h)).toEqual([]);
    expectNoPayoutIdTwice(h);
  });

  it("no Callbacks outcome says waiting twice, however often a callback has to wait", () => {
    const h = new Harness();
    const [gp, cg] = submitRows(h, [gatepayRow(), coingateRow()]);
    for (const run of h.deliverCallbacks()) expectRan(run);
    h.gatepay.settleAll();
    h.coingate.advance(cg, "completed");
    // The callbacks arrive while another run holds the lock: they wait for the refresh.
    const lock = h.emu.lockHeldBy();
    for (const run of h.deliverCallbacks()) expectRan(run);
    lock.release();
    expect(h.callbackLog().filter((row) => /^waiting/.test(row.Outcome)).length).toBe(2);
    // Two refreshes cannot confirm them: both providers answer every lookup with an error.
    let down = true;
    const outage = { status: 503, headers: { "content-type": "text/plain" }, body: "down" };
    intercept(h, "gatepay", (request, next) => (down ? outage : next(request)));
    intercept(h, "coingate", (request, next) => (down ? outage : next(request)));
    for (let round = 0; round < 2; round++) expectRan(h.run("refreshPayouts"));
    expect(h.callbackLog().filter((row) => /^waiting/.test(row.Outcome)).length).toBe(2);
    down = false;
    expectRan(h.run("refreshPayouts"));

    expect(h.rowById(gp).Status).toBe("COMPLETED");
    expect(h.rowById(cg).Status).toBe("COMPLETED");
    for (const row of h.callbackLog()) expect(row.Outcome).not.toMatch(/waiting:\s*waiting:/);
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 1, coingate: 1 });
    expectNoPayoutIdTwice(h);
  });
});
