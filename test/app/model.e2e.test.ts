/**
 * A model-based test of the money path against people and machines together: fast-check draws
 * random sequences of what the add-on runs (validate, submit, refresh, the continuation trigger,
 * with a crash at a random service call), what the providers do (progress, failures, lost
 * answers, callbacks true, stale, duplicated and forged) and what people do in the sheet (clear
 * or retype Status, edit Payout ID, Provider ID, Batch ID or an input, copy a sent row, delete,
 * sort, type into Callbacks). After every step the simulators' ledgers are checked:
 *
 * - no Payout ID is created twice at either provider;
 * - every payout at a provider has the address and amount of a row as it stood when a person
 *   submitted it (nothing unreviewed goes out);
 * - after a run of the add-on over the whole sheet, every row showing a final status agrees with
 *   the provider's ledger.
 *
 * The number of sequences run is printed; a failure prints the shrunk sequence and its seed.
 */
import fc from "fast-check";
import type { Harness, RowInput } from "../support/harness";
import { Harness as HarnessClass } from "../support/harness";
import { EVM, TRON, coingateRow, gatepayRow } from "./submit-support";
import { coingateBody, gatepayBody, postAs } from "./callback-support";

const SEQUENCES = Number(process.env.MODEL_RUNS ?? 500);

/** What the test knows that the product must not contradict. */
interface Model {
  /** Payout ID -> every "address|amount" a person submitted it with. */
  reviewed: Map<string, Set<string>>;
  /**
   * "address|amount" of rows a killed submit may have queued before their new Payout ID reached
   * the sheet: submitted by a person, under an ID the test cannot see.
   */
  submittedUnnamed: Set<string>;
  steps: number;
}

interface Real {
  h: Harness;
}

type Row = Record<string, string>;

function paymentOf(address: string, amount: string): string {
  return `${address}|${canonical(amount)}`;
}

function canonical(amount: string): string {
  const [whole, fraction = ""] = amount.trim().split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return `${String(BigInt(whole || "0"))}${trimmed ? `.${trimmed}` : ""}`;
}

function column(h: Harness, header: string): number {
  const headers = h.emu.sheet("Payouts")?.display()[0] ?? [];
  return headers.indexOf(header) + 1;
}

/** The data rows as the sheet holds them (blank rows included, so indexes are sheet rows - 2). */
function sheetRows(h: Harness): Row[] {
  const [headers = [], ...data] = h.emu.sheet("Payouts")?.display() ?? [];
  return data.map((cells) => Object.fromEntries(headers.map((name, i) => [name, cells[i] ?? ""])));
}

/** Runs an entry point; a run that was not killed must not fail, except "run it again". */
function runAddOn(h: Harness, name: string, fault?: { at: number; when: "before" | "after" }) {
  const execution = h.run(name, fault ? { faults: [fault] } : {});
  if (execution.error && !execution.killed && !/Run it again/.test(execution.error.message))
    throw execution.error;
  return execution;
}

function pick<T>(items: T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

// ---- invariants --------------------------------------------------------------------------

function checkLedgers(real: Real, model: Model): void {
  const gatepay = real.h.gatepay.ledger();
  const coingate = real.h.coingate.ledger();
  const seen = new Map<string, number>();
  for (const id of gatepay.map((e) => `GatePay ${e.merchantWithdrawId}`))
    seen.set(id, (seen.get(id) ?? 0) + 1);
  for (const id of coingate.map((e) => `CoinGate ${e.externalId ?? ""}`))
    seen.set(id, (seen.get(id) ?? 0) + 1);
  const twice = [...seen].filter(([, count]) => count > 1).map(([id]) => id);
  if (twice.length) throw new Error(`Created twice at the provider: ${twice.join(", ")}`);
  const paid = [
    ...gatepay.map((e) => ({ id: e.merchantWithdrawId, address: e.address, amount: e.amount })),
    ...coingate.map((e) => ({ id: e.externalId ?? "", address: e.address, amount: e.amount })),
  ];
  for (const payout of paid) {
    const allowed = model.reviewed.get(payout.id);
    const sent = paymentOf(payout.address, payout.amount);
    if (!allowed?.has(sent) && !model.submittedUnnamed.has(sent))
      throw new Error(
        `Payout ${payout.id} went out as ${sent}, which nobody submitted (reviewed: ${[...(allowed ?? [])].join(", ") || "none"})`,
      );
  }
}

const GATEPAY_FINAL: Record<string, string> = { DONE: "COMPLETED", FAIL: "FAILED" };

/** Every row showing a final status says what the provider's ledger says. */
function checkFinalRows(real: Real): void {
  const { h } = real;
  const gatepay = h.gatepay.ledger();
  const coingate = h.coingate.ledger();
  for (const row of sheetRows(h)) {
    const status = row.Status;
    const id = row["Payout ID"];
    if (!["COMPLETED", "FAILED", "CANCELED", "EXPIRED", "REJECTED"].includes(status)) continue;
    const atGatePay = gatepay.filter((e) => e.merchantWithdrawId === id);
    const atCoinGate = coingate.filter((e) => e.externalId === id);
    const said = [
      ...atGatePay.map((e) => GATEPAY_FINAL[e.status] ?? e.status),
      ...atCoinGate.map((e) => e.status.toUpperCase()),
    ];
    const agrees = status === "REJECTED" ? said.length === 0 : said.includes(status);
    if (!agrees)
      throw new Error(
        `Row ${id} shows ${status}, but the providers say ${said.join(", ") || "nothing"}`,
      );
  }
}

// ---- commands ----------------------------------------------------------------------------

abstract class Step implements fc.Command<Model, Real> {
  /** Whether this step is the add-on running over the whole sheet (rows are re-rendered). */
  wholeSheet: boolean = false;
  abstract toString(): string;
  protected abstract act(model: Model, real: Real): void;
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    this.act(model, real);
    model.steps++;
    checkLedgers(real, model);
    if (this.wholeSheet) checkFinalRows(real);
  }
}

