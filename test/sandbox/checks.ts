/**
 * The checks a person runs after the payouts: reconcilePayouts (the add-on's record against the
 * providers' lists and, through CHAIN_RPC_URLS, the chain) and verifyAuditLog (the Audit log's
 * hash chain). Here: the simulated chains the sandbox wires as nodes, the lines the report prints
 * of both results, and the Reconciliation sheet as one table for the export.
 */
import { EXCEPTION_HEADERS, TOTALS_HEADERS } from "../../src/app/reconcile/report-sheet";
import { chainAsset } from "../../src/domain/evm/tokens";
import type { ExceptionKind } from "../../src/domain/reconciliation/exceptions";
import { EvmSimulator } from "../simulators/evm";
import { EVM_RPC_HOST, EVM_RPC_URL, type Harness } from "../support/harness";
import { SIMULATED } from "./label";

/**
 * The EVM networks GatePay's simulator pays on: its chain code, the add-on's network key, and
 * the name CHAIN_RPC_URLS takes. CoinGate is left out: it runs in sandbox mode, on test
 * networks, which the add-on does not check on chain (and says so).
 */
const EVM_CHAINS = [
  { chain: "ETH", key: "ethereum", name: "ETH" },
  { chain: "BSC", key: "bsc", name: "BSC" },
  { chain: "MATIC", key: "polygon", name: "Polygon" },
  { chain: "BASEEVM", key: "base", name: "Base" },
] as const;

export interface ChainNodes {
  /** The node of each network key. */
  nodes: Map<string, EvmSimulator>;
  /** The CHAIN_RPC_URLS setting that points the add-on at them. */
  setting: string;
}

/**
 * One simulated node per EVM network (a chain of its own: a BSC node knows nothing of Ethereum's
 * transactions). Ethereum's is the harness's own node.
 */
export function wireChainNodes(h: Harness): ChainNodes {
  const nodes = new Map<string, EvmSimulator>();
  const entries: string[] = [];
  for (const { key, name } of EVM_CHAINS) {
    if (key === "ethereum") {
      nodes.set(key, h.evm);
      entries.push(`${name}:${EVM_RPC_URL}`);
      continue;
    }
    const node = new EvmSimulator({ advanceClock: (ms) => h.emu.clock.advance(ms) });
    const host = `${key}-node.rpc.test`;
    h.emu.route(host, node.handle);
    nodes.set(key, node);
    entries.push(`${name}:https://${host}/v1/node-key`);
  }
  if (!entries.some((entry) => entry.includes(EVM_RPC_HOST)))
    throw new Error("the Ethereum node is not wired");
  return { nodes, setting: entries.join(", ") };
}

/**
 * Mines every GatePay payout the simulator paid on an EVM network into its chain, as GatePay's
 * ledger says it went out (its tx hash, address and Done amount), then enough blocks on top to
 * confirm them. Returns how many transfers were mined.
 */
export function mineCompletedPayouts(h: Harness, chains: ChainNodes): number {
  let mined = 0;
  for (const entry of h.gatepay.ledger()) {
    if (entry.status !== "DONE") continue;
    const key = EVM_CHAINS.find((c) => c.chain === entry.chain)?.key;
    const node = key && chains.nodes.get(key);
    // The contract the add-on expects is the issuer's; the simulated chain uses the same table.
    const asset = key ? chainAsset(key, entry.currency) : undefined;
    if (!node || !asset) continue;
    node.send({
      hash: entry.txId,
      to: entry.address,
      amount: entry.doneAmount,
      decimals: asset.decimals,
      ...(asset.kind === "token" ? { token: asset.contract } : {}),
    });
    mined++;
  }
  for (const node of chains.nodes.values()) node.mine(64);
  return mined;
}

/** Transactions the nodes were asked about (each receipt asked for is one checked payout). */
export function chainLookups(chains: ChainNodes): number {
  const hashes = new Set<string>();
  for (const node of chains.nodes.values())
    for (const request of node.received) {
      let calls: unknown;
      try {
        calls = JSON.parse(request.body);
      } catch {
        continue;
      }
      for (const call of Array.isArray(calls) ? calls : [calls]) {
        const { method, params } = call as { method?: string; params?: unknown[] };
        if (method === "eth_getTransactionReceipt" && typeof params?.[0] === "string")
          hashes.add(params[0].toLowerCase());
      }
    }
  return hashes.size;
}

// ---- the Reconciliation sheet ----------------------------------------------------------------

export const RECONCILIATION = "Reconciliation";

export interface ReconciliationSheet {
  /** "complete" or "in progress". */
  state: string;
  message: string;
  startedAt: string;
  updatedAt: string;
  /** Rows by header. */
  totals: Record<string, string>[];
  exceptions: Record<string, string>[];
}

/** The add-on's table that starts at the row whose first cells are `first`, `second`. */
function tableAt(rows: string[][], first: string, second: string): Record<string, string>[] {
  const at = rows.findIndex((row) => row[0] === first && row[1] === second);
  if (at < 0) return [];
  const headers = rows[at];
  const out: Record<string, string>[] = [];
  for (let r = at + 1; r < rows.length && (rows[r][0] ?? "") !== ""; r++)
    out.push(
      Object.fromEntries(
        headers.flatMap((header, c) => (header ? [[header, rows[r][c] ?? ""]] : [])),
      ),
    );
  return out;
}

/**
 * Reads the sheet as the add-on writes it (src/app/reconcile/report-sheet.ts): a status line,
 * "Started at ... Updated at ...", the totals table, then the exceptions table.
 */
