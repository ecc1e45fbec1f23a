/**
 * reconcilePayouts end to end: the built bundle in the emulator against the CoinGate and GatePay
 * simulators and an Ethereum node simulator. Each kind of exception is made to happen the way it
 * would in life and appears exactly once; the totals equal the simulators' ledgers; Tx hash
 * cells link to their explorer; a large sheet is reconciled across executions at a bounded cost.
 */
import Big from "big.js";
import { Harness } from "../support/harness";
import {
  EVM_1,
  EVM_2,
  coingateBody,
  coingateRow,
  gatepayRow,
  postAs,
  submitRows,
} from "./callback-support";
import {
  CHAIN_PROPERTIES,
  USDT_ETHEREUM,
  kinds,
  reconcile,
  reconciliationSheet,
} from "./reconcile-support";
import { EVM } from "./submit-support";

const HOUR = 3_600_000;

describe("reconcilePayouts: every exception, exactly once", () => {
  test("FAILED, REJECTED, STUCK, DISAGREEMENT, AMOUNT_MISMATCH, UNKNOWN, MISSING and CHAIN_MISMATCH", () => {
    const h = new Harness({ properties: CHAIN_PROPERTIES });
    const ids = submitRows(h, [
      gatepayRow({ Recipient: "Clean Chain", Network: "ERC20", Address: EVM_1, Amount: "25" }),
      gatepayRow({ Recipient: "Elsewhere", Network: "ERC20", Address: EVM_2, Amount: "10" }),
      gatepayRow({ Recipient: "Short Paid", Network: "ERC20", Address: EVM_1, Amount: "12" }),
      gatepayRow({ Recipient: "Failing" }),
      gatepayRow({ Recipient: "Fee Fight", "Fee mode": "recipient", Amount: "30" }),
      gatepayRow({ Recipient: "Slow Poke", Amount: "7" }),
      gatepayRow({ Recipient: "Lost One", Amount: "8" }),
      coingateRow({ Recipient: "Cora Clean", Amount: "5" }),
      coingateRow({ Recipient: "Dora Dispute", Email: "dora@example.com", Amount: "6" }),
    ]);
    const [clean, elsewhere, short, failing, feeFight, slow, lost, cora, dora] = ids;
    const batch = h.rowById(clean)["Batch ID"];
    // The chain: the clean payout as GatePay reports it; one paid to another address; one short.
    const token = { decimals: 6, token: USDT_ETHEREUM };
    const txClean = h.evm.send({ to: EVM_1, amount: "25", ...token });
    const txElsewhere = h.evm.send({ to: EVM[2], amount: "10", ...token });
    const txShort = h.evm.send({ to: EVM_1, amount: "11.5", ...token });
    h.evm.mine(12);
    h.gatepay.advance(batch, "PROCESSING", [slow]);
    h.gatepay.settle(batch, {
      fail: [failing],
      txIds: { [clean]: txClean, [elsewhere]: txElsewhere, [short]: txShort },
      // GatePay pays the whole Amount although the fee was to be deducted from it.
      doneAmounts: { [feeFight]: "30" },
      leave: [slow],
    });
    h.coingate.advance(cora, "completed");
    h.coingate.advance(dora, "processing");
    h.deliverCallbacks();
    // A callback claims Dora's payout completed while CoinGate's API says processing.
    const doraId = Number(h.rowById(dora)["Provider ID"]);
    postAs(h, "coingate", coingateBody(h, { id: doraId, external_id: dora, status: "completed" }));
    h.coingate.advance(dora, "completed");
    h.deliverCallbacks();
    // GatePay refuses a batch it cannot cover: no money moves.
    h.gatepay.setBalance("USDC", "1");
    h.addRows([
      gatepayRow({
        Recipient: "Too Big",
        Currency: "USDC",
        Network: "ERC20",
        Address: EVM_2,
        Amount: "50",
      }),
    ]);
    h.call("submitPayouts");
    const rejected = h.rows().find((row) => row.Recipient === "Too Big")?.["Payout ID"] ?? "";
    expect(h.rowById(rejected).Status).toBe("REJECTED");
    expect(h.call<{ ok: boolean }>("refreshPayouts").ok).toBe(true);
    // Made outside the sheet, straight at CoinGate, with a Payout ID.
    h.coingate.createOutside({
      externalId: "OUTSIDE_1",
      amount: "3",
      currency: "USDT",
      platform: "ethereum",
      address: EVM_2,
    });
    // GatePay loses a payout it completed.
    h.gatepay.forget(lost);
    h.emu.clock.advance(80 * HOUR);

    const { summary } = reconcile(h);
    const expected = kinds([
      { kind: "FAILED", payoutId: failing },
      { kind: "REJECTED", payoutId: rejected },
      { kind: "STUCK", payoutId: slow },
      { kind: "DISAGREEMENT", payoutId: dora },
      { kind: "AMOUNT_MISMATCH", payoutId: feeFight },
      { kind: "UNKNOWN_AT_PROVIDER", payoutId: "OUTSIDE_1" },
      { kind: "MISSING_AT_PROVIDER", payoutId: lost },
      { kind: "CHAIN_MISMATCH", payoutId: elsewhere },
      { kind: "CHAIN_MISMATCH", payoutId: short },
    ]);
    expect(kinds(summary.exceptions)).toEqual(expected);
    expect(summary.ok).toBe(false);
    for (const line of summary.exceptions) expect(line.explanation.length).toBeGreaterThan(40);
    const byKind = (kind: string, id: string) =>
      summary.exceptions.find((line) => line.kind === kind && line.payoutId === id);
    expect(byKind("AMOUNT_MISMATCH", feeFight)?.explanation).toContain("promises 29");
    expect(byKind("CHAIN_MISMATCH", elsewhere)?.explanation).toContain(EVM[2].toLowerCase());
    expect(byKind("CHAIN_MISMATCH", short)?.explanation).toContain("paid 11.5 USDT");
    expect(byKind("DISAGREEMENT", dora)?.explanation).toContain("API said PROCESSING");
    expect(byKind("STUCK", slow)?.recordSays).toMatch(/^PROCESSING/);
    expect(byKind("UNKNOWN_AT_PROVIDER", "OUTSIDE_1")?.provider).toBe("CoinGate");
    // The sheet shows the same lines, and the run is audited once.
    const sheet = reconciliationSheet(h);
    expect(sheet.state).toBe("complete");
    expect(
      kinds(sheet.exceptions.map((e) => ({ kind: e.Exception, payoutId: e["Payout ID"] }))),
    ).toEqual(expected);
    const [auditHeaders = [], ...audit] = h.emu.sheet("Audit log")?.display() ?? [];
    const action = auditHeaders.indexOf("Action");
    expect(audit.filter((row) => row[action] === "Reconcile")).toHaveLength(1);
    expect(h.emu.properties.get("RECONCILE_CURSOR")).toBeNull();

    // Reconciling again finds the same, once each: nothing piles up.
    expect(kinds(reconcile(h).summary.exceptions)).toEqual(expected);
    expect(reconciliationSheet(h).exceptions).toHaveLength(expected.length);
  });

  test("a clean book: no exception, ok, and the sheet's totals equal the simulators' ledgers", () => {
    const h = new Harness({ properties: CHAIN_PROPERTIES });
    const ids = submitRows(h, [
      gatepayRow({ Recipient: "A", Amount: "25" }),
      gatepayRow({ Recipient: "B", Amount: "40.5", "Fee mode": "recipient" }),
      gatepayRow({
        Recipient: "C",
        Currency: "USDC",
        Network: "ERC20",
        Address: EVM_1,
        Amount: "60",
      }),
      coingateRow({ Recipient: "Dan Dale", Amount: "10.5" }),
      coingateRow({
        Recipient: "Eve Young",
        Email: "e@example.com",
        Amount: "200",
        "Amount currency": "EUR",
      }),
      coingateRow({ Recipient: "Fay Fox", Email: "f@example.com", Amount: "7" }),
    ]);
    // C is paid on chain as GatePay says.
    h.gatepay.settleAll();
    const c = h.gatepay.ledger().find((e) => e.merchantWithdrawId === ids[2]);
    h.evm.send({
      hash: c?.txId,
      to: EVM_1,
      amount: c?.doneAmount ?? "",
      decimals: 6,
      token: "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48",
    });
    h.coingate.advance(ids[3], "completed");
    h.coingate.advance(ids[4], "completed");
    h.coingate.advance(ids[5], "processing");
    h.deliverCallbacks();
    h.call("refreshPayouts");

    const { summary } = reconcile(h);
    expect(summary.exceptions).toEqual([]);
    expect(summary.ok).toBe(true);
    expect(summary.message).toContain("no exception");
    expect(summary.message).toContain("1 checked on chain");

    const totals = reconciliationSheet(h).totals;
    const line = (provider: string, currency: string) =>
      totals.find((t) => t.Provider === provider && t.Currency === currency) ?? {};
    // Every completed sub-order and send request, summed from the ledgers with big.js.
    const sum = (values: string[]) => values.reduce((a, v) => a.plus(v), new Big(0)).toFixed();
    for (const currency of ["USDT", "USDC"]) {
      const done = h.gatepay.ledger().filter((e) => e.status === "DONE" && e.currency === currency);
      expect(line("GatePay", currency)).toMatchObject({
        Rows: String(done.length),
        Completed: String(done.length),
        Sent: sum(done.map((e) => e.subAmount)),
        Fees: sum(done.map((e) => e.fee)),
        Done: sum(done.map((e) => e.doneAmount)),
        Requested: sum(done.map((e) => e.amount)),
      });
    }
    const paid = h.coingate.ledger().filter((e) => e.status === "completed");
    expect(line("CoinGate", "USDT")).toMatchObject({
      Rows: "3",
      Completed: "2",
      Open: "1",
      Failed: "0",
      Sent: sum(paid.map((e) => e.debited)),
      Fees: sum(paid.map((e) => e.fee)),
      Done: sum(paid.map((e) => e.amount)),
      Requested: "17.5",
    });
    expect(paid.every((e) => e.debitCurrency === "USDT")).toBe(true);
    // The EUR row counts its request under EUR, what it paid under USDT.
    expect(line("CoinGate", "EUR")).toMatchObject({ Rows: "0", Requested: "200" });
  });
});

