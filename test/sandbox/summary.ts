/**
 * What a run paid, per provider and currency, summed exactly (big.js over the sheet's decimal
 * text), and the check of those sums against what the simulators' ledgers say they paid.
 */
import Big from "big.js";

import { isStatus, isSubmitted, type Status } from "../../src/domain/status";
import type { LedgerEntry as CoinGateEntry } from "../simulators/coingate/simulator";
import type { LedgerEntry as GatePayEntry } from "../simulators/gatepay/simulator";

export interface SummaryLine {
  provider: string;
  currency: string;
  rows: number;
  paid: number;
  failed: number;
  rejected: number;
  invalid: number;
  /** Submitted, not final. */
  open: number;
  /** Failed or rejected rows whose fault the sandbox injected. */
  simulated: number;
  /**
   * With approvals on (--approvals): rows that had every approval they needed (APPROVED, or
   * sent), approvals the add-on refused, and approvals an edit voided.
   */
  approvals?: { approved: number; refused: number; voided: number };
  /** Sums over paid rows, per currency (decimal text). */
  sent: Record<string, string>;
  fees: Record<string, string>;
  done: Record<string, string>;
}

export function statusOf(row: Record<string, string>): Status {
  const text = (row.Status ?? "").toUpperCase();
  return isStatus(text) ? text : "";
}

function addTo(sums: Record<string, Big>, currency: string, amount: string): void {
  if (!amount) return;
  sums[currency] = (sums[currency] ?? new Big(0)).plus(amount);
}

function fixed(sums: Record<string, Big>): Record<string, string> {
  return Object.fromEntries(Object.entries(sums).map(([c, v]) => [c, v.toFixed()]));
}

function providerName(text: string): string {
  const wanted = text.trim().toLowerCase();
  return (
    ["CoinGate", "GatePay"].find((p) => p.toLowerCase() === wanted) ?? (text.trim() || "(none)")
  );
}

/** Approvals refused and voided, by Payout ID (what an approvals run saw happen). */
export interface ApprovalCounts {
  refused: ReadonlyMap<string, number>;
  voided: ReadonlyMap<string, number>;
}

/**
 * One line per provider and currency; `simulated` holds the Payout IDs of injected faults;
 * `approvals`, given when approvals are on, adds the approval counts.
 */
