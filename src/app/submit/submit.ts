/**
 * Submitting payouts: re-validate, queue every VALID row in the record (with the exact inputs
 * that were reviewed), send under the script lock, stop well before the time limit and continue
 * from a one-off trigger.
 */
import { compareAmounts, subtractAmounts } from "../../domain/money";
import { fingerprint } from "../../domain/fingerprint";
import type { PayoutInstruction, ProviderName } from "../../domain/payout";
import { isWaitingToSend } from "../../domain/record";
import type { ProviderEnvironment } from "../../providers/entry";
import type { QuoteLine } from "../../providers/provider";
import { showChangedCells } from "../approvals/highlights";
import { showAddressBook } from "../guards/address-book-sheet";
import { mayBeSent, openReview, rememberEditsRead } from "../approvals/review-rows";
import { audit } from "../audit/log";
import { refuseUnlessRole } from "../controls/roles";
import { frozenMessage, frozenState } from "../controls/freeze";
import { approvalsOn } from "../controls/policy";
import { notifyExceptions } from "../audit/notify/exception-mail";
import { isoNow, withScriptLock, type AppContext } from "../context";
import { KEYS } from "../keys";
import { recordOpenRows } from "../refresh/open-rows";
import { inputTexts, type PayoutRow } from "../payout-table";
import type { Providers } from "../providers";
import { renderRecords } from "../record/view";
import { runQueue, type QueueTotals } from "./queue";
import { scheduleContinuation } from "./continuation";
import {
  shortfallsOf,
  topUpLabel,
  uncovered,
  type Shortfall,
  type TopUpPromise,
} from "./shortfall";
import { loadRules, rowStatus, validateRows, type LoadedRules } from "../validate/rows";
import type { RowReview } from "../approvals/review-rows";
import { openRun, type Run } from "../workspace";

export interface SubmitSummary extends Partial<QueueTotals> {
  ok: boolean;
  message: string;
  queued?: number;
  /** True when a one-off trigger will continue the rest. */
  continuing?: boolean;
}

export const LOCK_WAIT_MS = 10_000;

export function busy(what: string) {
  return () => ({
    ok: false,
    message: `Another payouts run (a submit, a refresh or a callback) is working right now; ${what} changed nothing. Try again in a minute.`,
  });
}

/** The reviewed rows' identity: Payout IDs with a digest of their inputs. */
export function reviewFingerprint(
  rows: { row: PayoutRow; instruction: PayoutInstruction }[],
): string {
  return fingerprint(
    rows.map(({ row }) => `${row.outputs.payoutId}:${fingerprint(inputTexts(row))}`).sort(),
  );
}

/** Rows of payouts waiting to be sent: their rules are loaded with the new rows'. */
function waitingRows(run: Run): PayoutRow[] {
  return [...run.plan.recorded]
    .filter(([id]) => {
      const record = run.journal.get(id);
      return record !== undefined && isWaitingToSend(record);
    })
    .flatMap(([, rows]) => rows);
}

/** Validates the new rows (and loads the rules waiting rows are checked against), and reviews their approvals. */
export function validateRun(ctx: AppContext, run: Run, rowsToValidate: "all" | "waiting-only") {
  const rows =
    rowsToValidate === "all" ? [...run.plan.unsubmitted, ...waitingRows(run)] : waitingRows(run);
  const loaded = loadRules(rows, run.providers);
  const plan = rowsToValidate === "all" ? run.plan : { ...run.plan, unsubmitted: [] };
  const review = openReview(ctx, run.controls, plan.unsubmitted.length > 0);
  run.review = review;
  const validation = validateRows(ctx, run.table, plan, run.journal, loaded, review);
  return { loaded, validation, review };
}

/** Commits the record, shows it in the rows, writes them. */
export function saveRun(ctx: AppContext, run: Run): void {
  run.journal.commit();
  if (run.review) rememberEditsRead(ctx, run.review);
  renderRecords(ctx, run.table, run.journal, run.plan, run.config.staleAfterHours);
  run.table.write();
  showChangedCells(ctx, run.table, run.journal);
  showAddressBook(ctx, run.journal.addressBook());
  const through = String(run.journal.lastSeq());
  if (ctx.store.get(KEYS.renderedThrough) !== through) ctx.store.set(KEYS.renderedThrough, through);
}

