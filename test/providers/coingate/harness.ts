import { asAmount } from "../../../src/domain/money";
/** A CoinGate provider wired to the simulator through httpFromRoutes, on a fake clock. */
import type { Clock } from "../../../src/ports";
import type { PayoutInstruction } from "../../../src/domain/payout";
import {
  createCoinGateProvider,
  type CoinGateConfig,
  type PayeeDirectory,
} from "../../../src/providers/coingate";
import { httpFromRoutes, type WireHandler, type WireRequest } from "../../support/wire";
import { CoinGateSimulator, type CoinGateSimulatorOptions } from "../../simulators/coingate";

export const TOKEN = "cg-secret-token-123456";
export const CALLBACK_URL =
  "https://script.google.com/macros/s/X/exec?provider=coingate&token=cb-secret-987";
export const USDT_ACCOUNT = "01JNQWKKJ6WXN8BZT1Y66B6G9H";
export const BTC_ACCOUNT = "01JNQWKKJ6WXN8BZT1Y66B6BTC";

/** now() is a number the test controls; sleep(ms) moves it forward. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public time = Date.parse("2025-03-01T00:00:00Z")) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number): void {
    this.sleeps.push(ms);
    this.time += ms;
  }
}

export class MapDirectory implements PayeeDirectory {
  readonly entries = new Map<string, string>();
  get(key: string): string | undefined {
    return this.entries.get(key);
  }
  /** Entries put and not saved yet. */
  unsaved = 0;
  put(key: string, id: string): void {
    this.entries.set(key, id);
    this.unsaved++;
  }
  save(): void {
    this.unsaved = 0;
  }
}

export interface Setup {
  config?: Partial<CoinGateConfig>;
  sim?: Partial<CoinGateSimulatorOptions>;
}

export function setUp(options: Setup = {}) {
  const clock = new FakeClock();
  const callbacks: { url: string; body: string; contentType: string }[] = [];
  const sim = new CoinGateSimulator({
    clock: () => clock.time,
    advanceClock: (ms) => (clock.time += ms),
    apiToken: TOKEN,
    ledgerAccounts: [
      { id: USDT_ACCOUNT, currency: "USDT", balance: "10000" },
      { id: BTC_ACCOUNT, currency: "BTC", balance: "1" },
    ],
    deliverCallback: (url, body, contentType) => callbacks.push({ url, body, contentType }),
    ...options.sim,
  });
  /** Every answer the simulator gave: when (fake clock) and with what status. */
  const answers: { at: number; status: number }[] = [];
  const handle: WireHandler = (request) => {
    const at = clock.time;
    const answer = sim.handle(request);
    answers.push({ at, status: answer.status });
    return answer;
  };
  const http = httpFromRoutes({ "api-sandbox.coingate.com": handle, "api.coingate.com": handle });
  const directory = new MapDirectory();
  const config: CoinGateConfig = {
    apiToken: TOKEN,
    environment: "sandbox",
    exchange: "cancel",
    callbackUrl: CALLBACK_URL,
    ...options.config,
  };
  /** A new run (provider instance); pass a fresh directory to play a new installation. */
  const newRun = (payees: PayeeDirectory = directory) =>
    createCoinGateProvider({ http, clock, payees, config });
  return { clock, sim, http, answers, directory, config, callbacks, provider: newRun(), newRun };
}

export function payout(overrides: Partial<PayoutInstruction> = {}): PayoutInstruction {
  return {
    payoutId: "P1",
    provider: "CoinGate",
    recipient: "Anna Maria Berg",
    recipientType: "person",
    email: "anna@example.com",
    country: "LTU",
    currency: "USDT",
    network: "tron",
    address: "TXYZabc123",
    amount: asAmount("10.5"),
    feeMode: "sender",
    purpose: "March commission",
    ...overrides,
  };
}

/** Requests sent, as "METHOD /path" without host, prefix or query. */
export function calls(sent: WireRequest[], method?: string, path?: string): string[] {
  return sent
    .map(
      (r) =>
        `${r.method} ${r.url.replace(/^https:\/\/[^/]+(\/api)?\/v2/, "").replace(/\?.*$/, "")}`,
    )
    .filter((c) => (!method || c.startsWith(`${method} `)) && (!path || c === `${method} ${path}`));
}
