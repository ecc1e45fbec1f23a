/**
 * The add-on's own payout record end to end, through the built bundle in the emulator against
 * both provider simulators: the hidden, signed "Payout record" sheet a submit writes; damage to
 * it (edited, typed, deleted rows, a cut tail, the whole sheet, the signing key) named on every
 * run and never paid for twice; waiting payouts looked up before they are sent when the record is
 * damaged; the one-time adoption of a sheet kept by an older version without a record; payouts
 * followed after their rows were deleted; and what opening the record costs. The simulators'
 * ledgers are the ground truth.
 */
import { Harness, type RowInput } from "../support/harness";
import type { RefreshSummary } from "../../src/app/refresh/refresh";
import { GATEPAY_HOST } from "../simulators/gatepay/simulator";
import {
  coingateRow as anyCoinGateRow,
  gatepayRow as anyGatePayRow,
  submitRows,
} from "./callback-support";
import {
  byId,
  coingateEntries,
  createRequests,
  expectNoPayoutIdTwice,
  gatepayEntries,
  recordedStatuses,
  sheetRowOf,
} from "./people-support";
import { expectRan, expectSheetMatchesLedgers, isCreateRequest } from "./submit-support";
import {
  DAMAGE,
  RECORD_HEADERS,
  RECORD_SHEET,
  checksOut,
  deleteSheet,
  messageOf,
  recordRowOf,
  recordSheetRows,
  submittedInputsOf,
  typeIntoRecord,
} from "./record-support";

/** Rows with amounts in canonical form, as the providers' ledgers write them back. */
const gatepayRow = (overrides: RowInput = {}) => anyGatePayRow({ Amount: "25", ...overrides });
const coingateRow = (overrides: RowInput = {}) => anyCoinGateRow({ Amount: "10.5", ...overrides });

const DETAILS_COLUMN = 5;

/** A GatePay and a CoinGate payout, submitted: PENDING and PROCESSING at their providers. */
function submittedPair(): { h: Harness; gp: string; cg: string } {
  const h = new Harness();
  const [gp, cg] = submitRows(h, [gatepayRow(), coingateRow()]);
  h.dropCallbacks();
  expect([h.rowById(gp).Status, h.rowById(cg).Status]).toEqual(["PENDING", "PROCESSING"]);
  return { h, gp, cg };
}

/** The cells of a row the record decides, to compare before and after. */
function shown(row: Record<string, string>) {
  const keys = ["Payout ID", "Status", "Provider ID", "Batch ID"];
  return Object.fromEntries(keys.map((key) => [key, row[key]]));
}

/** Only the input cells of a row, as a person would copy them. */
function inputsOf(row: Record<string, string>): RowInput {
  const keys = [
    "Provider",
    "Recipient",
    "Recipient type",
    "Email",
    "Country",
    "Company code",
    "Currency",
    "Network",
    "Address",
    "Memo",
    "Amount",
    "Amount currency",
    "Fee mode",
    "Purpose",
  ];
  return Object.fromEntries(keys.map((key) => [key, row[key] ?? ""]));
}

/** CoinGate list requests (GET /v2/send_requests?...): its lookup by external_id pages them. */
function coingateLookups(h: Harness): number[] {
  return h.coingate.received.flatMap((request, index) =>
    request.method === "GET" && /\/v2\/send_requests\?/.test(request.url) ? [index] : [],
  );
}

function coingateCreates(h: Harness): number[] {
  return h.coingate.received.flatMap((request, index) => (isCreateRequest(request) ? [index] : []));
}