export function summarize(
  rows: Record<string, string>[],
  simulated: ReadonlySet<string> = new Set(),
  approvals?: ApprovalCounts,
): SummaryLine[] {
  const groups = new Map<
    string,
    { line: SummaryLine; sums: Record<"sent" | "fees" | "done", Record<string, Big>> }
  >();
  for (const row of rows) {
    const provider = providerName(row.Provider ?? "");
    const currency = (row.Currency ?? "").trim().toUpperCase() || "(none)";
    const key = `${provider}\u0000${currency}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        line: {
          provider,
          currency,
          rows: 0,
          paid: 0,
          failed: 0,
          rejected: 0,
          invalid: 0,
          open: 0,
          simulated: 0,
          ...(approvals ? { approvals: { approved: 0, refused: 0, voided: 0 } } : {}),
          sent: {},
          fees: {},
          done: {},
        },
        sums: { sent: {}, fees: {}, done: {} },
      };
      groups.set(key, group);
    }
    const { line, sums } = group;
    const status = statusOf(row);
    line.rows++;
    if (status === "COMPLETED") {
      line.paid++;
      const feeCurrency = row["Fee currency"] || currency;
      addTo(sums.sent, feeCurrency, row["Sent amount"]);
      addTo(sums.fees, feeCurrency, row.Fee);
      addTo(sums.done, currency, row["Done amount"]);
    } else if (status === "FAILED" || status === "CANCELED" || status === "EXPIRED") line.failed++;
    else if (status === "REJECTED") line.rejected++;
    else if (status === "INVALID") line.invalid++;
    else if (isSubmitted(status)) line.open++;
    if (status !== "COMPLETED" && simulated.has(row["Payout ID"] ?? "")) line.simulated++;
    if (line.approvals && approvals) {
      const id = row["Payout ID"] ?? "";
      // APPROVED is not a status of the record (src/domain/status.ts): it is the sheet's word.
      const approvedNow = (row.Status ?? "").trim().toUpperCase() === "APPROVED";
      if ((row["Approved by"] ?? "").trim() && (approvedNow || isSubmitted(status)))
        line.approvals.approved++;
      line.approvals.refused += approvals.refused.get(id) ?? 0;
      line.approvals.voided += approvals.voided.get(id) ?? 0;
    }
  }
  return [...groups.values()]
    .map(({ line, sums }) => ({
      ...line,
      sent: fixed(sums.sent),
      fees: fixed(sums.fees),
      done: fixed(sums.done),
    }))
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.currency.localeCompare(b.currency));
}

/** Compares the sheet's paid totals with what the simulators say they paid. */
export function reconcile(
  summary: SummaryLine[],
  coingate: CoinGateEntry[],
  gatepay: GatePayEntry[],
): string[] {
  const expected = new Map<
    string,
    {
      sent: Record<string, Big>;
      fees: Record<string, Big>;
      done: Record<string, Big>;
      paid: number;
    }
  >();
  const entry = (provider: string, currency: string) => {
    const key = `${provider}\u0000${currency}`;
    let found = expected.get(key);
    if (!found) expected.set(key, (found = { sent: {}, fees: {}, done: {}, paid: 0 }));
    return found;
  };
  for (const s of gatepay.filter((s) => s.status === "DONE")) {
    const e = entry("GatePay", s.currency);
    e.paid++;
    addTo(e.sent, s.currency, s.subAmount);
    addTo(e.fees, s.currency, s.fee);
    addTo(e.done, s.currency, s.doneAmount);
  }
  for (const s of coingate.filter((s) => s.status === "completed")) {
    const e = entry("CoinGate", s.currency);
    e.paid++;
    addTo(e.sent, s.debitCurrency, s.debited);
    addTo(e.fees, s.debitCurrency, s.fee);
    addTo(e.done, s.currency, s.amount);
  }
  const problems: string[] = [];
  const same = (a: Record<string, string>, b: Record<string, Big>) =>
    JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(fixed(b)).sort());
  const keys = new Set([
    ...summary.filter((l) => l.paid > 0).map((l) => `${l.provider}\u0000${l.currency}`),
    ...expected.keys(),
  ]);
  for (const key of keys) {
    const [provider, currency] = key.split("\u0000");
    const line = summary.find((l) => l.provider === provider && l.currency === currency);
    const want = expected.get(key) ?? { sent: {}, fees: {}, done: {}, paid: 0 };
    const label = `${provider} ${currency}`;
    if ((line?.paid ?? 0) !== want.paid)
      problems.push(`${label}: the sheet shows ${line?.paid ?? 0} paid, the ledger ${want.paid}`);
    for (const field of ["sent", "fees", "done"] as const)
      if (!same(line?.[field] ?? {}, want[field]))
        problems.push(
          `${label}: ${field} ${JSON.stringify(line?.[field] ?? {})} in the sheet, ${JSON.stringify(fixed(want[field]))} in the ledger`,
        );
  }
  return problems;
}

function amounts(sums: Record<string, string>): string {
  const entries = Object.entries(sums);
  return entries.length === 0 ? "0" : entries.map(([c, v]) => `${v} ${c}`).join(" + ");
}

/** The approval columns, present when approvals were on. */
export const APPROVAL_HEADERS = ["Approved", "Refusals", "Voided"] as const;

/** What each approval column counts (a header note in the workbook). */
export const APPROVAL_NOTES: Record<(typeof APPROVAL_HEADERS)[number], string> = {
  Approved: "Rows that had every approval they needed (APPROVED, or sent after it).",
  Refusals:
    "Approvals the add-on refused (approvePayouts), e.g. a preparer approving their own row.",
  Voided: "Approvals that no longer counted because the row's inputs changed after them.",
};

const withApprovals = (summary: SummaryLine[]) => summary.some((l) => l.approvals);

const approvalCounts = (l: SummaryLine) =>
  l.approvals ? [l.approvals.approved, l.approvals.refused, l.approvals.voided].map(String) : [];

/** The columns the terminal table and the workbook's Summary share, in order. */
const COUNT_HEADERS = [
  "Provider",
  "Currency",
  "Rows",
  "Paid",
  "Failed",
  "Rejected",
  "Invalid",
  "Open",
] as const;

/** The summary for a terminal: value and unit together ("2384.61 USDT"), easy to read. */
export function summaryTable(summary: SummaryLine[]): string[][] {
  const approvals = withApprovals(summary);
  return [
    [...COUNT_HEADERS, ...(approvals ? APPROVAL_HEADERS : []), "Total sent", "Fees", "Done"],
    ...summary.map((l) => [
      l.provider,
      l.currency,
      String(l.rows),
      String(l.paid),
      String(l.failed),
      String(l.rejected),
      String(l.invalid),
      String(l.open),
      ...(approvals ? approvalCounts(l) : []),
      amounts(l.sent),
      amounts(l.fees),
      amounts(l.done),
    ]),
  ];
}

export const SUMMARY_HEADERS = [
  ...COUNT_HEADERS,
  "Simulated faults",
  "Total sent",
  "Sent currency",
  "Fees",
  "Fee currency",
  "Done",
  "Done currency",
] as const;

/** Summary's headers in the workbook: the approval columns after Simulated faults, when on. */
export function summaryHeaders(summary: SummaryLine[]): string[] {
  const at = SUMMARY_HEADERS.indexOf("Simulated faults") + 1;
  return withApprovals(summary)
    ? [...SUMMARY_HEADERS.slice(0, at), ...APPROVAL_HEADERS, ...SUMMARY_HEADERS.slice(at)]
    : [...SUMMARY_HEADERS];
}

/**
 * The summary for a spreadsheet: each amount and its unit in their own cells, so a column sums.
 * A line whose paid rows were debited in more than one currency continues on the lines below it,
 * with the counts left empty there (so they are not counted twice).
 */
export function summaryRows(summary: SummaryLine[]): string[][] {
  const rows: string[][] = [];
  const counted = 7 + (withApprovals(summary) ? APPROVAL_HEADERS.length : 0);
  for (const l of summary) {
    const sent = Object.entries(l.sent);
    const fees = Object.entries(l.fees);
    const done = Object.entries(l.done);
    const height = Math.max(1, sent.length, fees.length, done.length);
    for (let i = 0; i < height; i++) {
      const counts =
        i === 0
          ? [
              ...[l.rows, l.paid, l.failed, l.rejected, l.invalid, l.open, l.simulated].map(String),
              ...approvalCounts(l),
            ]
          : new Array<string>(counted).fill("");
      const pair = (list: [string, string][]) =>
        list[i] ? [list[i][1], list[i][0]] : i === 0 ? ["0", ""] : ["", ""];
      rows.push([l.provider, l.currency, ...counts, ...pair(sent), ...pair(fees), ...pair(done)]);
    }
  }
  return rows;
}
