/**
 * The Audit log through the built bundle: an entry per event (rows queued, requests sent and
 * answered, status changes with their source) and one per run that changed something, with who
 * acted; nothing for the idle refreshes a trigger runs all day; no secret.
 */
import { auditLog, paidLog } from "./audit-support";
import { coingateRow, gatepayRow, submitRows } from "./callback-support";
import { Harness } from "../support/harness";

/** The entries about runs (no Payout ID): one per run that changed something. */
function runEntries(h: Harness): Record<string, string>[] {
  return auditLog(h).filter((entry) => entry["Payout ID"] === "");
}

describe("the audit log", () => {
  it("records setup, submission and the refresh that settled the rows (a plain validation moves nothing)", () => {
    const { h } = paidLog();
    const runs = runEntries(h);
    expect(runs.map((entry) => entry.Action)).toEqual(["Set up sheet", "Submit", "Refresh"]);
    for (const entry of auditLog(h)) {
      expect(entry.User).not.toBe("");
      expect(Date.parse(entry.Time)).not.toBeNaN();
      expect(entry.Hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(auditLog(h).map((entry) => entry.Entry)).toEqual(
      auditLog(h).map((_, index) => String(index + 1)),
    );
    const submit = runs[1];
    expect(submit.Outcome).toContain("2 created");
    expect(JSON.parse(submit.Details)).toMatchObject({ ok: true, created: 2, rejected: 0 });
    expect(JSON.parse(runs[2].Details)).toMatchObject({ changed: 2, open: 0 });
  });

  it("gives every payout event an entry: queued, sent (with its batch), answered, and each status change with its source", () => {
    const { h, cg, gp } = paidLog();
    const about = (id: string) =>
      auditLog(h)
        .filter((entry) => entry["Payout ID"] === id)
        .map((entry) => ({
          action: entry.Action,
          outcome: entry.Outcome,
          ...JSON.parse(entry.Details),
        }));
    expect(about(cg)).toEqual([
      // Who typed the inputs the payer reviewed: the record's review, told before it is queued.
      expect.objectContaining({
        action: "Inputs prepared",
        outcome: "not sent yet",
        by: "owner@example.com",
        address: expect.any(String),
      }),
      { action: "Queued", outcome: "new → QUEUED", provider: "CoinGate" },
      { action: "Request sent", outcome: "QUEUED → SUBMITTING", provider: "CoinGate", attempt: 1 },
      expect.objectContaining({
        action: "Provider answered",
        outcome: "SUBMITTING → PROCESSING",
        source: "submit",
        providerId: expect.any(String),
      }),
      expect.objectContaining({
        action: "Status changed",
        outcome: "PROCESSING → COMPLETED",
        source: "poll",
        doneAmount: "10.5",
      }),
    ]);
    const gatepay = about(gp);
    expect(gatepay[2]).toMatchObject({
      action: "Request sent",
      batchId: h.rowById(gp)["Batch ID"],
    });
    expect(gatepay.at(-1)).toMatchObject({ outcome: "PENDING → COMPLETED", source: "poll" });
  });

  it("names a callback as the source of the change it applied", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    h.gatepay.settleAll();
    h.deliverCallbacks();
    const changes = auditLog(h).filter(
      (entry) => entry["Payout ID"] === id && entry.Action === "Status changed",
    );
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((entry) => JSON.parse(entry.Details).source === "callback")).toBe(true);
    // doPost runs as nobody Apps Script names: the entry says whose callback it was.
    expect(changes.every((entry) => entry.User === "GatePay callback")).toBe(true);
    expect(changes.at(-1)?.Outcome).toMatch(/→ COMPLETED$/);
  });

  it("leaves a callback's entries to the run doPost schedules, so doPost stays within 8 sheet calls", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    h.gatepay.settleAll();
    const [callback] = h.pendingCallbacks();
    h.dropCallbacks();
    const before = auditLog(h).length;
    // doPost alone: the one-off trigger it schedules has not run yet.
    const post = h.emu.post(callback);
    expect(post.meter.spreadsheetCalls).toBeLessThanOrEqual(8);
    expect(auditLog(h)).toHaveLength(before);
    expect(h.emu.properties.get("AUDIT_DEFERRED")).toContain("GatePay callback");
    // The trigger a second later tells them, as the callback's.
    expect(h.showCallbacks()).toHaveLength(1);
    const told = auditLog(h).slice(before);
    expect(
      told.filter((entry) => entry["Payout ID"] === id).map((e) => [e.User, e.Action]),
    ).toEqual([["GatePay callback", "Status changed"]]);
    // Once told, the note is dropped.
    expect(h.emu.properties.get("AUDIT_DEFERRED")).toBeNull();
    expect(auditLog(h).filter((entry) => entry.User === "GatePay callback")).toHaveLength(1);
    expect(h.call("verifyAuditLog")).toMatchObject({ ok: true });
  });

  it("tells a callback's entries even when the trigger doPost scheduled dies: the next run does", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    h.gatepay.settleAll();
    const [callback] = h.pendingCallbacks();
    h.dropCallbacks();
    h.emu.post(callback);
    h.emu.clock.advance(60_000);
    // Killed after it wrote the rows, before its audit write ended.
    const killed = h.emu.runDueTriggers({
      handlers: ["applyCallbacks"],
      faults: [{ call: "Range.setValues", nth: 2, when: "before" }],
    });
    expect(killed.every((run) => run.killed)).toBe(true);
    h.call("refreshPayouts");
    const changes = auditLog(h).filter(
      (e) => e["Payout ID"] === id && e.Action === "Status changed",
    );
    expect(changes.map((e) => e.User)).toEqual(["GatePay callback"]);
    expect(h.call("verifyAuditLog")).toMatchObject({ ok: true });
  });

  it("records a validation that found a person's edits of a sent row, and its note on the payout", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    const amount = h.emu.sheet("Payouts")?.display()[0].indexOf("Amount") ?? -1;
    const row = h.rows().findIndex((r) => r["Payout ID"] === id) + 2;
    h.emu.typeInto("Payouts", row, amount + 1, [["99"]]);
    h.call("validatePayouts");
    const entry = runEntries(h).at(-1);
    expect(entry?.Action).toBe("Validate rows");
    expect(JSON.parse(entry?.Details ?? "{}")).toMatchObject({ changedAfterSubmit: 1 });
    // The payout's own entry names the field, once: later runs see the row says so already.
    h.call("refreshPayouts");
    h.call("validatePayouts");
    const edits = auditLog(h).filter((e) => e.Action === "Edited after submission");
    expect(edits).toEqual([
      expect.objectContaining({ "Payout ID": id, Outcome: `Amount changed in row ${row}` }),
    ]);
  });

  it("adds nothing for idle refreshes, a second setup that changed nothing, or a busy run", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    h.call("setupPayoutsSheet");
    h.call("refreshPayouts");
    h.call("refreshPayouts");
    const held = h.emu.lockHeldBy();
    h.run("validatePayouts");
    held.release();
    expect(auditLog(h).map((entry) => entry.Action)).toEqual(["Set up sheet"]);
  });

  it("keeps no secret: the callback token never appears in the log", () => {
    const h = new Harness();
    submitRows(h, [coingateRow()]);
    h.run("menuCallbackUrls", { context: "menu" });
    const token = h.emu.properties.get("CALLBACK_TOKEN") ?? "";
    expect(token).not.toBe("");
    expect(JSON.stringify(h.emu.sheet("Audit log")?.display())).not.toContain(token);
  });
});
