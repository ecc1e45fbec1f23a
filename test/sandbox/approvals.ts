/**
 * `npm start -- --approvals`: the run with maker-checker approvals on (CONTRACT section 7),
 * acted out by simulated people. An admin sets the settings and the sheet up; a preparer types
 * the rows (the on-edit trigger sees who, so Prepared by names them); two approvers approve
 * every valid row, both of them a row above SECOND_APPROVAL_ABOVE; a payer submits. Two cases
 * are scripted, on rows picked from `--seed`:
 *
 * - self-approval: an approver types one row himself, then approves every valid row: the add-on
 *   refuses his own, with its reason; the other approver approves it instead, and it is paid;
 * - an approval voided by an edit: after a row is approved, someone with no role changes its
 *   Amount; the next validation says in Error which cells changed and that the approval no
 *   longer counts; the first approver approves the new amount, and it is paid with it.
 *
 * Both are planned and labelled "(simulated)". Which rows they hit, and the threshold, come
 * from a rehearsal of the validation (a fresh harness), so they land on valid rows of any file.
 */
import Big from "big.js";

import type { Execution } from "../emulator";
import type { LedgerEntry as CoinGateEntry } from "../simulators/coingate/simulator";
import type { LedgerEntry as GatePayEntry } from "../simulators/gatepay/simulator";
import type { Harness } from "../support/harness";
import type { PayoutFile } from "./input";
import { oneLine, SIMULATED } from "./label";
import { pick, seedUuids, seededRandom } from "./random";
import { loadIntoSheet, sandboxHarness, sheetRows, typingBlocks, type TypedBy } from "./world";

/** The simulated people: none is a real account. */
export const PEOPLE = {
  /** The owner of the spreadsheet: sets the settings up, sets up the sheet and auto-refresh. */
  admin: "owner@example.com",
  preparer: "ann@example.com",
  /** The first also types the self-approval row; the second approves it instead. */
  approvers: ["bob@example.com", "carol@example.com"],
  payer: "pat@example.com",
  /** Can edit the sheet, holds no role: changes the Amount of an approved row. */
  editor: "dave@example.com",
} as const;

/** The people and what each does, for the output. */
export function castLine(): string {
  const [bob, carol] = PEOPLE.approvers;
  return (
    `the people are simulated (no real accounts): ${PEOPLE.admin} admin (settings, setup), ` +
    `${PEOPLE.preparer} prepares the rows, ${bob} and ${carol} approve, ${PEOPLE.payer} pays, ` +
    `${PEOPLE.editor} can edit the sheet (no role)`
  );
}

export interface ApprovalPlan {
  /** The Script Properties of the run (the admin's settings). */
  settings: Record<string, string>;
  /** The figure that makes the largest amounts of one currency need two approvals. */
  secondAbove?: { currency: string; figure: string; rows: number[] };
  /** The row the first approver types himself, then tries to approve. */
  selfApproval?: number;
  /** The row whose approval an edit of its Amount voids: from -> to. */
  voided?: { row: number; from: string; to: string };
  /** Why a scripted case could not be placed on this file. */
  skipped: string[];
}

/** "KEY=value; ..." for the output. */
export function settingsLine(plan: ApprovalPlan): string {
  return Object.entries(plan.settings)
    .map(([key, value]) => `${key}=${value}`)
    .join("; ");
}

const PLAIN_AMOUNT = /^\d+(\.\d+)?$/;

/** The currency a limit applies to: the row's Amount currency when set, else its Currency. */
function limitCurrency(cells: Record<string, string>): string {
  return ((cells["Amount currency"] ?? "").trim() || (cells.Currency ?? "").trim()).toUpperCase();
}

/** One unit more in the amount's last decimal place: 120.50 -> 120.51, 40 -> 41. */
export function nudged(amount: string): string {
  const decimals = amount.includes(".") ? amount.length - amount.indexOf(".") - 1 : 0;
  return new Big(amount).plus(new Big(1).div(new Big(10).pow(decimals))).toFixed(decimals);
}

type SheetRow = { row: number; cells: Record<string, string> };

/**
 * The settings and the scripted rows, from the rows a validation found valid. The threshold:
 * in the currency with the most valid rows that has two different amounts, the second-largest
 * amount (so the largest needs two approvals, and no other). The self-approval row and the
 * voided row: two of the rest, picked with `seed`; the voided row is below the threshold, so its
 * new amount still needs one approval.
 */
