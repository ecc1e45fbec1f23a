import { asAmount, type Amount } from "../../src/domain/money";
/**
 * The payout record's state machine (domain/record.ts), pure: which event applies in which phase
 * and what it leaves, the rules that keep money safe (a created payout never goes back, its
 * provider IDs never change, a terminal status never moves), and that replaying the journal
 * (foldRecords) gives exactly the state that applying its entries one by one gave.
 */
import fc from "fast-check";
import {
  applyEvent,
  foldRecords,
  identityConflict,
  isOpen,
  isWaitingToSend,
  mayHaveLeft,
  type PayoutRecord,
  type Phase,
  type RecordEntry,
  type RecordEvent,
  type UpdateSource,
} from "../../src/domain/record";
import type { PayoutSnapshot } from "../../src/domain/payout";
import { STATUSES, TERMINAL_STATUSES, canMove, type Status } from "../../src/domain/status";

const ID = "P20260105_aaaa";
const START = Date.parse("2026-01-05T09:00:00.000Z");

/** The n-th entry's time: one second apart, so "first" and "later" times differ. */
const at = (seq: number) => new Date(START + seq * 1000).toISOString();

function entry(seq: number, event: RecordEvent, payoutId = ID): RecordEntry {
  return { seq, at: at(seq), payoutId, event };
}

/** The record these events make, applied one by one; fails loudly if one of them is refused. */
function build(events: RecordEvent[]): PayoutRecord | undefined {
  let record: PayoutRecord | undefined;
  events.forEach((event, index) => {
    const next = applyEvent(record, entry(index + 1, event));
    if (!next) throw new Error(`Setup event ${index + 1} (${event.kind}) was refused`);
    record = next;
  });
  return record;
}

/** Applies one more event after `events`; undefined when it is refused. */
function after(events: RecordEvent[], event: RecordEvent): PayoutRecord | undefined {
  return applyEvent(build(events), entry(events.length + 1, event));
}

const INPUTS = [
  "GatePay",
  "Ann Lee",
  "",
  "",
  "",
  "",
  "USDT",
  "TRC20",
  "T...",
  "",
  "25",
  "",
  "",
  "",
];
const QUEUED: RecordEvent = { kind: "queued", provider: "GatePay", inputs: INPUTS };
const SENDING: RecordEvent = { kind: "sending", batchId: "B1" };
const CREATED: RecordEvent = {
  kind: "update",
  source: "submit",
  snapshot: {
    payoutId: ID,
    status: "PENDING",
    providerStatus: "INIT",
    providerId: "900",
    batchId: "B1",
  },
};

function update(
  snapshot: Partial<PayoutSnapshot>,
  source: UpdateSource = "poll",
): Extract<RecordEvent, { kind: "update" }> {
  return { kind: "update", source, snapshot };
}

type Start = Phase | "none";

/** How to reach each phase (and "no record yet"). */
const PHASES: Record<Start, RecordEvent[]> = {
  none: [],
  queued: [QUEUED],
  sending: [QUEUED, SENDING],
  absent: [QUEUED, SENDING, { kind: "absent" }],
  held: [QUEUED, SENDING, { kind: "held", reason: "may exist" }],
  created: [QUEUED, SENDING, CREATED],
  rejected: [QUEUED, SENDING, { kind: "rejected", reason: "refused" }],
  returned: [QUEUED, { kind: "returned", reason: "edited" }],
};
const STARTS = Object.keys(PHASES) as Start[];

/** "phase/STATUS" of what the event leaves, or "refused". */
function outcome(start: Start, event: RecordEvent): string {
  const record = after(PHASES[start], event);
  return record ? `${record.phase}/${record.status}` : "refused";
}

/** The expected outcome from every start: the listed ones, every other start refused. */
function only(applies: Partial<Record<Start, string>>): Record<Start, string> {
  return Object.fromEntries(STARTS.map((start) => [start, applies[start] ?? "refused"])) as Record<
    Start,
    string
  >;
}

const PROCESSING = { payoutId: ID, status: "PROCESSING", providerStatus: "PROCESSING" } as const;