describe("the record a submit writes", () => {
  it("is a hidden, protected (warning), plain-text sheet with queued, sending and update entries per payout, each signed; RECORD_ENTRIES is the last Seq", () => {
    const { h, gp, cg } = submittedPair();
    const sheet = h.emu.sheet(RECORD_SHEET);
    if (!sheet) throw new Error("No record sheet");
    expect(sheet.hidden).toBe(true);
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.display()[0]).toEqual(RECORD_HEADERS);
    expect(sheet.protections()).toEqual([
      expect.objectContaining({
        column: 1,
        numColumns: RECORD_HEADERS.length,
        warningOnly: true,
        description: expect.stringMatching(/own record.*signed/),
      }),
    ]);
    // Plain text: every cell is formatted "@" and holds a string, so no ID or JSON is re-typed.
    expect([...new Set(sheet.formats().flat())]).toEqual(["@"]);
    expect(sheet.values().every((row) => row.every((value) => typeof value === "string"))).toBe(
      true,
    );

    const rows = recordSheetRows(h);
    expect(rows.map((row) => row.seq)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
    expect(rows.map((row) => row.sheetRow)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    // Who prepared it (the submitter, as no edit was seen), then the payout's own events.
    for (const id of [gp, cg])
      expect({ id, events: rows.filter((r) => r.payoutId === id).map((r) => r.event) }).toEqual({
        id,
        events: ["prepared", "queued", "sending", "update"],
      });
    expect(rows.filter((row) => !checksOut(h, row))).toEqual([]);
    expect(h.emu.properties.get("RECORD_ENTRIES")).toBe(rows[rows.length - 1].seq);

    // What the entries say is what the providers have and what the rows show.
    const [gpEntry] = h.gatepay.ledger();
    const [cgEntry] = h.coingate.ledger();
    const queued = JSON.parse(recordRowOf(h, gp, "queued").details);
    expect(queued).toMatchObject({ provider: "GatePay" });
    expect(queued.inputs).toContain("25");
    expect(JSON.parse(recordRowOf(h, gp, "sending").details)).toEqual({
      provider: "GatePay",
      batchId: gpEntry.batchId,
    });
    expect(JSON.parse(recordRowOf(h, gp, "update").details)).toMatchObject({
      source: "submit",
      snapshot: { payoutId: gp, status: "PENDING", providerId: gpEntry.suborderId },
    });
    expect(JSON.parse(recordRowOf(h, cg, "sending").details)).toEqual({ provider: "CoinGate" });
    expect(JSON.parse(recordRowOf(h, cg, "update").details)).toMatchObject({
      source: "submit",
      snapshot: { payoutId: cg, status: "PROCESSING", providerId: String(cgEntry.id) },
    });

    // A refresh that settles them appends (and signs, and counts) their final updates.
    h.gatepay.settleAll();
    h.coingate.settleAll();
    h.dropCallbacks();
    expectRan(h.run("refreshPayouts"));
    const after = recordSheetRows(h);
    expect(after.slice(0, 8)).toEqual(rows);
    expect(after.slice(8).map((row) => [row.seq, row.event])).toEqual([
      ["9", "update"],
      ["10", "update"],
    ]);
    expect(after.filter((row) => !checksOut(h, row))).toEqual([]);
    expect(h.emu.properties.get("RECORD_ENTRIES")).toBe("10");
    expect(recordedStatuses(h, gp)).toEqual(["PENDING", "COMPLETED"]);
    expect(recordedStatuses(h, cg)).toEqual(["PROCESSING", "COMPLETED"]);
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 1, coingate: 1 });
  });
});