export function planApprovals(valid: SheetRow[], seed: number): ApprovalPlan {
  const random = seededRandom(seed ^ 0xa99_0a1);
  const amounts = valid
    .filter((r) => PLAIN_AMOUNT.test(r.cells.Amount.trim()))
    .map((r) => ({
      row: r.row,
      currency: limitCurrency(r.cells),
      amount: new Big(r.cells.Amount),
    }));
  const byCurrency = new Map<string, typeof amounts>();
  for (const a of amounts) byCurrency.set(a.currency, [...(byCurrency.get(a.currency) ?? []), a]);
  const distinct = (list: typeof amounts) =>
    [...new Set(list.map((a) => a.amount.toFixed()))].map((text) => new Big(text));
  const [currency, list] =
    [...byCurrency]
      .filter(([, list]) => distinct(list).length >= 2)
      .sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))[0] ?? [];
  let secondAbove: ApprovalPlan["secondAbove"];
  if (currency && list) {
    const figure = distinct(list).sort((a, b) => b.cmp(a))[1];
    secondAbove = {
      currency,
      figure: figure.toFixed(),
      rows: list.filter((a) => a.amount.gt(figure)).map((a) => a.row),
    };
  }
  const pool = valid.filter((r) => !secondAbove?.rows.includes(r.row));
  const belowFigure = (r: SheetRow) =>
    PLAIN_AMOUNT.test(r.cells.Amount.trim()) &&
    (!secondAbove ||
      limitCurrency(r.cells) !== secondAbove.currency ||
      new Big(r.cells.Amount).lt(secondAbove.figure));
  const skipped: string[] = [];
  let voided: ApprovalPlan["voided"];
  let selfApproval: number | undefined;
  const voidable = pool.filter(belowFigure);
  if (pool.length >= 2 && voidable.length > 0) {
    const [v] = pick(voidable, 1, random);
    voided = { row: v.row, from: v.cells.Amount.trim(), to: nudged(v.cells.Amount.trim()) };
  }
  const rest = pool.filter((r) => r.row !== voided?.row);
  if (rest.length > 0) [selfApproval] = pick(rest, 1, random).map((r) => r.row);
  if (!secondAbove)
    skipped.push(
      "no currency has two different amounts among the valid rows, so SECOND_APPROVAL_ABOVE is left unset: no row needs two approvals",
    );
  if (selfApproval === undefined)
    skipped.push("no valid row is left for the self-approval case, so it is not played");
  if (!voided)
    skipped.push(
      "too few valid rows for the voided-approval case (it needs one more row that one approval clears), so it is not played",
    );
  const [bob, carol] = PEOPLE.approvers;
  return {
    settings: {
      APPROVALS_REQUIRED: "1",
      ...(secondAbove
        ? { SECOND_APPROVAL_ABOVE: `${secondAbove.currency}:${secondAbove.figure}` }
        : {}),
      APPROVERS: `${bob}, ${carol}`,
      PAYERS: PEOPLE.payer,
      ADMINS: PEOPLE.admin,
    },
    ...(secondAbove ? { secondAbove } : {}),
    ...(selfApproval !== undefined ? { selfApproval } : {}),
    ...(voided ? { voided } : {}),
    skipped,
  };
}

/**
 * The plan for a file: its rows validated once in a fresh harness (same seed, approvals on, no
 * threshold yet) to learn which are valid, then `planApprovals`.
 */
export function rehearsePlan(
  file: PayoutFile,
  options: { seed?: number; lowBalance?: boolean; properties?: Record<string, string> },
): ApprovalPlan {
  const seed = options.seed ?? 1;
  const restore = seedUuids(seed);
  try {
    const h = sandboxHarness({
      lowBalance: options.lowBalance,
      properties: { APPROVALS_REQUIRED: "1", ...options.properties },
    });
    loadIntoSheet(h, file);
    const run = h.run("validatePayouts", { user: PEOPLE.preparer });
    if (run.error) throw run.error;
    return planApprovals(
      sheetRows(h).filter((r) => r.cells.Status === "VALID"),
      seed,
    );
  } finally {
    restore();
  }
}

/** Who types each row: the preparer, except the self-approval row, typed by the first approver. */
export function typedBy(plan: ApprovalPlan): TypedBy {
  return (row) => (row === plan.selfApproval ? PEOPLE.approvers[0] : PEOPLE.preparer);
}

/** "rows 2-7 and 9-26" */
function rowRanges(blocks: { first: number; last: number }[]): string {
  const parts = blocks.map((b) => (b.first === b.last ? `${b.first}` : `${b.first}-${b.last}`));
  const text =
    parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0];
  return `${blocks.length === 1 && blocks[0].first === blocks[0].last ? "row" : "rows"} ${text}`;
}