/** A submit reviews every row as it stands: what each row holds now may go out under its ID. */
class Submit extends Step {
  constructor(private readonly fault?: { at: number; when: "before" | "after" }) {
    super();
    this.wholeSheet = !fault;
  }
  toString() {
    return this.fault ? `Submit(killed ${this.fault.when} call ${this.fault.at})` : "Submit";
  }
  protected act(model: Model, { h }: Real) {
    const before = sheetRows(h);
    const execution = runAddOn(h, "submitPayouts", this.fault);
    sheetRows(h).forEach((row, i) => {
      const was = before[i];
      const id = row["Payout ID"];
      if (was && !id && execution.killed)
        model.submittedUnnamed.add(paymentOf(was.Address, was.Amount));
      if (!was || !id) return;
      const set = model.reviewed.get(id) ?? new Set<string>();
      set.add(paymentOf(was.Address, was.Amount));
      model.reviewed.set(id, set);
    });
  }
}

class AddOn extends Step {
  constructor(
    private readonly name: "validatePayouts" | "refreshPayouts" | "continueSubmission",
    private readonly fault?: { at: number; when: "before" | "after" },
  ) {
    super();
  }
  toString() {
    return this.fault ? `${this.name}(killed ${this.fault.when} call ${this.fault.at})` : this.name;
  }
  protected act(_: Model, { h }: Real) {
    const execution = runAddOn(h, this.name, this.fault);
    // An idle refresh (nothing open, no callback waiting) reads no row, by design: it renders
    // nothing, so the rows are checked after the next run that reads them.
    const idle = /^Nothing to refresh/.test(
      (execution.value as { message?: string } | undefined)?.message ?? "",
    );
    this.wholeSheet = !this.fault && !idle;
  }
}

class ProvidersMove extends Step {
  constructor(
    private readonly outcome:
      "settle" | "fail" | "process" | "loseNextAnswer" | "failNext" | "refuseAtTheDoor",
  ) {
    super();
  }
  toString() {
    return `Providers(${this.outcome})`;
  }
  protected act(_: Model, { h }: Real) {
    const gatepayIds = h.gatepay.ledger().map((e) => e.merchantWithdrawId);
    switch (this.outcome) {
      case "settle":
        h.gatepay.settleAll();
        h.coingate.settleAll("completed");
        break;
      case "fail":
        h.gatepay.settleAll({ fail: gatepayIds, errMsg: "the destination refused (simulated)" });
        h.coingate.settleAll("failed");
        break;
      case "process":
        for (const batch of new Set(h.gatepay.ledger().map((e) => e.batchId)))
          h.gatepay.advance(batch, "PROCESSING");
        break;
      case "loseNextAnswer":
        h.gatepay.dropNextAnswer({ afterApplying: true });
        h.coingate.dropNextAnswer({ afterApplying: true });
        break;
      case "failNext":
        h.gatepay.failNext(1);
        h.coingate.failNext(1);
        break;
      case "refuseAtTheDoor":
        // A signature refusal: nothing is created, and the rows wait in the queue.
        h.gatepay.failNext(3, { http: 200, code: "400002", message: "Signature mismatch" });
        break;
    }
  }
}