export interface SubmitOptions {
  /** The preview's fingerprint, when a person pressed Pay in the submit dialog. */
  reviewed?: string;
  /** The shortfalls the payer promised to top up (the dialog's box); checked with `reviewed`. */
  topUp?: readonly TopUpPromise[];
}

export function submitPayouts(ctx: AppContext, options: SubmitOptions = {}): SubmitSummary {
  const refusal = refuseUnlessRole(ctx, "payer", "submitting");
  if (refusal) return refusal;
  return withScriptLock(ctx, LOCK_WAIT_MS, busy("submitting"), () => {
    const run = openRun(ctx);
    const { providers, journal, plan } = run;
    const { loaded, validation } = validateRun(ctx, run, "all");
    const now = isoNow(ctx);
    const sendable = validation.valid.filter(
      (valid) => providers.client(valid.instruction.provider) && mayBeSent(valid),
    );
    const frozen = frozenState(ctx);
    if (frozen) {
      saveRun(ctx, run);
      const message = `${frozenMessage(frozen)} Nothing was queued.`;
      audit(ctx, "Submit refused", message);
      return { ok: false, message, queued: 0, frozen: message };
    }
    if (options.reviewed !== undefined && options.reviewed !== reviewFingerprint(sendable)) {
      saveRun(ctx, run);
      const message =
        "The rows changed since the preview (added, edited or re-validated): nothing was sent. Open Submit payouts again to review them.";
      audit(ctx, "Submit refused", message);
      return { ok: false, message };
    }
    if (options.reviewed !== undefined) {
      const refused = checkTopUp(ctx, providers, sendable, options.topUp ?? []);
      if (refused) {
        saveRun(ctx, run);
        return refused;
      }
    }
    for (const { row, instruction } of validation.valid) {
      const provider = providers.get(instruction.provider);
      if (provider && !provider.client)
        run.table.set(row, { error: provider.setup.notConfigured }, now);
    }
    for (const { row, instruction } of sendable) {
      const id = instruction.payoutId;
      journal.record(id, {
        kind: "queued",
        provider: instruction.provider,
        inputs: inputTexts(row),
      });
      plan.recorded.set(id, [row]);
    }
    // The open-rows count goes up before the rows do: a run that dies after queuing must not
    // leave OPEN_ROWS at "0", or the refresh trigger would skip the payouts it left behind.
    recordOpenRows(ctx, journal);
    saveRun(ctx, run);
    const { continuing, ...totals } = sendWaiting(ctx, run, loaded);
    recordOpenRows(ctx, journal);
    const notified = notifyExceptions(ctx, journal, run.config.staleAfterHours, "Submit");
    const summary = {
      ok: totals.problems.length === 0,
      message: [
        submitMessage(totals, sendable.length, continuing),
        journal.damageMessage(),
        notified,
        ...run.config.warnings,
      ]
        .filter(Boolean)
        .join(" "),
      queued: sendable.length,
      continuing,
      ...totals,
    };
    audit(
      ctx,
      options.reviewed === undefined ? "Submit" : "Submit (reviewed)",
      summary.message,
      summary,
    );
    return summary;
  });
}

/**
 * Pay in the dialog: the balances are read again, and a balance short now needs the payer's
 * promise to top up, covering at least what is short now (it may have grown since the preview).
 * A refusal is returned (and audited); a promise that covers is audited and lets the run go on.
 */
function checkTopUp(
  ctx: AppContext,
  providers: Providers,
  sendable: readonly RowReview[],
  promises: readonly TopUpPromise[],
): SubmitSummary | undefined {
  const shortfalls = shortfallsOf(quoteLines(providers, sendable).groups);
  if (shortfalls.length === 0) return undefined;
  const missing = uncovered(shortfalls, promises);
  const counts = { shortBalances: shortfalls.length, acknowledged: missing.length === 0 };
  if (missing.length > 0) {
    const named = missing.map((short) =>
      promises.some((p) => p.provider === short.provider && p.currency === short.currency)
        ? `${short.text}, more than the top-up promised`
        : `${short.text}, and no top-up was promised`,
    );
    const message =
      `Nothing was sent: ${named.join("; ")}. Top up first, or open Submit payouts again and ` +
      `tick "${topUpLabel(shortfalls)}".`;
    audit(ctx, "Submit refused", message, counts);
    return { ok: false, message };
  }
  audit(
    ctx,
    "Top-up promised",
    `The payer will top up before these payouts are sent: ${shortfalls.map((s) => s.text).join("; ")}.`,
    counts,
  );
  return undefined;
}

