/**
 * The simulated world a sandbox run happens in: the harness (both providers, their balances and
 * XRP on GatePay), the file typed into a Payouts sheet, the providers' back offices moving
 * payouts along (and failing the ones chosen, labelled simulated), and the crash rehearsal.
 */
import { headerKey } from "../../src/domain/columns";
import { isSubmitted, isTerminal } from "../../src/domain/status";
import type { Execution } from "../emulator";
import { GATEPAY_HOST } from "../simulators/gatepay/simulator";
import { Harness } from "../support/harness";
import type { WireRequest } from "../support/wire";
import type { PayoutFile } from "./input";
import { SIMULATED } from "./label";
import { pick, seedUuids, type Random } from "./random";
import { statusOf } from "./summary";

/** GatePay's USDT balance under --low-balance. */
export const LOW_BALANCE_USDT = "50";

/** The harness the sandbox and the bench use: both providers, XRP offered by GatePay too. */
export function sandboxHarness(
  options: { lowBalance?: boolean; properties?: Record<string, string> } = {},
): Harness {
  return new Harness({
    properties: options.properties,
    gatepay: {
      chains: { XRP: [{ chain: "XRP", nameEn: "XRP Ledger", decimal: 6 }] },
      fees: {
        XRP: {
          fix: "0.2",
          percent: "0%",
          fixOnChains: { XRP: "0.2" },
          percentOnChains: { XRP: "0%" },
          min: "1",
          eachtime: "1000000",
          dayLimit: "10000000",
        },
      },
      balances: {
        USDT: options.lowBalance ? LOW_BALANCE_USDT : "10000000",
        USDC: "10000000",
        BTC: "1000",
        ETH: "10000",
        XRP: "10000000",
      },
    },
    coingate: {
      ledgerAccounts: [
        { id: "01JNQWKKJ6WXN8BZT1Y66B6G9H", currency: "USDT", balance: "10000000" },
        { id: "01JNQWKKJ6WXN8BZT1Y66B6G9J", currency: "BTC", balance: "1000" },
        { id: "01JNQWKKJ6WXN8BZT1Y66B6G9K", currency: "EUR", balance: "10000000" },
      ],
    },
  });
}

/** Who types a sheet row (approvals runs): an e-mail the on-edit trigger reports. */
export type TypedBy = (sheetRow: number) => string;

/**
 * Types the file into a fresh Payouts sheet the way a person would: headers, setup, paste. With
 * `typedBy`, each run of consecutive rows typed by one person is one paste that Apps Script
 * reports to the on-edit trigger setup installs (so Prepared by names them); without it the
 * paste is silent, as an import would be. Returns setup's execution and the trigger's.
 */
export function loadIntoSheet(
  h: Harness,
  file: PayoutFile,
  typedBy?: TypedBy,
): { setup: Execution; edits: Execution[] } {
  h.emu.typeInto("Payouts", 1, 1, [file.headers]);
  // Setup formats the sheet's existing rows as plain text: make room for every row first.
  h.emu.typeInto("Payouts", file.records.length + 1, 1, [[""]]);
  const setup = h.run("setupPayoutsSheet");
  if (setup.error) throw setup.error;
  const headerRow = h.emu.sheet("Payouts")?.display()[0] ?? [];
  const columnOf = file.headers.map((header) =>
    headerRow.findIndex((cell) => headerKey(cell) === headerKey(header)),
  );
  const width = headerRow.length;
  const cells = file.records.map((record) => {
    const row = new Array<string>(width).fill("");
    record.forEach((value, i) => {
      if (columnOf[i] >= 0) row[columnOf[i]] = value;
    });
    return row;
  });
  if (!typedBy) {
    h.emu.typeInto("Payouts", 2, 1, cells);
    return { setup, edits: [] };
  }
  const edits: Execution[] = [];
  for (const block of typingBlocks(cells.length, typedBy)) {
    const runs = h.emu.edit(
      "Payouts",
      block.first,
      1,
      cells.slice(block.first - 2, block.last - 1),
      {
        user: block.user,
      },
    );
    for (const run of runs) if (run.error) throw run.error;
    edits.push(...runs);
  }
  return { setup, edits };
}

/** Consecutive sheet rows typed by the same person: one paste each. */
export function typingBlocks(
  rows: number,
  typedBy: TypedBy,
): { user: string; first: number; last: number }[] {
  const blocks: { user: string; first: number; last: number }[] = [];
  for (let row = 2; row < rows + 2; row++) {
    const user = typedBy(row);
    const last = blocks[blocks.length - 1];
    if (last && last.user === user && last.last === row - 1) last.last = row;
    else blocks.push({ user, first: row, last: row });
  }
  return blocks;
}

/** Every sheet of the emulated spreadsheet, in tab order. */
export function sheetNames(h: Harness): string[] {
  return h.emu.sheetNames();
}

export function openRows(rows: Record<string, string>[]): Record<string, string>[] {
  return rows.filter((row) => {
    const status = statusOf(row);
    return isSubmitted(status) && !isTerminal(status);
  });
}

/** The Payouts rows with their sheet row numbers (the sandbox pastes no blank rows). */
export function sheetRows(h: Harness): { row: number; cells: Record<string, string> }[] {
  return h.rows().map((cells, i) => ({ row: i + 2, cells }));
}

const isCreate = (request: WireRequest) =>
  request.method === "POST" &&
  /\/v1\/pay\/withdraw$|\/v2\/send_requests$/.test(request.url.split("?")[0]);

/** What happens before the submit run, and who submits (the approvals run scripts people). */
export interface BeforeSubmit {
  /** Settings over the sandbox's own. */
  properties?: Record<string, string>;
  /** Everything from an empty spreadsheet to rows ready to send. */
  prepare(h: Harness): void;
  /** Who runs submitPayouts; default the owner. */
  payer?: string;
}

