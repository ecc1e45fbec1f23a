/**
 * What the controls cost at scale (issue 14): validating 1,000 new rows against an address book
 * of 1,000 or of 10,000 addresses already paid, with LIMIT_PER_DAY and the new-address cool-off
 * on. Half the new rows pay an address paid before (same payee), half a new one (a first-payment
 * warning each, and the cool-off holds them). The book and the daily allowance are rebuilt from
 * the record in every run, so what grows with the book is real time, not sheet calls: both are
 * printed.
 */
import { sha256 } from "@noble/hashes/sha256";
import { base58check } from "@scure/base";
import type { Execution } from "../emulator";
import type { Harness } from "../support/harness";
import { INPUT_COLUMNS } from "../../src/domain/columns";
import { loadIntoSheet, sandboxHarness, type PayoutFile } from "./sandbox";

const TRON = base58check(sha256);

/** A valid Tron address of its own for each `n` (version byte 0x41, 20 bytes from a hash of n). */
export function tronAddress(n: number): string {
  const body = sha256(new TextEncoder().encode(`payee ${n}`)).slice(0, 20);
  return TRON.encode(Uint8Array.from([0x41, ...body]));
}

function row(payee: number, address: string): string[] {
  const cells: Record<string, string> = {
    [INPUT_COLUMNS.provider]: "GatePay",
    [INPUT_COLUMNS.recipient]: `Payee ${payee}`,
    [INPUT_COLUMNS.currency]: "USDT",
    [INPUT_COLUMNS.network]: "TRC20",
    [INPUT_COLUMNS.address]: address,
    [INPUT_COLUMNS.amount]: "1.5",
  };
  return Object.values(INPUT_COLUMNS).map((header) => cells[header] ?? "");
}

function fileOf(records: string[][]): PayoutFile {
  return {
    file: "generated",
    headers: Object.values(INPUT_COLUMNS),
    records,
    unknownColumns: [],
    droppedColumns: [],
  };
}

function mustRun(h: Harness, name: string): Execution {
  const execution = h.run(name);
  if (execution.error) throw new Error(`${name}: ${execution.error.message}`);
  return execution;
}

export interface ControlsResult {
  knownAddresses: number;
  newRows: number;
  /** validatePayouts over the new rows, with the controls on. */
  spreadsheetCalls: number;
  virtualSeconds: number;
  realMs: number;
  firstPaymentWarnings: number;
  waiting: number;
  realSeconds: number;
}

export function measureControls(known: number, newRows = 1000): ControlsResult {
  const began = Date.now();
  const h = sandboxHarness();
  loadIntoSheet(h, fileOf(Array.from({ length: known }, (_, i) => row(i + 1, tronAddress(i + 1)))));
  mustRun(h, "validatePayouts");
  let run = mustRun(h, "submitPayouts");
  for (let guard = 0; (run.value as { continuing?: boolean }).continuing && guard < 500; guard++) {
    h.emu.clock.advance(60_000);
    const [next] = h.emu.runDueTriggers({ handlers: ["continueSubmission"] });
    if (!next) break;
    run = next;
  }
  h.dropCallbacks();
  const paid = h.gatepay.ledger().length;
  if (paid !== known) throw new Error(`bench-controls: ${paid} of ${known} paid`);

  // The new rows, below the paid ones: every other one pays its payee's known address.
  h.emu.properties.set("LIMIT_PER_DAY", "USDT:100000");
  h.emu.properties.set("NEW_ADDRESS_COOLOFF_HOURS", "24");
  const extra = Array.from({ length: newRows }, (_, i) =>
    i % 2 === 0 ? row(i + 1, tronAddress(i + 1)) : row(known + i + 1, tronAddress(known + i + 1)),
  );
  h.emu.typeInto("Payouts", known + 2, 1, extra);
  const start = Date.now();
  const validate = mustRun(h, "validatePayouts");
  const realMs = Date.now() - start;
  const fresh = h.rows().slice(known);
  return {
    knownAddresses: known,
    newRows,
    spreadsheetCalls: validate.meter.spreadsheetCalls,
    virtualSeconds: Math.round(validate.meter.elapsedMs / 100) / 10,
    realMs,
    firstPaymentWarnings: fresh.filter((r) => /first payment/i.test(r.Error)).length,
    waiting: fresh.filter((r) => /cool-off|cooling|first seen/i.test(r.Error)).length,
    realSeconds: Math.round((Date.now() - began) / 100) / 10,
  };
}

if (require.main === module) {
  for (const known of [1000, 10_000]) console.log(JSON.stringify(measureControls(known)));
}
