/**
 * Helpers for people.e2e.test.ts: what a person does to the sheets (types over a cell, pastes a
 * row far below), what a run that dies right after a GatePay create leaves behind, and the
 * checks every scenario ends with (no Payout ID paid twice, no secret anywhere, nothing changed).
 * Built only on the public Harness, Emulator and simulators.
 */
import type { Harness } from "../support/harness";
import type { WireRequest, WireResponse } from "../support/wire";
import { GATEPAY_HOST } from "../simulators/gatepay/simulator";
import { callbackToken, sheetText } from "./callback-support";

export const TON_ADDRESS = "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHF";

export const SHEETS = ["Payouts", "Callbacks", "Audit log", "Payout record", "CoinGate payees"];

/** Every Payout ID appears at most once in each simulator's ledger: nothing was paid twice. */
export function expectNoPayoutIdTwice(h: Harness): void {
  const twice = (ids: string[]) => ids.filter((id, index) => ids.indexOf(id) !== index);
  expect({
    gatepay: twice(h.gatepay.ledger().map((e) => e.merchantWithdrawId)),
    coingate: twice(h.coingate.ledger().map((e) => e.externalId ?? "")),
  }).toEqual({ gatepay: [], coingate: [] });
}

export function gatepayEntries(h: Harness, payoutId: string) {
  return h.gatepay.ledger().filter((e) => e.merchantWithdrawId === payoutId);
}

export function coingateEntries(h: Harness, payoutId: string) {
  return h.coingate.ledger().filter((e) => e.externalId === payoutId);
}

/** Create requests (GatePay POST /v1/pay/withdraw, CoinGate POST /send_requests) seen so far. */
export function createRequests(h: Harness): { gatepay: number; coingate: number } {
  return {
    gatepay: h.gatepay.received.filter(
      (r) => r.method === "POST" && /\/v1\/pay\/withdraw$/.test(r.url),
    ).length,
    coingate: h.coingate.received.filter(
      (r) => r.method === "POST" && /\/send_requests$/.test(r.url),
    ).length,
  };
}

/** The 1-based sheet row of the Payouts row matching `find` (by display text). */
export function sheetRowOf(h: Harness, find: (row: Record<string, string>) => boolean): number {
  const [headers = [], ...data] = h.emu.sheet("Payouts")?.display() ?? [];
  const index = data.findIndex((cells) =>
    find(Object.fromEntries(headers.map((header, i) => [header, cells[i] ?? ""]))),
  );
  if (index < 0) throw new Error("No such row in Payouts");
  return index + 2;
}

export function columnOf(h: Harness, header: string, sheet = "Payouts"): number {
  const headers = h.emu.sheet(sheet)?.display()[0] ?? [];
  const index = headers.indexOf(header);
  if (index < 0) throw new Error(`No column ${header} in ${sheet}`);
  return index + 1;
}

/** A person typing `text` into one cell of the Payouts row matching `find`. */
export function typeOver(
  h: Harness,
  find: (row: Record<string, string>) => boolean,
  header: string,
  text: string,
): void {
  h.emu.typeInto("Payouts", sheetRowOf(h, find), columnOf(h, header), [[text]]);
}

export const byId = (id: string) => (row: Record<string, string>) => row["Payout ID"] === id;
export const byRecipient = (name: string) => (row: Record<string, string>) =>
  row.Recipient === name;

/** The rows of the add-on's own record, as display text by header. */
export function recordRows(h: Harness): Record<string, string>[] {
  const [headers = [], ...data] = h.emu.sheet("Payout record")?.display() ?? [];
  return data.map((row) => Object.fromEntries(headers.map((header, i) => [header, row[i] ?? ""])));
}

/** The statuses the record's entries gave a payout, in order (update events only). */
export function recordedStatuses(h: Harness, payoutId: string): string[] {
  return recordRows(h)
    .filter((row) => row["Payout ID"] === payoutId && row.Event === "update")
    .map((row) => (JSON.parse(row.Details) as { snapshot: { status?: string } }).snapshot.status)
    .filter((status): status is string => !!status);
}

/**
 * The next GatePay create (POST /v1/pay/withdraw) is applied by the simulator, and then the
 * execution that sent it runs past Apps Script's 6-minute limit: it dies at its next service
 * call, before it can write GatePay's answer.
 */
export function dieAfterNextGatePayCreate(h: Harness): void {
  let armed = true;
  h.emu.route(GATEPAY_HOST, (request: WireRequest): WireResponse => {
    const answer = h.gatepay.handle(request);
    if (armed && request.method === "POST" && /\/v1\/pay\/withdraw$/.test(request.url)) {
      armed = false;
      h.emu.clock.advance(7 * 60_000);
    }
    return answer;
  });
}

/** Every sheet's values, display texts and formulas, Script Properties and triggers. */
export function everything(h: Harness): unknown {
  const sheets = Object.fromEntries(
    h.emu.sheetNames().map((name) => {
      const sheet = h.emu.sheet(name);
      return [
        name,
        sheet && { values: sheet.values(), display: sheet.display(), formulas: sheet.formulas() },
      ];
    }),
  );
  return { sheets, properties: h.emu.properties.all(), triggers: h.emu.triggers() };
}

/** Every cell of every sheet, joined: for "never appears" checks. */
export function allSheetsText(h: Harness): string {
  return h.emu
    .sheetNames()
    .map((name) => sheetText(h, name))
    .join("\n");
}

/** The callback token and its URL-encoded form. */
export function tokenForms(h: Harness): string[] {
  const token = callbackToken(h);
  return [...new Set([token, encodeURIComponent(token)])];
}

/** Every cell of every sheet whose display text starts with an apostrophe. */
export function cellsStartingWithApostrophe(h: Harness): string[] {
  const found: string[] = [];
  for (const name of h.emu.sheetNames()) {
    const sheet = h.emu.sheet(name);
    if (!sheet) continue;
    const values = sheet.values();
    sheet.display().forEach((row, r) =>
      row.forEach((text, c) => {
        const value = values[r]?.[c];
        if (text.startsWith("'") || (typeof value === "string" && value.startsWith("'")))
          found.push(`${name}!R${r + 1}C${c + 1}: ${text.slice(0, 40)}`);
      }),
    );
  }
  return found;
}
