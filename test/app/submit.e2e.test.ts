/**
 * Submitting payouts end to end, through the built bundle in the emulator against both provider
 * simulators: re-validation, the QUEUED -> SUBMITTING -> answer protocol under the script lock,
 * GatePay batching, CoinGate payees and send requests, lost and failed answers, concurrent runs,
 * the time budget with its continuation trigger, and the preview's fingerprint.
 */
import type { Harness } from "../support/harness";
import type { WireRequest } from "../support/wire";
import {
  EVM,
  SOLANA,
  TRON,
  coingateRow,
  expectRan,
  expectSheetMatchesLedgers,
  gatepayRow,
  harnessWith,
  intercept,
  isCreateRequest,
  settle,
  statuses,
} from "./submit-support";
import { retypePayouts } from "./callback-support";

const EUR_ACCOUNT = "01JNQWKKJ6WXN8BZT1Y66B6G9K";

interface Summary {
  ok: boolean;
  message: string;
  created?: number;
  rejected?: number;
  remaining?: number;
  continuing?: boolean;
}

function gatepayCreates(h: Harness): { batchId: string; ids: string[] }[] {
  return h.gatepay.received.filter(isCreateRequest).map((request) => {
    const body = JSON.parse(request.body) as {
      batch_id: string;
      withdraw_list: { merchant_withdraw_id: string }[];
    };
    return { batchId: body.batch_id, ids: body.withdraw_list.map((w) => w.merchant_withdraw_id) };
  });
}

function coingateCreates(h: Harness): URLSearchParams[] {
  return h.coingate.received.filter(isCreateRequest).map((r) => new URLSearchParams(r.body));
}

function sheetText(h: Harness): string {
  return JSON.stringify(h.emu.sheet("Payouts")?.display());
}

function byId(h: Harness): Map<string, Record<string, string>> {
  return new Map(h.rows().map((row) => [row["Payout ID"], row]));
}