describe("damage to the record is named on every run, and nothing is paid twice", () => {
  type Damage = (h: Harness, ids: { gp: string; cg: string }) => string;
  const cases: [string, Damage][] = [
    [
      "a Details cell edited (the GatePay amount inside its queued entry)",
      (h, { gp }) => {
        const row = recordRowOf(h, gp, "queued");
        const edited = row.details.replace('"25"', '"2500"');
        expect(edited).not.toBe(row.details);
        typeIntoRecord(h, row.sheetRow, DETAILS_COLUMN, edited);
        return `row ${row.sheetRow} was changed or not written by the add-on`;
      },
    ],
    [
      "a typed extra row (an absent entry for the GatePay payout, with a made-up check)",
      (h, { gp }) => {
        const rows = recordSheetRows(h);
        const last = rows[rows.length - 1];
        const at = new Date(h.emu.clock.now()).toISOString();
        h.emu.typeInto(RECORD_SHEET, last.sheetRow + 1, 1, [
          [String(Number(last.seq) + 1), at, gp, "absent", "{}", "0".repeat(32)],
        ]);
        return `row ${last.sheetRow + 1} was changed or not written by the add-on`;
      },
    ],
    [
      "a middle row deleted (the CoinGate payout's sending entry)",
      (h, { cg }) => {
        const row = recordRowOf(h, cg, "sending");
        h.emu.deleteRows(RECORD_SHEET, row.sheetRow, 1);
        return `entry ${row.seq} is missing`;
      },
    ],
    [
      "the tail cut off (the last two rows deleted)",
      (h) => {
        const rows = recordSheetRows(h);
        const n = rows.length;
        h.emu.deleteRows(RECORD_SHEET, rows[n - 2].sheetRow, 2);
        return `it ends at entry ${n - 2}, but ${n} were written: the last 2 were removed`;
      },
    ],
    [
      "the whole sheet deleted",
      (h) => {
        const n = recordSheetRows(h).length;
        deleteSheet(h, RECORD_SHEET);
        return `it ends at entry 0, but ${n} were written: the last ${n} were removed`;
      },
    ],
    [
      "RECORD_KEY deleted from Script Properties",
      (h) => {
        h.emu.properties.delete("RECORD_KEY");
        return "its signing key (RECORD_KEY) is missing";
      },
    ],
  ];
  const RUNS = ["validatePayouts", "refreshPayouts", "submitPayouts", "refreshPayouts"];

  it.each(cases)("%s", (_, damage) => {
    const { h, gp, cg } = submittedPair();
    const creates = createRequests(h);
    const named = damage(h, { gp, cg });

    const messages = RUNS.map((run) => ({ run, message: messageOf(h.run(run)) }));

    // Nothing is sent again, and settling at the providers (callbacks and polls) pays nothing twice.
    expect(createRequests(h)).toEqual(creates);
    h.gatepay.settleAll();
    h.coingate.settleAll();
    for (const run of h.deliverCallbacks()) expectRan(run);
    messages.push({
      run: "refreshPayouts (after settling)",
      message: messageOf(h.run("refreshPayouts")),
    });
    expect(createRequests(h)).toEqual(creates);
    expect(gatepayEntries(h, gp)).toHaveLength(1);
    expect(coingateEntries(h, cg)).toHaveLength(1);
    expect([h.gatepay.ledger().length, h.coingate.ledger().length]).toEqual([1, 1]);
    expectNoPayoutIdTwice(h);

    // The first run names exactly what was done; every run says the record was changed.
    expect(messages[0].message).toContain(named);
    expect(
      messages.map(({ run, message }) => ({ run, named: DAMAGE.test(message) || message })),
    ).toEqual(messages.map(({ run }) => ({ run, named: true })));
  });

  it("a sent payout whose queued entry was edited is not called never sent, and is still followed at its provider", () => {
    const { h, gp } = submittedPair();
    const row = recordRowOf(h, gp, "queued");
    typeIntoRecord(h, row.sheetRow, DETAILS_COLUMN, row.details.replace('"25"', '"2500"'));
    const validation = h.run("validatePayouts");
    expect(messageOf(validation)).toMatch(DAMAGE);

    // Its sending and update entries still check out: the payout exists at GatePay.
    expect(checksOut(h, recordRowOf(h, gp, "update"))).toBe(true);
    const after = h.rowById(gp);
    expect({ status: after.Status, error: after.Error }).toEqual({
      status: expect.not.stringMatching(/^INVALID$/),
      error: expect.not.stringMatching(/never sent/),
    });

    h.gatepay.settleAll();
    h.dropCallbacks();
    expectRan(h.run("refreshPayouts"));
    expect(h.rowById(gp).Status).toBe("COMPLETED");
    expect(gatepayEntries(h, gp)).toHaveLength(1);
  });
});