class Callbacks extends Step {
  constructor(
    private readonly kind: "deliver" | "stale" | "duplicate" | "forge",
    private readonly index: number,
  ) {
    super();
  }
  toString() {
    return `Callbacks(${this.kind}, ${this.index})`;
  }
  protected act(_: Model, { h }: Real) {
    if (this.kind === "deliver") {
      h.deliverCallbacks();
      return;
    }
    if (this.kind === "stale" || this.kind === "duplicate") {
      const old = pick(h.delivered, this.index);
      if (!old) return;
      h.replay(old);
      if (this.kind === "duplicate") h.replay(old);
      return;
    }
    // Forged with the right token: a real Payout ID with another batch, or the other provider.
    const row = pick(
      sheetRows(h).filter((r) => r["Payout ID"]),
      this.index,
    );
    if (!row) return;
    const id = row["Payout ID"];
    if (this.index % 2 === 0)
      postAs(
        h,
        "gatepay",
        gatepayBody(`B_FORGED_${this.index}`, [
          { merchant_withdraw_id: id, status: "DONE", suborder_id: "999", amount: row.Amount },
        ]),
      );
    else
      postAs(h, "coingate", coingateBody(h, { id: 424242, external_id: id, status: "completed" }));
  }
}

/** A person typing into one cell of a row (not seen by any trigger). */
class Type extends Step {
  constructor(
    private readonly rowIndex: number,
    private readonly header: string,
    private readonly text: string,
  ) {
    super();
  }
  toString() {
    return `Type(row ${this.rowIndex}, ${this.header} = ${JSON.stringify(this.text)})`;
  }
  protected act(_: Model, { h }: Real) {
    const rows = sheetRows(h);
    if (rows.length === 0) return;
    const index = this.rowIndex % rows.length;
    let text = this.text;
    // "@other": the Payout ID of another row (a copied or mistyped ID).
    if (text === "@other") text = pick(rows, index + 1)?.["Payout ID"] ?? "";
    h.emu.typeInto("Payouts", index + 2, column(h, this.header), [[text]]);
  }
}

/**
 * A person editing an input of a row the add-on is about to send (QUEUED or SUBMITTING, else
 * VALID): the moment an unreviewed value could slip out.
 */
class EditWaiting extends Step {
  constructor(
    private readonly header: "Address" | "Amount",
    private readonly value: string,
  ) {
    super();
  }
  toString() {
    return `EditWaiting(${this.header} = ${this.value})`;
  }
  protected act(_: Model, { h }: Real) {
    const rows = sheetRows(h);
    const waiting = rows.findIndex((r) => r.Status === "QUEUED" || r.Status === "SUBMITTING");
    const index = waiting >= 0 ? waiting : rows.findIndex((r) => r.Status === "VALID");
    if (index < 0) return;
    h.emu.typeInto("Payouts", index + 2, column(h, this.header), [[this.value]]);
  }
}

class PersonOnRows extends Step {
  constructor(
    private readonly kind: "copy" | "delete" | "sort" | "add",
    private readonly index: number,
  ) {
    super();
  }
  toString() {
    return `Rows(${this.kind}, ${this.index})`;
  }
  protected act(_: Model, { h }: Real) {
    const sheet = h.emu.sheet("Payouts");
    const rows = sheet?.display().slice(1) ?? [];
    if (this.kind === "add") {
      h.addRows([newRow(this.index)]);
      return;
    }
    if (rows.length === 0) return;
    const index = this.index % rows.length;
    if (this.kind === "copy") h.emu.typeInto("Payouts", rows.length + 2, 1, [rows[index]]);
    else if (this.kind === "delete") h.emu.deleteRows("Payouts", index + 2, 1);
    else {
      const byColumn = this.index % (rows[0]?.length ?? 1);
      h.emu.sortRows("Payouts", 2, (a, b) => (a[byColumn] ?? "").localeCompare(b[byColumn] ?? ""));
    }
  }
}

/** An editor types a row into the Callbacks sheet: it must never be applied. */
class TypeCallback extends Step {
  constructor(private readonly index: number) {
    super();
  }
  toString() {
    return `TypeCallback(${this.index})`;
  }
  protected act(_: Model, { h }: Real) {
    const row = pick(
      sheetRows(h).filter((r) => r["Payout ID"]),
      this.index,
    );
    const log = h.emu.sheet("Callbacks")?.display() ?? [];
    const id = row?.["Payout ID"] ?? "P_TYPED";
    const body = gatepayBody(row?.["Batch ID"] || "B_TYPED", [
      { merchant_withdraw_id: id, status: "DONE", suborder_id: "1" },
    ]);
    h.emu.typeInto("Callbacks", Math.max(2, log.length + 1), 1, [
      ["2026-01-05T09:00:00.000Z", "GatePay", id, "1", "", "DONE", "", "", "[null]", body],
    ]);
  }
}