describe("submitPayouts: the protocol", () => {
  it("re-validates, queues, marks SUBMITTING (written and flushed) before each create, then writes the answer", () => {
    const h = harnessWith(
      [
        gatepayRow("Ann Lee", "10.5", { Network: "ETH", Address: EVM[0] }),
        gatepayRow("Bo Ray", "20", { Address: TRON[1] }),
        coingateRow("Di Moe", "di@example.com", "40"),
        gatepayRow("Bad Row", "5", { Address: "0xnot-an-address" }),
      ],
      { properties: { GATEPAY_MAX_BATCH_SIZE: "1" } },
    );
    // At every create request: which rows are SUBMITTING, what the sheet says of the others,
    // and how many flushes the execution had made by then.
    const seen: { ids: string[]; sheet: Map<string, Record<string, string>> }[] = [];
    const spy = (
      request: WireRequest,
      next: (r: WireRequest) => ReturnType<typeof h.gatepay.handle>,
    ) => {
      if (isCreateRequest(request)) {
        const ids = request.url.includes("/v1/pay/withdraw")
          ? (
              JSON.parse(request.body) as { withdraw_list: { merchant_withdraw_id: string }[] }
            ).withdraw_list.map((w) => w.merchant_withdraw_id)
          : [new URLSearchParams(request.body).get("external_id") ?? ""];
        seen.push({ ids, sheet: byId(h) });
      }
      return next(request);
    };
    intercept(h, "gatepay", spy);
    intercept(h, "coingate", spy);

    const run = h.run("submitPayouts");
    expectRan(run);
    const summary = run.value as Summary;
    expect(summary).toMatchObject({ ok: true, created: 3 });

    // GatePay batches of one: two creates; CoinGate one.
    expect(seen).toHaveLength(3);
    for (const { ids, sheet } of seen) {
      for (const id of ids) {
        const row = sheet.get(id);
        expect(row?.Status).toBe("SUBMITTING");
        expect(row?.["Submitted at"]).not.toBe("");
        if (row?.Provider === "GatePay") expect(row["Batch ID"]).toMatch(/^B\d+_/);
      }
      // Every other sendable row is QUEUED or already answered; the invalid one never queued.
      for (const [id, row] of sheet) {
        if (ids.includes(id)) continue;
        if (row.Recipient === "Bad Row") expect(row.Status).toBe("INVALID");
        else expect(["QUEUED", "PENDING", "PROCESSING"]).toContain(row.Status);
      }
    }
    // The first create already saw every other valid row QUEUED: queued before anything was sent.
    expect([...seen[0].sheet.values()].map((r) => r.Status).sort()).toEqual([
      "INVALID",
      "QUEUED",
      "QUEUED",
      "SUBMITTING",
    ]);
    // Each SUBMITTING write was flushed before its create went out.
    expect(run.meter.calls["SpreadsheetApp.flush"]).toBeGreaterThanOrEqual(3);

    const rows = h.rows();
    expect(rows.map((r) => [r.Recipient, r.Status])).toEqual([
      ["Ann Lee", "PENDING"],
      ["Bo Ray", "PENDING"],
      ["Di Moe", "PROCESSING"],
      ["Bad Row", "INVALID"],
    ]);
    expect(rows[3].Error).toMatch(/address/i);
    expect(rows[0]["Provider ID"]).toBe(h.gatepay.ledger()[0].suborderId);
    expect(rows[2]["Provider ID"]).toBe(String(h.coingate.ledger()[0].id));
    expect(h.gatepay.ledger()).toHaveLength(2);
    expect(h.coingate.ledger()).toHaveLength(1);
  });

  it("re-validates at submit: a VALID row edited into an invalid one is not sent", () => {
    const h = harnessWith([gatepayRow("Ann Lee", "10"), gatepayRow("Bo Ray", "12")]);
    expectRan(h.run("validatePayouts"));
    expect(statuses(h)).toEqual(["VALID", "VALID"]);
    const amountColumn = (h.emu.sheet("Payouts")?.display()[0] ?? []).indexOf("Amount") + 1;
    h.emu.typeInto("Payouts", 3, amountColumn, [["12.1234567"]]); // more decimals than USDT allows
    expectRan(h.run("submitPayouts"));
    expect(statuses(h)).toEqual(["PENDING", "INVALID"]);
    expect(h.rows()[1].Error).toMatch(/decimal/i);
    expect(h.gatepay.ledger().map((e) => e.amount)).toEqual(["10"]);
  });

  it("a submit that cannot get the script lock says so and changes nothing", () => {
    const h = harnessWith([
      gatepayRow("Ann Lee", "10"),
      coingateRow("Di Moe", "di@example.com", "40"),
    ]);
    expectRan(h.run("validatePayouts"));
    const before = sheetText(h);
    const props = JSON.stringify(h.emu.properties.all());
    const requests = h.gatepay.received.length + h.coingate.received.length;
    const lock = h.emu.lockHeldBy("a refresh");
    const run = h.run("submitPayouts");
    lock.release();
    expectRan(run);
    expect(run.value).toMatchObject({ ok: false });
    expect((run.value as Summary).message).toMatch(/Another payouts run .* changed nothing/);
    expect(sheetText(h)).toBe(before);
    expect(JSON.stringify(h.emu.properties.all())).toBe(props);
    expect(h.gatepay.received.length + h.coingate.received.length).toBe(requests);
    // Afterwards it works.
    expectRan(h.run("submitPayouts"));
    expect(statuses(h)).toEqual(["PENDING", "PROCESSING"]);
  });

  it("rows a dead submit left QUEUED are continued by the refresh trigger, even after an idle refresh", () => {
    const h = harnessWith([gatepayRow("Ann Lee", "10"), gatepayRow("Bo Ray", "11")]);
    expectRan(h.run("refreshPayouts")); // nothing open yet: records OPEN_ROWS = 0
    expect(h.emu.properties.get("OPEN_ROWS")).toBe("0");
    // Killed right after the writes that queued the rows (the record's entries, then the
    // rows), before anything was sent.
    const killed = h.run("submitPayouts", {
      faults: [{ call: "Range.setValues", nth: 2, when: "after" }],
    });
    expect(killed.killed).toBe(true);
    expect(statuses(h)).toEqual(["QUEUED", "QUEUED"]);
    expectRan(h.run("refreshPayouts"));
    expect(statuses(h)).toEqual(["PENDING", "PENDING"]);
    expect(h.gatepay.ledger()).toHaveLength(2);
  });

  it("payouts queued in the record by a run that died before their IDs reached the rows are never sent; the rows are, once", () => {
    const h = harnessWith([gatepayRow("Ann Lee", "10"), gatepayRow("Bo Ray", "11")]);
    const killed = h.run("submitPayouts", {
      faults: [{ call: "Range.setValues", nth: 1, when: "after" }],
    });
    expect(killed.killed).toBe(true);
    expect(statuses(h)).toEqual(["", ""]);
    // The record holds two queued payouts that no row shows: the refresh sends them back.
    const refresh = h.run("refreshPayouts");
    expectRan(refresh);
    expect(h.gatepay.ledger()).toHaveLength(0);
    expect(refresh.value).toMatchObject({ open: 0 });
    // The rows themselves are still new: a submit validates and sends them, once each.
    expectRan(h.run("submitPayouts"));
    expect(statuses(h)).toEqual(["PENDING", "PENDING"]);
    const ids = h.rows().map((row) => row["Payout ID"]);
    expect(
      h.gatepay
        .ledger()
        .map((entry) => entry.merchantWithdrawId)
        .sort(),
    ).toEqual(ids.sort());
  });

  it("REJECTED rows carry the provider's reason", () => {
    const h = harnessWith([
      coingateRow("Di Moe", "di@example.com", "150000"), // more than the ledger holds
      coingateRow("Ed Fox", "ed@example.com", "15", { Network: "tron", Address: TRON[2] }),
    ]);
    expectRan(h.run("submitPayouts"));
    const [big, small] = h.rows();
    expect(big.Status).toBe("REJECTED");
    expect(big.Error).toMatch(/Insufficient balance/i);
    expect(big["Provider ID"]).toBe("");
    expect(small.Status).toBe("PROCESSING");
    expect(h.coingate.ledger().map((e) => e.externalId)).toEqual([small["Payout ID"]]);
  });
});

