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
 *   the provider's ledger;
 * - with approvals on (half the sequences), no payout leaves without the approvals its settings
 *   required, each from someone other than whoever last typed the inputs it approved, given for
 *   the address and amount that were sent, neither revoked nor expired.
 *
 * - nothing is created at a provider while payouts are frozen;
 * - with LIMIT_PER_DAY set (some sequences), no 24-hour window's ledger sum per currency exceeds
 *   it (the test times each payout by the step that created it, so windows are taken 10 minutes
 *   short of 24 hours: a step is shorter than that);
 * - the Audit log's hash chain, recomputed here with node's own SHA-256, holds after every step
 *   (kills included), its entries numbered 1, 2, 3..., its end where AUDIT_ENTRIES and
 *   AUDIT_HEAD (or a write's announcement, AUDIT_WRITING) say;
 *   after a run over the whole sheet, every payout in the ledgers has its "Request sent" entry.
 *
 * With approvals on, people type inputs as the on-edit trigger sees them (several users), and
 * approve and revoke rows; time passes so that approvals expire and the daily window moves; an
 * admin freezes and unfreezes.
 *
 * The number of sequences run is printed; a failure prints the shrunk sequence and its seed.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import type { Harness, RowInput } from "../support/harness";
import { Harness as HarnessClass } from "../support/harness";
import { EVM, TRON, coingateRow, gatepayRow } from "./submit-support";
import { coingateBody, gatepayBody, postAs } from "./callback-support";
import { INPUT_COLUMNS } from "../../src/domain/columns";

const SEQUENCES = Number(process.env.MODEL_RUNS ?? 300);

/** What the test knows that the product must not contradict. */
/** An approval the add-on accepted: who, which payout, the inputs they were shown, when. */
interface GivenApproval {
  id: string;
  by: string;
  inputs: string;
  address: string;
  amount: string;
  at: number;
}

interface Model {
  /** LIMIT_PER_DAY in USDT, when this sequence sets one. */
  dailyLimit?: string;
  /** Whether payouts are frozen (the last freeze or unfreeze the add-on accepted). */
  frozen: boolean;
  /** When each payout at a provider appeared ("GatePay id" / "CoinGate id"): its step's start. */
  createdAt: Map<string, number>;
  /** APPROVALS_REQUIRED=1 with SECOND_APPROVAL_ABOVE=USDT:15 (else approvals are off). */
  approvals: boolean;
  /** Inputs (the row's input texts, joined) -> who last typed a row into them. */
  preparer: Map<string, string>;
  given: GivenApproval[];
  /** Payouts at the providers already checked against the approvals. */
  checkedApprovals: Set<string>;
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

const USERS = ["ann@example.com", "bob@example.com", "carol@example.com"];
const EXPIRES_HOURS = 72;
const SECOND_ABOVE = "15";
const INPUT_HEADERS = Object.values(INPUT_COLUMNS);

function inputsOf(row: Row): string {
  return JSON.stringify(INPUT_HEADERS.map((header) => (row[header] ?? "").trim()));
}

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

/**
 * With approvals on, each payout that appeared at a provider since the step began had, when it
 * left, the approvals its amount needs from distinct people, each for the address and amount sent,
 * from someone other than whoever last typed the inputs approved, not revoked, not expired.
 */
function checkApprovals(real: Real, model: Model, stepStartedAt: number): void {
  if (!model.approvals) return;
  const paid = [
    ...real.h.gatepay
      .ledger()
      .map((e) => ({ id: e.merchantWithdrawId, address: e.address, amount: e.amount })),
    ...real.h.coingate
      .ledger()
      .map((e) => ({ id: e.externalId ?? "", address: e.address, amount: e.amount })),
  ];
  for (const payout of paid) {
    if (model.checkedApprovals.has(payout.id)) continue;
    model.checkedApprovals.add(payout.id);
    const needed = Number(canonical(payout.amount)) > Number(SECOND_ABOVE) ? 2 : 1;
    const counting = model.given.filter(
      (a) =>
        a.id === payout.id &&
        paymentOf(a.address, a.amount) === paymentOf(payout.address, payout.amount) &&
        model.preparer.get(a.inputs) !== a.by &&
        a.at + EXPIRES_HOURS * 3_600_000 > stepStartedAt,
    );
    const approvers = new Set(counting.map((a) => a.by));
    if (approvers.size < needed)
      throw new Error(
        `Payout ${payout.id} (${payout.amount}) left with ${approvers.size} of ${needed} approvals that count ` +
          `(given: ${JSON.stringify(model.given.filter((a) => a.id === payout.id))})`,
      );
  }
}

/** Every payout at a provider, keyed as in Model.createdAt, with its amount. */
function ledgerPayouts(real: Real): { key: string; amount: string }[] {
  return [
    ...real.h.gatepay
      .ledger()
      .map((e) => ({ key: `GatePay ${e.merchantWithdrawId}`, amount: e.amount })),
    ...real.h.coingate
      .ledger()
      .map((e) => ({ key: `CoinGate ${e.externalId ?? ""}`, amount: e.amount })),
  ];
}

const WINDOW_MS = 24 * 3_600_000 - 10 * 60_000;

/** Nothing new while frozen; no window of (almost) 24 hours over LIMIT_PER_DAY. */
function checkFreezeAndLimit(
  real: Real,
  model: Model,
  stepStartedAt: number,
  frozenThroughout: boolean,
): void {
  const fresh = ledgerPayouts(real).filter(({ key }) => !model.createdAt.has(key));
  for (const { key } of fresh) model.createdAt.set(key, stepStartedAt);
  if (frozenThroughout && fresh.length > 0)
    throw new Error(`Created while frozen: ${fresh.map((p) => p.key).join(", ")}`);
  if (model.dailyLimit === undefined) return;
  const limit = Number(model.dailyLimit);
  const timed = ledgerPayouts(real)
    .map(({ key, amount }) => ({ at: model.createdAt.get(key) ?? stepStartedAt, amount }))
    .sort((a, b) => a.at - b.at);
  for (const start of timed) {
    const inWindow = timed.filter((p) => p.at >= start.at && p.at - start.at < WINDOW_MS);
    // Amounts have at most two decimals here: cents are exact integers.
    const cents = inWindow.reduce((sum, p) => sum + Math.round(Number(p.amount) * 100), 0);
    if (cents > limit * 100)
      throw new Error(
        `LIMIT_PER_DAY ${limit} USDT exceeded: ${inWindow.map((p) => p.amount).join(" + ")} within 24 hours`,
      );
  }
}

/**
 * The Audit log checks out, by its published rule (README "The chain"), computed independently;
 * after a whole-sheet run, it accounts for every payout the providers hold.
 */
function checkAuditLog(real: Real, accountForLedgers: boolean): void {
  const { h } = real;
  const [headers = [], ...rows] = h.emu.sheet("Audit log")?.display() ?? [];
  const at = (name: string) => headers.indexOf(name);
  let previous = "0".repeat(64);
  rows.forEach((cells, index) => {
    if (cells[at("Entry")] !== String(index + 1))
      throw new Error(`Audit log row ${index + 2} is numbered ${cells[at("Entry")]}`);
    const hash = createHash("sha256")
      .update(JSON.stringify([previous, ...cells.slice(0, at("Hash"))]), "utf8")
      .digest("hex");
    if (cells[at("Hash")] !== hash)
      throw new Error(`Audit log entry ${index + 1} does not chain: ${JSON.stringify(cells)}`);
    previous = hash;
  });
  // The log ends where Script Properties say, or where a write killed before it counted its
  // rows announced it would (AUDIT_WRITING): never anywhere else.
  const props = h.emu.properties;
  const ends = [
    `${props.get("AUDIT_ENTRIES") ?? "0"} ${props.get("AUDIT_HEAD") ?? "0".repeat(64)}`,
    (props.get("AUDIT_WRITING") ?? "").split(" ").slice(0, 2).join(" "),
  ];
  const end = `${rows.length} ${previous}`;
  if (!ends.includes(end))
    throw new Error(`The Audit log ends at ${end}; Script Properties say ${ends.join(" or ")}`);
  if (!accountForLedgers) return;
  const told = new Set(
    rows
      .filter((cells) => cells[at("Action")] === "Request sent")
      .map((cells) => cells[at("Payout ID")]),
  );
  const ids = [
    ...h.gatepay.ledger().map((e) => e.merchantWithdrawId),
    ...h.coingate.ledger().map((e) => e.externalId ?? ""),
  ];
  const untold = ids.filter((id) => !told.has(id));
  if (untold.length > 0)
    throw new Error(`Paid, and not in the Audit log as "Request sent": ${untold.join(", ")}`);
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
    const startedAt = real.h.emu.clock.now();
    const frozen = model.frozen;
    this.act(model, real);
    model.steps++;
    checkLedgers(real, model);
    checkApprovals(real, model, startedAt);
    checkFreezeAndLimit(real, model, startedAt, frozen && !(this instanceof Unfreeze));
    if (this.wholeSheet) checkFinalRows(real);
    checkAuditLog(real, this.wholeSheet);
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

/**
 * A person typing cells from `column` of sheet row `sheetRow`. Inputs are typed as the on-edit
 * trigger sees them (the model notes who made the row's inputs what they are); output cells are
 * typed as by anyone, unseen.
 */
function typeAs(
  model: Model,
  h: Harness,
  user: string,
  sheetRow: number,
  firstColumn: number,
  cells: string[],
): void {
  const inputColumns = INPUT_HEADERS.map((header) => column(h, header));
  const touchesInputs = cells.some((_, i) => inputColumns.includes(firstColumn + i));
  if (!touchesInputs) {
    h.emu.typeInto("Payouts", sheetRow, firstColumn, [cells]);
    return;
  }
  for (const run of h.emu.edit("Payouts", sheetRow, firstColumn, [cells], { user }))
    if (run.error) throw run.error;
  const row = sheetRows(h)[sheetRow - 2];
  if (row) model.preparer.set(inputsOf(row), user);
}

/** A person typing into one cell of a row. */
class Type extends Step {
  constructor(
    private readonly rowIndex: number,
    private readonly header: string,
    private readonly text: string,
    private readonly user = USERS[0],
  ) {
    super();
  }
  toString() {
    const by = INPUT_HEADERS.includes(this.header as never) ? ` by ${this.user}` : "";
    return `Type(row ${this.rowIndex}, ${this.header} = ${JSON.stringify(this.text)}${by})`;
  }
  protected act(model: Model, { h }: Real) {
    const rows = sheetRows(h);
    if (rows.length === 0) return;
    const index = this.rowIndex % rows.length;
    let text = this.text;
    // "@other": the Payout ID of another row (a copied or mistyped ID).
    if (text === "@other") text = pick(rows, index + 1)?.["Payout ID"] ?? "";
    typeAs(model, h, this.user, index + 2, column(h, this.header), [text]);
  }
}

/** A person approves or revokes the approval of one row (the add-on decides if they may). */
class Review extends Step {
  constructor(
    private readonly kind: "approve" | "revoke",
    private readonly user: string,
    private readonly rowIndex: number,
  ) {
    super();
  }
  toString() {
    return `${this.kind === "approve" ? "Approve" : "Revoke"}(row ${this.rowIndex} by ${this.user})`;
  }
  protected act(model: Model, { h }: Real) {
    // A row not validated yet has no Payout ID: the person validates before approving it.
    if (!pick(sheetRows(h), this.rowIndex)?.["Payout ID"]) runAddOn(h, "validatePayouts");
    const rows = sheetRows(h);
    const row = pick(rows, this.rowIndex);
    const id = row?.["Payout ID"];
    if (!row || !id) return;
    const name = this.kind === "approve" ? "approvePayouts" : "revokeApprovals";
    const execution = h.run(name, { user: this.user }, [[id]]);
    if (execution.error) throw execution.error;
    const value = execution.value as { approved?: string[]; revoked?: string[] };
    if (value.approved?.includes(id)) {
      // The add-on validated the sheet first: the inputs approved are the row's as it holds them.
      const now = sheetRows(h).find((r) => r["Payout ID"] === id) ?? row;
      model.given.push({
        id,
        by: this.user,
        inputs: inputsOf(now),
        address: now.Address,
        amount: now.Amount,
        at: h.emu.clock.now(),
      });
    }
    if (value.revoked?.includes(id)) model.given = model.given.filter((a) => a.id !== id);
  }
}

/** An admin freezes payouts. */
class Freeze extends Step {
  toString() {
    return "Freeze";
  }
  protected act(model: Model, { h }: Real) {
    const run = h.run("freezePayouts");
    if (run.error) throw run.error;
    if ((run.value as { frozen?: boolean }).frozen) model.frozen = true;
  }
}

/** An admin unfreezes payouts (any admin: this sequence lists none). */
class Unfreeze extends Step {
  toString() {
    return "Unfreeze";
  }
  protected act(model: Model, { h }: Real) {
    const run = h.run("unfreezePayouts");
    if (run.error) throw run.error;
    if ((run.value as { frozen?: boolean }).frozen === false) model.frozen = false;
  }
}

/** Hours go by (approvals expire after 72). */
class TimePasses extends Step {
  constructor(private readonly hours: number) {
    super();
  }
  toString() {
    return `TimePasses(${this.hours}h)`;
  }
  protected act(_: Model, { h }: Real) {
    h.emu.clock.advance(this.hours * 3_600_000);
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
  protected act(model: Model, { h }: Real) {
    const rows = sheetRows(h);
    const waiting = rows.findIndex((r) => ["QUEUED", "SUBMITTING", "APPROVED"].includes(r.Status));
    const index = waiting >= 0 ? waiting : rows.findIndex((r) => r.Status === "VALID");
    if (index < 0) return;
    typeAs(model, h, USERS[2], index + 2, column(h, this.header), [this.value]);
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
  protected act(model: Model, { h }: Real) {
    const sheet = h.emu.sheet("Payouts");
    const rows = sheet?.display().slice(1) ?? [];
    const user = USERS[this.index % USERS.length];
    if (this.kind === "add") {
      addRowAs(model, h, user, newRow(this.index));
      return;
    }
    if (rows.length === 0) return;
    const index = this.index % rows.length;
    if (this.kind === "copy") typeAs(model, h, user, rows.length + 2, 1, rows[index]);
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

/** A person types a whole new row below the others. */
function addRowAs(model: Model, h: Harness, user: string, row: RowInput): void {
  const headers = h.emu.sheet("Payouts")?.display()[0] ?? [];
  const at = (h.emu.sheet("Payouts")?.display().length ?? 1) + 1;
  const cells = headers.map((header) => (row as Record<string, string | undefined>)[header] ?? "");
  typeAs(model, h, user, at, 1, cells);
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

const review = fc
  .tuple(fc.constantFrom("approve", "approve", "revoke" as const), fc.nat(2), fc.nat(30))
  .map(([kind, u, i]) => new Review(kind, USERS[u], i));

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
    .tuple(fc.nat(30), fc.constantFrom("Address", "Amount"), fc.nat(3), fc.nat(2))
    .map(
      ([i, header, v, u]) =>
        new Type(
          i,
          header,
          header === "Amount" ? ["99", "10", "0.5", "12.5"][v] : [...TRON, EVM[0]][v],
          USERS[u],
        ),
    ),
  review,
  fc.constantFrom(30, 50).map((hours) => new TimePasses(hours)),
  fc.constant(new Freeze()),
  fc.constant(new Unfreeze()),
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

/**
 * With approvals on, approving (validating first when needed) and submitting come more often:
 * an approval, then a submit, is what the approval invariant needs to meet at all.
 */
const withApprovals = [...commands, review, review, review, review, fc.constant(new Submit())];

describe("people and machines together (model-based)", () => {
  it(`never pays twice, never pays what nobody submitted, and final rows match the ledgers (${SEQUENCES} sequences)`, () => {
    let sequences = 0;
    const result = fc.check(
      fc.property(
        fc.array(fc.nat(6), { minLength: 2, maxLength: 4 }),
        fc
          .boolean()
          .chain((approvals) =>
            fc.tuple(
              fc.constant(approvals),
              fc.commands(approvals ? withApprovals : commands, { maxCommands: 14 }),
            ),
          ),
        fc.constantFrom(undefined, "25"),
        (starting, [approvals, steps], dailyLimit) => {
          sequences++;
          const controls: Record<string, string> = approvals
            ? { APPROVALS_REQUIRED: "1", SECOND_APPROVAL_ABOVE: `USDT:${SECOND_ABOVE}` }
            : {};
          if (dailyLimit) controls.LIMIT_PER_DAY = `USDT:${dailyLimit}`;
          const h = new HarnessClass({
            properties: { GATEPAY_MAX_BATCH_SIZE: "2", ...controls },
          });
          h.call("setupPayoutsSheet");
          const model: Model = {
            dailyLimit,
            frozen: false,
            createdAt: new Map(),
            approvals,
            preparer: new Map(),
            given: [],
            checkedApprovals: new Set(),
            reviewed: new Map(),
            submittedUnnamed: new Set(),
            steps: 0,
          };
          starting.forEach((index) =>
            addRowAs(model, h, USERS[index % USERS.length], newRow(index)),
          );
          const real: Real = { h };
          fc.modelRun(() => ({ model, real }), steps);
          // At the end the machines settle: whatever is still open comes to rest, checked again.
          const settlingFrom = h.emu.clock.now();
          runAddOn(h, "refreshPayouts");
          h.gatepay.settleAll();
          h.coingate.settleAll("completed");
          h.deliverCallbacks();
          runAddOn(h, "refreshPayouts");
          runAddOn(h, "validatePayouts");
          checkLedgers(real, model);
          checkApprovals(real, model, settlingFrom);
          checkFreezeAndLimit(real, model, settlingFrom, model.frozen);
          checkFinalRows(real);
          checkAuditLog(real, true);
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