/** "typed by ann@example.com: rows 2-7 and 9-26; by bob@example.com: row 8" */
export function typingLine(rows: number, plan: ApprovalPlan): string {
  const blocks = typingBlocks(rows, typedBy(plan));
  const people = [...new Set(blocks.map((b) => b.user))];
  return (
    people
      .map(
        (user, i) =>
          `${i === 0 ? "typed by " : "by "}${user}: ${rowRanges(blocks.filter((b) => b.user === user))}`,
      )
      .join("; ") +
    ` (${blocks.length} paste(s), each seen by the on-edit trigger that fills Prepared by)`
  );
}

// ---- the script -------------------------------------------------------------------------------

/** How the script acts on the spreadsheet (the sandbox records and checks every execution). */
export interface ApprovalsIO {
  /** Runs an entry point as `user`; an error that is not a kill throws. */
  run(name: string, user: string, args?: unknown[]): Execution;
  /** `user` types `text` into the row's cell under `header` (the on-edit trigger runs). */
  edit(row: number, header: string, text: string, user: string): void;
  note(text: string): void;
  /** Rows approved so far (a progress bar). */
  update?(done: number): void;
}

export const silentApprovalsIO = (h: Harness): ApprovalsIO => ({
  run: (name, user, args = []) => {
    const execution = h.run(name, { user }, args);
    if (execution.error && !execution.killed) throw execution.error;
    return execution;
  },
  edit: (row, header, text, user) => {
    const column = (h.emu.sheet("Payouts")?.display()[0] ?? []).indexOf(header) + 1;
    for (const execution of h.emu.edit("Payouts", row, column, [[text]], { user }))
      if (execution.error) throw execution.error;
  },
  note: () => undefined,
});

interface ApproveResult {
  ok: boolean;
  message: string;
  approved: string[];
  refused: { payoutId: string; reason: string }[];
}

export interface Refusal {
  row: number;
  payoutId: string;
  by: string;
  reason: string;
  /** The scripted self-approval. */
  planned: boolean;
}

export interface ApprovalsOutcome {
  plan: ApprovalPlan;
  /** Valid rows when the approvals began. */
  valid: number;
  /** Of those, APPROVED when the approvals ended (by Payout ID). */
  approved: number;
  /** Approvals the add-on recorded (a voided one included). */
  given: number;
  refusals: Refusal[];
  /** Rows whose approval an edit voided, with the add-on's Error then. */
  voids: { row: number; payoutId: string; error: string }[];
  /** Rows whose Error said they need 2 approvals, at validation. */
  needsTwo: number[];
  /** Who typed each row: what Prepared by should say (an edit changes it). */
  preparers: Map<string, string>;
  selfApproval?: {
    row: number;
    payoutId: string;
    recipient: string;
    preparer: string;
    reason: string;
    approvedBy: string;
  };
  voided?: {
    row: number;
    payoutId: string;
    recipient: string;
    header: string;
    from: string;
    to: string;
    approver: string;
    editor: string;
    error: string;
    preparedBy: string;
    reapprovedBy: string[];
  };
  /** Sandbox notes by Payout ID: what the script did to the row (simulated). */
  scripted: Map<string, string>;
}

/** A row of the sheet by number (the sandbox pastes no blank rows). */
function rowAt(h: Harness, row: number): Record<string, string> {
  return h.rows()[row - 2] ?? {};
}

/**
 * Approves the validated rows as the plan says, with the two scripted cases; returns what
 * happened. Rows are named by Payout ID to the add-on, by row number to the reader.
 */