/**
 * Which UrlFetchApp.fetchAll call of the submit run carries the last create request. Found in
 * a rehearsal: the same file, seed and settings in a fresh harness, with every request's virtual
 * time recorded (each fetchAll is one round trip: its requests share one instant).
 */
export function rehearseCrashPoint(
  file: PayoutFile,
  options: { seed?: number; lowBalance?: boolean },
  before: BeforeSubmit = {
    prepare: (h) => {
      loadIntoSheet(h, file);
      h.run("installAutoRefresh");
      h.run("validatePayouts");
    },
  },
): number | undefined {
  const restore = seedUuids(options.seed ?? 1);
  try {
    const h = sandboxHarness({ lowBalance: options.lowBalance, properties: before.properties });
    const seen: { at: number; create: boolean }[] = [];
    const tap =
      (handler: (r: WireRequest) => ReturnType<Harness["coingate"]["handle"]>) =>
      (request: WireRequest) => {
        seen.push({ at: h.emu.clock.now(), create: isCreate(request) });
        return handler(request);
      };
    h.emu.route("api-sandbox.coingate.com", tap(h.coingate.handle));
    h.emu.route("api.coingate.com", tap(h.coingate.handle));
    h.emu.route(
      GATEPAY_HOST,
      tap((request) => h.gatepay.handle(request)),
    );
    before.prepare(h);
    seen.length = 0;
    h.run("submitPayouts", before.payer ? { user: before.payer } : {});
    const instants = [...new Set(seen.map((s) => s.at))];
    // The last create: on the demo, GatePay's batch, which sends no callback on creation, so the
    // rows stay SUBMITTING until a later run looks them up.
    const last = [...seen].reverse().find((s) => s.create);
    return last ? instants.indexOf(last.at) + 1 : undefined;
  } finally {
    restore();
  }
}

const MIN_FOR_DEMO_FAILURE = 4;

/**
 * The payouts the providers will fail: `--fail-rate` of them when asked; on the demo, one per
 * provider with enough payouts that most are still paid; on a user's own file, none. Payouts in
 * `spare` are never chosen (the approvals run's scripted rows, whose story ends paid).
 */
export function decideFailures(
  h: Harness,
  options: { failRate?: number; demo: boolean; spare?: ReadonlySet<string> },
  random: Random,
): Map<string, string> {
  const spared = (id: string) => options.spare?.has(id) ?? false;
  const gatepay = h.gatepay.ledger().filter((s) => s.status !== "DONE" && s.status !== "FAIL");
  const coingate = h.coingate
    .ledger()
    .filter((s) => ["draft", "in_progress", "processing"].includes(s.status));
  const gpIds = gatepay.map((s) => s.merchantWithdrawId).filter((id) => !spared(id));
  const cgIds = coingate.map((s) => s.externalId ?? String(s.id)).filter((id) => !spared(id));
  let chosen: string[];
  let why: string;
  if (options.failRate !== undefined) {
    const all = [...gpIds, ...cgIds];
    chosen = pick(all, Math.round(options.failRate * all.length), random);
    why = `--fail-rate ${options.failRate}`;
  } else if (options.demo) {
    const one = (ids: string[]) => (ids.length >= MIN_FOR_DEMO_FAILURE ? pick(ids, 1, random) : []);
    chosen = [...one(gpIds), ...one(cgIds)];
    why = "the demo's one planned failure per provider";
  } else {
    return new Map();
  }
  const provider = (id: string) => (gpIds.includes(id) ? "GatePay" : "CoinGate");
  return new Map(chosen.map((id) => [id, `the sandbox made ${provider(id)} fail it, ${why}`]));
}

const GATEPAY_FAILURE = `withdraw failed: the destination refused the deposit ${SIMULATED}`;
const COINGATE_FAILURE = `Rejected by the network ${SIMULATED}`;

/** One step of the providers' back offices: created -> processing -> paid or failed. */
export function providersStep(h: Harness, failing: ReadonlyMap<string, string>): void {
  const batches = [...new Set(h.gatepay.ledger().map((s) => s.batchId))];
  for (const batchId of batches) {
    const suborders = h.gatepay.ledger().filter((s) => s.batchId === batchId);
    const open = suborders.filter((s) => s.status !== "DONE" && s.status !== "FAIL");
    if (open.length === 0) continue;
    if (open.every((s) => s.status === "INIT")) h.gatepay.advance(batchId, "PROCESSING");
    else
      h.gatepay.settle(batchId, {
        fail: open.map((s) => s.merchantWithdrawId).filter((id) => failing.has(id)),
        errMsg: GATEPAY_FAILURE,
      });
  }
  for (const send of h.coingate.ledger()) {
    const id = send.externalId ?? String(send.id);
    if (send.status === "in_progress") h.coingate.advance(send.id, "processing");
    else if (send.status === "processing")
      h.coingate.advance(
        send.id,
        failing.has(id) ? "failed" : "completed",
        failing.has(id) ? { failReason: COINGATE_FAILURE } : {},
      );
  }
}

export function ledgerCount(h: Harness, payoutId: string): number {
  return (
    h.gatepay.ledger().filter((s) => s.merchantWithdrawId === payoutId).length +
    h.coingate.ledger().filter((s) => s.externalId === payoutId).length
  );
}

export function duplicatesAtProviders(h: Harness): string[] {
  const ids = [
    ...h.gatepay.ledger().map((s) => s.merchantWithdrawId),
    ...h.coingate.ledger().map((s) => s.externalId ?? ""),
  ].filter(Boolean);
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}