describe("with a damaged record, a payout the record holds as waiting is looked up before it is sent", () => {
  /** A typed row in the record: the smallest damage, touching no real entry. */
  function typeARow(h: Harness): void {
    const rows = recordSheetRows(h);
    const last = rows[rows.length - 1];
    h.emu.typeInto(RECORD_SHEET, last.sheetRow + 1, 1, [
      [
        String(Number(last.seq) + 1),
        "2026-01-05T09:30:00.000Z",
        "P_typed",
        "note",
        '{"text":"x"}',
        "0",
      ],
    ]);
  }

  const GATEPAY_UNCONFIRMED =
    "Submission not confirmed yet (No Batch ID is recorded for this payout; GatePay payouts are looked up by batch.); the next run looks it up again.";

  it("a submit killed after queuing: CoinGate's payout is looked up by external_id, found absent and sent once; GatePay's has no batch to look up and is not sent", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    h.addRows([gatepayRow(), coingateRow()]);
    // Killed right after the writes that queued the rows (the record's entries, then the rows).
    const killed = h.run("submitPayouts", {
      faults: [{ call: "Range.setValues", nth: 2, when: "after" }],
    });
    expect(killed.killed).toBe(true);
    const [gp, cg] = h.rows().map((row) => row["Payout ID"]);
    expect(h.rows().map((row) => row.Status)).toEqual(["QUEUED", "QUEUED"]);
    expect(recordSheetRows(h).map((row) => [row.payoutId, row.event])).toEqual([
      [gp, "prepared"],
      [cg, "prepared"],
      [gp, "queued"],
      [cg, "queued"],
    ]);
    expect(createRequests(h)).toEqual({ gatepay: 0, coingate: 0 });

    typeARow(h);
    const refresh = h.run("refreshPayouts");
    expect(messageOf(refresh)).toMatch(DAMAGE);

    // CoinGate: looked up first, then sent, once.
    expect(coingateCreates(h)).toHaveLength(1);
    expect(coingateLookups(h).length).toBeGreaterThan(0);
    expect(Math.min(...coingateLookups(h))).toBeLessThan(coingateCreates(h)[0]);
    expect(coingateEntries(h, cg)).toHaveLength(1);
    expect(h.rowById(cg)).toMatchObject({
      Status: "PROCESSING",
      "Provider ID": String(coingateEntries(h, cg)[0].id),
    });
    // GatePay: nothing to look it up by, so it is not sent; the row says why.
    expect(createRequests(h).gatepay).toBe(0);
    expect(h.rowById(gp)).toMatchObject({
      Status: "QUEUED",
      "Provider ID": "",
      "Batch ID": "",
      Error: GATEPAY_UNCONFIRMED,
    });

    // And so on every later run while the record stays damaged.
    expectRan(h.run("refreshPayouts"));
    expectRan(h.run("submitPayouts"));
    expect(createRequests(h)).toEqual({ gatepay: 0, coingate: 1 });
    expect(h.gatepay.ledger()).toEqual([]);
    expect(h.rowById(gp).Status).toBe("QUEUED");
    expectNoPayoutIdTwice(h);
  });

  it("a GatePay batch refused at the door (signature, 400002) waits as QUEUED; with a damaged record neither the refresh nor the continuation sends it blind", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    h.addRows([gatepayRow()]);
    let armed = true;
    h.emu.route(GATEPAY_HOST, (request) => {
      if (armed && isCreateRequest(request)) {
        armed = false;
        h.gatepay.failNext(1, { http: 200, code: "400002" });
      }
      return h.gatepay.handle(request);
    });
    const submit = h.run("submitPayouts");
    expectRan(submit);
    expect(submit.value).toMatchObject({ ok: false, created: 0, remaining: 1, continuing: true });
    const [id] = h.rows().map((row) => row["Payout ID"]);
    expect(h.gatepay.ledger()).toEqual([]);
    expect(recordSheetRows(h).map((row) => [row.event, row.details])).toEqual([
      ["prepared", expect.stringContaining('"by":"owner@example.com"')],
      ["queued", expect.any(String)],
      ["sending", expect.stringMatching(/^\{"provider":"GatePay","batchId":"B\d+_[0-9a-f]+"\}$/)],
      ["absent", '{"unsent":true}'],
      ["note", expect.stringContaining("GatePay rejected the request signature")],
    ]);
    expect(h.rowById(id)).toMatchObject({ Status: "QUEUED", "Provider ID": "", "Batch ID": "" });
    expect(h.rowById(id).Error).toMatch(/GatePay rejected the request signature/);

    typeARow(h);
    const refresh = h.run("refreshPayouts");
    expect(messageOf(refresh)).toMatch(DAMAGE);
    h.emu.clock.advance(2 * 60_000);
    const continuations = h.emu.runDueTriggers();
    expect(continuations.map((run) => run.functionName)).toContain("continueSubmission");
    for (const run of continuations) expect(messageOf(run)).toMatch(DAMAGE);

    // Only the refused request ever reached GatePay's create endpoint.
    expect(createRequests(h).gatepay).toBe(1);
    expect(h.gatepay.ledger()).toEqual([]);
    expect(h.rowById(id)).toMatchObject({
      Status: "QUEUED",
      "Provider ID": "",
      "Batch ID": "",
      Error: GATEPAY_UNCONFIRMED,
    });
  });
});

