/**
 * reconcilePayouts: the add-on's record held against the providers' own lists and, with
 * CHAIN_RPC_URLS, against the chain; the result is the Reconciliation sheet (totals per provider
 * and currency, one line per exception). A pass runs in stages (each provider's listing, then the
 * chain), each in steps of a bounded number of requests, within the run's time budget; a pass cut
 * short is kept in RECONCILE_CURSOR and continued by a one-off trigger. Every execution reads the
 * record once (and the sheet once) and writes the sheet in one block.
 */
import { parseAmount, type Amount } from "../../domain/money";
import type { PayoutRecord } from "../../domain/record";
import { recordInput } from "../../domain/record-inputs";
import {
  EXCEPTION_KINDS,
  exceptionKey,
  recordedDisputes,
  recordExceptions,
  recordSummary,
  type ExceptionKind,
  type PayeePromise,
  type ReconciliationException,
} from "../../domain/reconciliation/exceptions";
import { totalsOf } from "../../domain/reconciliation/totals";
import type { ProviderSetup } from "../../providers/entry";
import { audit } from "../audit/log";
import { Budget } from "../budget";
import { readConfig } from "../config";
import { redactSecrets, secretValues } from "../redact";
import { isoNow, withScriptLock, type AppContext } from "../context";
import { openProviders, type Providers } from "../providers";
import { Journal } from "../record/journal";
import { busy, LOCK_WAIT_MS } from "../submit/submit";
import {
  chainTarget,
  checkOnChain,
  readChainSettings,
  type ChainSettings,
  type ChainTarget,
  PAYOUTS_PER_CHAIN_STEP,
} from "./chain-checks";
import { checkListingStep, listingScope } from "./listing-checks";
import { clearPass, loadPass, newPass, savePass, type PassState } from "./pass-state";
import { linesDigest, readReport, writeReport, type ReportRead } from "./report-sheet";

/** The one-off trigger that continues a pass cut short by the time budget. */
export const CONTINUE_RECONCILE_HANDLER = "continueReconciliation";
const CONTINUE_AFTER_MS = 60_000;
const CHAIN_STAGE = "chain";

export interface ReconcileSummary {
  ok: boolean;
  message: string;
  /** The exception lines found (so far, while `resumes`). */
  exceptions: ReconciliationException[];
  /** True when the pass goes on in a later execution. */
  resumes?: boolean;
  /** Lines per kind. */
  counts?: Partial<Record<ExceptionKind, number>>;
}

export function reconcilePayouts(ctx: AppContext): ReconcileSummary {
  return withScriptLock<ReconcileSummary>(
    ctx,
    LOCK_WAIT_MS,
    () => ({ ...busy("reconciling")(), exceptions: [] }),
    () => reconcile(ctx),
  );
}

/** The one-off trigger's handler: it removes its own (fired) trigger, then continues. */
export function continueReconciliation(ctx: AppContext): ReconcileSummary {
  return reconcilePayouts(ctx);
}

interface Pass {
  ctx: AppContext;
  journal: Journal;
  providers: Providers;
  chain: ChainSettings;
  /** The record's payouts in journal order; the first `state.count` are covered. */
  records: PayoutRecord[];
  positions: Map<string, number>;
  state: PassState;
  /** Whether this execution continues a pass an earlier one began. */
  continued: boolean;
  lines: ReconciliationException[];
}

function reconcile(ctx: AppContext): ReconcileSummary {
  const startedAt = ctx.clock.now();
  const config = readConfig(ctx.store);
  const providers = openProviders(ctx, config);
  const journal = Journal.open(ctx);
  const records = journal.all();
  const report = readReport(ctx);
  const notes: string[] = [];
  const loaded = loadPass(ctx, records);
  let state: PassState;
  let carried: ReconciliationException[] = [];
  if ("state" in loaded && linesDigest(report.lines) === loaded.state.linesDigest) {
    state = loaded.state;
    carried = report.lines;
  } else {
    const why = "restart" in loaded ? loaded.restart : "the Reconciliation sheet was changed";
    if (why) notes.push(`A new pass started (${why}).`);
    state = newPass(isoNow(ctx), records);
  }
  const pass: Pass = {
    ctx,
    journal,
    providers,
    chain: readChainSettings(ctx.store),
    records,
    positions: new Map(records.slice(0, state.count).map((r, i) => [r.payoutId, i])),
    state,
    continued: "state" in loaded && state === loaded.state,
    lines: carried,
  };
  const stages = [
    ...providers
      .configured()
      .filter((run) => run.client.listing)
      .map((run) => run.entry.name),
    ...(pass.chain.urls.size > 0 ? [CHAIN_STAGE] : []),
  ];
  const budget = new Budget(ctx.clock, startedAt);
  let resumes = false;
  for (;;) {
    const stage = stages.find((name) => !state.done.includes(name));
    if (!stage) break;
    if (!budget.allowsAnotherStep()) {
      resumes = true;
      break;
    }
    budget.step(() => (stage === CHAIN_STAGE ? chainStep(pass) : listingStep(pass, stage)));
  }
  const warnings = [...config.warnings, ...pass.chain.warnings, journal.damageMessage()].filter(
    Boolean,
  );
  return resumes
    ? keepGoing(pass, report, [...notes, ...warnings])
    : finish(pass, report, config.staleAfterHours, [...notes, ...warnings]);
}

