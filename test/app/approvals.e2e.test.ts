/**
 * Maker-checker approvals (CONTRACT section 7) through the built bundle, with several people in
 * one spreadsheet: who prepared a row, who may approve it, what voids an approval, and that no
 * row leaves without the approvals its settings require, on exactly the inputs approved.
 */
import {
  ANN,
  BOB,
  CAROL,
  DAVE,
  OWNER,
  approvalsWorld,
  approve,
  editCell,
  paidIds,
  payRow,
  revoke,
  submitAs,
  typeRow,
  validatedId,
} from "./approvals-support";
import { expectRan } from "./submit-support";
import type { Harness } from "../support/harness";

/** The headers of the row's cells that have a background colour. */
function highlighted(h: Harness, sheetRow: number): string[] {
  const sheet = h.emu.sheet("Payouts");
  const headers = sheet?.display()[0] ?? [];
  return headers.filter((_, index) => sheet?.cell(sheetRow, index + 1)?.style?.background);
}

describe("who prepared a row", () => {
  it("setup installs exactly one on-edit trigger, and running it again adds none", () => {
    const h = approvalsWorld();
    h.call("setupPayoutsSheet");
    expect(h.emu.triggers().filter((t) => t.handler === "onPayoutsEdit")).toHaveLength(1);
    expect(h.emu.sheet("Input edits")?.hidden).toBe(true);
  });

  it("is whoever typed the inputs as they are now, seen by the on-edit trigger", () => {
    const h = approvalsWorld();
    const at = typeRow(h, ANN, payRow("Ann's payee", "40"));
    const id = validatedId(h, at, OWNER);
    expect(h.rowById(id)["Prepared by"]).toBe(ANN);
    editCell(h, DAVE, at, "Amount", "41");
    validatedId(h, at, OWNER);
    expect(h.rowById(id)["Prepared by"]).toBe(DAVE);
  });

  it("is whoever last brought the inputs back to what they are, even to values validated before", () => {
    const h = approvalsWorld();
    const at = typeRow(h, ANN, payRow("Round trip", "40"));
    const id = validatedId(h, at, OWNER);
    const reads = (run: { meter: { calls: Record<string, number> } }) =>
      run.meter.calls["Range.getDisplayValues"] ?? 0;
    // Nothing new since: the edit log is not read again, and nothing moves.
    const quiet = h.run("validatePayouts", { user: OWNER });
    expect(h.rowById(id)["Prepared by"]).toBe(ANN);
    // Dave changes the amount and puts it back: the inputs are Ann's again, last typed by Dave.
    editCell(h, DAVE, at, "Amount", "41");
    editCell(h, DAVE, at, "Amount", "40");
    const busy = h.run("validatePayouts", { user: OWNER });
    expect(reads(busy)).toBe(reads(quiet) + 1);
    expect(h.rowById(id)["Prepared by"]).toBe(DAVE);
  });

  it("is the person validating when the edit was not seen (typed by API, trigger hidden)", () => {
    const h = approvalsWorld();
    h.addRows([payRow("Pasted by script", "12")]); // no on-edit trigger fires for this
    const id = validatedId(h, 2, CAROL);
    expect(h.rowById(id)["Prepared by"]).toBe(CAROL);
  });

  it("typing into Prepared by or Approved by changes nothing", () => {
    const h = approvalsWorld();
    const at = typeRow(h, ANN, payRow("Typed over", "30"));
    const id = validatedId(h, at);
    editCell(h, ANN, at, "Prepared by", BOB);
    editCell(h, ANN, at, "Approved by", `${BOB}, ${CAROL}`);
    editCell(h, ANN, at, "Status", "APPROVED");
    validatedId(h, at);
    expect(h.rowById(id)).toMatchObject({ "Prepared by": ANN, "Approved by": "", Status: "VALID" });
    expect(submitAs(h, OWNER)).toMatchObject({ queued: 0 });
    expect(paidIds(h)).toEqual([]);
  });

  it("a forged on-edit call (plain data, not Apps Script's event) records nothing", () => {
    const h = approvalsWorld();
    const trigger = h.emu.triggers().find((t) => t.handler === "onPayoutsEdit");
    const forged = {
      triggerUid: trigger?.id,
      user: BOB,
      range: { row: 2, column: 1, numRows: 1, numColumns: 14 },
    };
    const run = h.run("onPayoutsEdit", { user: BOB }, [forged]);
    expectRan(run);
    expect(run.value).toEqual({ recorded: 0 });
    expect(h.emu.sheet("Input edits")?.display().length ?? 0).toBeLessThanOrEqual(1);
  });
});

