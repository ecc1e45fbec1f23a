/**
 * The whole product offline: the built bundle in the Apps Script emulator, wired to the CoinGate
 * and GatePay simulators, which deliver their callbacks to the web app's doPost. End-to-end
 * tests, the sandbox and the benchmark stand on it.
 */
import { Emulator, type Execution, type RunOptions, type WebExecution } from "../emulator";
import { CoinGateSimulator, type CoinGateSimulatorOptions } from "../simulators/coingate";
import { GATEPAY_HOST, GatePaySimulator } from "../simulators/gatepay/simulator";
import type { GatePaySimulatorOptions } from "../simulators/gatepay/simulator";
import { EvmSimulator, type EvmSimulatorOptions } from "../simulators/evm";
import { INPUT_COLUMNS, OUTPUT_COLUMNS } from "../../src/domain/columns";

export const COINGATE_TOKEN = "cg-test-token-7f3a";
export const GATEPAY_CLIENT = "gp-client-1";
export const GATEPAY_SECRET = "gp-secret-9b1c";
export const WEB_APP_URL = "https://script.google.com/macros/s/EMULATED/exec";
/** The Ethereum node the harness routes (set `CHAIN_RPC_URLS` to `ETH:${EVM_RPC_URL}` to use it). */
export const EVM_RPC_HOST = "eth-node.rpc.test";
export const EVM_RPC_URL = `https://${EVM_RPC_HOST}/v1/node-key-5e2f`;
/** The handler of the one-off trigger doPost schedules (src/app/callbacks/callbacks.ts). */
const SHOW_HANDLER = "applyCallbacks";

/** Every header of a set-up Payouts sheet, in its order. */
export const HEADERS = [...Object.values(INPUT_COLUMNS), ...Object.values(OUTPUT_COLUMNS)];

export type RowInput = Partial<Record<(typeof HEADERS)[number], string>>;

export interface HarnessOptions {
  coingate?: Partial<CoinGateSimulatorOptions> | false;
  gatepay?: Partial<GatePaySimulatorOptions> | false;
  /** The Ethereum JSON-RPC node at EVM_RPC_HOST. */
  evm?: EvmSimulatorOptions;
  /** Extra Script Properties. */
  properties?: Record<string, string>;
  /**
   * "immediate": a callback runs doPost as soon as the simulator sends it (nested inside the
   * execution that caused it, as a concurrent web-app call would). "queued": kept until
   * `deliverCallbacks()`. Default queued.
   */
  callbacks?: "immediate" | "queued";
  startTime?: number;
  /** MailApp's daily recipients (emulator default 100). */
  mailQuota?: number;
}

export interface PendingCallback {
  provider: "coingate" | "gatepay";
  query: Record<string, string>;
  body: string;
  contentType: string;
}

export class Harness {
  readonly emu: Emulator;
  readonly coingate: CoinGateSimulator;
  readonly gatepay: GatePaySimulator;
  readonly evm: EvmSimulator;
  readonly callbackRuns: WebExecution[] = [];
  /** The runs of the trigger that shows applied callbacks in the rows. */
  readonly showRuns: Execution[] = [];
  /** Every callback delivered to doPost so far, oldest first (tests replay them as stale). */
  readonly delivered: PendingCallback[] = [];
  private readonly pending: PendingCallback[] = [];
  private readonly mode: "immediate" | "queued";

  constructor(options: HarnessOptions = {}) {
    this.emu = new Emulator({
      scriptUrl: WEB_APP_URL,
      startTime: options.startTime,
      mailQuota: options.mailQuota,
    });
    this.mode = options.callbacks ?? "queued";
    const clock = () => this.emu.clock.now();
    this.coingate = new CoinGateSimulator({
      clock,
      advanceClock: (ms) => this.emu.clock.advance(ms),
      apiToken: COINGATE_TOKEN,
      ledgerAccounts: [
        { id: "01JNQWKKJ6WXN8BZT1Y66B6G9H", currency: "USDT", balance: "100000" },
        { id: "01JNQWKKJ6WXN8BZT1Y66B6G9J", currency: "BTC", balance: "10" },
        { id: "01JNQWKKJ6WXN8BZT1Y66B6G9K", currency: "EUR", balance: "50000" },
      ],
      deliverCallback: (url, body, contentType) =>
        this.receive({ provider: "coingate", query: queryOf(url), body, contentType }),
      ...(options.coingate || {}),
    });
    this.gatepay = new GatePaySimulator({
      clock,
      clientId: GATEPAY_CLIENT,
      apiSecret: GATEPAY_SECRET,
      balances: { USDT: "100000", USDC: "100000", BTC: "10", ETH: "100" },
      deliverCallback: (body) =>
        this.receive({
          provider: "gatepay",
          query: { provider: "gatepay", token: this.emu.properties.get("CALLBACK_TOKEN") ?? "" },
          body,
          contentType: "application/json",
        }),
      ...(options.gatepay || {}),
    });
    this.evm = new EvmSimulator({
      advanceClock: (ms) => this.emu.clock.advance(ms),
      ...options.evm,
    });
    this.emu.route(EVM_RPC_HOST, this.evm.handle);
    this.emu.route("api-sandbox.coingate.com", this.coingate.handle);
    this.emu.route("api.coingate.com", this.coingate.handle);
    this.emu.route(GATEPAY_HOST, (request) => this.gatepay.handle(request));
    if (options.coingate !== false) this.emu.properties.set("COINGATE_API_TOKEN", COINGATE_TOKEN);
    if (options.gatepay !== false) {
      this.emu.properties.set("GATEPAY_CLIENT_ID", GATEPAY_CLIENT);
      this.emu.properties.set("GATEPAY_API_SECRET", GATEPAY_SECRET);
    }
    for (const [key, value] of Object.entries(options.properties ?? {}))
      this.emu.properties.set(key, value);
  }

