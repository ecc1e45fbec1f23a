/** Helpers for the Audit log's end-to-end tests, built on the public Harness only. */
import { coingateRow, gatepayRow, submitRows } from "./callback-support";
import { Harness } from "../support/harness";

/** The Audit log's entries as display text by header. */
export function auditLog(h: Harness): Record<string, string>[] {
  const [headers = [], ...rows] = h.emu.sheet("Audit log")?.display() ?? [];
  return rows
    .filter((row) => row.some(Boolean))
    .map((row) => Object.fromEntries(headers.map((header, i) => [header, row[i]])));
}

/**
 * A harness whose log tells a whole lifecycle: setup, a CoinGate and a GatePay payout submitted,
 * both paid at the providers, their callbacks lost, and the refresh that found them paid.
 */
export function paidLog(): { h: Harness; cg: string; gp: string } {
  const h = new Harness();
  const [cg, gp] = submitRows(h, [coingateRow(), gatepayRow()]);
  h.coingate.settleAll("completed");
  h.gatepay.settleAll();
  h.dropCallbacks();
  h.call("refreshPayouts");
  return { h, cg, gp };
}
