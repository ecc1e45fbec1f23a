/**
 * verifyAuditLog through the built bundle: an untouched log checks out; a changed cell, a
 * deleted row, an inserted forged row and a cut tail are each found at the right entry, however
 * the add-on goes on writing after them; a run killed around its audit write leaves a log that
 * still checks out, with every payout event told once.
 */
import type { VerifySummary } from "../../src/app/audit/verify";
import { paidLog as paidAndLogged } from "./audit-support";
import { coingateRow, gatepayRow, submitRows } from "./callback-support";
import { Harness } from "../support/harness";

const LOG = "Audit log";
const OUTCOME = 6;

type Verified = VerifySummary;

function auditRows(h: Harness): string[][] {
  return (h.emu.sheet(LOG)?.display() ?? []).slice(1).filter((row) => row.some(Boolean));
}

/** A log of a dozen entries or so: setup, a submission of two rows, the refresh that paid them. */
const paidLog = () => paidAndLogged().h;

const verify = (h: Harness) => h.call<Verified>("verifyAuditLog");

describe("verifyAuditLog", () => {
  it("passes an untouched log and names its latest entry and hash", () => {
    const h = paidLog();
    const rows = auditRows(h);
    expect(rows.length).toBeGreaterThan(10);
    const result = verify(h);
    expect(result).toEqual({
      ok: true,
      entries: rows.length,
      head: h.emu.properties.get("AUDIT_HEAD"),
      message: expect.stringContaining(`entry ${rows.length} (row ${rows.length + 1})`),
    });
    expect(result.message).toContain(rows.at(-1)?.[7] ?? "?");
    expect(h.emu.properties.get("AUDIT_ENTRIES")).toBe(String(rows.length));
  });

  it("finds a changed cell at its entry", () => {
    const h = paidLog();
    h.emu.typeInto(LOG, 6, OUTCOME, [["PENDING → CANCELED"]]);
    expect(verify(h)).toMatchObject({ ok: false, entries: 4, firstBadEntry: 5, firstBadRow: 6 });
  });

  it("finds a deleted middle row at the entry that is gone", () => {
    const h = paidLog();
    h.emu.deleteRows(LOG, 6, 1);
    const result = verify(h);
    expect(result).toMatchObject({ ok: false, entries: 4, firstBadEntry: 5, firstBadRow: 6 });
    expect(result.message).toContain("entry 5 was deleted");
  });

  it("finds an inserted forged row, numbered and hashed like an entry, where it was inserted", () => {
    const h = paidLog();
    const [, , , fourth, fifth] = auditRows(h);
    // A careful forger copies entry 5 with another outcome and a hash chained to entry 4.
    const forged = [...fifth];
    forged[5] = "SUBMITTING → COMPLETED";
    const { createHash } = jest.requireActual<typeof import("node:crypto")>("node:crypto");
    forged[7] = createHash("sha256")
      .update(JSON.stringify([fourth[7], ...forged.slice(0, 7)]))
      .digest("hex");
    h.emu.insertRows(LOG, 6, 1);
    h.emu.typeInto(LOG, 6, 1, [forged.map((cell) => `'${cell}`)]);
    const result = verify(h);
    expect(result).toMatchObject({ ok: false, entries: 4, firstBadEntry: 5, firstBadRow: 6 });
    expect(result.message).toContain("row 6 was inserted above entry 5");
  });

  it("finds a cut tail at the first entry removed", () => {
    const h = paidLog();
    const count = auditRows(h).length;
    h.emu.deleteRows(LOG, count, 2);
    expect(verify(h)).toMatchObject({
      ok: false,
      entries: count - 2,
      firstBadEntry: count - 1,
      firstBadRow: count,
    });
  });

  it("keeps finding the damage while the add-on goes on appending below it", () => {
    const h = paidLog();
    const before = auditRows(h).length;
    h.emu.typeInto(LOG, 3, OUTCOME, [["edited"]]);
    submitRows(h, [gatepayRow({ Amount: "31.00" })]);
    expect(auditRows(h).length).toBeGreaterThan(before);
    expect(verify(h)).toMatchObject({ ok: false, firstBadEntry: 2, firstBadRow: 3 });
  });

  it("runs for anyone, even where Apps Script names nobody, and changes nothing", () => {
    const h = paidLog();
    const before = JSON.stringify([h.emu.sheet(LOG)?.display(), h.emu.properties.all()]);
    const run = h.run("verifyAuditLog", { context: "webapp" });
    expect(run.value).toMatchObject({ ok: true });
    expect(JSON.stringify([h.emu.sheet(LOG)?.display(), h.emu.properties.all()])).toBe(before);
  });

  it("answers the menu item in an alert", () => {
    const h = paidLog();
    h.emu.deleteRows(LOG, 4, 1);
    const run = h.emu.run("menuVerifyAuditLog", [], { context: "menu" });
    expect(run.ui.alerts).toEqual([
      expect.objectContaining({
        title: "Audit log",
        prompt: expect.stringContaining("entry 3 (row 4) no longer matches"),
      }),
    ]);
  });
});

describe("a run killed around its audit write", () => {
  /** The run's Range.setValues calls: the audit write is the last (only the count follows). */
  function setValuesOfSubmit(): number {
    const twin = new Harness();
    twin.call("setupPayoutsSheet");
    twin.addRows([coingateRow(), gatepayRow()]);
    twin.call("validatePayouts");
    return Number(twin.run("submitPayouts").meter.calls["Range.setValues"]);
  }

  function killedSubmit(when: "before" | "after"): Harness {
    const nth = setValuesOfSubmit();
    const h = new Harness();
    h.call("setupPayoutsSheet");
    h.addRows([coingateRow(), gatepayRow()]);
    h.call("validatePayouts");
    const run = h.run("submitPayouts", {
      faults: [{ call: "Range.setValues", nth, when }],
    });
    expect(run.killed).toBe(true);
    h.dropCallbacks();
    return h;
  }

  function toldOnce(h: Harness): void {
    const told = auditRows(h)
      .filter((row) => row[3] !== "")
      .map((row) => `${row[3]} ${row[4]} ${row[5]}`);
    expect(told.length).toBeGreaterThan(0);
    expect(new Set(told).size).toBe(told.length);
  }

  it("after its rows were written, before they were counted: the next run takes them and goes on", () => {
    const h = killedSubmit("after");
    const written = auditRows(h).length;
    expect(h.emu.properties.get("AUDIT_ENTRIES")).not.toBe(String(written));
    expect(verify(h)).toMatchObject({ ok: true, entries: written });
    h.coingate.settleAll("completed");
    h.gatepay.settleAll();
    h.dropCallbacks();
    h.call("refreshPayouts");
    expect(auditRows(h).length).toBeGreaterThan(written);
    expect(verify(h)).toMatchObject({ ok: true, entries: auditRows(h).length });
    toldOnce(h);
  });

  it("before its rows were written: the next run tells the payout events the record kept", () => {
    const h = killedSubmit("before");
    const queued = () => auditRows(h).filter((row) => row[4] === "Queued");
    expect(queued()).toEqual([]);
    h.call("refreshPayouts");
    expect(queued()).toHaveLength(2);
    expect(queued().every((row) => row[2] === "(a run that stopped early)")).toBe(true);
    expect(verify(h)).toMatchObject({ ok: true });
    toldOnce(h);
  });
});
