/**
 * Spend limits, the new-address guards and the freeze switch (CONTRACT section 7), through the
 * built bundle against the simulators, with the ledgers as the judge of what left.
 */
import {
  approvalsWorld,
  approve,
  BOB,
  CAROL,
  ANN,
  OWNER,
  payRow,
  submitAs,
  typeRow,
  validatedId,
} from "./approvals-support";
import { EVM, TRON, expectRan, gatepayRow } from "./submit-support";
import { Harness } from "../support/harness";
import { tronAddress } from "../sandbox/bench-controls";

const HOUR = 3_600_000;

function world(properties: Record<string, string> = {}): Harness {
  const h = new Harness({ properties });
  h.call("setupPayoutsSheet");
  return h;
}

function validate(h: Harness, user = OWNER) {
  const run = h.run("validatePayouts", { user });
  expectRan(run);
  return run.value as { message: string; valid: number; invalid: number };
}

function submit(h: Harness, user = OWNER) {
  const run = h.run("submitPayouts", { user });
  expectRan(run);
  return run.value as {
    ok: boolean;
    message: string;
    queued?: number;
    created?: number;
    frozen?: string;
  };
}

function byRecipient(h: Harness, recipient: string) {
  const row = h.rows().find((r) => r.Recipient === recipient);
  if (!row) throw new Error(`No row for ${recipient}`);
  return row;
}

/** The most sent in USDT within any 24 hours at GatePay, from the ledger and the clock. */
function paidAmounts(h: Harness): string[] {
  return h.gatepay.ledger().map((e) => e.amount);
}

describe("LIMIT_PER_ROW", () => {
  it("makes a row above its currency's figure INVALID, naming the limit", () => {
    const h = world({ LIMIT_PER_ROW: "USDT:100, BTC:0.5" });
    h.addRows([gatepayRow("At the limit", "100"), gatepayRow("Above", "100.01")]);
    validate(h);
    expect(byRecipient(h, "At the limit").Status).toBe("VALID");
    expect(byRecipient(h, "Above")).toMatchObject({
      Status: "INVALID",
      Error: expect.stringContaining("Amount 100.01 USDT is above LIMIT_PER_ROW (100 USDT)."),
    });
    submit(h);
    expect(paidAmounts(h)).toEqual(["100"]);
  });
});

describe("LIMIT_PER_DAY", () => {
  it("lets rows through in order while they fit in 24 hours; the rest wait, across runs and deleted rows, until the window frees up", () => {
    const h = world({ LIMIT_PER_DAY: "USDT:100" });
    h.addRows([
      gatepayRow("First", "60"),
      gatepayRow("Second", "30", { Address: TRON[1] }),
      gatepayRow("Third", "20", { Address: TRON[2] }),
    ]);
    const validated = validate(h);
    expect(validated.valid).toBe(3);
    // Validate already says what submit will do.
    expect(byRecipient(h, "Third").Error).toMatch(
      /^Waits: LIMIT_PER_DAY allows 100 USDT in any 24 hours, and 10 USDT is left now, less than this row's 20 USDT\./,
    );
    const preview = h.emu.run("menuSubmit", [], { context: "menu" });
    const data = JSON.parse(
      /var data = (.*);\n/.exec(preview.ui.dialogs[0]?.html ?? "")?.[1] ?? "{}",
    );
    expect(data.preview.count).toBe(2);
    expect(data.preview.skipped.map((s: { reason: string }) => s.reason)).toEqual([
      expect.stringMatching(/^Waits: LIMIT_PER_DAY/),
    ]);

    expect(submit(h)).toMatchObject({ queued: 2, created: 2 });
    expect(paidAmounts(h)).toEqual(["60", "30"]);
    expect(byRecipient(h, "Third").Status).toBe("VALID");

    // Deleting a paid row does not give its amount back.
    h.emu.clock.advance(HOUR);
    h.emu.deleteRows("Payouts", 2, 1);
    submit(h);
    expect(paidAmounts(h)).toEqual(["60", "30"]);
    expect(byRecipient(h, "Third").Error).toMatch(/More frees up from 2026-01-0\dT/);

    // 24 hours after the first payouts left, the window has room again.
    h.emu.clock.advance(23 * HOUR + 60_000);
    expect(submit(h)).toMatchObject({ created: 1 });
    expect(paidAmounts(h)).toEqual(["60", "30", "20"]);
  });
});