describe("approving", () => {
  it("the preparer cannot approve their own row; another person can, and it is paid once", () => {
    const h = approvalsWorld();
    const id = validatedId(h, typeRow(h, ANN, payRow("Supplier", "250")));
    expect(h.rowById(id)).toMatchObject({ Status: "VALID" });
    expect(h.rowById(id).Error).toMatch(
      /Needs 1 approval .*not from ann@example\.com, who prepared it/,
    );

    const own = approve(h, ANN, [id]);
    expect(own).toMatchObject({ ok: false, approved: [] });
    expect(own.refused[0].reason).toMatch(/you prepared it/);
    expect(h.rowById(id).Status).toBe("VALID");
    // Not approved: not sent.
    expect(submitAs(h, OWNER)).toMatchObject({ queued: 0 });

    expect(approve(h, BOB, [id])).toMatchObject({ ok: true, approved: [id] });
    expect(h.rowById(id)).toMatchObject({
      Status: "APPROVED",
      "Approved by": BOB,
      Error: "Warning: first payment to this address.",
    });
    expect(submitAs(h, OWNER)).toMatchObject({ queued: 1, created: 1 });
    expect(paidIds(h)).toEqual([id]);
    expect(h.rowById(id)).toMatchObject({ "Prepared by": ANN, "Approved by": BOB });
  });

  it("above SECOND_APPROVAL_ABOVE two distinct approvers are needed; the same one twice counts once", () => {
    const h = approvalsWorld({ SECOND_APPROVAL_ABOVE: "USDT:1000, BTC:0.5" });
    const big = validatedId(h, typeRow(h, ANN, payRow("Big", "5000")));
    const small = validatedId(h, typeRow(h, ANN, payRow("Small", "1000")));

    expect(approve(h, BOB, [big, small]).approved).toEqual([big, small]);
    expect(h.rowById(small).Status).toBe("APPROVED");
    expect(h.rowById(big)).toMatchObject({ Status: "VALID", "Approved by": BOB });
    expect(h.rowById(big).Error).toMatch(/Needs 2 approvals.*approved by bob@example\.com, 1 more/);

    const again = approve(h, BOB, [big]);
    expect(again.refused).toEqual([{ payoutId: big, reason: "you approved it already" }]);
    expect(h.rowById(big).Status).toBe("VALID");
    expect(submitAs(h, OWNER)).toMatchObject({ queued: 1 });
    expect(paidIds(h)).toEqual([small]);

    expect(approve(h, CAROL, [big]).approved).toEqual([big]);
    expect(h.rowById(big)).toMatchObject({ Status: "APPROVED", "Approved by": `${BOB}, ${CAROL}` });
    submitAs(h, OWNER);
    expect(paidIds(h).sort()).toEqual([big, small].sort());
  });

  it("APPROVERS limits who may approve; an unidentified person is refused", () => {
    const h = approvalsWorld({ APPROVERS: BOB });
    const id = validatedId(h, typeRow(h, ANN, payRow("Vendor", "90")));
    expect(approve(h, CAROL, [id]).refused).toEqual([
      { payoutId: id, reason: `${CAROL} is not in APPROVERS` },
    ]);
    const hidden = approve(h, "", [id]);
    expect(hidden.ok).toBe(false);
    expect(hidden.message).toMatch(/does not say who is approving/);
    expect(h.rowById(id).Status).toBe("VALID");
    expect(approve(h, BOB, [id]).approved).toEqual([id]);
  });

  it("says so when approvals are off, and for rows that are not valid or not there", () => {
    const off = approvalsWorld({ APPROVALS_REQUIRED: "0" });
    const id = validatedId(off, typeRow(off, ANN, payRow("Anyone", "5")));
    expect(approve(off, BOB, [id])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Approvals are off/),
    });
    const h = approvalsWorld();
    const bad = validatedId(h, typeRow(h, ANN, payRow("Bad", "-5")));
    const result = approve(h, BOB, [bad, "P_NO_SUCH_ROW"]);
    expect(result.refused.map((r) => r.payoutId)).toEqual([bad, "P_NO_SUCH_ROW"]);
    expect(result.refused[0].reason).toMatch(/^it is not valid/);
    expect(result.refused[1].reason).toMatch(/no row of the Payouts sheet/);
  });
});