describe("Tx hash cells link to the block explorer", () => {
  test("a rich-text link per paid row (never a formula), kept when the rows are written again", () => {
    const h = new Harness({ properties: { COINGATE_ENVIRONMENT: "live" } });
    const ids = submitRows(h, [
      gatepayRow({ Recipient: "Eth", Network: "ERC20", Address: EVM_1, Amount: "25" }),
      gatepayRow({ Recipient: "Tron", Amount: "20" }),
      gatepayRow({ Recipient: "Open", Amount: "21" }),
      coingateRow({ Recipient: "Cee Cee", Amount: "5" }),
    ]);
    const batch = h.rowById(ids[0])["Batch ID"];
    h.gatepay.settle(batch, { leave: [ids[2]] });
    h.coingate.advance(ids[3], "completed");
    h.dropCallbacks();
    h.call("refreshPayouts");
    const sheet = h.emu.sheet("Payouts");
    const headers = sheet?.display()[0] ?? [];
    const column = headers.indexOf("Tx hash");
    const linkOf = (id: string) => {
      const index = h.rows().findIndex((row) => row["Payout ID"] === id);
      return sheet?.links()[index + 1]?.[column] ?? "";
    };
    const hash = (id: string) => h.rowById(id)["Tx hash"];
    expect(linkOf(ids[0])).toBe(`https://etherscan.io/tx/${hash(ids[0])}`);
    expect(linkOf(ids[1])).toBe(`https://tronscan.org/#/transaction/${hash(ids[1])}`);
    expect(linkOf(ids[2])).toBe("");
    expect(linkOf(ids[3])).toBe(`https://etherscan.io/tx/${hash(ids[3])}`);
    expect(sheet?.formulas().flat().filter(Boolean)).toEqual([]);
    // The last open row completes: the rows are written again, and every link stays.
    h.gatepay.settle(batch);
    h.dropCallbacks();
    h.call("refreshPayouts");
    for (const id of ids) expect(linkOf(id)).toMatch(/^https:\/\/(etherscan\.io|tronscan\.org)\//);
  });

  test("a sandbox's test network and an unknown network stay plain text", () => {
    const h = new Harness();
    const [id] = submitRows(h, [coingateRow({ Amount: "5" })]);
    h.coingate.advance(id, "completed");
    h.dropCallbacks();
    h.call("refreshPayouts");
    expect(h.rowById(id)["Tx hash"]).toMatch(/^0x/);
    expect((h.emu.sheet("Payouts")?.links() ?? []).flat().filter(Boolean)).toEqual([]);
  });
});

describe("a large sheet is reconciled across executions", () => {
  test("300 payouts: the pass resumes from its cursor, each execution at a bounded cost", () => {
    // Every JSON-RPC request takes 30 virtual seconds: the chain checks cannot fit in one run.
    const h = new Harness({
      properties: CHAIN_PROPERTIES,
      evm: { latencyMs: 30_000 },
      coingate: { requestsPerMinute: 100_000 },
    });
    const rows = Array.from({ length: 300 }, (_, i) =>
      gatepayRow({
        Recipient: `Payee ${i}`,
        Network: "ERC20",
        Address: i % 2 ? EVM_1 : EVM_2,
        Amount: `${10 + (i % 40)}.${i % 10}`,
      }),
    );
    const ids = submitRows(h, rows);
    h.gatepay.settleAll();
    h.dropCallbacks();
    const entries = h.gatepay.ledger();
    for (const entry of entries)
      h.evm.send({
        hash: entry.txId,
        to: entry.address,
        // One payout went out short on chain.
        amount: entry.merchantWithdrawId === ids[150] ? "1" : entry.doneAmount,
        decimals: 6,
        token: USDT_ETHEREUM,
      });
    h.evm.mine(20);
    expect(h.call<{ open: number }>("refreshPayouts").open).toBe(0);
    // Three pages of CoinGate send requests made in its dashboard (no Payout ID), and one with one.
    for (let i = 0; i < 230; i++)
      h.coingate.createOutside({
        amount: "2",
        currency: "USDT",
        platform: "ethereum",
        address: EVM_2,
      });
    h.coingate.createOutside({
      externalId: "OUTSIDE_BIG",
      amount: "2",
      currency: "USDT",
      platform: "ethereum",
      address: EVM_2,
    });
    h.gatepay.forget(ids[299]);

    const runs = [h.run("reconcilePayouts")];
    let summary = runs[0].value as {
      resumes?: boolean;
      exceptions: { kind: string; payoutId: string }[];
    };
    expect(summary.resumes).toBe(true);
    expect(reconciliationSheet(h).state).toBe("in progress");
    expect(h.emu.properties.get("RECONCILE_CURSOR")).not.toBeNull();
    while (summary.resumes && runs.length < 10) {
      const pending = h.emu
        .triggers()
        .filter((t) => t.handler === "continueReconciliation" && !t.fired);
      expect(pending).toHaveLength(1);
      h.emu.clock.advance(61_000);
      const [run] = h.emu.runDueTriggers({ handlers: ["continueReconciliation"] });
      if (run.error) throw run.error;
      runs.push(run);
      summary = run.value as typeof summary;
    }
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.every((run) => !run.killed && !run.error)).toBe(true);
    expect(kinds(summary.exceptions)).toEqual(
      kinds([
        { kind: "CHAIN_MISMATCH", payoutId: ids[150] },
        { kind: "MISSING_AT_PROVIDER", payoutId: ids[299] },
        { kind: "UNKNOWN_AT_PROVIDER", payoutId: "OUTSIDE_BIG" },
      ]),
    );
    const sheet = reconciliationSheet(h);
    expect(sheet.state).toBe("complete");
    expect(sheet.exceptions).toHaveLength(3);
    expect(sheet.message).toContain("300 checked on chain");
    expect(h.emu.properties.get("RECONCILE_CURSOR")).toBeNull();
    expect(h.emu.triggers().filter((t) => t.handler === "continueReconciliation")).toEqual([]);
    // Every transaction was asked about once, in batches: no payout checked twice.
    const asked = h.evm.received.flatMap((request) =>
      (JSON.parse(request.body) as { method: string; params: string[] }[])
        .filter((call) => call.method === "eth_getTransactionReceipt")
        .map((call) => call.params[0]),
    );
    expect(asked).toHaveLength(300);
    expect(new Set(asked).size).toBe(300);
    // The cost in sheet calls does not grow with the sheet, nor from one execution to the next.
    const calls = runs.map((run) => run.meter.spreadsheetCalls);
    // The record and the sheet read once, the sheet written in one block (about ten calls), and
    // the run's audit entry written (six or seven: the log's size, one block, a flush); the first
    // execution also creates the sheet.
    expect(Math.max(...calls)).toBeLessThanOrEqual(17);
    expect(calls.slice(1).every((count) => count === calls[1])).toBe(true);
    const small = new Harness();
    submitRows(small, [gatepayRow({ Amount: "30" })]);
    const one = reconcile(small).run.meter.spreadsheetCalls;
    expect(Math.max(...calls)).toBeLessThanOrEqual(one + 2);
  });
});