export function runApprovals(h: Harness, plan: ApprovalPlan, io: ApprovalsIO): ApprovalsOutcome {
  const [first, second] = PEOPLE.approvers;
  const rowOf = new Map(sheetRows(h).map((r) => [r.cells["Payout ID"], r.row]));
  const validIds = sheetRows(h)
    .filter((r) => r.cells.Status === "VALID")
    .map((r) => r.cells["Payout ID"]);
  const outcome: ApprovalsOutcome = {
    plan,
    valid: validIds.length,
    approved: 0,
    given: 0,
    refusals: [],
    voids: [],
    needsTwo: sheetRows(h)
      .filter((r) => r.cells.Status === "VALID" && /Needs 2 approvals/.test(r.cells.Error))
      .map((r) => r.row),
    preparers: new Map(
      sheetRows(h).map((r) => [r.cells["Payout ID"], typedBy(plan)(r.row)] as const),
    ),
    scripted: new Map(),
  };
  /** The valid rows with `status` now (the sheet read once). */
  const withStatus = (status: string) => {
    const rows = h.rows();
    return validIds.filter((id) => rows[(rowOf.get(id) ?? 0) - 2]?.Status === status);
  };
  const waiting = () => withStatus("VALID");
  const approveAs = (user: string, ids: string[]): ApproveResult => {
    if (ids.length === 0) return { ok: true, message: "", approved: [], refused: [] };
    const execution = io.run("approvePayouts", user, [ids]);
    const result = execution.value as ApproveResult | undefined;
    if (!result) {
      io.note(
        `${user}'s approvePayouts ended without an answer: ${execution.error?.message ?? "no value"}`,
      );
      return { ok: false, message: "", approved: [], refused: [] };
    }
    outcome.given += result.approved.length;
    for (const { payoutId, reason } of result.refused) {
      const row = rowOf.get(payoutId) ?? 0;
      const planned = row === plan.selfApproval && user === first && /you prepared it/.test(reason);
      outcome.refusals.push({ row, payoutId, by: user, reason, planned });
      if (!planned)
        io.note(`row ${row} (${rowAt(h, row).Recipient}): ${user}'s approval refused: ${reason}`);
    }
    io.update?.(validIds.length - waiting().length);
    return result;
  };
  const list = (rows: number[]) =>
    rows.length === 0 ? "none" : rows.map((r) => `row ${r}`).join(", ");

  // 1. The first approver selects every valid row and approves them.
  const round1 = approveAs(first, validIds);
  io.note(
    `${first} approves the ${validIds.length} valid row(s): ${round1.approved.length} approval(s) recorded, ${round1.refused.length} refused`,
  );
  const self = plan.selfApproval;
  const selfId = self !== undefined ? rowAt(h, self)["Payout ID"] : undefined;
  const selfRefusal = outcome.refusals.find((r) => r.planned);
  if (self !== undefined && selfRefusal)
    io.note(
      `${SIMULATED} row ${self} refused for self-approval (${rowAt(h, self).Recipient}): ${first} typed it himself and tried to approve it; the add-on: "${selfRefusal.reason}"`,
    );
  else if (self !== undefined)
    io.note(`row ${self}: the scripted self-approval was NOT refused (${first} typed it)`);

  // 2. The second approver approves what still waits: the self-approval row, second approvals.
  const still = waiting();
  const round2 = approveAs(second, still);
  io.note(
    `${second} approves the ${still.length} row(s) still waiting (${list(still.map((id) => rowOf.get(id) ?? 0))}): ${round2.approved.length} approval(s) recorded` +
      (outcome.needsTwo.length
        ? `; second approvals for ${list(outcome.needsTwo)} (above ${plan.settings.SECOND_APPROVAL_ABOVE})`
        : ""),
  );
  if (self !== undefined && selfId) {
    const cells = rowAt(h, self);
    outcome.selfApproval = {
      row: self,
      payoutId: selfId,
      recipient: cells.Recipient,
      preparer: first,
      reason: selfRefusal?.reason ?? "",
      approvedBy: cells["Approved by"],
    };
    outcome.scripted.set(
      selfId,
      `${first} typed this row and tried to approve it himself: the add-on refused (self-approval); ${cells["Approved by"] || "nobody"} approved it instead`,
    );
  }

  // 3. An approved row's Amount is changed by someone else; the next validation voids it.
  const voided = plan.voided;
  const voidId = voided ? rowAt(h, voided.row)["Payout ID"] : undefined;
  if (voided && voidId) {
    const before = rowAt(h, voided.row);
    const approver = before["Approved by"];
    io.edit(voided.row, "Amount", voided.to, PEOPLE.editor);
    outcome.preparers.set(voidId, PEOPLE.editor);
    io.run("validatePayouts", PEOPLE.editor);
    const after = rowAt(h, voided.row);
    const error = after.Error;
    if (
      before.Status === "APPROVED" &&
      after.Status !== "APPROVED" &&
      /no longer counts/.test(error)
    )
      outcome.voids.push({ row: voided.row, payoutId: voidId, error });
    io.note(
      `${SIMULATED} row ${voided.row} voided by an edit (${after.Recipient}): approved by ${approver || "nobody"} (status ${before.Status}), then ${PEOPLE.editor} changed Amount from ${voided.from} to ${voided.to}; now ${after.Status}, Prepared by ${after["Prepared by"] || "(empty)"}; the add-on's Error: "${oneLine(error)}"`,
    );
    // 4. The decision: the approvers look at the new amount and approve it (first, then second
    //    if it still waits); it is paid with the new value.
    const reapprovedBy: string[] = [];
    for (const user of [first, second]) {
      if (rowAt(h, voided.row).Status !== "VALID") break;
      if (approveAs(user, [voidId]).approved.length > 0) reapprovedBy.push(user);
    }
    const end = rowAt(h, voided.row);
    io.note(
      end.Status === "APPROVED"
        ? `row ${voided.row} re-approved by ${reapprovedBy.join(" and ")} for the new Amount ${end.Amount}: it is sent with it`
        : `row ${voided.row} is ${end.Status} after the re-approval: ${oneLine(end.Error)}`,
    );
    outcome.voided = {
      row: voided.row,
      payoutId: voidId,
      recipient: end.Recipient,
      header: "Amount",
      from: voided.from,
      to: voided.to,
      approver,
      editor: PEOPLE.editor,
      error,
      preparedBy: after["Prepared by"],
      reapprovedBy,
    };
    outcome.scripted.set(
      voidId,
      `${PEOPLE.editor} changed Amount from ${voided.from} to ${voided.to} after ${approver} approved it: the approval was voided; ${reapprovedBy.join(" and ") || "nobody"} approved the new amount`,
    );
  }
  outcome.approved = withStatus("APPROVED").length;
  return outcome;
}

