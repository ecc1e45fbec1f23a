/**
 * Helpers for reconcile.e2e.test.ts: running reconcilePayouts through the bundle, and the
 * Reconciliation sheet read back as a person sees it (its status line, totals and exceptions).
 */
import type { Execution } from "../emulator";
import { EVM_RPC_URL, type Harness } from "../support/harness";

export interface ReconcileResult {
  ok: boolean;
  message: string;
  exceptions: {
    kind: string;
    payoutId: string;
    provider: string;
    recordSays: string;
    providerSays: string;
    explanation: string;
  }[];
  resumes?: boolean;
  counts?: Record<string, number>;
}

export const CHAIN_PROPERTIES = { CHAIN_RPC_URLS: `ETH:${EVM_RPC_URL}` };

/** The USDT contract on Ethereum (domain/evm/tokens.ts), as the simulator's chain uses it. */
export const USDT_ETHEREUM = "0xdac17f958d2ee523a2206206994597c13d831ec7";

export function reconcile(h: Harness): { run: Execution; summary: ReconcileResult } {
  const run = h.run("reconcilePayouts");
  if (run.error) throw run.error;
  expect(run.killed).toBe(false);
  return { run, summary: run.value as ReconcileResult };
}

export interface SheetReport {
  state: string;
  message: string;
  totals: Record<string, string>[];
  exceptions: Record<string, string>[];
}

/** The Reconciliation sheet by its headers. */
export function reconciliationSheet(h: Harness): SheetReport {
  const rows = h.emu.sheet("Reconciliation")?.display() ?? [];
  const table = (header: string): Record<string, string>[] => {
    const at = rows.findIndex((row) => row[0] === header);
    if (at < 0) return [];
    const headers = rows[at].filter(Boolean);
    const out: Record<string, string>[] = [];
    for (let i = at + 1; i < rows.length && rows[i][0] !== ""; i++)
      out.push(Object.fromEntries(headers.map((name, c) => [name, rows[i][c] ?? ""])));
    return out;
  };
  return {
    state: rows[0]?.[1] ?? "",
    message: rows[0]?.[2] ?? "",
    totals: table("Provider"),
    exceptions: table("Exception"),
  };
}

/** Exceptions as "KIND payoutId" texts, sorted: for exact comparisons. */
export function kinds(exceptions: { kind: string; payoutId: string }[]): string[] {
  return exceptions.map((line) => `${line.kind} ${line.payoutId}`).sort();
}
