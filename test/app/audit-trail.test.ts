/**
 * How a run's audit entries reach the log, on in-memory ports: kept for the run and written in
 * one block when it ends (however it ends), left waiting when the lock is busy, and a write cut
 * short between its rows and its count settled by the next one without breaking the chain.
 */
import { audit } from "../../src/app/audit/log";
import { inAuditedRun } from "../../src/app/audit/run";
import { verifyAuditLog } from "../../src/app/audit/verify";
import type { AppContext } from "../../src/app/context";
import { KEYS } from "../../src/app/keys";
import { SHEETS } from "../../src/app/sheet-names";
import { MemoryWorkbook } from "../support/memory-workbook";
import { settingsWorld, type SettingsWorld } from "../ui/support/settings-context";

function entries(world: SettingsWorld): string[][] {
  return world.auditRows().slice(1);
}

function auditedRun(ctx: AppContext, ...actions: string[]): void {
  inAuditedRun(ctx, false, () => {
    for (const action of actions) audit(ctx, action, `${action} done`, { n: 1 });
  });
}

describe("a run's audit entries", () => {
  it("are written in one block when the outermost run ends, numbered and chained", () => {
    const world = settingsWorld();
    const writes = jest.spyOn(world.ctx.workbook, "writeBlock");
    inAuditedRun(world.ctx, false, () => {
      audit(world.ctx, "First", "one");
      // A use case inside another (setup inside a submit) is part of the same run.
      auditedRun(world.ctx, "Second", "Third");
      expect(entries(world)).toEqual([]);
    });
    expect(writes.mock.calls.filter(([sheet]) => sheet === SHEETS.audit)).toHaveLength(1);
    expect(entries(world).map((row) => [row[0], row[4]])).toEqual([
      ["1", "First"],
      ["2", "Second"],
      ["3", "Third"],
    ]);
    expect(world.store.get(KEYS.auditEntries)).toBe("3");
    expect(world.store.get(KEYS.auditHead)).toBe(entries(world)[2][7]);
    expect(verifyAuditLog(world.ctx)).toMatchObject({ ok: true, entries: 3 });
  });

  it("are written when the run throws, and the error still reaches the caller", () => {
    const world = settingsWorld();
    expect(() =>
      inAuditedRun(world.ctx, false, () => {
        audit(world.ctx, "Before the failure", "kept");
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(entries(world).map((row) => row[4])).toEqual(["Before the failure"]);
  });

  it("wait in Script Properties while another run holds the lock, and go first in the next write", () => {
    const world = settingsWorld();
    auditedRun(world.ctx, "Earlier");
    const busy: AppContext = { ...world.ctx, lock: { tryLock: () => false, release: () => {} } };
    auditedRun(busy, "While busy");
    expect(entries(world).map((row) => row[4])).toEqual(["Earlier"]);
    expect(world.store.get(KEYS.auditWaiting)).toContain("While busy");
    auditedRun(world.ctx, "Later");
    expect(entries(world).map((row) => row[4])).toEqual(["Earlier", "While busy", "Later"]);
    expect(world.store.get(KEYS.auditWaiting)).toBeNull();
    expect(verifyAuditLog(world.ctx)).toMatchObject({ ok: true, entries: 3 });
  });

  it("written but not counted (the run died in between) are taken as the add-on's own", () => {
    const world = settingsWorld();
    auditedRun(world.ctx, "One", "Two");
    const counted = new Map(world.store.values);
    auditedRun(world.ctx, "Three");
    // The count as it was before the last write; its announcement and rows stay.
    for (const key of [KEYS.auditEntries, KEYS.auditHead, KEYS.auditRecordThrough])
      world.store.set(key, counted.get(key) ?? "");
    expect(verifyAuditLog(world.ctx)).toMatchObject({ ok: true, entries: 3 });
    auditedRun(world.ctx, "Four");
    expect(entries(world).map((row) => row[0])).toEqual(["1", "2", "3", "4"]);
    expect(world.store.get(KEYS.auditEntries)).toBe("4");
    expect(verifyAuditLog(world.ctx)).toMatchObject({ ok: true, entries: 4 });
  });

  it("announced but never written leave the chain where the count says", () => {
    const world = settingsWorld();
    auditedRun(world.ctx, "One");
    world.store.set(KEYS.auditWriting, `7 ${"a".repeat(64)} 0`);
    expect(verifyAuditLog(world.ctx)).toMatchObject({ ok: true, entries: 1 });
    auditedRun(world.ctx, "Two");
    expect(entries(world).map((row) => row[0])).toEqual(["1", "2"]);
    expect(verifyAuditLog(world.ctx)).toMatchObject({ ok: true, entries: 2 });
  });

  it("rows typed below the log are not taken for a write that died", () => {
    const world = settingsWorld();
    auditedRun(world.ctx, "One");
    const sheet = world.ctx.workbook.sheet(SHEETS.audit);
    const [real] = entries(world);
    sheet?.appendRow(["2", real[1], "mallory@example.com", "", "Forged", "", "{}", "f".repeat(64)]);
    auditedRun(world.ctx, "Two");
    expect(entries(world).map((row) => row[4])).toEqual(["One", "Forged", "Two"]);
    expect(verifyAuditLog(world.ctx)).toMatchObject({
      ok: false,
      entries: 1,
      firstBadEntry: 2,
      firstBadRow: 3,
    });
  });

  it("set an Audit log of an older version aside, and start the chain afresh", () => {
    const world = settingsWorld();
    const workbook = new MemoryWorkbook();
    const ctx: AppContext = { ...world.ctx, workbook };
    workbook.insertSheet(SHEETS.audit).write(1, 1, [
      ["Time", "User", "Action", "Outcome", "Details"],
      ["2026-01-01T00:00:00.000Z", "ann@example.com", "Submit", "1 created", "{}"],
    ]);
    expect(verifyAuditLog(ctx)).toMatchObject({ ok: true, entries: 0 });
    auditedRun(ctx, "First chained");
    expect(workbook.sheet(SHEETS.auditBeforeChain)?.readDisplay(2, 3, 1, 1)).toEqual([["Submit"]]);
    expect(workbook.sheet(SHEETS.audit)?.readDisplay(2, 1, 1, 5)).toEqual([
      ["1", expect.any(String), "finance@example.com", "", "First chained"],
    ]);
    expect(verifyAuditLog(ctx)).toMatchObject({ ok: true, entries: 1 });
  });
});
