import { INPUT_KEYS } from "../../../src/domain/columns";
import { asAmount } from "../../../src/domain/money";
import type { PayoutSnapshot } from "../../../src/domain/payout";
import { foldRecords, type RecordEntry, type RecordEvent } from "../../../src/domain/record";
import { recordedDisputes, recordExceptions } from "../../../src/domain/reconciliation/exceptions";
import {
  contradictions,
  disagreement,
  statusSource,
} from "../../../src/domain/reconciliation/provider-facts";
import { totalsOf } from "../../../src/domain/reconciliation/totals";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const HOUR = 3_600_000;

function inputs(values: Partial<Record<(typeof INPUT_KEYS)[number], string>>): string[] {
  return INPUT_KEYS.map((key) => values[key] ?? "");
}

/** A payout's journal: queued, sending, then the given events. */
function history(
  provider: string,
  values: Parameters<typeof inputs>[0],
  ...events: RecordEvent[]
): RecordEntry[] {
  const all: RecordEvent[] = [
    { kind: "queued", provider, inputs: inputs(values) },
    { kind: "sending", batchId: provider === "GatePay" ? "B1" : undefined },
    ...events,
  ];
  return all.map((event, i) => ({
    seq: i + 1,
    at: new Date(T0 + i * 1000).toISOString(),
    payoutId: "P1",
    event,
  }));
}

const update = (source: "poll" | "callback", snapshot: Partial<PayoutSnapshot>): RecordEvent => ({
  kind: "update",
  source,
  snapshot,
});

function recordOf(entries: RecordEntry[]) {
  const record = foldRecords(entries).get("P1");
  if (!record) throw new Error("no record");
  return record;
}

const usdt = { currency: "USDT", amount: "30", network: "TRX" };
const context = { now: T0 + 2 * HOUR, staleAfterHours: 72 };

describe("recordExceptions", () => {
  it("reports FAILED and REJECTED payouts with the provider's word", () => {
    const failed = recordOf(
      history(
        "GatePay",
        usdt,
        update("poll", {
          status: "FAILED",
          providerStatus: "FAIL",
          error: "GatePay: address risk",
        }),
      ),
    );
    expect(recordExceptions(failed, context)).toEqual([
      expect.objectContaining({ kind: "FAILED", providerSays: "FAIL: GatePay: address risk" }),
    ]);
    const rejected = recordOf(
      history("GatePay", usdt, { kind: "rejected", reason: "Insufficient balance" }),
    );
    expect(recordExceptions(rejected, context).map((l) => l.kind)).toEqual(["REJECTED"]);
  });

  it("calls a payout STUCK only once it is open past STALE_AFTER_HOURS", () => {
    const open = recordOf(
      history(
        "GatePay",
        usdt,
        update("poll", { status: "PROCESSING", providerStatus: "PROCESSING" }),
      ),
    );
    const at = (hours: number) => ({ ...context, now: T0 + hours * HOUR });
    expect(recordExceptions(open, at(71))).toEqual([]);
    expect(recordExceptions(open, at(73))).toEqual([
      expect.objectContaining({
        kind: "STUCK",
        explanation: expect.stringContaining("Still PROCESSING 72 hours"),
      }),
    ]);
    const done = recordOf(
      history("GatePay", usdt, update("poll", { status: "COMPLETED", doneAmount: asAmount("30") })),
    );
    expect(recordExceptions(done, at(500))).toEqual([]);
  });

  it("holds a completed payout's Done amount against what the fee mode promises", () => {
    const paid = (done: string) =>
      recordOf(
        history(
          "GatePay",
          usdt,
          update("poll", { status: "COMPLETED", doneAmount: asAmount(done), fee: asAmount("1") }),
        ),
      );
    const promise = { amount: asAmount("29"), rule: "GatePay's fee mode recipient" };
    expect(recordExceptions(paid("29.000"), { ...context, promise })).toEqual([]);
    expect(recordExceptions(paid("30"), { ...context, promise })).toEqual([
      expect.objectContaining({
        kind: "AMOUNT_MISMATCH",
        explanation: expect.stringContaining(
          "received 30, but GatePay's fee mode recipient promises 29 (a difference of 1)",
        ),
      }),
    ]);
    // Nothing promised (an amount in another currency): nothing to hold it against.
    expect(recordExceptions(paid("30"), context)).toEqual([]);
  });
});