/**
 * What the sandbox checks of the approvals at the end, besides the add-on's own tests: every
 * row sent was approved, never by its preparer, by two people when its Error said it needs two;
 * Prepared by names whoever typed the row last; the voided row was sent with its new amount.
 * Returns the problems (empty: as the settings say).
 */
export function approvalProblems(
  rows: Record<string, string>[],
  outcome: ApprovalsOutcome,
  sent: (status: string) => boolean,
  ledgers: { coingate: CoinGateEntry[]; gatepay: GatePayEntry[] },
): string[] {
  const problems: string[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    const id = cells["Payout ID"];
    if (!id) return;
    const preparer = outcome.preparers.get(id);
    if (preparer && cells["Prepared by"] !== preparer)
      problems.push(
        `row ${row}: Prepared by says "${cells["Prepared by"]}", but ${preparer} typed it`,
      );
    if (!sent(cells.Status)) return;
    const approvers = cells["Approved by"]
      .split(",")
      .map((a) => a.trim().toLowerCase())
      .filter(Boolean);
    if (approvers.length === 0) problems.push(`row ${row} was sent without an approval`);
    if (approvers.includes(cells["Prepared by"].trim().toLowerCase()))
      problems.push(`row ${row} was approved by its preparer, ${cells["Prepared by"]}`);
    if (outcome.needsTwo.includes(row) && new Set(approvers).size < 2)
      problems.push(`row ${row} needed two approvals and was sent with ${approvers.length}`);
  });
  const v = outcome.voided;
  const at = v && ledgerAmount(ledgers, v.payoutId);
  if (v && at) {
    const cells = rows[v.row - 2] ?? {};
    const inCurrency =
      !cells["Amount currency"]?.trim() ||
      cells["Amount currency"].trim().toUpperCase() === at.currency.toUpperCase();
    if (cells.Amount !== v.to || (inCurrency && !new Big(at.amount).eq(v.to)))
      problems.push(
        `row ${v.row} was sent as ${at.amount} ${at.currency} (Amount ${cells.Amount}), not with the re-approved Amount ${v.to}`,
      );
  }
  if (outcome.selfApproval && !outcome.refusals.some((r) => r.planned))
    problems.push(`row ${outcome.selfApproval.row}: the self-approval was not refused`);
  if (v && outcome.voids.length === 0)
    problems.push(`row ${v.row}: the edit after approval did not void the approval`);
  return problems;
}

/** What the provider's ledger holds for a payout: the amount it was asked to send. */
export function ledgerAmount(
  ledgers: { coingate: CoinGateEntry[]; gatepay: GatePayEntry[] },
  payoutId: string,
): { amount: string; currency: string; provider: string } | undefined {
  const gatepay = ledgers.gatepay.find((e) => e.merchantWithdrawId === payoutId);
  if (gatepay) return { amount: gatepay.amount, currency: gatepay.currency, provider: "GatePay" };
  const coingate = ledgers.coingate.find((e) => e.externalId === payoutId);
  if (coingate)
    return { amount: coingate.amount, currency: coingate.currency, provider: "CoinGate" };
  return undefined;
}