describe("GatePay batches", () => {
  const seven = [
    gatepayRow("R1", "11"),
    gatepayRow("R2", "12", { Network: "ETH", Address: EVM[0] }),
    gatepayRow("R3", "13", { Network: "SOL", Address: SOLANA }),
    gatepayRow("R4", "14", { Address: TRON[1] }),
    gatepayRow("R5", "15", { Network: "BSC", Address: EVM[1] }),
    gatepayRow("R6", "16", { Address: TRON[2] }),
    gatepayRow("R7", "17", { Network: "ETH", Address: EVM[2] }),
  ];

  it("7 rows with GATEPAY_MAX_BATCH_SIZE=3: 3 batches, one create each, fees and limits read fresh before each", () => {
    const h = harnessWith(seven, { properties: { GATEPAY_MAX_BATCH_SIZE: "3" } });
    expectRan(h.run("submitPayouts"));
    const creates = gatepayCreates(h);
    expect(creates.map((c) => c.ids.length)).toEqual([3, 3, 1]);
    expect(new Set(creates.map((c) => c.batchId)).size).toBe(3);
    // Between two creates (and before the first), fees and limits were asked for again.
    const paths = h.gatepay.received.map(
      (r) => `${r.method} ${r.url.split("?")[0].split("/v1")[1]}`,
    );
    const createAt = paths.flatMap((p, i) => (p === "POST /pay/withdraw" ? [i] : []));
    createAt.forEach((at, k) => {
      const since = paths.slice(k === 0 ? 0 : createAt[k - 1] + 1, at);
      expect(since).toContain("GET /pay/wallet/withdraw_status");
    });
    const rows = h.rows();
    expect(statuses(h)).toEqual(Array(7).fill("PENDING"));
    expect(rows.map((r) => r["Batch ID"])).toEqual(
      creates.flatMap((c) => c.ids.map(() => c.batchId)),
    );
    settle(h);
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 7, coingate: 0 });
  });

  it("a daily limit used up by earlier batches stops later rows before they are sent", () => {
    // 70 USDT a day: batch 1 (11+12+13) fits, batch 2 fits 14+15 of 14+15+16, batch 3 none.
    const h = harnessWith(seven, {
      properties: { GATEPAY_MAX_BATCH_SIZE: "3" },
      gatepay: {
        fees: {
          USDT: {
            fix: "1",
            percent: "0%",
            fixOnChains: { TRX: "1", ETH: "4.5", SOL: "1", BSC: "0.3" },
            percentOnChains: {},
            min: "1.5",
            eachtime: "1000",
            dayLimit: "70",
          },
        },
      },
    });
    expectRan(h.run("submitPayouts"));
    expect(statuses(h)).toEqual([
      "PENDING",
      "PENDING",
      "PENDING",
      "PENDING",
      "PENDING",
      "INVALID",
      "INVALID",
    ]);
    expect(h.rows()[5].Error).toMatch(/daily limit/);
    expect(gatepayCreates(h).map((c) => c.ids.length)).toEqual([3, 2]);
    expect(h.gatepay.ledger()).toHaveLength(5);
  });

  it("a batch GatePay refuses as a whole (balance too low) marks its rows REJECTED with a plain reason", () => {
    const h = harnessWith(seven.slice(0, 5), { properties: { GATEPAY_MAX_BATCH_SIZE: "3" } });
    // Enough for the first batch only: after it, the account is nearly empty.
    h.gatepay.setBalance("USDT", "50");
    const run = h.run("submitPayouts");
    expectRan(run);
    expect(statuses(h)).toEqual(["PENDING", "PENDING", "PENDING", "REJECTED", "REJECTED"]);
    const rejected = h.rows()[3];
    expect(rejected.Error).toBe(
      "GatePay refused the batch: the payment account balance is too low for it (amounts plus fees). Top up the GatePay payment account, then submit again.",
    );
    expect(rejected["Provider ID"]).toBe("");
    expect(h.gatepay.ledger()).toHaveLength(3);
    expect((run.value as Summary).rejected).toBe(2);
  });

  it("550245 (the batch exists) is resolved by querying the batch, not by sending again", () => {
    const h = harnessWith(seven.slice(0, 2));
    // A proxy on the way delivers the create twice: the first creates the batch, the add-on
    // sees the answer to the second, "batch_id already exists".
    let duplicated = false;
    intercept(h, "gatepay", (request, next) => {
      if (!isCreateRequest(request) || duplicated) return next(request);
      duplicated = true;
      next(request);
      const second = next(request);
      expect(second.body).toContain("550245");
      return second;
    });
    expectRan(h.run("submitPayouts"));
    expect(statuses(h)).toEqual(["PENDING", "PENDING"]);
    expect(h.rows().map((r) => r["Provider ID"])).toEqual(
      h.gatepay.ledger().map((e) => e.suborderId),
    );
    expect(h.gatepay.ledger()).toHaveLength(2);
    settle(h);
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 2, coingate: 0 });
  });
});