describe("an edited entry of a created payout", () => {
  it.each(["GatePay", "CoinGate"] as const)(
    "%s: its update row changed, it falls back to SUBMITTING and the next refresh finds it at the provider again (no second payout)",
    (provider) => {
      const h = new Harness();
      const [id] = submitRows(h, [provider === "GatePay" ? gatepayRow() : coingateRow()]);
      h.dropCallbacks();
      const before = shown(h.rowById(id));
      expect(before["Provider ID"]).not.toBe("");
      const creates = createRequests(h);

      const update = recordRowOf(h, id, "update");
      const edited = update.details.replace(/"fee":"[^"]*"/, '"fee":"0"');
      expect(edited).not.toBe(update.details);
      typeIntoRecord(h, update.sheetRow, DETAILS_COLUMN, edited);

      const validation = h.run("validatePayouts");
      expect(messageOf(validation)).toContain(
        `row ${update.sheetRow} was changed or not written by the add-on`,
      );
      const fallen = h.rowById(id);
      expect(shown(fallen)).toEqual({
        ...before,
        Status: "SUBMITTING",
        "Provider ID": "",
        // GatePay's batch is in the sending entry, which still checks out.
        "Batch ID": before["Batch ID"],
      });
      expect(fallen.Error).toMatch(
        /^A create request may have reached the provider; the next run looks it up before any resend\./,
      );

      const refresh = h.run("refreshPayouts");
      expect(refresh.value).toMatchObject({ recovered: 1, resent: 0, created: 0 });
      expect(messageOf(refresh)).toMatch(DAMAGE);
      expect(shown(h.rowById(id))).toEqual(before);
      const recovery = recordSheetRows(h).filter(
        (row) => row.payoutId === id && row.event === "update" && row.sheetRow > update.sheetRow,
      );
      expect(recovery.map((row) => JSON.parse(row.details).source)).toEqual(["recovery"]);
      expect(createRequests(h)).toEqual(creates);

      h.gatepay.settleAll();
      h.coingate.settleAll();
      h.dropCallbacks();
      expectRan(h.run("refreshPayouts"));
      expect(h.rowById(id).Status).toBe("COMPLETED");
      expect(createRequests(h)).toEqual(creates);
      expect(expectSheetMatchesLedgers(h)).toEqual(
        provider === "GatePay" ? { gatepay: 1, coingate: 0 } : { gatepay: 0, coingate: 1 },
      );
    },
  );
});