describe("an approval is bound to the inputs it covered", () => {
  it("an edit after approval voids it, names the changed cells, and the new preparer cannot approve", () => {
    const h = approvalsWorld();
    const at = typeRow(h, ANN, payRow("Bound", "100"));
    const id = validatedId(h, at);
    approve(h, BOB, [id]);
    expect(h.rowById(id).Status).toBe("APPROVED");

    editCell(h, DAVE, at, "Amount", "1000");
    editCell(h, DAVE, at, "Address", "TKSqrC4gFMZtztVvRDcxQhZ6Nw2Q9Wc3WT");
    validatedId(h, at);
    const row = h.rowById(id);
    expect(row).toMatchObject({ Status: "VALID", "Prepared by": DAVE, "Approved by": "" });
    expect(row.Error).toMatch(
      /Approval by bob@example\.com no longer counts: Address, Amount changed since it was given\./,
    );
    // The changed cells are highlighted while the row waits, and only those.
    expect(highlighted(h, at)).toEqual(["Address", "Amount"]);
    expect(submitAs(h, OWNER)).toMatchObject({ queued: 0 });
    expect(approve(h, DAVE, [id]).refused[0].reason).toMatch(/you prepared it/);
    // Bob approves the new inputs: the highlight goes, and it is paid with them.
    expect(approve(h, BOB, [id]).approved).toEqual([id]);
    expect(highlighted(h, at)).toEqual([]);
    submitAs(h, OWNER);
    expect(h.gatepay.ledger().map((e) => [e.merchantWithdrawId, e.amount])).toEqual([[id, "1000"]]);
  });

  it("an approver who then edits the row voids their own approval", () => {
    const h = approvalsWorld();
    const at = typeRow(h, ANN, payRow("Self edit", "70"));
    const id = validatedId(h, at);
    approve(h, BOB, [id]);
    editCell(h, BOB, at, "Recipient", "Self edit Ltd");
    validatedId(h, at);
    expect(h.rowById(id)).toMatchObject({ Status: "VALID", "Prepared by": BOB });
    expect(approve(h, BOB, [id]).refused[0].reason).toMatch(/you prepared it/);
  });

  it("an edit between the preview and Pay: nothing is sent", () => {
    const h = approvalsWorld();
    const at = typeRow(h, ANN, payRow("Preview", "60"));
    const id = validatedId(h, at);
    approve(h, BOB, [id]);
    const preview = h.emu.run("menuSubmit", [], { context: "menu", user: OWNER });
    expectRan(preview);
    const match = /var data = (.*);\n/.exec(preview.ui.dialogs[0]?.html ?? "");
    const data = JSON.parse(match?.[1] ?? "{}") as {
      preview: { fingerprint: string; count: number; approvals?: unknown[] };
    };
    expect(data.preview.count).toBe(1);
    // The dialog lists who prepared and who approved the row it is about to pay.
    expect(data.preview.approvals).toEqual([
      expect.objectContaining({ payoutId: id, preparedBy: ANN, approvedBy: BOB }),
    ]);

    editCell(h, DAVE, at, "Amount", "6000");
    const pay = h.run("confirmSubmit", { user: OWNER }, [data.preview.fingerprint]);
    expectRan(pay);
    expect(pay.value).toMatchObject({
      ok: false,
      message: expect.stringMatching(/changed since the preview/),
    });
    expect(paidIds(h)).toEqual([]);
    expect(h.rowById(id).Status).toBe("VALID");
  });

  it("an edit between queueing and sending: the row goes back to review, unsent", () => {
    const h = approvalsWorld({ GATEPAY_MAX_BATCH_SIZE: "1" });
    const first = typeRow(h, ANN, payRow("First", "10"));
    const second = typeRow(
      h,
      ANN,
      payRow("Second", "20", { Address: "TKSqrC4gFMZtztVvRDcxQhZ6Nw2Q9Wc3WT" }),
    );
    const a = validatedId(h, first);
    const b = validatedId(h, second);
    approve(h, BOB, [a, b]);
    let edited = false;
    h.emu.route("openplatform.gateapi.io", (request) => {
      if (!edited && request.method === "POST" && /\/v1\/pay\/withdraw$/.test(request.url)) {
        edited = true;
        editCell(h, DAVE, second, "Amount", "2000");
      }
      return h.gatepay.handle(request);
    });
    submitAs(h, OWNER);
    expect(edited).toBe(true);
    expect(paidIds(h)).toEqual([a]);
    expect(h.rowById(b).Status).toBe("");
    expect(h.rowById(b).Error).toMatch(/Inputs changed after review \(Amount\)/);
    validatedId(h, second);
    expect(h.rowById(b)).toMatchObject({ Status: "VALID", "Prepared by": DAVE });
  });

  it("an approval expires after APPROVAL_EXPIRES_HOURS", () => {
    const h = approvalsWorld({ APPROVAL_EXPIRES_HOURS: "24" });
    const at = typeRow(h, ANN, payRow("Late", "15"));
    const id = validatedId(h, at);
    approve(h, BOB, [id]);
    h.emu.clock.advance(23 * 3_600_000);
    validatedId(h, at);
    expect(h.rowById(id).Status).toBe("APPROVED");
    h.emu.clock.advance(2 * 3_600_000);
    validatedId(h, at);
    expect(h.rowById(id).Status).toBe("VALID");
    expect(h.rowById(id).Error).toMatch(
      /Approval by bob@example\.com no longer counts: it expired/,
    );
    expect(submitAs(h, OWNER)).toMatchObject({ queued: 0 });
  });
});

