/**
 * Shared by submit.e2e.test.ts and crash-safety.e2e.test.ts: rows, a fresh harness, recovery
 * loops, and the check of every row against the simulators' ledgers (the ground truth).
 */
import { Harness, type HarnessOptions, type RowInput } from "../support/harness";
import type { WireHandler, WireRequest } from "../support/wire";
import { GATEPAY_HOST } from "../simulators/gatepay/simulator";

export const EVM = [
  "0xD0D350Aa0da84eeB26c249839E615dBDCbAFadaE",
  "0x188d526A0Be5AFe74716dDf35d04fD7Bb57bFeAD",
  "0xdE3fadFefA108D46c9f77057F66655db263AE966",
];
export const TRON = [
  "TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY",
  "TKSqrC4gFMZtztVvRDcxQhZ6Nw2Q9Wc3WT",
  "THsMgvuV6v63fixbGEvB9pfmD7nCFkrmgX",
];
export const SOLANA = "6rkATgCwefZq21KYt8LuxovBryxWgVJp6ohg17WdDGuA";
export const COINGATE_HOST = "api-sandbox.coingate.com";

export function gatepayRow(recipient: string, amount: string, overrides: RowInput = {}): RowInput {
  return {
    Provider: "GatePay",
    Recipient: recipient,
    Currency: "USDT",
    Network: "TRX",
    Address: TRON[0],
    Amount: amount,
    ...overrides,
  };
}

export function coingateRow(
  recipient: string,
  email: string,
  amount: string,
  overrides: RowInput = {},
): RowInput {
  return {
    Provider: "CoinGate",
    Recipient: recipient,
    "Recipient type": "person",
    Email: email,
    Country: "LT",
    Currency: "USDT",
    Network: "ethereum",
    Address: EVM[2],
    Amount: amount,
    Purpose: `Invoice for ${recipient}`,
    ...overrides,
  };
}

/** A harness with the Payouts sheet set up and these rows typed in. */
export function harnessWith(rows: RowInput[], options: HarnessOptions = {}): Harness {
  const h = new Harness(options);
  h.call("setupPayoutsSheet");
  if (rows.length) h.addRows(rows);
  return h;
}

export function statuses(h: Harness): string[] {
  return h.rows().map((row) => row.Status);
}

export function isCreateRequest(request: WireRequest): boolean {
  return (
    (request.method === "POST" && /\/v1\/pay\/withdraw$/.test(request.url)) ||
    (request.method === "POST" && /\/v2\/send_requests$/.test(request.url))
  );
}

/**
 * Re-routes a provider host through `spy`, which sees each request before the simulator does and
 * may act (arm a fault, look at the sheet) or answer itself.
 */
export function intercept(
  h: Harness,
  host: "gatepay" | "coingate",
  spy: (request: WireRequest, next: WireHandler) => ReturnType<WireHandler>,
): void {
  if (host === "gatepay") {
    h.emu.route(GATEPAY_HOST, (request) => spy(request, (r) => h.gatepay.handle(r)));
  } else {
    h.emu.route(COINGATE_HOST, (request) => spy(request, h.coingate.handle));
  }
}

const WAITING = new Set(["QUEUED", "SUBMITTING"]);
const UNSENT = new Set(["", "VALID"]);
const TERMINAL = new Set(["COMPLETED", "FAILED", "REJECTED", "CANCELED", "EXPIRED"]);

/**
 * Brings every row to a sent state the way the product is meant to be driven: the refresh trigger
 * (recovers SUBMITTING rows, continues QUEUED ones), and `submitPayouts` again for rows a dead run
 * never queued (a person pressing Submit again). Bounded.
 */