describe("adoption of a sheet kept by an older version (no record)", () => {
  const SUBMITTING_ID = "P20260101_oldsubmitting";
  const QUEUED_ID = "P20260101_oldqueued";
  const OLD_SENT_AT = "2026-01-01T10:00:00.000Z";

  /**
   * A GatePay payout PENDING and a CoinGate payout COMPLETED, created at the simulators by this
   * version, then the record wiped (sheet, count and key) as an older version would have left
   * the spreadsheet; plus the rows it left SUBMITTING (its create may have been in flight, never
   * created here) and QUEUED (accepted, never sent), with every cell adoption looks at.
   */
  function oldVersionSheet() {
    const h = new Harness();
    const [pending, completed] = submitRows(h, [gatepayRow(), coingateRow()]);
    h.coingate.settleAll();
    for (const run of h.deliverCallbacks()) expectRan(run);
    expect([h.rowById(pending).Status, h.rowById(completed).Status]).toEqual([
      "PENDING",
      "COMPLETED",
    ]);
    deleteSheet(h, RECORD_SHEET);
    h.emu.properties.delete("RECORD_ENTRIES");
    h.emu.properties.delete("RECORD_KEY");

    const submitting: Record<string, string> = {
      ...(coingateRow({ Recipient: "Cy Old", Amount: "12" }) as Record<string, string>),
      "Payout ID": SUBMITTING_ID,
      Status: "SUBMITTING",
      "Submitted at": OLD_SENT_AT,
    };
    submitting["Submitted inputs"] = submittedInputsOf(submitting);
    const queued: Record<string, string> = {
      ...(gatepayRow({ Recipient: "Dee Old", Amount: "13" }) as Record<string, string>),
      "Payout ID": QUEUED_ID,
      Status: "QUEUED",
      "Submitted at": OLD_SENT_AT,
    };
    queued["Submitted inputs"] = submittedInputsOf(queued);
    h.addRows([submitting, queued]);
    const cells = Object.fromEntries(h.rows().map((row) => [row["Payout ID"], row]));
    return { h, pending, completed, cells, creates: createRequests(h) };
  }

  it("PENDING and COMPLETED rows are taken over once and followed: a refresh polls the PENDING one to COMPLETED at GatePay", () => {
    const { h, pending, completed, cells, creates } = oldVersionSheet();
    const validation = h.run("validatePayouts");
    expect(messageOf(validation)).not.toMatch(DAMAGE);

    const rows = recordSheetRows(h);
    for (const id of [pending, completed])
      expect({ id, events: rows.filter((r) => r.payoutId === id).map((r) => r.event) }).toEqual({
        id,
        events: ["queued", "sending", "update"],
      });
    expect(JSON.parse(recordRowOf(h, pending, "sending").details)).toEqual({
      provider: "GatePay",
      batchId: cells[pending]["Batch ID"],
      sentAt: cells[pending]["Submitted at"],
    });
    expect(JSON.parse(recordRowOf(h, pending, "update").details)).toMatchObject({
      source: "adopted",
      snapshot: { status: "PENDING", providerId: cells[pending]["Provider ID"] },
    });
    expect(JSON.parse(recordRowOf(h, completed, "update").details)).toMatchObject({
      source: "adopted",
      snapshot: { status: "COMPLETED", providerId: cells[completed]["Provider ID"] },
    });
    expect(rows.filter((row) => !checksOut(h, row))).toEqual([]);
    expect(h.emu.properties.get("RECORD_ENTRIES")).toBe(rows[rows.length - 1].seq);
    for (const id of [pending, completed]) expect(shown(h.rowById(id))).toEqual(shown(cells[id]));

    h.gatepay.settleAll();
    h.dropCallbacks(); // no callback: only the refresh's poll can tell
    const refresh = h.call<RefreshSummary>("refreshPayouts");
    expect(refresh.changed).toBe(1);
    const [entry] = gatepayEntries(h, pending);
    expect(entry.status).toBe("DONE");
    expect(h.rowById(pending)).toMatchObject({
      Status: "COMPLETED",
      "Provider ID": entry.suborderId,
      "Batch ID": entry.batchId,
      "Tx hash": entry.txId,
      "Done amount": entry.doneAmount,
    });
    expect(h.rowById(completed).Status).toBe("COMPLETED");
    expect(recordedStatuses(h, pending)).toEqual(["PENDING", "COMPLETED"]);
    expect(createRequests(h)).toEqual(creates);
    expectNoPayoutIdTwice(h);
  });

  it("a SUBMITTING row is held: looked up at CoinGate on every run, never sent, even when the lookup finds nothing", () => {
    const { h, creates } = oldVersionSheet();
    expectRan(h.run("validatePayouts"));
    expect(
      recordSheetRows(h)
        .filter((row) => row.payoutId === SUBMITTING_ID)
        .map((row) => row.event),
    ).toEqual(["queued", "sending", "held"]);
    expect(h.rowById(SUBMITTING_ID).Status).toBe("SUBMITTING");
    expect(h.rowById(SUBMITTING_ID).Error).toMatch(
      /^Taken over from an earlier version of the add-on while its create request may have been in flight: the add-on looks it up, and never sends it again by itself\./,
    );

    for (const run of ["refreshPayouts", "submitPayouts", "refreshPayouts"]) {
      const lookups = coingateLookups(h).length;
      expectRan(h.run(run));
      if (run === "refreshPayouts") expect(coingateLookups(h).length).toBeGreaterThan(lookups);
      expect({ run, status: h.rowById(SUBMITTING_ID).Status }).toEqual({
        run,
        status: "SUBMITTING",
      });
    }
    // CoinGate never had it, and still does not: the lookup's "absent" did not requeue it.
    // (The old QUEUED row went back to validation, so the submit above paid that one: GatePay.)
    expect(coingateEntries(h, SUBMITTING_ID)).toEqual([]);
    expect(createRequests(h)).toEqual({ ...creates, gatepay: creates.gatepay + 1 });
    expect(gatepayEntries(h, QUEUED_ID)).toHaveLength(1);
    expect(
      recordSheetRows(h)
        .filter((row) => row.payoutId === SUBMITTING_ID)
        .map((row) => row.event),
    ).not.toContain("absent");
  });

  it("a QUEUED row is not taken over: it goes back to validation, and a submit pays it once", () => {
    const { h } = oldVersionSheet();
    expectRan(h.run("validatePayouts"));
    // Only who prepared it (the person validating: no edit was seen), nothing of a payout.
    expect(
      recordSheetRows(h)
        .filter((row) => row.payoutId === QUEUED_ID)
        .map((row) => row.event),
    ).toEqual(["prepared"]);
    const row = h.rowById(QUEUED_ID);
    expect(row.Error).not.toMatch(/never sent/);
    expect(row.Status).toBe("VALID");

    expectRan(h.run("submitPayouts"));
    expect(gatepayEntries(h, QUEUED_ID)).toHaveLength(1);
  });

  it("a second run never adopts again: a COMPLETED row typed later is flagged as never sent", () => {
    const { h, completed, cells } = oldVersionSheet();
    expectRan(h.run("validatePayouts"));
    const entries = h.emu.properties.get("RECORD_ENTRIES");
    const record = recordSheetRows(h);
    expectRan(h.run("validatePayouts"));
    expect(h.emu.properties.get("RECORD_ENTRIES")).toBe(entries);
    expect(recordSheetRows(h)).toEqual(record);

    // The same cells an older version wrote, typed now, with a new Payout ID.
    const typed = "P20260101_typedlater";
    h.addRows([
      {
        ...(coingateRow({ Recipient: "Eve Late", Amount: "14" }) as Record<string, string>),
        "Payout ID": typed,
        Status: "COMPLETED",
        "Provider ID": "1001",
        "Submitted at": OLD_SENT_AT,
        "Submitted inputs": cells[completed]["Submitted inputs"],
      },
    ]);
    const validation = h.run("validatePayouts");
    expect(messageOf(validation)).toMatch(/row\(s\) claim a payout the add-on never sent/);
    expect(h.rowById(typed)).toMatchObject({ Status: "INVALID" });
    expect(h.rowById(typed).Error).toMatch(
      new RegExp(
        `^The add-on never sent Payout ID ${typed}, yet this row's Status or ID cells say it was sent`,
      ),
    );
    expect(recordSheetRows(h).filter((row) => row.payoutId === typed)).toEqual([]);
    expect(h.emu.properties.get("RECORD_ENTRIES")).toBe(entries);
    expectRan(h.run("submitPayouts"));
    expectRan(h.run("refreshPayouts"));
    expect(coingateEntries(h, typed)).toEqual([]);
  });

  it("adoption keeps each row's Submitted at, and does not call the adopted rows typed over", () => {
    const { h, pending, completed, cells } = oldVersionSheet();
    expectRan(h.run("validatePayouts"));
    const after = [pending, completed, SUBMITTING_ID].map((id) => ({
      id,
      submittedAt: h.rowById(id)["Submitted at"],
      typedOver: /did not show what the add-on recorded/.test(h.rowById(id).Error),
    }));
    expect(after).toEqual(
      [pending, completed, SUBMITTING_ID].map((id) => ({
        id,
        submittedAt: cells[id]["Submitted at"],
        typedOver: false,
      })),
    );
  });
});