describe("CoinGate send requests", () => {
  it("remembers new payees in one write per round, whatever their number", () => {
    const submitNew = (count: number) => {
      const h = harnessWith(
        Array.from({ length: count }, (_, i) =>
          coingateRow(`New Payee${i}`, `new${i}@example.com`, `${i + 1}`),
        ),
      );
      const run = h.run("submitPayouts");
      expectRan(run);
      const payees = (h.emu.sheet("CoinGate payees")?.display() ?? []).slice(1).filter((r) => r[0]);
      return { calls: run.meter.spreadsheetCalls, payees: payees.length };
    };
    const few = submitNew(2);
    const many = submitNew(12);
    expect([few.payees, many.payees]).toEqual([2, 12]);
    expect(many.calls).toBe(few.calls);
  });

  it("creates a beneficiary once per payee and sends external_id and the callback URL", () => {
    const h = harnessWith([
      coingateRow("Di Moe", "di@example.com", "40"),
      coingateRow("Di Moe", "di@example.com", "41"),
      coingateRow("Ed Fox", "ed@example.com", "5", { Network: "tron", Address: TRON[2] }),
    ]);
    expectRan(h.run("submitPayouts"));
    expect(h.coingate.beneficiaryCount()).toBe(2);
    const token = h.emu.properties.get("CALLBACK_TOKEN") ?? "";
    expect(token).not.toBe("");
    const sent = coingateCreates(h);
    expect(sent.map((p) => p.get("external_id"))).toEqual(h.rows().map((r) => r["Payout ID"]));
    for (const params of sent) {
      const url = params.get("callback_url") ?? "";
      expect(url.startsWith("https://script.google.com/macros/s/EMULATED/exec?")).toBe(true);
      const query = new URLSearchParams(url.split("?")[1]);
      expect(query.get("provider")).toBe("coingate");
      expect(query.get("token")).toBe(token);
    }
    expect(statuses(h)).toEqual(["PROCESSING", "PROCESSING", "PROCESSING"]);

    // A later payout to the same payee creates no beneficiary and no payout setting.
    const settings = h.coingate.settingCount();
    h.addRows([coingateRow("Di Moe", "di@example.com", "42")]);
    expectRan(h.run("submitPayouts"));
    expect(h.coingate.beneficiaryCount()).toBe(2);
    expect(h.coingate.settingCount()).toBe(settings);
    expect(
      h.coingate.received.filter((r) => r.method === "POST" && r.url.includes("benef")),
    ).toHaveLength(2);
    settle(h, { callbacks: "deliver" });
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 0, coingate: 4 });
  });

  it("a draft waiting for 2FA is NEEDS_ACTION with a note", () => {
    const h = harnessWith([coingateRow("Di Moe", "di@example.com", "40")], {
      coingate: { twoFactor: true },
    });
    expectRan(h.run("submitPayouts"));
    const [row] = h.rows();
    expect(row.Status).toBe("NEEDS_ACTION");
    expect(row["Provider status"]).toBe("draft");
    expect(row.Error).toMatch(/Confirm this payout in the CoinGate dashboard/);
    h.coingate.confirm2fa(row["Payout ID"]);
    settle(h, { callbacks: "deliver" });
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 0, coingate: 1 });
  });

  it.each([
    ["confirm", "PROCESSING", /confirmed \(COINGATE_EXCHANGE=confirm\)/],
    ["cancel", "CANCELED", /canceled, as COINGATE_EXCHANGE=cancel says/],
  ])("an exchange is answered per COINGATE_EXCHANGE=%s", (choice, status, note) => {
    const h = harnessWith([coingateRow("Di Moe", "di@example.com", "40")], {
      properties: { COINGATE_EXCHANGE: choice, COINGATE_LEDGER_ACCOUNT_ID: EUR_ACCOUNT },
    });
    expectRan(h.run("submitPayouts"));
    const [row] = h.rows();
    expect(row.Status).toBe(status);
    expect(row.Error).toMatch(note);
    const patches = h.coingate.received.filter((r) => r.method === "PATCH");
    expect(patches.map((r) => r.url.split("/").pop())).toEqual([choice]);
    const [entry] = h.coingate.ledger();
    expect(entry.debitCurrency).toBe("EUR");
    expect(entry.status).toBe(choice === "confirm" ? "in_progress" : "canceled");
  });
});