/** One step of a provider's listing: what it lists is held against the record. */
function listingStep(pass: Pass, name: string): void {
  const { state } = pass;
  const run = pass.providers.get(name);
  const listing = run?.client?.listing;
  if (!listing) {
    state.done.push(name);
    return;
  }
  const covered = pass.records.slice(0, state.count);
  try {
    const step = listing.step(state.cursor, listingScope(covered, run.entry.name));
    const found = checkListingStep(run.entry.name, step, pass.journal, pass.positions);
    for (const position of found.seen) state.seen.add(position);
    addLines(pass, found.lines);
    state.listed += step.payouts.length;
    state.unreadBatches.push(...step.batchesUnread);
    state.problems.push(...step.problems);
    state.cursor = step.next ?? "";
    if (step.next === null) state.done.push(name);
  } catch (error) {
    state.problems.push(
      `${name}'s payouts could not be listed (${error instanceof Error ? error.message : String(error)}): its payouts were not checked against it.`,
    );
    state.failed.push(name);
    state.done.push(name);
    state.cursor = "";
  }
}

/** One step of the on-chain checks: up to PAYOUTS_PER_CHAIN_STEP payouts, in journal order. */
function chainStep(pass: Pass): void {
  const { state } = pass;
  let position = Number(state.cursor) || 0;
  const targets: ChainTarget[] = [];
  while (position < state.count && targets.length < PAYOUTS_PER_CHAIN_STEP) {
    // loadPass and newPass keep count within the record.
    const record = pass.records[position];
    if (!record) throw new Error("The reconciliation pass covers more payouts than the record.");
    const outcome = chainTarget(record, pass.providers, pass.chain);
    position++;
    if (outcome.kind === "target") targets.push(outcome.target);
    else if (outcome.kind === "line") addLines(pass, [outcome.line]);
    else if (outcome.kind === "unchecked") {
      state.chainUnchecked++;
      const note = `Not checked on chain: ${outcome.reason}.`;
      if (!state.notes.includes(note)) state.notes.push(note);
    }
  }
  if (targets.length > 0) {
    const result = checkOnChain(pass.ctx.http, targets);
    addLines(pass, result.lines);
    state.chainChecked += result.checked;
    state.chainUnchecked += result.unchecked.length;
    for (const reason of new Set(result.unchecked))
      state.problems.push(`On-chain check not done: ${reason}.`);
  }
  state.cursor = String(position);
  if (position >= state.count) {
    state.done.push(CHAIN_STAGE);
    state.cursor = "";
  }
}

/** Adds lines, one per kind and payout. */
function addLines(pass: Pass, lines: readonly ReconciliationException[]): void {
  const known = new Set(pass.lines.map(exceptionKey));
  for (const line of lines) {
    const key = exceptionKey(line);
    if (known.has(key)) continue;
    known.add(key);
    pass.lines.push(line);
  }
}

/**
 * In order, and as the sheet will show them: redacted as every cell is (app/redact.ts), so the
 * digest kept of them matches what a continuing run reads back.
 */
function sorted(
  ctx: AppContext,
  lines: readonly ReconciliationException[],
): ReconciliationException[] {
  const rank = (line: ReconciliationException) => EXCEPTION_KINDS.indexOf(line.kind);
  const secrets = secretValues(ctx.store);
  const redact = (line: ReconciliationException): ReconciliationException => ({
    ...line,
    recordSays: redactSecrets(line.recordSays, secrets),
    providerSays: redactSecrets(line.providerSays, secrets),
    explanation: redactSecrets(line.explanation, secrets),
  });
  return lines
    .map(redact)
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.provider.localeCompare(b.provider) ||
        a.payoutId.localeCompare(b.payoutId),
    );
}

/** The time budget ran out: the sheet shows what is known, and a trigger continues. */
function keepGoing(pass: Pass, report: ReportRead, notes: string[]): ReconcileSummary {
  const { ctx, state } = pass;
  const lines = sorted(ctx, pass.lines);
  state.lines = lines.length;
  state.linesDigest = linesDigest(lines);
  const message = [
    `Reconciliation in progress: ${state.listed} payout(s) listed at the providers` +
      (state.chainChecked ? `, ${state.chainChecked} checked on chain` : "") +
      `, ${lines.length} exception(s) so far; the time budget ran out, and it continues automatically in a minute.`,
    ...notes,
  ].join(" ");
  writeReport(ctx, report, {
    complete: false,
    message,
    startedAt: state.startedAt,
    updatedAt: isoNow(ctx),
    totals: totalsOf(pass.records),
    lines,
  });
  savePass(ctx, state);
  scheduleContinuation(ctx);
  audit(ctx, "Reconcile (continues)", message, { exceptions: lines.length, resumes: true });
  return { ok: false, message, exceptions: lines, resumes: true, counts: countsOf(lines) };
}