export function recover(h: Harness, maxRounds = 4): void {
  for (let round = 0; round < maxRounds; round++) {
    const now = statuses(h);
    if (now.some((s) => WAITING.has(s))) expectRan(h.run("refreshPayouts"));
    else if (now.some((s) => UNSENT.has(s))) expectRan(h.run("submitPayouts"));
    else return;
  }
  const left = statuses(h).filter((s) => WAITING.has(s) || UNSENT.has(s));
  if (left.length) throw new Error(`Rows still waiting after ${maxRounds} rounds: ${left}`);
}

/**
 * Settles both simulators, then delivers their callbacks (or, with `callbacks: "drop"`, loses
 * them, as when CoinGate gives up on a callback) and refreshes, until every row is terminal.
 */
export function settle(
  h: Harness,
  options: { callbacks?: "deliver" | "drop"; maxRounds?: number } = {},
): void {
  const maxRounds = options.maxRounds ?? 5;
  for (let round = 0; round < maxRounds; round++) {
    h.gatepay.settleAll();
    h.coingate.settleAll();
    if (options.callbacks === "drop") h.dropCallbacks();
    for (const run of h.deliverCallbacks()) expectRan(run);
    if (statuses(h).every((s) => TERMINAL.has(s))) return;
    expectRan(h.run("refreshPayouts"));
  }
  throw new Error(`Rows not terminal after ${maxRounds} rounds: ${statuses(h)}`);
}

export function expectRan(execution: { error?: Error; killed: boolean }): void {
  if (execution.error) throw execution.error;
  expect(execution.killed).toBe(false);
}

/**
 * Every sheet row against the ledgers: a row paid at a provider has exactly one ledger entry
 * under its Payout ID, for its Amount, and its Status, Provider ID, Tx hash and Done amount say
 * what the ledger says. Returns the number of rows checked per provider.
 */
export function expectSheetMatchesLedgers(h: Harness): { gatepay: number; coingate: number } {
  const gp = h.gatepay.ledger();
  const cg = h.coingate.ledger();
  const counted = { gatepay: 0, coingate: 0 };
  const ids = new Set<string>();
  for (const row of h.rows()) {
    const id = row["Payout ID"];
    expect(id).toMatch(/^[A-Za-z0-9_]{1,32}$/);
    expect(ids.has(id)).toBe(false);
    ids.add(id);
    if (row.Provider === "GatePay") {
      const entries = gp.filter((e) => e.merchantWithdrawId === id);
      expect({ id, entries: entries.length }).toEqual({ id, entries: 1 });
      const [entry] = entries;
      expect(entry.amount).toBe(row.Amount);
      expect(entry.address).toBe(row.Address);
      const status = { DONE: "COMPLETED", FAIL: "FAILED" }[entry.status as string] ?? "?";
      expect({
        id,
        status: row.Status,
        providerId: row["Provider ID"],
        batchId: row["Batch ID"],
        txHash: row["Tx hash"],
        done: row["Done amount"],
      }).toEqual({
        id,
        status,
        providerId: entry.suborderId,
        batchId: entry.batchId,
        txHash: entry.txId,
        done: entry.status === "DONE" ? entry.doneAmount : "",
      });
      counted.gatepay++;
    } else {
      const entries = cg.filter((e) => e.externalId === id);
      expect({ id, entries: entries.length }).toEqual({ id, entries: 1 });
      const [entry] = entries;
      expect(entry.amount).toBe(row.Amount);
      expect(entry.address).toBe(row.Address);
      const status = entry.status.toUpperCase();
      expect({
        id,
        status: row.Status,
        providerId: row["Provider ID"],
        txHash: row["Tx hash"],
        done: row["Done amount"],
      }).toEqual({
        id,
        status,
        providerId: String(entry.id),
        txHash: entry.txid ?? "",
        done: entry.status === "completed" ? entry.amount : "",
      });
      counted.coingate++;
    }
  }
  // Nothing was paid that no row accounts for.
  expect(gp.filter((e) => !ids.has(e.merchantWithdrawId))).toEqual([]);
  expect(cg.filter((e) => !ids.has(e.externalId ?? ""))).toEqual([]);
  return counted;
}