describe("the address guards", () => {
  it("a first payment to an address is a warning; the next one to it is not", () => {
    const h = world();
    h.addRows([gatepayRow("Once", "5")]);
    validate(h);
    expect(byRecipient(h, "Once").Error).toBe("Warning: first payment to this address.");
    submit(h);
    h.addRows([gatepayRow("Again", "6")]);
    validate(h);
    expect(byRecipient(h, "Again")).toMatchObject({ Status: "VALID", Error: "" });
  });

  it("names a new address that looks like one already paid (address poisoning), and the same EVM address in another case", () => {
    const h = world();
    h.addRows([gatepayRow("Paid", "5", { Network: "ETH", Address: EVM[0] })]);
    submit(h);
    const poisoned = `0x${EVM[0].slice(2, 6).toLowerCase()}${"7".repeat(32)}${EVM[0].slice(-4).toLowerCase()}`;
    h.addRows([
      gatepayRow("Poisoned", "5", { Network: "ETH", Address: poisoned }),
      gatepayRow("Lower case", "5", { Network: "ETH", Address: EVM[0].toLowerCase() }),
    ]);
    validate(h);
    expect(byRecipient(h, "Poisoned")).toMatchObject({ Status: "VALID" });
    expect(byRecipient(h, "Poisoned").Error).toContain(
      `Warning: this address looks like ${EVM[0]}, paid before (same first and last characters, different middle)`,
    );
    expect(byRecipient(h, "Lower case").Error).toContain(
      `Warning: this is ${EVM[0]}, paid before, written in another letter case`,
    );
    // The submit dialog shows each warning beside its row.
    const preview = h.emu.run("menuSubmit", [], { context: "menu" });
    const data = JSON.parse(
      /var data = (.*);\n/.exec(preview.ui.dialogs[0]?.html ?? "")?.[1] ?? "{}",
    );
    expect(data.preview.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ warning: expect.stringContaining("looks like") }),
        expect.objectContaining({ warning: expect.stringContaining("another letter case") }),
      ]),
    );
  });

  it("with approvals on, a recipient paid at another address before needs two approvals", () => {
    const h = approvalsWorld();
    const first = validatedId(
      h,
      typeRow(h, ANN, payRow("Vendor", "10", { Email: "vendor@example.com" })),
    );
    approve(h, BOB, [first]);
    submitAs(h, OWNER);
    const changed = validatedId(
      h,
      typeRow(h, ANN, payRow("Vendor", "10", { Email: "vendor@example.com", Address: TRON[1] })),
    );
    expect(h.rowById(changed).Error).toContain(
      "Warning: Vendor was last paid USDT on TRX at TP9dG5…m4KY",
    );
    expect(h.rowById(changed).Error).toContain("so it needs 2 approvals");
    approve(h, BOB, [changed]);
    expect(h.rowById(changed).Status).toBe("VALID");
    expect(submitAs(h, OWNER)).toMatchObject({ queued: 0 });
    approve(h, CAROL, [changed]);
    expect(h.rowById(changed).Status).toBe("APPROVED");
    submitAs(h, OWNER);
    expect(h.gatepay.ledger().map((e) => e.address)).toEqual([TRON[0], TRON[1]]);
  });

  it("NEW_ADDRESS_COOLOFF_HOURS holds a new address's rows, with the time left, until it ends", () => {
    const h = world({ NEW_ADDRESS_COOLOFF_HOURS: "24" });
    h.addRows([gatepayRow("Newcomer", "5")]);
    validate(h);
    expect(byRecipient(h, "Newcomer").Error).toMatch(
      /^Waits: a new address, first seen 2026-.*; its cool-off \(NEW_ADDRESS_COOLOFF_HOURS 24\) ends .*, 24 hour\(s\) from now\./,
    );
    h.emu.clock.advance(10 * HOUR);
    expect(submit(h)).toMatchObject({ queued: 0 });
    expect(byRecipient(h, "Newcomer").Error).toMatch(/14 hour\(s\) from now/);
    h.emu.clock.advance(14 * HOUR + 60_000);
    expect(submit(h)).toMatchObject({ created: 1 });
    // Paid once, the address is known: a new row to it does not wait.
    h.addRows([gatepayRow("Second time", "6")]);
    expect(submit(h)).toMatchObject({ created: 1 });
  });

  it("keeps an Address book sheet of the addresses paid, rebuilt from the record, deleted rows included", () => {
    const h = world();
    h.addRows([gatepayRow("Book one", "5"), gatepayRow("Book two", "6", { Address: TRON[1] })]);
    submit(h);
    h.emu.deleteRows("Payouts", 2, 2);
    validate(h);
    const book = h.emu.sheet("Address book");
    expect(book?.display()[0]).toEqual([
      "Address",
      "Networks",
      "Currencies",
      "Recipients",
      "First seen",
      "First paid",
      "Last paid",
      "Payouts",
    ]);
    const rows = (book?.display() ?? []).slice(1).filter((r) => r[0]);
    expect(rows.map((r) => [r[0], r[2], r[3], r[7]]).sort()).toEqual(
      [
        [TRON[0], "USDT", "Book one", "1"],
        [TRON[1], "USDT", "Book two", "1"],
      ].sort(),
    );
    expect(book?.protections()).toEqual([expect.objectContaining({ warningOnly: true })]);
  });

  it("grows the Address book sheet past the 1,000 rows a new sheet has", () => {
    const h = world();
    const count = 1001;
    h.addRows(
      Array.from({ length: count }, (_, i) =>
        gatepayRow(`Payee ${i}`, "1.5", { Address: tronAddress(i) }),
      ),
    );
    expect(submit(h).message).toContain(`${count} created`);
    const rows = (h.emu.sheet("Address book")?.display() ?? []).slice(1).filter((r) => r[0]);
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((r) => r[0])).size).toBe(count);
  });
});