describe("every event kind from every phase", () => {
  const table: [string, RecordEvent, Record<Start, string>][] = [
    ["queued", QUEUED, only({ none: "queued/QUEUED", returned: "queued/QUEUED" })],
    [
      "returned",
      { kind: "returned", reason: "inputs changed" },
      only({ queued: "returned/", absent: "returned/" }),
    ],
    [
      "sending",
      { kind: "sending", batchId: "B2" },
      only({ queued: "sending/SUBMITTING", absent: "sending/SUBMITTING" }),
    ],
    // applyEvent itself lets a held payout be confirmed absent: that a held payout is never
    // requeued by a lookup is the app's rule (submit-queue), checked in record.e2e.test.ts.
    ["absent", { kind: "absent" }, only({ sending: "absent/QUEUED", held: "absent/QUEUED" })],
    [
      "absent (unsent)",
      { kind: "absent", unsent: true },
      only({ sending: "absent/QUEUED", held: "absent/QUEUED" }),
    ],
    [
      "rejected",
      { kind: "rejected", reason: "no balance" },
      only({ sending: "rejected/REJECTED", held: "rejected/REJECTED" }),
    ],
    [
      "held (a new reason)",
      { kind: "held", reason: "look it up" },
      only({ sending: "held/SUBMITTING", held: "held/SUBMITTING" }),
    ],
    ...(["submit", "callback", "poll"] as const).map(
      (source): [string, RecordEvent, Record<Start, string>] => [
        `update from ${source}`,
        update(PROCESSING, source),
        only({
          sending: "created/PROCESSING",
          held: "created/PROCESSING",
          created: "created/PROCESSING",
        }),
      ],
    ),
    ...(["recovery", "adopted"] as const).map(
      (source): [string, RecordEvent, Record<Start, string>] => [
        `update from ${source}`,
        update(PROCESSING, source),
        only({
          queued: "created/PROCESSING",
          absent: "created/PROCESSING",
          sending: "created/PROCESSING",
          held: "created/PROCESSING",
          created: "created/PROCESSING",
        }),
      ],
    ),
    [
      "note",
      { kind: "note", text: "check this" },
      only({
        queued: "queued/QUEUED",
        sending: "sending/SUBMITTING",
        absent: "absent/QUEUED",
        held: "held/SUBMITTING",
        created: "created/PENDING",
        rejected: "rejected/REJECTED",
      }),
    ],
  ];

  it.each(table)("%s", (_, event, expected) => {
    const outcomes = Object.fromEntries(STARTS.map((start) => [start, outcome(start, event)]));
    expect(outcomes).toEqual(expected);
  });

  it("reaches every phase with the status it shows, and classifies them", () => {
    const seen = Object.fromEntries(
      STARTS.filter((start) => start !== "none").map((start) => {
        const record = build(PHASES[start]) as PayoutRecord;
        return [
          start,
          {
            phase: record.phase,
            status: record.status,
            mayHaveLeft: mayHaveLeft(record),
            waiting: isWaitingToSend(record),
            open: isOpen(record),
          },
        ];
      }),
    );
    expect(seen).toEqual({
      queued: { phase: "queued", status: "QUEUED", mayHaveLeft: false, waiting: true, open: true },
      sending: {
        phase: "sending",
        status: "SUBMITTING",
        mayHaveLeft: true,
        waiting: false,
        open: true,
      },
      // Confirmed absent after one send: it may be sent again, and a send may have left before.
      absent: { phase: "absent", status: "QUEUED", mayHaveLeft: true, waiting: true, open: true },
      held: { phase: "held", status: "SUBMITTING", mayHaveLeft: true, waiting: false, open: true },
      created: {
        phase: "created",
        status: "PENDING",
        mayHaveLeft: true,
        waiting: false,
        open: true,
      },
      rejected: {
        phase: "rejected",
        status: "REJECTED",
        mayHaveLeft: true,
        waiting: false,
        open: false,
      },
      returned: { phase: "returned", status: "", mayHaveLeft: false, waiting: false, open: false },
    });
  });
});