describe("failures on create", () => {
  it("GatePay 500 on create: the rows stay SUBMITTING with a note, nothing is sent twice, the next run recovers", () => {
    const h = harnessWith([gatepayRow("Ann Lee", "10"), gatepayRow("Bo Ray", "11")]);
    let armed = true;
    intercept(h, "gatepay", (request, next) => {
      if (armed && isCreateRequest(request)) {
        armed = false;
        h.gatepay.failNext(1);
      }
      return next(request);
    });
    expectRan(h.run("submitPayouts"));
    expect(statuses(h)).toEqual(["SUBMITTING", "SUBMITTING"]);
    expect(h.rows()[0].Error).toMatch(/system error.*looks it up/i);
    expect(h.gatepay.ledger()).toHaveLength(0);
    const firstBatch = gatepayCreates(h)[0];

    expectRan(h.run("refreshPayouts"));
    expect(statuses(h)).toEqual(["PENDING", "PENDING"]);
    // Confirmed absent (the batch query said so), then sent again with the same Payout IDs.
    const creates = gatepayCreates(h);
    expect(creates).toHaveLength(2);
    expect(creates[1].ids).toEqual(firstBatch.ids);
    settle(h);
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 2, coingate: 0 });
  });

  it("CoinGate 500 on create: SUBMITTING with a note, looked up by external_id, sent once", () => {
    const h = harnessWith([coingateRow("Di Moe", "di@example.com", "40")]);
    let armed = true;
    intercept(h, "coingate", (request, next) => {
      if (armed && isCreateRequest(request)) {
        armed = false;
        h.coingate.failNext(1, { status: 500 });
      }
      return next(request);
    });
    expectRan(h.run("submitPayouts"));
    expect(statuses(h)).toEqual(["SUBMITTING"]);
    expect(h.rows()[0].Error).toMatch(/looked up before any resend/);
    expect(h.coingate.ledger()).toHaveLength(0);
    expectRan(h.run("submitPayouts"));
    expect(statuses(h)).toEqual(["PROCESSING"]);
    expect(coingateCreates(h).map((p) => p.get("external_id"))).toEqual([
      h.rows()[0]["Payout ID"],
      h.rows()[0]["Payout ID"],
    ]);
    settle(h);
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 0, coingate: 1 });
  });

  it.each([
    ["gatepay", true],
    ["gatepay", false],
    ["coingate", true],
    ["coingate", false],
  ] as const)(
    "%s create answer lost (afterApplying: %s): resolved on the next run, paid once",
    (provider, afterApplying) => {
      const row =
        provider === "gatepay"
          ? gatepayRow("Ann Lee", "10")
          : coingateRow("Di Moe", "di@example.com", "40");
      const h = harnessWith([row]);
      let armed = true;
      intercept(h, provider, (request, next) => {
        if (armed && isCreateRequest(request)) {
          armed = false;
          h[provider].dropNextAnswer({ afterApplying });
        }
        return next(request);
      });
      expectRan(h.run("submitPayouts"));
      expect(statuses(h)).toEqual(["SUBMITTING"]);
      expect(h.rows()[0].Error).not.toBe("");
      const ledger = () => (provider === "gatepay" ? h.gatepay.ledger() : h.coingate.ledger());
      expect(ledger()).toHaveLength(afterApplying ? 1 : 0);

      expectRan(h.run("refreshPayouts"));
      expect(statuses(h)).toEqual([provider === "gatepay" ? "PENDING" : "PROCESSING"]);
      const creates =
        provider === "gatepay"
          ? gatepayCreates(h).map((c) => c.ids[0])
          : coingateCreates(h).map((p) => p.get("external_id"));
      const id = h.rows()[0]["Payout ID"];
      // Adopted when it arrived; confirmed absent and sent again, same ID, when it did not.
      expect(creates).toEqual(afterApplying ? [id] : [id, id]);
      settle(h);
      expect(expectSheetMatchesLedgers(h)).toEqual({
        gatepay: provider === "gatepay" ? 1 : 0,
        coingate: provider === "coingate" ? 1 : 0,
      });
    },
  );
});

describe("concurrent runs", () => {
  /**
   * Runs `name` as a second execution while the first waits for the provider's answer to
   * `request` (GatePay has already applied it), and checks it changed nothing in the sheet.
   * Started after the provider handled the request: the emulator's lock wait moves the shared
   * clock by the full 10 s, which would otherwise age the first run's signed request.
   */
  function concurrently(h: Harness, name: string, when: (r: WireRequest) => boolean) {
    const result: { summary?: Summary } = {};
    intercept(h, "gatepay", (request, next) => {
      const answer = next(request);
      if (!result.summary && when(request)) {
        const before = sheetText(h);
        const run = h.run(name);
        expectRan(run);
        result.summary = run.value as Summary;
        expect(sheetText(h)).toBe(before);
      }
      return answer;
    });
    return result;
  }

  it("a second submit started while the first holds the lock changes nothing and says so", () => {
    const h = harnessWith([gatepayRow("Ann Lee", "10"), gatepayRow("Bo Ray", "11")], {
      properties: { GATEPAY_MAX_BATCH_SIZE: "1" },
    });
    const second = concurrently(h, "submitPayouts", isCreateRequest);
    expectRan(h.run("submitPayouts"));
    expect(second.summary?.ok).toBe(false);
    expect(second.summary?.message).toMatch(/Another payouts run .*submitting changed nothing/);
    expect(gatepayCreates(h)).toHaveLength(2);
    expect(statuses(h)).toEqual(["PENDING", "PENDING"]);
    expect(h.gatepay.ledger()).toHaveLength(2);
  });

  it("a submit during a refresh changes nothing; a refresh during a submit neither", () => {
    const h = harnessWith([gatepayRow("Ann Lee", "10")]);
    expectRan(h.run("submitPayouts"));
    h.addRows([gatepayRow("Bo Ray", "11")]);
    expectRan(h.run("validatePayouts"));
    const inner = concurrently(h, "submitPayouts", (r) => r.url.includes("/withdraw/query"));
    expectRan(h.run("refreshPayouts"));
    expect(inner.summary?.ok).toBe(false);
    expect(inner.summary?.message).toMatch(/changed nothing/);
    expect(statuses(h)).toEqual(["PENDING", "VALID"]);
    expect(gatepayCreates(h)).toHaveLength(1);

    // And the other way round: a refresh (the trigger) while a submit is creating.
    const refresh = concurrently(h, "refreshPayouts", isCreateRequest);
    expectRan(h.run("submitPayouts"));
    expect(refresh.summary?.ok).toBe(false);
    expect(refresh.summary?.message).toMatch(/the refresh changed nothing/);
    expect(statuses(h)).toEqual(["PENDING", "PENDING"]);
    expect(h.gatepay.ledger()).toHaveLength(2);
  });
});