describe("revoking", () => {
  it("takes a row back to VALID, and a queued row back to review; a sent row keeps its payout", () => {
    const h = approvalsWorld();
    const at = typeRow(h, ANN, payRow("Revoked", "33"));
    const id = validatedId(h, at);
    approve(h, BOB, [id]);
    expect(revoke(h, CAROL, [id])).toMatchObject({ ok: true, revoked: [id] });
    expect(h.rowById(id)).toMatchObject({ Status: "VALID", "Approved by": "" });
    expect(revoke(h, CAROL, [id]).refused[0].reason).toMatch(/no approval to revoke/);

    approve(h, BOB, [id]);
    submitAs(h, OWNER);
    expect(paidIds(h)).toEqual([id]);
    expect(revoke(h, CAROL, [id]).refused[0].reason).toMatch(/sent already/);
  });

  it("only approvers or admins may revoke when the lists are set", () => {
    const h = approvalsWorld({ APPROVERS: BOB, ADMINS: OWNER });
    const id = validatedId(h, typeRow(h, ANN, payRow("Kept", "44")));
    approve(h, BOB, [id]);
    expect(revoke(h, DAVE, [id])).toMatchObject({ ok: false, revoked: [] });
    expect(h.rowById(id).Status).toBe("APPROVED");
    expect(revoke(h, OWNER, [id]).revoked).toEqual([id]);
  });
});

describe("roles", () => {
  it("PAYERS: someone else's submit is refused and changes nothing", () => {
    const h = approvalsWorld({ PAYERS: "pat@example.com" });
    const id = validatedId(h, typeRow(h, ANN, payRow("Payee", "8")));
    approve(h, BOB, [id]);
    const refused = submitAs(h, ANN);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.message).toMatch(/ann@example\.com is not in PAYERS/);
    expect(paidIds(h)).toEqual([]);
    expect(submitAs(h, "pat@example.com")).toMatchObject({ created: 1 });
  });

  it("ADMINS: setup, auto-refresh and settings are refused to others and to an unidentified person", () => {
    const h = approvalsWorld({ ADMINS: OWNER });
    for (const name of ["setupPayoutsSheet", "installAutoRefresh", "removeAutoRefresh"]) {
      const run = h.run(name, { user: ANN });
      expect(run.value).toMatchObject({ ok: false, refused: "role" });
      expect(h.run(name, { user: "" }).value).toMatchObject({ ok: false, refused: "unidentified" });
    }
    const save = h.run("settingsSave", { user: ANN }, [{ values: {}, remove: [], confirmed: [] }]);
    expect(save.value).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not in ADMINS/),
    });
    const menu = h.emu.run("menuSettings", [], { context: "menu", user: ANN });
    expect(menu.ui.dialogs).toHaveLength(0);
    expect(menu.ui.alerts[0].prompt).toMatch(/not in ADMINS/);
    expect(h.emu.triggers().filter((t) => t.handler === "refreshPayouts")).toHaveLength(0);
    expect(h.run("installAutoRefresh", { user: OWNER }).value).toMatchObject({ ok: true });
  });

  it("a save that would remove the saver from ADMINS is refused", () => {
    const h = approvalsWorld({ ADMINS: `${OWNER}, ${ANN}` });
    const save = h.run("settingsSave", { user: ANN }, [
      { values: { ADMINS: OWNER }, remove: [], confirmed: [] },
    ]);
    expect(save.value).toMatchObject({
      ok: false,
      errors: { ADMINS: expect.stringMatching(/no longer be an admin/) },
    });
    expect(h.emu.properties.get("ADMINS")).toBe(`${OWNER}, ${ANN}`);
  });

  it("a policy change by one admin waits for a second admin; until then the old values hold", () => {
    const h = approvalsWorld({ ADMINS: `${OWNER}, ${ANN}` });
    const form = { values: { APPROVALS_REQUIRED: "0" }, remove: [], confirmed: [] };
    const save = h.run("settingsSave", { user: ANN }, [form]);
    expect(save.value).toMatchObject({
      ok: true,
      message: expect.stringMatching(/APPROVALS_REQUIRED waits for another admin/),
    });
    expect(h.emu.properties.get("APPROVALS_REQUIRED")).toBe("1");
    // Still in force: an unapproved row is not sent.
    const id = validatedId(h, typeRow(h, BOB, payRow("Held", "9")));
    expect(submitAs(h, OWNER)).toMatchObject({ queued: 0 });

    expect(h.run("settingsConfirmPolicy", { user: ANN }).value).toMatchObject({
      ok: false,
      message: expect.stringMatching(/another admin confirms/),
    });
    expect(h.run("settingsConfirmPolicy", { user: BOB }).value).toMatchObject({ ok: false });
    expect(h.run("settingsConfirmPolicy", { user: OWNER }).value).toMatchObject({ ok: true });
    expect(h.emu.properties.get("APPROVALS_REQUIRED")).toBe("0");
    expect(submitAs(h, OWNER)).toMatchObject({ queued: 1 });
    expect(paidIds(h)).toEqual([id]);
  });
});

