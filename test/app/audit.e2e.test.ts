/**
 * The Audit log through the built bundle: one appended row per run that changed something, with
 * who ran it, and nothing for the idle refreshes a trigger runs all day.
 */
import { coingateRow, gatepayRow, submitRows } from "./callback-support";
import { Harness } from "../support/harness";

function auditLog(h: Harness): Record<string, string>[] {
  const [headers = [], ...rows] = h.emu.sheet("Audit log")?.display() ?? [];
  return rows.map((row) => Object.fromEntries(headers.map((header, i) => [header, row[i]])));
}

describe("the audit log", () => {
  it("records setup, submission and the refresh that settled the rows (a plain validation moves nothing)", () => {
    const h = new Harness();
    submitRows(h, [coingateRow(), gatepayRow()]);
    h.coingate.settleAll("completed");
    h.gatepay.settleAll();
    h.dropCallbacks();
    h.call("refreshPayouts");
    const log = auditLog(h);
    expect(log.map((entry) => entry.Action)).toEqual(["Set up sheet", "Submit", "Refresh"]);
    for (const entry of log) {
      expect(entry.User).not.toBe("");
      expect(Date.parse(entry.Time)).not.toBeNaN();
    }
    const submit = log[1];
    expect(submit.Outcome).toContain("2 created");
    expect(JSON.parse(submit.Details)).toMatchObject({ ok: true, created: 2, rejected: 0 });
    expect(JSON.parse(log[2].Details)).toMatchObject({ changed: 2, open: 0 });
  });

  it("records a validation that found a person's edits of a sent row", () => {
    const h = new Harness();
    const [id] = submitRows(h, [gatepayRow()]);
    const amount = h.emu.sheet("Payouts")?.display()[0].indexOf("Amount") ?? -1;
    const row = h.rows().findIndex((r) => r["Payout ID"] === id) + 2;
    h.emu.typeInto("Payouts", row, amount + 1, [["99"]]);
    h.call("validatePayouts");
    const entry = auditLog(h).at(-1);
    expect(entry?.Action).toBe("Validate rows");
    expect(JSON.parse(entry?.Details ?? "{}")).toMatchObject({ changedAfterSubmit: 1 });
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