/** The one-off trigger's handler: continues the payouts the record holds as waiting or unsettled. */
export function continueSubmission(ctx: AppContext): SubmitSummary {
  return withScriptLock(ctx, LOCK_WAIT_MS, busy("continuing the submission"), () => {
    const run = openRun(ctx);
    // Only payouts already accepted: new rows wait for a person to validate and submit them.
    const { loaded } = validateRun(ctx, run, "waiting-only");
    saveRun(ctx, run);
    const { continuing, ...totals } = sendWaiting(ctx, run, loaded);
    recordOpenRows(ctx, run.journal);
    const notified = notifyExceptions(
      ctx,
      run.journal,
      run.config.staleAfterHours,
      "Continue submission",
    );
    const summary = {
      ok: totals.problems.length === 0,
      message: [submitMessage(totals, 0, continuing), run.journal.damageMessage(), notified]
        .filter(Boolean)
        .join(" "),
      continuing,
      ...totals,
    };
    if (totals.created + totals.rejected + totals.recovered + totals.resent + totals.unknown > 0)
      audit(ctx, "Continue submission", summary.message, summary);
    return summary;
  });
}

/**
 * Sends the waiting payouts and settles the unsettled ones (see submit-queue), writes the rows,
 * and schedules a continuation when the time budget left payouts waiting.
 */
export function sendWaiting(
  ctx: AppContext,
  run: Run,
  loaded: LoadedRules,
): QueueTotals & { continuing: boolean } {
  const totals = runQueue({ ctx, ...run, rules: loaded.rules });
  saveRun(ctx, run);
  // Frozen: no continuation (unfreezing schedules one), else it would wake every minute.
  const continuing = totals.remaining > 0 && !totals.frozen && scheduleContinuation(ctx);
  // Rows sent back to review when the run opened count with the ones the queue sent back.
  return { ...totals, returned: totals.returned + run.plan.returned, continuing };
}

function submitMessage(totals: QueueTotals, queued: number, continuing: boolean): string {
  const parts = [
    queued > 0 ? `${queued} row(s) queued` : "",
    `${totals.created} created`,
    totals.rejected ? `${totals.rejected} rejected` : "",
    totals.unknown ? `${totals.unknown} without an answer (looked up on the next run)` : "",
    totals.recovered ? `${totals.recovered} interrupted submission(s) found at the provider` : "",
    totals.resent
      ? `${totals.resent} interrupted submission(s) confirmed absent and sent again`
      : "",
    totals.held ? `${totals.held} held for a person to check at the provider` : "",
    totals.returned ? `${totals.returned} sent back to review` : "",
    totals.frozen ?? "",
    totals.remaining
      ? `${totals.remaining} still queued${continuing ? ", continuing automatically in a minute" : ""}`
      : "",
    ...totals.problems,
  ].filter(Boolean);
  return parts.join("; ").replace(/\.?$/, ".");
}

export interface PreviewGroup extends QuoteLine {
  provider: ProviderName;
  shortfall?: string;
}

export interface PreviewSummary {
  ok: boolean;
  message: string;
  groups: PreviewGroup[];
  skipped: { row: number; payoutId: string; reason: string }[];
  fingerprint: string;
  count: number;
  /** Payouts are frozen: the message (Pay stays disabled). */
  frozen?: string;
  /**
   * Rows to be paid that carry a warning (first payment, look-alike or changed address, a likely
   * double payment).
   */
  warnings?: { row: number; payoutId: string; warning: string }[];
  /** With approvals on: who prepared and who approved each row to be paid (the first 200). */
  approvals?: PreviewApproval[];
  /** Sandbox or live, for each provider with rows to pay. */
  environments?: ({ provider: string } & ProviderEnvironment)[];
  /** Balances short per provider and currency: Pay needs the payer's promise to top up. */
  shortfalls?: Shortfall[];
  /** The promise's checkbox label, naming every short balance; with `shortfalls`. */
  topUpLabel?: string;
}

export interface PreviewApproval {
  row: number;
  payoutId: string;
  /** e.g. "Ann Lee: 120.50 USDT". */
  pays: string;
  preparedBy: string;
  approvedBy: string;
}

/** Rows listed with their approvals in the dialog; the rest are counted. */
const APPROVALS_LISTED = 200;