describe("the time budget", () => {
  // One payee, many invoices: one beneficiary, then one create per row.
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => coingateRow("Di Moe", "di@example.com", String(10 + i)));

  function budgetRun(h: Harness) {
    // Every CoinGate answer takes 2 s. The simulator charges the requests of one fetchAll one
    // after another (Apps Script runs them in parallel), so a chunk of 20 creates costs 40 s.
    h.coingate.slowBy(2_000);
    const run = h.run("submitPayouts");
    expectRan(run);
    return run;
  }

  it("stops well before 6 minutes, leaves the rest QUEUED, schedules one continuation that finishes", () => {
    const h = harnessWith(many(150));
    const run = budgetRun(h);
    expect(run.meter.elapsedMs).toBeLessThan(5 * 60_000);
    const summary = run.value as Summary;
    const queued = statuses(h).filter((s) => s === "QUEUED").length;
    expect(queued).toBeGreaterThan(0);
    expect(summary).toMatchObject({ continuing: true, remaining: queued });
    expect(statuses(h).filter((s) => s === "PROCESSING")).toHaveLength(150 - queued);
    const pending = () =>
      h.emu.triggers().filter((t) => t.handler === "continueSubmission" && !t.fired);
    expect(pending()).toHaveLength(1);

    for (let round = 0; round < 5 && statuses(h).includes("QUEUED"); round++) {
      h.emu.clock.advance(61_000);
      const runs = h.emu.runDueTriggers();
      expect(runs.map((r) => r.functionName)).toEqual(["continueSubmission"]);
      for (const r of runs) {
        expectRan(r);
        expect(r.meter.elapsedMs).toBeLessThan(5 * 60_000);
      }
      expect(pending().length).toBeLessThanOrEqual(1);
    }
    expect(statuses(h)).toEqual(Array(150).fill("PROCESSING"));
    expect(pending()).toHaveLength(0);
    h.coingate.slowBy(0);
    settle(h, { callbacks: "drop" });
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 0, coingate: 150 });
    expect(h.coingate.beneficiaryCount()).toBe(1);
  });

  it("the refresh trigger continues QUEUED rows too", () => {
    const h = harnessWith(many(150));
    expectRan(h.run("installAutoRefresh"));
    budgetRun(h);
    expect(statuses(h)).toContain("QUEUED");
    h.coingate.slowBy(0);
    // The refresh runs first (a person, or the trigger): it continues the queue itself.
    for (let round = 0; round < 5 && statuses(h).includes("QUEUED"); round++) {
      expectRan(h.run("refreshPayouts"));
    }
    expect(statuses(h)).toEqual(Array(150).fill("PROCESSING"));
    settle(h, { callbacks: "drop" });
    expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 0, coingate: 150 });
  });
});

