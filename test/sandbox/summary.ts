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

/** One line per provider and currency; `simulated` holds the Payout IDs of injected faults. */
export function summarize(
  rows: Record<string, string>[],
  simulated: ReadonlySet<string> = new Set(),
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

/** The summary for a terminal: value and unit together ("2384.61 USDT"), easy to read. */
export function summaryTable(summary: SummaryLine[]): string[][] {
  return [
    [
      "Provider",
      "Currency",
      "Rows",
      "Paid",
      "Failed",
      "Rejected",
      "Invalid",
      "Open",
      "Total sent",
      "Fees",
      "Done",
    ],
    ...summary.map((l) => [
      l.provider,
      l.currency,
      String(l.rows),
      String(l.paid),
      String(l.failed),
      String(l.rejected),
      String(l.invalid),
      String(l.open),
      amounts(l.sent),
      amounts(l.fees),
      amounts(l.done),
    ]),
  ];
}

export const SUMMARY_HEADERS = [
  "Provider",
  "Currency",
  "Rows",
  "Paid",
  "Failed",
  "Rejected",
  "Invalid",
  "Open",
  "Simulated faults",
  "Total sent",
  "Sent currency",
  "Fees",
  "Fee currency",
  "Done",
  "Done currency",
] as const;

/**
 * The summary for a spreadsheet: each amount and its unit in their own cells, so a column sums.
 * A line whose paid rows were debited in more than one currency continues on the lines below it,
 * with the counts left empty there (so they are not counted twice).
 */
export function summaryRows(summary: SummaryLine[]): string[][] {
  const rows: string[][] = [];
  for (const l of summary) {
    const sent = Object.entries(l.sent);
    const fees = Object.entries(l.fees);
    const done = Object.entries(l.done);
    const height = Math.max(1, sent.length, fees.length, done.length);
    for (let i = 0; i < height; i++) {
      const counts =
        i === 0
          ? [l.rows, l.paid, l.failed, l.rejected, l.invalid, l.open, l.simulated].map(String)
          : new Array<string>(7).fill("");
      const pair = (list: [string, string][]) =>
        list[i] ? [list[i][1], list[i][0]] : i === 0 ? ["0", ""] : ["", ""];
      rows.push([l.provider, l.currency, ...counts, ...pair(sent), ...pair(fees), ...pair(done)]);
    }
  }
  return rows;
}