describe("the record against the provider's API", () => {
  it("knows whether a callback set the record's status", () => {
    expect(
      statusSource(
        history(
          "CoinGate",
          usdt,
          update("poll", { status: "PENDING" }),
          update("callback", { status: "PROCESSING" }),
        ),
      ),
    ).toBe("callback");
    expect(
      statusSource(
        history(
          "CoinGate",
          usdt,
          update("callback", { status: "PROCESSING" }),
          update("poll", { status: "COMPLETED" }),
        ),
      ),
    ).toBe("poll");
  });

  it("accepts an API ahead of the record, and flags one behind it or final otherwise", () => {
    const processing = recordOf(
      history("CoinGate", usdt, update("callback", { status: "PROCESSING", providerId: "11" })),
    );
    const api = (
      status: PayoutSnapshot["status"],
      more: Partial<PayoutSnapshot> = {},
    ): PayoutSnapshot => ({
      payoutId: "P1",
      status,
      providerStatus: String(status).toLowerCase(),
      ...more,
    });
    expect(contradictions(processing, api("PROCESSING"))).toEqual([]);
    expect(contradictions(processing, api("COMPLETED"))).toEqual([]);
    expect(contradictions(processing, api("PENDING"))).toEqual([
      "the record has PROCESSING, the API PENDING",
    ]);
    expect(contradictions(processing, api("PROCESSING", { providerId: "12" }))).toEqual([
      "the record has provider ID 11, the API 12",
    ]);
    const line = disagreement(
      processing,
      history("CoinGate", usdt, update("callback", { status: "PROCESSING", providerId: "11" })),
      api("PENDING"),
    );
    expect(line).toMatchObject({
      kind: "DISAGREEMENT",
      explanation: expect.stringContaining("A callback told the add-on"),
    });
    const failed = recordOf(history("CoinGate", usdt, update("poll", { status: "FAILED" })));
    expect(contradictions(failed, api("COMPLETED"))).toEqual([
      "the record has FAILED, the API COMPLETED",
    ]);
    // PENDING and NEEDS_ACTION are the same stage: a 2FA flag cleared is no contradiction.
    const waiting = recordOf(history("CoinGate", usdt, update("poll", { status: "NEEDS_ACTION" })));
    expect(contradictions(waiting, api("PENDING"))).toEqual([]);
  });

  it("reads the disputes callbacks left in the record, one line per payout", () => {
    const note = (said: string, api: string): RecordEvent => ({
      kind: "note",
      text: `A callback said ${said}, but the API says ${api}.`,
      dispute: { callback: said, provider: api },
    });
    const entries = history(
      "CoinGate",
      usdt,
      update("poll", { status: "PROCESSING" }),
      note("COMPLETED", "PROCESSING"),
      note("FAILED", "PROCESSING"),
    );
    const line = recordedDisputes(recordOf(entries), entries);
    expect(line).toMatchObject({
      kind: "DISAGREEMENT",
      providerSays: "the API said PROCESSING when the callback came",
    });
    expect(line?.recordSays).toContain("a callback said FAILED (2 such callbacks");
    const quiet = history("CoinGate", usdt, update("poll", { status: "PROCESSING" }));
    expect(recordedDisputes(recordOf(quiet), quiet)).toBeUndefined();
  });
});

describe("totalsOf", () => {
  it("counts rows and sums completed amounts per provider and currency, each amount in its own", () => {
    const records = [
      recordOf(
        history(
          "GatePay",
          { currency: "USDT", amount: "10.1" },
          update("poll", {
            status: "COMPLETED",
            sentAmount: asAmount("11.1"),
            fee: asAmount("1"),
            feeCurrency: "USDT",
            doneAmount: asAmount("10.1"),
          }),
        ),
      ),
      recordOf(
        history(
          "GatePay",
          { currency: "USDT", amount: "0.2" },
          update("poll", {
            status: "COMPLETED",
            sentAmount: asAmount("1.2"),
            fee: asAmount("1"),
            feeCurrency: "USDT",
            doneAmount: asAmount("0.2"),
          }),
        ),
      ),
      recordOf(
        history("GatePay", { currency: "USDT", amount: "5" }, update("poll", { status: "FAILED" })),
      ),
      recordOf(
        history(
          "GatePay",
          { currency: "USDT", amount: "7" },
          update("poll", { status: "PROCESSING" }),
        ),
      ),
      recordOf(
        history(
          "CoinGate",
          { currency: "USDT", amount: "200", amountCurrency: "EUR" },
          update("poll", {
            status: "COMPLETED",
            sentAmount: asAmount("218.16"),
            fee: asAmount("2.16"),
            feeCurrency: "USDT",
            doneAmount: asAmount("216"),
          }),
        ),
      ),
    ];
    expect(totalsOf(records)).toEqual([
      {
        provider: "CoinGate",
        currency: "EUR",
        rows: 0,
        completed: 0,
        open: 0,
        failed: 0,
        requested: "200",
        sent: "0",
        fees: "0",
        done: "0",
      },
      {
        provider: "CoinGate",
        currency: "USDT",
        rows: 1,
        completed: 1,
        open: 0,
        failed: 0,
        requested: "0",
        sent: "218.16",
        fees: "2.16",
        done: "216",
      },
      // 10.1 + 0.2 is 10.3 exactly, never 10.299999999999999.
      {
        provider: "GatePay",
        currency: "USDT",
        rows: 4,
        completed: 2,
        open: 1,
        failed: 1,
        requested: "22.3",
        sent: "12.3",
        fees: "2",
        done: "10.3",
      },
    ]);
  });
});