describe("the record survives deleted rows", () => {
  it("a PROCESSING row deleted from Payouts is still followed to COMPLETED; its inputs pasted again get a double-payment warning, not a silent second payout", () => {
    const { h, gp, cg } = submittedPair();
    const deleted = h.rowById(cg);
    expect(deleted.Status).toBe("PROCESSING");
    h.emu.deleteRows("Payouts", sheetRowOf(h, byId(cg)), 1);
    expect(h.rows().map((row) => row["Payout ID"])).toEqual([gp]);

    const first = h.call<RefreshSummary>("refreshPayouts");
    expect(first.unseen).toBe(1);
    expect(first.message).toContain(
      "1 open payout(s) are on no row (deleted or renamed rows): the add-on still follows them",
    );

    h.coingate.settleAll();
    h.dropCallbacks(); // the callback is lost: only the refresh's poll can tell
    const second = h.call<RefreshSummary>("refreshPayouts");
    expect(second.changed).toBeGreaterThanOrEqual(1);
    expect(recordedStatuses(h, cg)).toEqual(["PROCESSING", "COMPLETED"]);
    expect(coingateEntries(h, cg).map((entry) => entry.status)).toEqual(["completed"]);
    expect(h.rows().map((row) => row["Payout ID"])).toEqual([gp]);

    // A person pastes the deleted row's inputs again, later.
    h.addRows([inputsOf(deleted)]);
    const validation = h.call<{ valid: number }>("validatePayouts");
    expect(validation.valid).toBe(1);
    const pasted = h.rows()[1];
    expect(pasted["Payout ID"]).not.toBe(cg);
    expect(pasted.Status).toBe("VALID");
    expect(pasted.Error).toContain(
      `Warning: payout ${cg} (COMPLETED) went to the same recipient, address, currency and amount; check this is not a double payment.`,
    );
    expect(createRequests(h)).toEqual({ gatepay: 1, coingate: 1 });
    expect(coingateEntries(h, cg)).toHaveLength(1);
  });
});