describe("the preview and confirmSubmit", () => {
  /** The preview the Submit payouts dialog opens with, as it travels (JSON). */
  interface Preview {
    fingerprint: string;
    count: number;
    warnings?: { row: number; payoutId: string; warning: string }[];
    environments?: { provider: string; mode: string; text: string }[];
    shortfalls?: { provider: string; currency: string; shortBy: string; text: string }[];
    topUpLabel?: string;
  }

  function previewFingerprint(h: Harness): Preview {
    const run = h.emu.run("menuSubmit", [], { context: "menu" });
    expectRan(run);
    const [dialog] = run.ui.dialogs;
    expect(dialog.title).toBe("Submit payouts");
    const match = /var data = (.*);\n/.exec(dialog.html);
    if (!match) throw new Error("no preview data in the dialog");
    const data = JSON.parse(match[1]) as { preview: Preview };
    return data.preview;
  }

  it("lists a likely double payment beside its row, with the address guards' warnings", () => {
    const h = harnessWith([gatepayRow("Ann Lee", "10")]);
    expectRan(h.run("submitPayouts"));
    const sent = h.rows()[0]["Payout ID"];
    // Row 3 repeats row 2 (already sent); row 4 repeats row 3 in the same sheet.
    h.addRows([gatepayRow("Ann Lee", "10"), gatepayRow("Ann Lee", "10")]);
    const preview = previewFingerprint(h);
    expect(preview.count).toBe(2);
    const [third, fourth] = h.rows().slice(1);
    expect(preview.warnings).toEqual([
      {
        row: 3,
        payoutId: third["Payout ID"],
        warning: `Warning: payout ${sent} (PENDING) went to the same recipient, address, currency and amount; check this is not a double payment.`,
      },
      {
        row: 4,
        payoutId: fourth["Payout ID"],
        warning:
          "Warning: row 3 pays the same recipient, address, currency and amount; check this is not a double payment.",
      },
      {
        row: 4,
        payoutId: fourth["Payout ID"],
        warning: `Warning: payout ${sent} (PENDING) went to the same recipient, address, currency and amount; check this is not a double payment.`,
      },
    ]);
    // The cell says it once, as before.
    expect(fourth.Error.match(/row 3 pays the same/g)).toHaveLength(1);
  });

  it("names each provider's environment: CoinGate's sandbox, GatePay always live", () => {
    const h = harnessWith([
      gatepayRow("Ann Lee", "10"),
      coingateRow("Di Moe", "di@example.com", "40"),
    ]);
    expect(previewFingerprint(h).environments).toEqual([
      {
        provider: "CoinGate",
        mode: "sandbox",
        text: "sandbox (test payouts: no real money moves)",
      },
      {
        provider: "GatePay",
        mode: "live",
        text: "live (GatePay has no sandbox: every payout is real)",
      },
    ]);
    // Only providers with rows to pay are named.
    const gatePayOnly = harnessWith([gatepayRow("Ann Lee", "10")]);
    expect(previewFingerprint(gatePayOnly).environments?.map((e) => e.provider)).toEqual([
      "GatePay",
    ]);
  });

  describe("a short balance", () => {
    // GatePay USDT 100: each network's line is covered alone (61.1 and 54.95 with fees), not
    // both. In floating point 61.1 + 54.95 is 116.05000000000001.
    const SHORT = "GatePay USDT is short by 16.05 (balance 100, needed 116.05)";
    function shortWorld(): Harness {
      return harnessWith(
        [
          gatepayRow("Ann Lee", "60.1"),
          gatepayRow("Bo Ray", "50.45", { Network: "ETH", Address: EVM[0] }),
          coingateRow("Di Moe", "di@example.com", "40"),
        ],
        { gatepay: { balances: { USDT: "100" } } },
      );
    }
    const pay = (h: Harness, confirmation: unknown) => {
      const run = h.emu.run("confirmSubmit", [confirmation], { context: "menu" });
      expectRan(run);
      return run.value as Summary;
    };
    const promise = (shortBy: string) => [{ provider: "GatePay", currency: "USDT", shortBy }];
    const auditRows = (h: Harness) =>
      (h.emu.sheet("Audit log")?.display() ?? []).map((row) => row.join(" | "));

    it("is named in the preview, with the top-up box's label", () => {
      const preview = previewFingerprint(shortWorld());
      expect(preview.shortfalls).toEqual([
        expect.objectContaining({
          provider: "GatePay",
          currency: "USDT",
          shortBy: "16.05",
          text: SHORT,
        }),
      ]);
      expect(preview.topUpLabel).toBe("I will top up GatePay USDT before these payouts are sent");
    });

    it("confirmSubmit refuses without the promise to top up, and sends nothing", () => {
      const h = shortWorld();
      const { fingerprint } = previewFingerprint(h);
      const creates = () => [...h.gatepay.received, ...h.coingate.received].filter(isCreateRequest);
      // A dialog of the previous version sends the fingerprint alone: it promises nothing.
      for (const confirmation of [fingerprint, { fingerprint, topUp: [] }]) {
        const refused = pay(h, confirmation);
        expect(refused).toEqual({
          ok: false,
          message:
            `Nothing was sent: ${SHORT}, and no top-up was promised. Top up first, or open Submit ` +
            'payouts again and tick "I will top up GatePay USDT before these payouts are sent".',
        });
      }
      // A promise smaller than the shortfall is no promise for it.
      expect(pay(h, { fingerprint, topUp: promise("16") }).message).toMatch(
        /^Nothing was sent: GatePay USDT is short by 16\.05 \(balance 100, needed 116\.05\), more than the top-up promised\. /,
      );
      expect(creates()).toEqual([]);
      expect(statuses(h)).toEqual(["VALID", "VALID", "VALID"]);
      const refusals = auditRows(h).filter((row) => row.includes("Submit refused"));
      expect(refusals).toHaveLength(3);
      expect(refusals[0]).toContain('{"shortBalances":1,"acknowledged":false}');
    });

    it("confirmSubmit sends with the promise, audits it, and the rows pay once the top-up is in", () => {
      const h = shortWorld();
      const { fingerprint } = previewFingerprint(h);
      // The payer's top-up lands after Pay, before GatePay's batch is created.
      intercept(h, "gatepay", (request, next) => {
        if (isCreateRequest(request)) h.gatepay.setBalance("USDT", "1000");
        return next(request);
      });
      const sent = pay(h, { fingerprint, topUp: promise("16.05") });
      expect(sent).toMatchObject({ ok: true, queued: 3, created: 3 });
      expect(h.gatepay.ledger().map((e) => e.amount)).toEqual(["60.1", "50.45"]);
      expect(h.coingate.ledger().map((e) => e.amount)).toEqual(["40"]);
      const promised = auditRows(h).find((row) => row.includes("Top-up promised"));
      expect(promised).toContain(`The payer will top up before these payouts are sent: ${SHORT}.`);
      expect(promised).toContain('{"shortBalances":1,"acknowledged":true}');
      settle(h);
      expect(expectSheetMatchesLedgers(h)).toEqual({ gatepay: 2, coingate: 1 });
    });

    it("confirmSubmit refuses a payload that is not a confirmation", () => {
      const h = shortWorld();
      const { fingerprint } = previewFingerprint(h);
      for (const confirmation of [undefined, 42, { fingerprint }, { fingerprint, topUp: "all" }]) {
        expect(pay(h, confirmation)).toEqual({
          ok: false,
          message:
            "The submit dialog sent something that is not a confirmation: nothing was sent. Open Submit payouts again.",
        });
      }
      expect(statuses(h)).toEqual(["VALID", "VALID", "VALID"]);
    });
  });

  it("refuses when a row changed after the preview, and sends with the right fingerprint", () => {
    const h = harnessWith([
      gatepayRow("Ann Lee", "10"),
      coingateRow("Di Moe", "di@example.com", "40"),
    ]);
    const preview = previewFingerprint(h);
    expect(preview.count).toBe(2);
    expect(h.gatepay.ledger()).toHaveLength(0);

    const amountColumn = (h.emu.sheet("Payouts")?.display()[0] ?? []).indexOf("Amount") + 1;
    h.emu.typeInto("Payouts", 2, amountColumn, [["100"]]);
    const refused = h.emu.run("confirmSubmit", [preview.fingerprint], { context: "menu" });
    expectRan(refused);
    expect(refused.value).toMatchObject({ ok: false });
    expect((refused.value as Summary).message).toMatch(
      /changed since the preview.*nothing was sent/,
    );
    expect(h.gatepay.ledger()).toHaveLength(0);
    expect(h.coingate.ledger()).toHaveLength(0);
    expect(statuses(h)).toEqual(["VALID", "VALID"]);

    const again = previewFingerprint(h);
    expect(again.fingerprint).not.toBe(preview.fingerprint);
    const sent = h.emu.run("confirmSubmit", [again.fingerprint], { context: "menu" });
    expectRan(sent);
    expect(sent.value).toMatchObject({ ok: true, created: 2 });
    expect(statuses(h)).toEqual(["PENDING", "PROCESSING"]);
    expect(h.gatepay.ledger().map((e) => e.amount)).toEqual(["100"]);
  });
});