  run(functionName: string, options: RunOptions = {}, args: unknown[] = []): Execution {
    return this.emu.run(functionName, args, { context: "trigger", ...options });
  }

  /** Runs a headless entry point and returns its summary, failing loudly when it threw. */
  call<T = Record<string, unknown>>(functionName: string, options: RunOptions = {}): T {
    const execution = this.run(functionName, options);
    if (execution.error) throw execution.error;
    return execution.value as T;
  }

  /** Types rows into the Payouts sheet below what is there, by header. */
  addRows(rows: RowInput[]): void {
    const sheet = this.emu.sheet("Payouts");
    const headers = sheet ? (sheet.display()[0] ?? []) : [];
    if (headers.length === 0) throw new Error("Run setupPayoutsSheet first.");
    const start = (sheet?.display().length ?? 1) + 1;
    const cells = rows.map((row) =>
      headers.map((header) => (row as Record<string, string | undefined>)[header] ?? ""),
    );
    this.emu.typeInto("Payouts", start, 1, cells);
  }

  /** The Payouts sheet's data rows as display text by header. */
  rows(): Record<string, string>[] {
    const display = this.emu.sheet("Payouts")?.display() ?? [];
    const [headers = [], ...data] = display;
    return data
      .filter((row) => row.some((cell) => cell !== ""))
      .map((row) => Object.fromEntries(headers.map((header, i) => [header, row[i] ?? ""])));
  }

  rowById(payoutId: string): Record<string, string> {
    const row = this.rows().find((r) => r["Payout ID"] === payoutId);
    if (!row) throw new Error(`No row with Payout ID ${payoutId}`);
    return row;
  }

  /** The Callbacks log as display text by header. */
  callbackLog(): Record<string, string>[] {
    const [headers = [], ...data] = this.emu.sheet("Callbacks")?.display() ?? [];
    return data.map((row) =>
      Object.fromEntries(headers.map((header, i) => [header, row[i] ?? ""])),
    );
  }

  callbacksWaiting(): number {
    return this.pending.length;
  }

  /** The callbacks queued for delivery, oldest first (left queued). */
  pendingCallbacks(): PendingCallback[] {
    return [...this.pending];
  }

  /** Delivers queued callbacks to doPost, oldest first; returns the executions. */
  deliverCallbacks(): WebExecution[] {
    const runs: WebExecution[] = [];
    while (this.pending.length > 0) runs.push(this.post(this.pending.shift() as PendingCallback));
    return runs;
  }

  /** Drops queued callbacks (a provider that gave up, a lost delivery). */
  dropCallbacks(): number {
    return this.pending.splice(0).length;
  }

  private receive(callback: PendingCallback): void {
    if (this.mode === "immediate") this.post(callback);
    else this.pending.push(callback);
  }

  /** Delivers a callback again (a provider's retry, or a stale copy). */
  replay(callback: PendingCallback): WebExecution {
    return this.post(callback);
  }

  /** A POST to doPost as anyone might send it, then the rows shown as Apps Script would. */
  postRaw(request: {
    query: Record<string, string>;
    body: string;
    contentType: string;
  }): WebExecution {
    const execution = this.emu.post(request);
    this.showCallbacks();
    return execution;
  }

  private post(callback: PendingCallback): WebExecution {
    this.delivered.push(callback);
    const execution = this.emu.post({
      query: callback.query,
      body: callback.body,
      contentType: callback.contentType,
    });
    this.callbackRuns.push(execution);
    this.showCallbacks();
    return execution;
  }

  /**
   * doPost applies a callback to the add-on's record and schedules a one-off trigger, a second
   * later, that writes the rows: as Apps Script would, it runs now (the clock moves to it).
   */
  showCallbacks(): Execution[] {
    const pending = this.emu
      .triggers()
      .filter((t) => t.handler === SHOW_HANDLER && !t.fired && t.at !== undefined);
    if (pending.length === 0) return [];
    const at = Math.max(...pending.map((t) => t.at ?? 0));
    if (at > this.emu.clock.now()) this.emu.clock.advance(at - this.emu.clock.now());
    const runs = this.emu.runDueTriggers({ handlers: [SHOW_HANDLER] });
    this.showRuns.push(...runs);
    return runs;
  }
}

function queryOf(url: string): Record<string, string> {
  const query = url.split("?")[1] ?? "";
  const result: Record<string, string> = {};
  for (const pair of query.split("&")) {
    if (!pair) continue;
    const [key, value = ""] = pair.split("=");
    result[decodeURIComponent(key)] = decodeURIComponent(value);
  }
  return result;
}