describe("queued, sending, absent", () => {
  it("queued again only after returned: new inputs, nothing of the old details, sends and sentAt kept", () => {
    for (const start of STARTS.filter((s) => s !== "none" && s !== "returned"))
      expect({ start, record: after(PHASES[start], QUEUED) }).toEqual({ start, record: undefined });

    const newInputs = INPUTS.map((text) => (text === "25" ? "30" : text));
    const record = build([
      QUEUED,
      SENDING,
      { kind: "absent" },
      { kind: "returned", reason: "edited after the lookup" },
      { kind: "queued", provider: "GatePay", inputs: newInputs },
    ]) as PayoutRecord;
    expect(record).toMatchObject({
      phase: "queued",
      status: "QUEUED",
      inputs: newInputs,
      details: {},
      error: "",
      queuedAt: at(5),
      sends: 1,
      sentAt: at(2),
      lastSeq: 5,
    });
    expect(mayHaveLeft(record)).toBe(false);
  });

  it("sending counts every send and keeps the first sentAt; it records the batch and clears the error", () => {
    const first = build([QUEUED, SENDING]) as PayoutRecord;
    expect(first).toMatchObject({ sends: 1, sentAt: at(2), details: { batchId: "B1" }, error: "" });

    const again = build([
      QUEUED,
      SENDING,
      { kind: "note", text: "No answer" },
      { kind: "absent" },
      { kind: "note", text: "still queued" },
      { kind: "sending", batchId: "B2" },
    ]) as PayoutRecord;
    expect(again).toMatchObject({
      phase: "sending",
      sends: 2,
      sentAt: at(2),
      details: { batchId: "B2" },
      error: "",
      lastSeq: 6,
    });

    // CoinGate sends carry no batch: the details start empty.
    const coingate = build([
      { ...QUEUED, provider: "CoinGate" } as RecordEvent,
      { kind: "sending" },
    ]);
    expect(coingate?.details).toEqual({});
  });

  it("absent with unsent gives the send back; plain absent keeps it counted", () => {
    const refused = build([QUEUED, SENDING, { kind: "absent", unsent: true }]) as PayoutRecord;
    expect(refused).toMatchObject({ phase: "absent", status: "QUEUED", sends: 0, details: {} });
    expect(mayHaveLeft(refused)).toBe(false);

    const lost = build([QUEUED, SENDING, { kind: "absent" }]) as PayoutRecord;
    expect(lost).toMatchObject({ phase: "absent", status: "QUEUED", sends: 1, details: {} });
    expect(mayHaveLeft(lost)).toBe(true);

    // Two sends, the second refused at the door: one may still have left.
    const twice = build([
      QUEUED,
      SENDING,
      { kind: "absent" },
      SENDING,
      { kind: "absent", unsent: true },
    ]) as PayoutRecord;
    expect(twice.sends).toBe(1);
    expect(mayHaveLeft(twice)).toBe(true);
  });
});

describe("held", () => {
  const HELD = PHASES.held;

  it("keeps its status and phase: the same reason again changes nothing, a new one replaces it", () => {
    expect(after(HELD, { kind: "held", reason: "may exist" })).toBeUndefined();
    expect(after(HELD, { kind: "held", reason: "a person checks" })).toMatchObject({
      phase: "held",
      status: "SUBMITTING",
      error: "a person checks",
    });
    expect(after(HELD, { kind: "note", text: "not found yet" })).toMatchObject({
      phase: "held",
      error: "not found yet",
    });
  });

  it("is never sent again from its own phase, nor sent back to review", () => {
    const record = build(HELD) as PayoutRecord;
    expect(isWaitingToSend(record)).toBe(false);
    expect(after(HELD, { kind: "sending", batchId: "B2" })).toBeUndefined();
    expect(after(HELD, { kind: "returned", reason: "edited" })).toBeUndefined();
    expect(after(HELD, QUEUED)).toBeUndefined();
  });

  it("is settled by what a lookup finds at the provider", () => {
    expect(after(HELD, update({ ...PROCESSING, batchId: "B1" }, "recovery"))).toMatchObject({
      phase: "created",
      status: "PROCESSING",
      error: "",
    });
    // ...but not by a payout in another batch.
    expect(after(HELD, update({ ...PROCESSING, batchId: "B9" }, "recovery"))).toBeUndefined();
  });

  it("applyEvent's own rule: a held payout may be confirmed absent (the app never records it)", () => {
    // The pure state machine accepts it, so the guarantee that a held payout is never sent again
    // by a lookup rests on the app alone: submit-queue's lookUpUnsettled records `absent` only
    // for the `sending` phase. See "a SUBMITTING row ... is held" in record.e2e.test.ts.
    const record = after(HELD, { kind: "absent" }) as PayoutRecord;
    expect(record).toMatchObject({ phase: "absent", status: "QUEUED" });
    expect(isWaitingToSend(record)).toBe(true);
  });
});