describe("a pass that cannot trust what it carries starts again", () => {
  test("a Reconciliation sheet changed by hand between executions: a new pass, the lines as found", () => {
    const h = new Harness({ coingate: { requestsPerMinute: 100_000 } });
    submitRows(h, [gatepayRow({ Amount: "30" })]);
    for (let i = 0; i < 101; i++)
      h.coingate.createOutside({
        amount: "2",
        currency: "USDT",
        platform: "ethereum",
        address: EVM_2,
      });
    h.coingate.createOutside({
      externalId: "OUTSIDE_X",
      amount: "2",
      currency: "USDT",
      platform: "ethereum",
      address: EVM_2,
    });
    // Each CoinGate page takes 130 virtual seconds: one page per execution.
    h.coingate.slowBy(130_000);
    const first = reconcile(h).summary;
    expect(first.resumes).toBe(true);
    expect(kinds(first.exceptions)).toEqual(["UNKNOWN_AT_PROVIDER OUTSIDE_X"]);
    // Someone edits the carried line in the sheet (to hide it, or by mistake).
    const rows = h.emu.sheet("Reconciliation")?.display() ?? [];
    const at = rows.findIndex((row) => row[1] === "OUTSIDE_X");
    h.emu.typeInto("Reconciliation", at + 1, 6, [["nothing to see here"]]);

    const messages: string[] = [];
    let summary = first;
    for (let i = 0; i < 6 && summary.resumes; i++) {
      h.emu.clock.advance(61_000);
      const [run] = h.emu.runDueTriggers({ handlers: ["continueReconciliation"] });
      if (run.error) throw run.error;
      summary = run.value as typeof summary;
      messages.push(summary.message);
    }
    expect(messages[0]).toContain("A new pass started (the Reconciliation sheet was changed)");
    expect(summary.resumes).toBeUndefined();
    expect(kinds(summary.exceptions)).toEqual(["UNKNOWN_AT_PROVIDER OUTSIDE_X"]);
    const [line] = reconciliationSheet(h).exceptions;
    expect(line.Explanation).toContain("never sent");
  });
});
