/**
 * Helpers for the callback, refresh and web-app end-to-end tests: row builders, a submit that
 * fails loudly, direct posts to doPost, and views of whole sheets as text (for secret checks and
 * "nothing changed" comparisons). Built only on the public Harness and Emulator.
 */
import type { WebExecution } from "../emulator";
import type { Harness, RowInput } from "../support/harness";

export const EVM_1 = "0xD0D350Aa0da84eeB26c249839E615dBDCbAFadaE";
export const EVM_2 = "0x188d526A0Be5AFe74716dDf35d04fD7Bb57bFeAD";
export const TRON_1 = "TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY";
export const TRON_2 = "TKSqrC4gFMZtztVvRDcxQhZ6Nw2Q9Wc3WT";
export const SOLANA_1 = "6rkATgCwefZq21KYt8LuxovBryxWgVJp6ohg17WdDGuA";

/** The EUR ledger account of the harness: paying USDT from it needs an exchange. */
export const EUR_ACCOUNT = "01JNQWKKJ6WXN8BZT1Y66B6G9K";

export const GATEPAY_ACK = '{"returnCode":"SUCCESS","returnMessage":""}';

export function coingateRow(overrides: RowInput = {}): RowInput {
  return {
    Provider: "CoinGate",
    Recipient: "Ann Lee",
    "Recipient type": "person",
    Email: "ann@example.com",
    Country: "LTU",
    Currency: "USDT",
    Network: "ERC20",
    Address: EVM_1,
    Amount: "10.50",
    Purpose: "Invoice 2026-001",
    ...overrides,
  };
}

export function gatepayRow(overrides: RowInput = {}): RowInput {
  return {
    Provider: "GatePay",
    Recipient: "Bob Trading Ltd",
    Currency: "USDT",
    Network: "TRC20",
    Address: TRON_1,
    Amount: "25.00",
    ...overrides,
  };
}

/** Sets up the sheet, types the rows, validates and submits; returns their Payout IDs in order. */
export function submitRows(h: Harness, rows: RowInput[]): string[] {
  if (!h.emu.sheet("Payouts")) h.call("setupPayoutsSheet");
  const before = h.rows().length;
  h.addRows(rows);
  const validation = h.call<{ valid: number; invalid: number }>("validatePayouts");
  if (validation.invalid > 0) {
    const errors = h
      .rows()
      .slice(before)
      .map((r) => `${r.Status}: ${r.Error}`);
    throw new Error(`Rows did not validate: ${errors.join(" | ")}`);
  }
  const summary = h.call<{ created: number; problems: string[] }>("submitPayouts");
  const added = h.rows().slice(before);
  if (summary.created !== rows.length)
    throw new Error(
      `Submit created ${summary.created} of ${rows.length}: ${JSON.stringify(summary)}`,
    );
  return added.map((row) => row["Payout ID"]);
}

export function callbackToken(h: Harness): string {
  const token = h.emu.properties.get("CALLBACK_TOKEN");
  if (!token) throw new Error("No CALLBACK_TOKEN: run setupPayoutsSheet first.");
  return token;
}

/** A POST to doPost as a provider (or a stranger) would send it. */
export function postCallback(
  h: Harness,
  request: { query: Record<string, string>; body: string; contentType?: string },
): WebExecution {
  return h.postRaw({
    query: request.query,
    body: request.body,
    contentType: request.contentType ?? "application/json",
  });
}

/** A POST with the right token for the provider. */
export function postAs(
  h: Harness,
  provider: "coingate" | "gatepay",
  body: string,
  contentType = "application/json",
): WebExecution {
  return postCallback(h, { query: { provider, token: callbackToken(h) }, body, contentType });
}

/** Every value, display text, formula and note of a sheet, joined: for "never appears" checks. */
export function sheetText(h: Harness, name: string): string {
  const sheet = h.emu.sheet(name);
  if (!sheet) return "";
  const parts = [sheet.values(), sheet.display(), sheet.formulas(), sheet.notes()];
  return parts.map((grid) => grid.map((row) => row.map(String).join("\t")).join("\n")).join("\n");
}

/** A sheet's values and display text, to compare "nothing changed" before and after. */
export function sheetState(h: Harness, name: string): unknown {
  const sheet = h.emu.sheet(name);
  if (!sheet) return null;
  return { values: sheet.values(), display: sheet.display(), formulas: sheet.formulas() };
}

/** The Callbacks log row whose Payout ID (or Provider ID) cell names this id, newest last. */
export function logRowsFor(h: Harness, id: string): Record<string, string>[] {
  return h
    .callbackLog()
    .filter((row) => row["Payout ID"].split(" ").includes(id) || row["Provider ID"] === id);
}

/** A CoinGate send-request body as its callbacks carry it, for forged callbacks. */
export function coingateBody(
  h: Harness,
  fields: { id: number; external_id?: string; status: string; [key: string]: unknown },
): string {
  return JSON.stringify({
    purpose: "Invoice",
    callback_url: `https://script.google.com/macros/s/EMULATED/exec?provider=coingate&token=${callbackToken(h)}`,
    created_at: "2026-01-05T09:00:00.000Z",
    blockchain_transactions: [],
    requires_2fa_confirmation: false,
    ...fields,
  });
}

/** A GatePay callback body naming these sub-orders, for forged callbacks. */
export function gatepayBody(
  batchId: string,
  suborders: { merchant_withdraw_id: string; status: string; [key: string]: unknown }[],
  batchStatus = "PROCESSING",
): string {
  return JSON.stringify({
    main_order: { batch_id: batchId, merchant_id: 10002, status: batchStatus, client_id: "x" },
    suborders: suborders.map((s) => ({ batch_id: batchId, currency: "USDT", ...s })),
  });
}

/**
 * A person re-arranging the Payouts sheet by hand (sorting, inserting rows above): the data rows
 * are typed again from row 2 in the order `arrange` returns; rows left over are cleared.
 */
export function retypePayouts(h: Harness, arrange: (rows: string[][]) => string[][]): void {
  const sheet = h.emu.sheet("Payouts");
  if (!sheet) throw new Error("No Payouts sheet.");
  const [headers, ...data] = sheet.display();
  const arranged = arrange(data.map((row) => [...row]));
  const height = Math.max(arranged.length, data.length);
  const blank = headers.map(() => "");
  const cells = Array.from({ length: height }, (_, i) =>
    headers.map((_, c) => (arranged[i] ?? blank)[c] ?? ""),
  );
  h.emu.typeInto("Payouts", 2, 1, cells);
}

/**
 * The next CoinGate create (POST /send_requests) is applied, and then the execution that sent
 * it runs past Apps Script's 6-minute limit: it dies at its next service call, before it can
 * write CoinGate's answer. (The emulator's faults count calls; this one is placed by meaning.)
 */
export function dieAfterNextCoinGateCreate(h: Harness): void {
  let armed = true;
  const handle = (request: Parameters<Harness["coingate"]["handle"]>[0]) => {
    const answer = h.coingate.handle(request);
    if (armed && request.method === "POST" && /\/send_requests$/.test(request.url)) {
      armed = false;
      h.emu.clock.advance(7 * 60_000);
    }
    return answer;
  };
  h.emu.route("api-sandbox.coingate.com", handle);
}