describe("update", () => {
  const CREATED_AT: RecordEvent[] = [...PHASES.created, update(PROCESSING)];

  it("never moves a status backwards", () => {
    expect((build(CREATED_AT) as PayoutRecord).status).toBe("PROCESSING");
    for (const status of ["PENDING", "NEEDS_ACTION", "SUBMITTING", "QUEUED", "VALID", ""] as const)
      expect({ status, record: after(CREATED_AT, update({ ...PROCESSING, status })) }).toEqual({
        status,
        record: undefined,
      });
    // PENDING and NEEDS_ACTION never replace each other.
    expect(after(PHASES.created, update({ status: "NEEDS_ACTION" }))).toBeUndefined();
  });

  it("fills in details while the status stays, and changes nothing when nothing is new", () => {
    const later = after(CREATED_AT, update({ ...PROCESSING, txHash: "0xabc" }));
    expect(later).toMatchObject({ status: "PROCESSING", details: { txHash: "0xabc" } });
    expect(after(CREATED_AT, update(PROCESSING))).toBeUndefined();
    // Empty values never wipe a recorded detail.
    const withFee = [...CREATED_AT, update({ ...PROCESSING, fee: asAmount("1") })];
    // (A provider's empty fee: not an amount, and the record must ignore it.)
    expect(after(withFee, update({ ...PROCESSING, fee: "" as Amount }))).toBeUndefined();
  });

  it("is refused when it names another Payout ID, provider ID or batch ID (identityConflict)", () => {
    const record = build(PHASES.created) as PayoutRecord;
    expect(record.details).toMatchObject({ providerId: "900", batchId: "B1" });
    const conflicts: [Partial<PayoutSnapshot>, string | undefined][] = [
      [{ payoutId: ID }, undefined],
      [{ payoutId: "P20260105_other" }, "it names Payout ID P20260105_other"],
      [{ providerId: "900", batchId: "B1" }, undefined],
      [{ providerId: "901" }, "its provider ID 901 is not the recorded 900"],
      [{ batchId: "B2" }, "its batch ID B2 is not the recorded B1"],
      // Nothing said, nothing contradicted.
      [{ providerId: "", batchId: undefined }, undefined],
    ];
    for (const [snapshot, conflict] of conflicts) {
      expect({ snapshot, conflict: identityConflict(record, snapshot) }).toEqual({
        snapshot,
        conflict,
      });
      const applied = after(PHASES.created, update({ status: "PROCESSING", ...snapshot }));
      if (conflict) expect({ snapshot, applied }).toEqual({ snapshot, applied: undefined });
      else expect(applied?.status).toBe("PROCESSING");
    }
    // A record without IDs yet takes the first ones it is told, and keeps them.
    const sending = build([QUEUED, { kind: "sending" }]) as PayoutRecord;
    expect(identityConflict(sending, { providerId: "901", batchId: "B7" })).toBeUndefined();
    const found = after(
      [QUEUED, { kind: "sending" }],
      update({ ...PROCESSING, providerId: "901" }),
    );
    expect(found?.details.providerId).toBe("901");
    // A sending payout in batch B1 is not updated from another batch.
    expect(after(PHASES.sending, update({ ...PROCESSING, batchId: "B2" }))).toBeUndefined();
  });

  it("from a waiting phase only with source recovery or adopted, counted from SUBMITTING", () => {
    for (const start of ["queued", "absent"] as const) {
      for (const source of ["submit", "callback", "poll"] as const)
        expect({ start, source, record: after(PHASES[start], update(PROCESSING, source)) }).toEqual(
          {
            start,
            source,
            record: undefined,
          },
        );
      for (const source of ["recovery", "adopted"] as const) {
        // Found while the record still had it waiting: it exists, at least SUBMITTING.
        expect(after(PHASES[start], update({ status: "SUBMITTING" }, source))).toMatchObject({
          phase: "created",
          status: "SUBMITTING",
        });
        // QUEUED would be a step back from SUBMITTING.
        expect(after(PHASES[start], update({ status: "QUEUED" }, source))).toBeUndefined();
      }
    }
  });

  it("keeps the status of an unknown provider word and says so; a move clears the error", () => {
    const unknown = after(PHASES.created, update({ status: null, providerStatus: "FROZEN" }));
    expect(unknown).toMatchObject({
      status: "PENDING",
      details: { providerStatus: "FROZEN" },
      error: 'Unknown provider status "FROZEN": the row keeps its status.',
    });
    const noted = [...PHASES.created, { kind: "note", text: "No answer" } as RecordEvent];
    expect(after(noted, update(PROCESSING))?.error).toBe("");
    expect(after(noted, update({ status: "FAILED", error: "address refused" }))).toMatchObject({
      status: "FAILED",
      error: "address refused",
    });
  });
});