describe("rows deleted during a run", () => {
  it("a row a person deletes while earlier chunks are in flight is never paid", () => {
    // 25 CoinGate rows: two chunks of create requests. While the first chunk is at CoinGate, a
    // person deletes the last row of the sheet (it belongs to the second chunk).
    const rows = Array.from({ length: 25 }, (_, i) =>
      coingateRow(`Payee Number${i}`, `payee${i}@example.com`, `${i + 1}`),
    );
    const h = harnessWith(rows);
    h.call("validatePayouts");
    const deleted = h.rows()[24]["Payout ID"];
    let armed = true;
    intercept(h, "coingate", (request, next) => {
      const answer = next(request);
      if (armed && isCreateRequest(request)) {
        armed = false;
        retypePayouts(h, (data) => data.slice(0, 24));
      }
      return answer;
    });
    const run = h.run("submitPayouts");
    expect(run.error).toBeUndefined();
    expect(h.rows()).toHaveLength(24);
    const paid = h.coingate.ledger().map((entry) => entry.externalId);
    expect(paid).toHaveLength(24);
    expect(paid).not.toContain(deleted);
    expect(h.rows().every((row) => row.Status === "PROCESSING")).toBe(true);
  });
});

describe("a batch size GatePay refuses", () => {
  it("puts the rows back in the queue with the setting to change, and they go once it is lower", () => {
    const rows = Array.from({ length: 6 }, (_, i) => gatepayRow(`Payee ${i}`, `${i + 10}`));
    const h = harnessWith(rows, {
      gatepay: { maxBatchSize: 4 },
      properties: { GATEPAY_MAX_BATCH_SIZE: "6" },
    });
    const first = h.call<{ ok: boolean; message: string }>("submitPayouts");
    expect(first.ok).toBe(false);
    expect(first.message).toContain("GATEPAY_MAX_BATCH_SIZE");
    expect(statuses(h)).toEqual(Array(6).fill("QUEUED"));
    expect(h.rows()[0].Error).toContain("Lower GATEPAY_MAX_BATCH_SIZE");
    expect(h.gatepay.ledger()).toEqual([]);

    h.emu.properties.set("GATEPAY_MAX_BATCH_SIZE", "3");
    h.call("refreshPayouts");
    expect(statuses(h)).toEqual(Array(6).fill("PENDING"));
    expect(h.gatepay.ledger()).toHaveLength(6);
  });
});
