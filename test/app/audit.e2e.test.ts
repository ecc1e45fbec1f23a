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
  it("records setup, validation, submission and the refresh that settled the rows", () => {
    const h = new Harness();
    submitRows(h, [coingateRow(), gatepayRow()]);
    h.coingate.settleAll("completed");
    h.gatepay.settleAll();
    h.dropCallbacks();
    h.call("refreshPayouts");
    const log = auditLog(h);
    expect(log.map((entry) => entry.Action)).toEqual([
      "Set up sheet",
      "Validate rows",
      "Submit",
      "Refresh",
    ]);
    for (const entry of log) {
      expect(entry.User).not.toBe("");
      expect(Date.parse(entry.Time)).not.toBeNaN();
    }
    const submit = log[2];
    expect(submit.Outcome).toContain("2 created");
    expect(JSON.parse(submit.Details)).toMatchObject({ ok: true, created: 2, rejected: 0 });
    expect(JSON.parse(log[3].Details)).toMatchObject({ changed: 2, open: 0 });
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