describe("terminal statuses never change", () => {
  const others: RecordEvent[] = [
    QUEUED,
    SENDING,
    { kind: "returned", reason: "x" },
    { kind: "absent" },
    { kind: "absent", unsent: true },
    { kind: "rejected", reason: "x" },
    { kind: "held", reason: "x" },
    { kind: "note", text: "x" },
    ...(["submit", "callback", "poll", "recovery", "adopted"] as const).flatMap((source) =>
      [...STATUSES, null].map((status) => update({ status, providerStatus: "late" }, source)),
    ),
  ];

  it.each([...TERMINAL_STATUSES])("%s", (terminal) => {
    const events: RecordEvent[] =
      terminal === "REJECTED"
        ? PHASES.rejected
        : [...PHASES.created, update({ status: terminal, providerStatus: terminal })];
    const record = build(events) as PayoutRecord;
    expect(record.status).toBe(terminal);
    expect(isOpen(record)).toBe(false);
    for (const event of others) {
      const next = after(events, event);
      expect({ event, status: next?.status ?? terminal }).toEqual({ event, status: terminal });
    }
  });

  it("a late detail may still fill in a completed payout", () => {
    const done = [...PHASES.created, update({ status: "COMPLETED", providerStatus: "DONE" })];
    expect(after(done, update({ status: "COMPLETED", txHash: "0xfeed" }))).toMatchObject({
      status: "COMPLETED",
      details: { txHash: "0xfeed" },
    });
  });
});

describe("note", () => {
  it("sets the error and nothing else; the same text twice, or a returned payout, changes nothing", () => {
    for (const start of STARTS.filter((s) => s !== "none" && s !== "returned")) {
      const before = build(PHASES[start]) as PayoutRecord;
      const next = after(PHASES[start], { kind: "note", text: "look at this" });
      expect(next).toEqual({ ...before, error: "look at this", lastSeq: PHASES[start].length + 1 });
      expect(
        after([...PHASES[start], { kind: "note", text: "look at this" }], {
          kind: "note",
          text: "look at this",
        }),
      ).toBeUndefined();
    }
    expect(after(PHASES.returned, { kind: "note", text: "x" })).toBeUndefined();
    expect(after([], { kind: "note", text: "x" })).toBeUndefined();
  });
});