/** What a submit would do now: groups with totals, fees, balance and shortfall; rows skipped. */
export function previewPayouts(ctx: AppContext): PreviewSummary {
  const empty = { groups: [], skipped: [], fingerprint: "", count: 0 };
  const refusal = refuseUnlessRole(ctx, "payer", "submitting");
  if (refusal) return { ...empty, ok: false, message: refusal.message };
  return withScriptLock<PreviewSummary>(
    ctx,
    LOCK_WAIT_MS,
    () => ({ ...empty, ...busy("the preview")() }),
    () => {
      const run = openRun(ctx);
      const { table, providers } = run;
      const { validation } = validateRun(ctx, run, "all");
      saveRun(ctx, run);
      const sendable = validation.valid.filter(
        (valid) => providers.client(valid.instruction.provider) && mayBeSent(valid),
      );
      const skipped = table
        .activeRows()
        .filter((row) => rowStatus(row) === "INVALID")
        .map((row) => ({
          row: row.row,
          payoutId: row.outputs.payoutId,
          reason: row.outputs.error,
        }));
      for (const valid of validation.valid) {
        const { row, instruction } = valid;
        const provider = providers.get(instruction.provider);
        if (provider && !provider.client)
          skipped.push({
            row: row.row,
            payoutId: row.outputs.payoutId,
            reason: provider.setup.notConfigured,
          });
        else if (!mayBeSent(valid))
          skipped.push({ row: row.row, payoutId: row.outputs.payoutId, reason: row.outputs.error });
      }
      const { groups, problems } = quoteLines(providers, sendable);
      const shortfalls = shortfallsOf(groups);
      const paying = new Set(sendable.map(({ instruction }) => instruction.provider));
      const damage = run.journal.damageMessage();
      const frozen = frozenState(ctx);
      return {
        ok: problems.length === 0,
        message: [
          problems.length ? `Fees or balances could not be read: ${problems.join(" ")}` : "",
          damage,
        ]
          .filter(Boolean)
          .join(" "),
        groups,
        skipped,
        fingerprint: reviewFingerprint(sendable),
        count: sendable.length,
        ...(frozen && { frozen: frozenMessage(frozen) }),
        warnings: sendable.flatMap(({ row, instruction, warnings }) =>
          warnings.map((warning) => ({ row: row.row, payoutId: instruction.payoutId, warning })),
        ),
        ...(approvalsOn(run.controls) && {
          approvals: sendable.slice(0, APPROVALS_LISTED).map(({ row, instruction, standing }) => ({
            row: row.row,
            payoutId: instruction.payoutId,
            pays: `${instruction.recipient}: ${instruction.amount} ${instruction.amountCurrency ?? instruction.currency}`,
            preparedBy: run.journal.reviewOf(instruction.payoutId)?.preparedBy ?? "",
            approvedBy: standing.counted.map((a) => a.by).join(", "),
          })),
        }),
        environments: providers
          .configured()
          .filter(({ entry }) => paying.has(entry.name))
          .map(({ entry, setup }) => ({ provider: entry.name, ...setup.environment })),
        ...(shortfalls.length > 0 && { shortfalls, topUpLabel: topUpLabel(shortfalls) }),
      };
    },
  );
}

/** Each configured provider's quote of its rows to pay, per currency and network. */
function quoteLines(
  providers: Providers,
  sendable: readonly RowReview[],
): { groups: PreviewGroup[]; problems: string[] } {
  const groups: PreviewGroup[] = [];
  const problems: string[] = [];
  for (const { entry, client: provider } of providers.configured()) {
    const name = entry.name;
    const instructions = sendable
      .filter(({ instruction }) => instruction.provider === name)
      .map((v) => v.instruction);
    if (instructions.length === 0) continue;
    try {
      for (const line of provider.quote(instructions))
        groups.push({ ...line, provider: name, shortfall: shortfall(line) });
    } catch (error) {
      problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { groups, problems };
}

function shortfall(line: QuoteLine): string | undefined {
  if (line.balance === undefined) return undefined;
  const totalCurrency = line.totalCurrency ?? line.currency;
  if (line.balanceCurrency && line.balanceCurrency !== totalCurrency) return undefined;
  const needed = line.estimatedDebit ?? line.total;
  return compareAmounts(needed, line.balance) > 0
    ? subtractAmounts(needed, line.balance)
    : undefined;
}