describe("the menu", () => {
  it("Approve selected rows shows what each row pays and approves exactly those", () => {
    const h = approvalsWorld();
    const first = typeRow(h, ANN, payRow("Menu one", "11"));
    const second = typeRow(h, ANN, payRow("Menu two", "12"));
    const other = typeRow(h, ANN, payRow("Not selected", "13"));
    const ids = [first, second, other].map((at) => validatedId(h, at));
    const run = h.emu.run("menuApprove", [], {
      context: "menu",
      user: BOB,
      selection: { sheet: "Payouts", ranges: [`A${first}:C${first}`, `${second}:${second}`] },
      uiResponses: ["YES", "OK"],
    });
    expectRan(run);
    const [question, answer] = run.ui.alerts;
    expect(question.prompt).toMatch(/Row 2 .*Menu one: 11 USDT on TRX to TP9dG5…m4KY/);
    expect(question.prompt).toMatch(/Row 3 .*Menu two: 12 USDT/);
    expect(question.prompt).not.toMatch(/Not selected/);
    expect(answer.prompt).toMatch(/Approved 2 row/);
    expect(h.rows().map((row) => row.Status)).toEqual(["APPROVED", "APPROVED", "VALID"]);
    expect(ids).toHaveLength(3);
  });

  it("Approve selected rows approves nothing when the person answers No", () => {
    const h = approvalsWorld();
    const at = typeRow(h, ANN, payRow("Declined", "14"));
    validatedId(h, at);
    const run = h.emu.run("menuApprove", [], {
      context: "menu",
      user: BOB,
      selection: { sheet: "Payouts", ranges: [`${at}:${at}`] },
      uiResponses: ["NO", "OK"],
    });
    expectRan(run);
    expect(run.ui.alerts[1].prompt).toBe("Nothing was approved.");
    expect(h.rows()[0].Status).toBe("VALID");
  });
});

describe("audit and health", () => {
  it("approvals and refusals are in the Audit log; health says approvals are on, never who", () => {
    const h = approvalsWorld({ APPROVERS: BOB });
    const id = validatedId(h, typeRow(h, ANN, payRow("Audited", "21")));
    approve(h, CAROL, [id]);
    approve(h, BOB, [id]);
    const audit = (h.emu.sheet("Audit log")?.display() ?? []).map((row) => row.join(" | "));
    expect(audit.some((line) => /Approval refused/.test(line) && line.includes(CAROL))).toBe(true);
    expect(audit.some((line) => /Approve/.test(line) && line.includes(BOB))).toBe(true);
    const health = h.emu.get({ query: { format: "json" } });
    const body = JSON.parse(health.output?.content ?? "{}") as { controls: unknown };
    expect(body.controls).toEqual({ approvalsRequired: 1, rolesOn: true, frozen: false });
    expect(health.output?.content).not.toContain(BOB);
  });
});