describe("foldRecords", () => {
  it("replays interleaved payouts to the same state as applying one by one, skipping what does not apply", () => {
    const A = "P_A";
    const B = "P_B";
    const events: [string, RecordEvent][] = [
      [A, QUEUED],
      [B, { kind: "queued", provider: "CoinGate", inputs: ["CoinGate", "Bo"] }],
      [A, update(PROCESSING, "poll")], // refused: A is waiting
      [B, { kind: "sending" }],
      [A, SENDING],
      [B, update({ payoutId: B, status: "PROCESSING", providerId: "1001" }, "submit")],
      [A, { kind: "note", text: "No answer" }],
      [A, { kind: "absent" }],
      [B, update({ payoutId: B, status: "PENDING" }, "callback")], // refused: backwards
      [A, { kind: "sending", batchId: "B2" }],
      [A, update({ payoutId: A, status: "PENDING", batchId: "B2", providerId: "77" }, "submit")],
      [B, update({ payoutId: B, status: "COMPLETED", providerId: "1002" }, "poll")], // refused: other ID
      [B, update({ payoutId: B, status: "COMPLETED", providerId: "1001" }, "poll")],
      ["P_C", { kind: "sending" }], // refused: never queued
    ];
    const entries = events.map(([payoutId, event], index) => entry(index + 1, event, payoutId));

    const byHand = new Map<string, PayoutRecord>();
    const refused: number[] = [];
    for (const e of entries) {
      const next = applyEvent(byHand.get(e.payoutId), e);
      if (next) byHand.set(e.payoutId, next);
      else refused.push(e.seq);
    }
    expect(refused).toEqual([3, 9, 12, 14]);
    const folded = foldRecords(entries);
    expect(folded).toEqual(byHand);
    expect([...folded.keys()]).toEqual([A, B]);
    expect(folded.get(A)).toMatchObject({
      phase: "created",
      status: "PENDING",
      sends: 2,
      sentAt: at(5),
      details: { batchId: "B2", providerId: "77" },
      lastSeq: 11,
    });
    expect(folded.get(B)).toMatchObject({
      status: "COMPLETED",
      details: { providerId: "1001" },
      lastSeq: 13,
    });
    // Replaying twice is the same: nothing depends on anything but the entries.
    expect(foldRecords(entries)).toEqual(folded);
  });
});