/** Every stage is done: the record's own exceptions and the missing payouts join the lines. */
function finish(
  pass: Pass,
  report: ReportRead,
  staleAfterHours: number,
  notes: string[],
): ReconcileSummary {
  const { ctx, state, providers } = pass;
  const now = ctx.clock.now();
  for (const record of pass.records) {
    const setup = providers.get(record.provider)?.setup;
    addLines(
      pass,
      recordExceptions(record, { now, staleAfterHours, promise: promiseOf(record, setup) }),
    );
    const dispute = recordedDisputes(record, pass.journal.entriesOf(record.payoutId));
    if (dispute) addLines(pass, [dispute]);
  }
  addLines(pass, missingAtProvider(pass));
  const lines = sorted(ctx, pass.lines);
  const counts = countsOf(lines);
  const problems = state.problems;
  const message = [
    `Reconciled ${pass.records.filter((r) => r.phase !== "returned").length} payout(s): ` +
      (lines.length
        ? `${lines.length} exception(s) (${Object.entries(counts)
            .map(([kind, n]) => `${n} ${kind}`)
            .join(", ")}).`
        : "no exception."),
    `${state.listed} listed at the providers.`,
    pass.chain.urls.size > 0
      ? `${state.chainChecked} checked on chain${state.chainUnchecked ? `, ${state.chainUnchecked} could not be` : ""}.`
      : "",
    ...problems,
    ...state.notes,
    ...notes,
  ]
    .filter(Boolean)
    .join(" ");
  writeReport(ctx, report, {
    complete: true,
    message,
    startedAt: state.startedAt,
    updatedAt: isoNow(ctx),
    totals: totalsOf(pass.records),
    lines,
  });
  clearPass(ctx);
  if (pass.continued) removeContinuations(ctx);
  audit(ctx, "Reconcile", message, { exceptions: lines.length, ...counts });
  return {
    ok: lines.length === 0 && problems.length === 0,
    message,
    exceptions: lines,
    counts,
  };
}

function countsOf(
  lines: readonly ReconciliationException[],
): Partial<Record<ExceptionKind, number>> {
  const counts: Partial<Record<ExceptionKind, number>> = {};
  for (const line of lines) counts[line.kind] = (counts[line.kind] ?? 0) + 1;
  return counts;
}

/** What the payee should have received: the provider's rule, else Amount when it is in Currency. */
function promiseOf(
  record: PayoutRecord,
  setup: ProviderSetup | undefined,
): PayeePromise | undefined {
  const input = (key: Parameters<typeof recordInput>[1]) => recordInput(record, key);
  const fee = parseAmount(record.details.fee ?? "");
  if (setup?.promise) return setup.promise(input, fee.ok ? fee.value : undefined);
  const amount = parseAmount(input("amount"));
  const other = input("amountCurrency").toUpperCase();
  if (!amount.ok || (other && other !== input("currency").toUpperCase())) return undefined;
  return { amount: amount.value as Amount, rule: `${record.provider} (the payee receives Amount)` };
}

/**
 * Covered payouts the provider confirmed creating and its listing did not show: for a provider
 * that lists its whole account, any; for one read by batch, those of batches it answered for.
 */
function missingAtProvider(pass: Pass): ReconciliationException[] {
  const { state, providers } = pass;
  if (state.seenLost) {
    state.problems.push(
      "Too many payouts to carry the listing across executions: MISSING_AT_PROVIDER was not checked.",
    );
    return [];
  }
  const unread = new Set(state.unreadBatches);
  const lines: ReconciliationException[] = [];
  pass.records.slice(0, state.count).forEach((record, position) => {
    if (record.phase !== "created" || state.seen.has(position)) return;
    const name = record.provider;
    const listing = providers.get(name)?.client?.listing;
    if (!listing || !state.done.includes(name) || state.failed.includes(name)) return;
    const batch = record.details.batchId;
    if (listing.covers === "batches" && (!batch || unread.has(batch))) return;
    lines.push({
      kind: "MISSING_AT_PROVIDER",
      payoutId: record.payoutId,
      provider: name,
      recordSays: `${recordSummary(record)}; provider ID ${record.details.providerId ?? "(none)"}${batch ? `, batch ${batch}` : ""}`,
      providerSays:
        listing.covers === "batches"
          ? `batch ${batch} does not hold it`
          : "its list of payouts does not hold it",
      explanation:
        `The add-on sent this payout and ${name} confirmed it, but ${name}'s own list no longer has it. ` +
        "Ask the provider what became of it (deleted, another account or environment) and do not pay it again " +
        "until they confirm it was never paid.",
    });
  });
  return lines;
}

/** Exactly one pending continuation: older ones (fired or not) are replaced. */
function scheduleContinuation(ctx: AppContext): void {
  removeContinuations(ctx);
  ctx.triggers.once(CONTINUE_RECONCILE_HANDLER, CONTINUE_AFTER_MS);
}

function removeContinuations(ctx: AppContext): void {
  for (const trigger of ctx.triggers.list())
    if (trigger.handler === CONTINUE_RECONCILE_HANDLER) ctx.triggers.remove(trigger.id);
}