describe("the freeze switch", () => {
  it("while frozen nothing is queued or sent, every run says so, and a second admin unfreezes", () => {
    const h = world({ ADMINS: `${OWNER}, ${ANN}` });
    h.addRows([gatepayRow("Frozen", "5")]);
    expect(h.run("freezePayouts", { user: BOB }).value).toMatchObject({
      ok: false,
      refused: "role",
    });
    expect(h.run("freezePayouts", { user: ANN }).value).toMatchObject({ ok: true, frozen: true });
    expect(submit(h)).toMatchObject({
      ok: false,
      queued: 0,
      frozen: expect.stringMatching(/frozen \(by ann@/),
    });
    expect(validate(h).message).toMatch(/Payouts are frozen \(by ann@example\.com/);
    expect(
      JSON.parse(h.emu.get({ query: { format: "json" } }).output?.content ?? "{}").controls.frozen,
    ).toBe(true);
    expect(h.gatepay.ledger()).toEqual([]);

    expect(h.run("unfreezePayouts", { user: ANN }).value).toMatchObject({
      ok: false,
      frozen: true,
    });
    expect(h.run("unfreezePayouts", { user: OWNER }).value).toMatchObject({
      ok: true,
      frozen: false,
    });
    expect(submit(h)).toMatchObject({ created: 1 });
    const audit = (h.emu.sheet("Audit log")?.display() ?? []).map((r) => r.join(" | "));
    for (const action of [
      "Freeze payouts",
      "Submit refused",
      "Unfreeze refused",
      "Unfreeze payouts",
    ])
      expect(audit.some((line) => line.includes(action))).toBe(true);
  });

  it("a freeze during a long submission stops it at its next step, leaving rows QUEUED; nothing is sent until unfrozen", () => {
    const h = world({ GATEPAY_MAX_BATCH_SIZE: "1" });
    h.addRows([
      gatepayRow("One", "5"),
      gatepayRow("Two", "6", { Address: TRON[1] }),
      gatepayRow("Three", "7", { Address: TRON[2] }),
    ]);
    let frozen = false;
    h.emu.route("openplatform.gateapi.io", (request) => {
      const response = h.gatepay.handle(request);
      if (!frozen && request.method === "POST" && /\/v1\/pay\/withdraw$/.test(request.url)) {
        frozen = true;
        // An admin freezes from another browser while the first batch is on its way. (It waits
        // for the lock to write its audit entry, and the emulator's one clock moves meanwhile:
        // so it runs once GatePay has taken the request.)
        const freeze = h.run("freezePayouts", { user: OWNER });
        if (freeze.error) throw freeze.error;
      }
      return response;
    });
    const run = submit(h);
    expect(run.message).toMatch(/Payouts are frozen/);
    expect(paidAmounts(h)).toEqual(["5"]);
    expect(h.rows().map((r) => r.Status)).toEqual(["PENDING", "QUEUED", "QUEUED"]);
    // No continuation wakes up every minute while frozen; a refresh sends nothing either.
    expect(h.emu.triggers().filter((t) => t.handler === "continueSubmission")).toHaveLength(0);
    expectRan(h.run("refreshPayouts"));
    expect(paidAmounts(h)).toEqual(["5"]);

    expect(h.run("unfreezePayouts", { user: OWNER }).value).toMatchObject({ ok: true });
    h.emu.clock.advance(2 * 60_000);
    for (const next of h.emu.runDueTriggers()) expectRan(next);
    expect(paidAmounts(h).sort()).toEqual(["5", "6", "7"]);
  });
});
