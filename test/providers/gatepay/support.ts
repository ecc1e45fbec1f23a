import { asAmount } from "../../../src/domain/money";
/** Ports and a wired-up provider for GatePay client tests. */
import { createHmac, randomUUID } from "node:crypto";

import type { Clock, Crypto } from "../../../src/ports";
import type { PayoutInstruction } from "../../../src/domain/payout";
import { createGatePayProvider, DEFAULT_GATEPAY_BASE_URL } from "../../../src/providers/gatepay";
import {
  GATEPAY_HOST,
  GatePaySimulator,
  type GatePaySimulatorOptions,
} from "../../simulators/gatepay";
import { httpFromRoutes, type WireHandler } from "../../support/wire";

/** now() reads a number the test controls; sleep(ms) advances it and records the wait. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public ms = 1_767_225_600_000) {}
  now(): number {
    return this.ms;
  }
  sleep(ms: number): void {
    this.sleeps.push(ms);
    this.ms += ms;
  }
}

/** The Crypto port as the Apps Script adapter behaves, on Node's crypto. */
export const nodeCrypto: Crypto = {
  hmacSha512Hex: (key, message) => createHmac("sha512", key).update(message, "utf8").digest("hex"),
  uuid: () => randomUUID(),
};

export const CLIENT_ID = "mZ96D37oKk-HrWJc";
export const API_SECRET = "s3cr3t-payment-api-key-do-not-leak";

export interface SetupConfig {
  maxBatchSize?: number;
  apiSecret?: string;
  clientId?: string;
  /** How far the simulator's clock is ahead of the client's. */
  serverClockAheadMs?: number;
  /** Puts something between the client and the simulator (faults the simulator lacks). */
  wrap?: (handle: WireHandler) => WireHandler;
}

export function setup(options: Partial<GatePaySimulatorOptions> = {}, config: SetupConfig = {}) {
  const clock = new FakeClock();
  const sim = new GatePaySimulator({
    clock: () => clock.now() + (config.serverClockAheadMs ?? 0),
    clientId: CLIENT_ID,
    apiSecret: API_SECRET,
    balances: { USDT: "10000", USDC: "500", BTC: "1" },
    ...options,
  });
  const http = httpFromRoutes({
    [GATEPAY_HOST]: config.wrap ? config.wrap(sim.handle) : sim.handle,
  });
  const provider = createGatePayProvider({
    http,
    clock,
    crypto: nodeCrypto,
    config: {
      clientId: config.clientId ?? CLIENT_ID,
      apiSecret: config.apiSecret ?? API_SECRET,
      baseUrl: DEFAULT_GATEPAY_BASE_URL,
      maxBatchSize: config.maxBatchSize ?? 100,
    },
  });
  return { clock, sim, http, provider };
}

let counter = 0;

export function payout(overrides: Partial<PayoutInstruction> = {}): PayoutInstruction {
  counter += 1;
  return {
    payoutId: `P${counter}`,
    provider: "GatePay",
    recipient: "Ada Lovelace",
    currency: "USDT",
    network: "TRX",
    address: "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf",
    amount: asAmount("25"),
    feeMode: "sender",
    ...overrides,
  };
}

/** Paths of the requests the client sent, e.g. "POST /v1/pay/withdraw". */
export function sentPaths(sent: { method: string; url: string }[]): string[] {
  return sent.map(
    (r) => `${r.method} ${r.url.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*$/, "")}`,
  );
}