export function readReconciliation(rows: string[][]): ReconciliationSheet {
  return {
    state: rows[0]?.[1] ?? "",
    message: rows[0]?.[2] ?? "",
    startedAt: rows[1]?.[1] ?? "",
    updatedAt: rows[1]?.[3] ?? "",
    totals: tableAt(rows, "Provider", "Currency"),
    exceptions: tableAt(rows, "Exception", "Payout ID"),
  };
}

/**
 * The export's one table: `Line` says what a row is (Status, Totals or the exception's kind),
 * then the add-on's own totals columns and the exception columns they do not already have.
 */
export const RECONCILIATION_HEADERS: string[] = [
  "Line",
  ...TOTALS_HEADERS,
  ...EXCEPTION_HEADERS.filter(
    (header) => header !== "Exception" && !(TOTALS_HEADERS as readonly string[]).includes(header),
  ),
];

/**
 * The sheet as one table, so that one header row, one filter and one CSV serve it: the status
 * line first (its words under Explanation), then a Totals line per provider and currency, then
 * one line per exception.
 */
export function reconciliationTable(rows: string[][]): { headers: string[]; data: string[][] } {
  const sheet = readReconciliation(rows);
  const line = (cells: Partial<Record<string, string>>) =>
    RECONCILIATION_HEADERS.map((header) => cells[header] ?? "");
  return {
    headers: [...RECONCILIATION_HEADERS],
    data: [
      line({
        Line: "Status",
        Explanation: `${sheet.state}: ${sheet.message} (started at ${sheet.startedAt}, updated at ${sheet.updatedAt})`,
      }),
      ...sheet.totals.map((t) => line({ ...t, Line: "Totals" })),
      ...sheet.exceptions.map((e) => line({ ...e, Line: e.Exception })),
    ],
  };
}

// ---- the lines of the report -----------------------------------------------------------------

export interface ReconciliationOutcome {
  /** The add-on's summary. */
  ok: boolean;
  complete: boolean;
  message: string;
  /** Executions it took (more than one when it continued from a trigger). */
  executions: number;
  counts: Partial<Record<ExceptionKind, number>>;
  exceptions: { kind: string; payoutId: string; provider: string }[];
  totals: Record<string, string>[];
  /** Exceptions whose payout the sandbox made fail or refuse on purpose. */
  simulated: number;
  /** The other exceptions: nobody planned them. */
  unplanned: string[];
  /** Transactions the simulated chain nodes were asked about. */
  chainChecked: number;
  /** The report's line. */
  line: string;
}

/** "CoinGate USDT 7 of 9 paid, 2361 done; ...": the totals in brief. */
function totalsBrief(totals: Record<string, string>[]): string {
  return totals
    .filter((t) => t.Rows !== "0" || t.Done !== "0")
    .map(
      (t) =>
        `${t.Provider} ${t.Currency} ${t.Completed} of ${t.Rows} paid (${t.Done} ${t.Currency} to the payees)`,
    )
    .join("; ");
}

export function reconciliationLine(
  r: Omit<ReconciliationOutcome, "line" | "simulated" | "unplanned">,
  simulatedIds: ReadonlySet<string>,
): Pick<ReconciliationOutcome, "line" | "simulated" | "unplanned"> {
  const simulated = r.exceptions.filter((e) => simulatedIds.has(e.payoutId));
  const unplanned = r.exceptions
    .filter((e) => !simulatedIds.has(e.payoutId))
    .map((e) => `${e.kind} ${e.payoutId || "(no Payout ID)"} at ${e.provider}`);
  const kinds = Object.entries(r.counts)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(", ");
  const exceptions =
    r.exceptions.length === 0
      ? "no exception"
      : `${r.exceptions.length} exception(s): ${kinds}` +
        (simulated.length === r.exceptions.length
          ? `, all of them the sandbox's ${SIMULATED} failures, as expected`
          : simulated.length > 0
            ? `; ${simulated.length} of them the sandbox's ${SIMULATED} failures, as expected; NOT planned: ${unplanned.join(", ")}`
            : `; NOT planned: ${unplanned.join(", ")}`);
  // The add-on's own count of payouts it could not check on chain, and why (its words).
  const notChecked = /(\d+) could not be\./.exec(r.message)?.[1];
  const why = /Not checked on chain: ([^.]*)\./.exec(r.message)?.[1];
  const line =
    `Reconciliation (reconcilePayouts${r.executions > 1 ? `, ${r.executions} executions` : ""}): ${r.complete ? "complete" : "NOT complete"}; ` +
    `${r.chainChecked} payout(s) checked on chain (the sandbox's EVM nodes)` +
    (notChecked ? `, ${notChecked} not checked${why ? ` (${why})` : ""}` : "") +
    `; ${exceptions}.` +
    (r.totals.length ? `\n  Totals: ${totalsBrief(r.totals)}.` : "");
  return { line, simulated: simulated.length, unplanned };
}

export interface AuditOutcome {
  ok: boolean;
  entries: number;
  head?: string;
  firstBadEntry?: number;
  firstBadRow?: number;
  /** The add-on's words. */
  message: string;
  /** The report's line. */
  line: string;
}

/** What verifyAuditLog answered, in one line: the count and head, or the first bad entry. */
export function auditLine(v: Omit<AuditOutcome, "line">): string {
  if (!v.ok)
    return `Audit log: NOT verified: ${v.firstBadEntry !== undefined ? `entry ${v.firstBadEntry} (row ${v.firstBadRow}) is the first bad entry; ` : ""}${v.message}`;
  return v.head
    ? `Audit log: ${v.entries.toLocaleString("en-US")} entries, chain verified, latest hash ${v.head.slice(0, 12)}…`
    : `Audit log: ${v.message}`;
}