function newRow(index: number): RowInput {
  const amount = ["10", "11.5", "20", "7.25"][index % 4];
  return index % 3 === 2
    ? coingateRow(`Cy Tan ${index}`, `cy${index}@example.com`, amount, {
        Address: EVM[index % EVM.length],
      })
    : gatepayRow(`Payee ${index}`, amount, { Address: TRON[index % TRON.length] });
}

// ---- the test ----------------------------------------------------------------------------

const fault = fc.record({
  at: fc.integer({ min: 1, max: 160 }),
  when: fc.constantFrom<"before" | "after">("before", "after"),
});

const commands = [
  fc.constant(new AddOn("validatePayouts")),
  fc.constant(new Submit()),
  fault.map((f) => new Submit(f)),
  fc.constant(new AddOn("refreshPayouts")),
  fault.map((f) => new AddOn("refreshPayouts", f)),
  fc.constant(new AddOn("continueSubmission")),
  fc
    .constantFrom(
      "settle",
      "fail",
      "process",
      "loseNextAnswer",
      "failNext",
      "refuseAtTheDoor" as const,
    )
    .map((o) => new ProvidersMove(o)),
  fc
    .tuple(fc.constantFrom("deliver", "stale", "duplicate", "forge" as const), fc.nat(30))
    .map(([kind, i]) => new Callbacks(kind, i)),
  fc
    .tuple(fc.nat(30), fc.constantFrom("", "VALID", "COMPLETED", "PAID", "PENDING", "QUEUED"))
    .map(([i, word]) => new Type(i, "Status", word)),
  fc
    .tuple(fc.nat(30), fc.constantFrom("", "P_TYPED_1", "@other"))
    .map(([i, id]) => new Type(i, "Payout ID", id)),
  fc
    .tuple(
      fc.nat(30),
      fc.constantFrom("Provider ID", "Batch ID"),
      fc.constantFrom("", "123456789012345678"),
    )
    .map(([i, header, text]) => new Type(i, header, text)),
  fc
    .tuple(fc.nat(30), fc.constantFrom("Address", "Amount"), fc.nat(3))
    .map(
      ([i, header, v]) =>
        new Type(
          i,
          header,
          header === "Amount" ? ["99", "10", "0.5", "12.5"][v] : [...TRON, EVM[0]][v],
        ),
    ),
  fc
    .tuple(fc.constantFrom("copy", "delete", "sort", "add" as const), fc.nat(30))
    .map(([kind, i]) => new PersonOnRows(kind, i)),
  fc.nat(30).map((i) => new TypeCallback(i)),
  fc
    .tuple(fc.constantFrom("Address" as const, "Amount" as const), fc.nat(3))
    .map(
      ([header, v]) =>
        new EditWaiting(
          header,
          header === "Amount" ? ["99", "0.5", "12.5", "10"][v] : [...TRON, EVM[0]][v],
        ),
    ),
];

describe("people and machines together (model-based)", () => {
  it(`never pays twice, never pays what nobody submitted, and final rows match the ledgers (${SEQUENCES} sequences)`, () => {
    let sequences = 0;
    const result = fc.check(
      fc.property(
        fc.array(fc.nat(6), { minLength: 2, maxLength: 4 }),
        fc.commands(commands, { maxCommands: 14 }),
        (starting, steps) => {
          sequences++;
          const h = new HarnessClass({ properties: { GATEPAY_MAX_BATCH_SIZE: "2" } });
          h.call("setupPayoutsSheet");
          h.addRows(starting.map(newRow));
          const model: Model = { reviewed: new Map(), submittedUnnamed: new Set(), steps: 0 };
          const real: Real = { h };
          fc.modelRun(() => ({ model, real }), steps);
          // At the end the machines settle: whatever is still open comes to rest, checked again.
          runAddOn(h, "refreshPayouts");
          h.gatepay.settleAll();
          h.coingate.settleAll("completed");
          h.deliverCallbacks();
          runAddOn(h, "refreshPayouts");
          runAddOn(h, "validatePayouts");
          checkLedgers(real, model);
          checkFinalRows(real);
        },
      ),
      {
        numRuns: SEQUENCES,
        seed: process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : undefined,
      },
    );
    console.info(
      `Model-based test: ${sequences} sequences run (${result.numRuns} passed before any failure; seed ${result.seed}).`,
    );
    if (result.failed) {
      const cause = result.errorInstance instanceof Error ? result.errorInstance.message : "";
      throw new Error(`${fc.defaultReportMessage(result) ?? "failed"}\nWhat broke: ${cause}`);
    }
    expect(result.numRuns).toBe(SEQUENCES);
  });
});