describe("property: random journals", () => {
  const idArb = fc.constantFrom("P1", "P2");
  const statusArb = fc.constantFrom<Status | null>(...STATUSES, null);
  // The snapshot names its own payout most of the time ("same"), now and then another one.
  const snapshotArb: fc.Arbitrary<Partial<PayoutSnapshot>> = fc.record(
    {
      payoutId: fc.constantFrom("same", "same", "same", "P9"),
      status: statusArb,
      providerStatus: fc.constantFrom("INIT", "PROCESSING", "DONE", "odd"),
      providerId: fc.constantFrom("900", "901", ""),
      batchId: fc.constantFrom("B1", "B2", ""),
      txHash: fc.constantFrom("0xa", "0xb"),
      error: fc.constantFrom("", "refused"),
    },
    { requiredKeys: ["status"] },
  );
  const eventArb: fc.Arbitrary<RecordEvent> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("queued" as const),
        provider: fc.constantFrom("GatePay" as const, "CoinGate" as const),
        inputs: fc.array(fc.constantFrom("a", "b"), { maxLength: 2 }),
      }),
    },
    { weight: 1, arbitrary: fc.constant<RecordEvent>({ kind: "returned", reason: "back" }) },
    {
      weight: 3,
      arbitrary: fc
        .option(fc.constantFrom("B1", "B2"), { nil: undefined })
        .map((batchId): RecordEvent =>
          batchId ? { kind: "sending", batchId } : { kind: "sending" },
        ),
    },
    {
      weight: 2,
      arbitrary: fc.boolean().map((unsent): RecordEvent => ({ kind: "absent", unsent })),
    },
    { weight: 1, arbitrary: fc.constant<RecordEvent>({ kind: "rejected", reason: "no" }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("h1", "h2")
        .map((reason): RecordEvent => ({ kind: "held", reason })),
    },
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          fc.constantFrom<UpdateSource>("submit", "callback", "poll", "recovery", "adopted"),
          snapshotArb,
        )
        .map(([source, snapshot]): RecordEvent => ({ kind: "update", source, snapshot })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom("n1", "n2").map((text): RecordEvent => ({ kind: "note", text })),
    },
  );
  const journalArb = fc
    .array(fc.tuple(idArb, eventArb), { minLength: 10, maxLength: 40, size: "max" })
    .map((events) =>
      events.map(([payoutId, event], index) =>
        entry(
          index + 1,
          event.kind === "update" && event.snapshot.payoutId === "same"
            ? { ...event, snapshot: { ...event.snapshot, payoutId } }
            : event,
          payoutId,
        ),
      ),
    );

  /** What is wrong with one step of a payout's record, in words; empty when nothing is. */
  function problems(before: PayoutRecord, now: PayoutRecord, entry: RecordEntry): string[] {
    const found: string[] = [];
    const { kind } = entry.event;
    const step = `${entry.seq} ${kind}: ${before.phase}/${before.status} -> ${now.phase}/${now.status}`;
    // Only "never arrived" (absent) and "back to review" (returned, queued again) move a status
    // back, and none of them applies once the provider has the payout.
    const forward = now.status === before.status || canMove(before.status, now.status);
    if (!forward && !["absent", "returned", "queued"].includes(kind))
      found.push(`${step}: status moved backwards`);
    if (
      (before.phase === "created" || before.phase === "rejected") &&
      !["update", "note"].includes(kind)
    )
      found.push(`${step}: a payout the provider has went back`);
    if (TERMINAL_STATUSES.has(before.status) && now.status !== before.status)
      found.push(`${step}: a terminal status changed`);
    if (before.details.providerId && now.details.providerId !== before.details.providerId)
      found.push(`${step}: provider ID ${before.details.providerId} -> ${now.details.providerId}`);
    // A batch ID goes only with a payout confirmed absent from that batch.
    if (
      before.details.batchId &&
      kind !== "absent" &&
      now.details.batchId !== before.details.batchId
    )
      found.push(`${step}: batch ID ${before.details.batchId} -> ${now.details.batchId}`);
    // Only a request refused before it ever left takes its send time back.
    const neverLeft = entry.event.kind === "absent" && entry.event.unsent && now.sends === 0;
    if (before.sentAt && now.sentAt !== before.sentAt && !(neverLeft && !now.sentAt))
      found.push(`${step}: sentAt changed`);
    if (now.sends < 0) found.push(`${step}: sends ${now.sends}`);
    if (now.lastSeq !== entry.seq) found.push(`${step}: lastSeq ${now.lastSeq}`);
    return found;
  }

  it("never moves a status backwards, never changes a provider ID or batch ID once set", () => {
    const reached = { created: 0, terminal: 0, held: 0, resent: 0 };
    fc.assert(
      fc.property(journalArb, (entries) => {
        const found: string[] = [];
        const byHand = new Map<string, PayoutRecord>();
        for (let i = 0; i < entries.length; i++) {
          const entry = entries[i];
          const before = byHand.get(entry.payoutId);
          const now = applyEvent(before, entry);
          if (now) byHand.set(entry.payoutId, now);
          // What foldRecords yields for the journal so far is exactly the records applied so far.
          const folded = foldRecords(entries.slice(0, i + 1));
          if (JSON.stringify([...folded]) !== JSON.stringify([...byHand]))
            found.push(`${entry.seq}: foldRecords differs from applying one by one`);
          if (!before || !now) continue;
          found.push(...problems(before, now, entry));
          if (now.phase === "created") reached.created++;
          if (TERMINAL_STATUSES.has(now.status)) reached.terminal++;
          if (now.phase === "held") reached.held++;
          if (now.sends > 1) reached.resent++;
        }
        expect(found).toEqual([]);
        expect(foldRecords(entries)).toEqual(byHand);
      }),
      { numRuns: 300 },
    );
    // The generator reaches the phases that matter often enough for the property to mean something.
    expect(reached.created).toBeGreaterThan(100);
    expect(reached.terminal).toBeGreaterThan(50);
    expect(reached.held).toBeGreaterThan(5);
    expect(reached.resent).toBeGreaterThan(5);
  });
});