describe("the cost of opening the record", () => {
  /** GatePay payouts submitted and polled to COMPLETED: four entries each. */
  function journalOf(payouts: number, viaProcessing: boolean): Harness {
    const h = new Harness({ coingate: false });
    h.call("setupPayoutsSheet");
    h.addRows(
      Array.from({ length: payouts }, (_, i) =>
        gatepayRow({ Recipient: `Payee ${i + 1}`, Amount: String(10 + (i % 50)) }),
      ),
    );
    expect(h.call("submitPayouts")).toMatchObject({ created: payouts });
    if (viaProcessing) {
      for (const batch of new Set(h.gatepay.ledger().map((e) => e.batchId)))
        h.gatepay.advance(batch, "PROCESSING");
      h.dropCallbacks();
      expectRan(h.run("refreshPayouts"));
    }
    h.gatepay.settleAll();
    h.dropCallbacks();
    expectRan(h.run("refreshPayouts"));
    expect(new Set(h.rows().map((row) => row.Status))).toEqual(new Set(["COMPLETED"]));
    return h;
  }

  it("a validatePayouts run makes the same spreadsheet reads with a 6-entry and a 2,500-entry record", () => {
    const small = journalOf(1, true);
    const big = journalOf(500, false);
    expect(small.emu.properties.get("RECORD_ENTRIES")).toBe("6");
    expect(big.emu.properties.get("RECORD_ENTRIES")).toBe("2500");
    expect(recordSheetRows(big)).toHaveLength(2500);

    const runs = [small, big].map((h) => {
      const run = h.run("validatePayouts");
      expectRan(run);
      expect(messageOf(run)).not.toMatch(DAMAGE);
      return run.meter;
    });
    const [five, twoThousand] = runs;
    console.log(
      `validatePayouts: ${five.elapsedMs} virtual ms with a 6-entry record (1 row), ` +
        `${twoThousand.elapsedMs} virtual ms with a 2,500-entry record (500 rows); ` +
        `Range.getDisplayValues ${five.calls["Range.getDisplayValues"]} and ${twoThousand.calls["Range.getDisplayValues"]}, ` +
        `spreadsheet calls ${five.spreadsheetCalls} and ${twoThousand.spreadsheetCalls}`,
    );
    expect(twoThousand.calls["Range.getDisplayValues"]).toBe(five.calls["Range.getDisplayValues"]);
    expect(twoThousand.calls["Sheet.getLastRow"]).toBe(five.calls["Sheet.getLastRow"]);
    expect(twoThousand.spreadsheetCalls).toBe(five.spreadsheetCalls);
  });
});
