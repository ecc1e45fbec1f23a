/**
 * An AppContext of in-memory ports for the Settings use cases: Script Properties in a Map, HTTP
 * routed to the CoinGate and GatePay simulators, a clock the test moves, triggers in a list.
 * Shared by the unit tests (test/app/settings.test.ts) and the sidebar's browser test.
 */
import { AUDIT_HEADERS } from "../../../src/app/audit/headers";
import { SHEETS } from "../../../src/app/sheet-names";
import { createHmac, randomUUID } from "node:crypto";

import type { AppContext } from "../../../src/app/context";
import type { Clock, Crypto, Store, Triggers } from "../../../src/ports";
import { CoinGateSimulator } from "../../simulators/coingate";

import { GATEPAY_HOST, GatePaySimulator } from "../../simulators/gatepay";

import { httpFromRoutes } from "../../support/wire";

import { MemoryWorkbook } from "../../support/memory-workbook";

export const COINGATE_TOKEN = "cg-sandbox-token-7f3a9c2e";
export const GATEPAY_CLIENT_ID = "mZ96D37oKk-HrWJc";
export const GATEPAY_SECRET = "gp-secret-4b1d-do-not-leak";
export const USDT_ACCOUNT = "01JNQWKKJ6WXN8BZT1Y66B6G9H";
export const EUR_ACCOUNT = "01JNQWKKJ6WXN8BZT1Y66B6EUR";

export class MapStore implements Store {
  readonly values = new Map<string, string>();
  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  set(key: string, value: string): void {
    this.values.set(key, value);
  }
  delete(key: string): void {
    this.values.delete(key);
  }
  refresh(): void {}
}

export class FakeClock implements Clock {
  constructor(public ms = Date.parse("2026-01-15T09:30:00Z")) {}
  now(): number {
    return this.ms;
  }
  sleep(ms: number): void {
    this.ms += ms;
  }
}

export class ListTriggers implements Triggers {
  readonly triggers: { id: string; handler: string; minutes: number }[] = [];
  private next = 1;
  list() {
    return this.triggers.map(({ id, handler }) => ({ id, handler }));
  }
  everyMinutes(handler: string, minutes: number): void {
    this.triggers.push({ id: `t${this.next++}`, handler, minutes });
  }
  everyHours(handler: string, hours: number): void {
    this.triggers.push({ id: `t${this.next++}`, handler, minutes: hours * 60 });
  }
  everyDays(handler: string, days: number): void {
    this.triggers.push({ id: `t${this.next++}`, handler, minutes: days * 24 * 60 });
  }
  once(): void {
    throw new Error("Settings never schedules a one-off trigger.");
  }
  onEdit(): void {
    throw new Error("Settings never installs an on-edit trigger.");
  }
  remove(id: string): void {
    const index = this.triggers.findIndex((t) => t.id === id);
    if (index >= 0) this.triggers.splice(index, 1);
  }
}

const nodeCrypto: Crypto = {
  hmacSha512Hex: (key, message) => createHmac("sha512", key).update(message, "utf8").digest("hex"),
  uuid: () => randomUUID(),
};

/**
 * Settings touches no sheet but the Audit log: the workbook holds only that one, and any other
 * sheet a save reached for is a test failure.
 */
class AuditOnlyWorkbook extends MemoryWorkbook {
  override sheet(name: string) {
    if (name !== SHEETS.audit) throw new Error(`Settings used the sheet ${name}.`);
    return super.sheet(name);
  }
  override insertSheet(name: string) {
    if (name !== SHEETS.audit) throw new Error(`Settings created the sheet ${name}.`);
    return super.insertSheet(name);
  }
}

export interface SettingsWorld {
  ctx: AppContext;
  store: MapStore;
  clock: FakeClock;
  triggers: ListTriggers;
  coingate: CoinGateSimulator;
  gatepay: GatePaySimulator;
  http: ReturnType<typeof httpFromRoutes>;
  logs: string[];
  /** The Audit log's rows (header first), the only sheet settings may touch. */
  auditRows(): string[][];
  /** Makes the providers' hosts unreachable (DNS error) or reachable again. */
  setOffline(offline: boolean): void;
}

export function settingsWorld(options: { webAppUrl?: string | null } = {}): SettingsWorld {
  const store = new MapStore();
  const clock = new FakeClock();
  const triggers = new ListTriggers();
  const logs: string[] = [];
  const coingate = new CoinGateSimulator({
    clock: () => clock.ms,
    apiToken: COINGATE_TOKEN,
    ledgerAccounts: [
      { id: USDT_ACCOUNT, currency: "USDT", balance: "2500" },
      { id: EUR_ACCOUNT, currency: "EUR", balance: "900" },
    ],
  });
  const gatepay = new GatePaySimulator({
    clock: () => clock.ms,
    clientId: GATEPAY_CLIENT_ID,
    apiSecret: GATEPAY_SECRET,
    balances: { USDT: "1200", BTC: "0.5" },
  });
  let offline = false;
  const routes = httpFromRoutes({
    "api-sandbox.coingate.com": (request) => coingate.handle(request),
    "api.coingate.com": (request) => coingate.handle(request),
    [GATEPAY_HOST]: (request) => gatepay.handle(request),
  });
  const http: typeof routes = {
    sent: routes.sent,
    fetchAll: (requests) => (offline ? httpFromRoutes({}) : routes).fetchAll(requests),
  };
  const workbook = new AuditOnlyWorkbook();
  const ctx: AppContext = {
    workbook,
    store,
    lock: { tryLock: () => true, release: () => undefined },
    clock,
    http,
    crypto: nodeCrypto,
    triggers,
    webApp: { url: () => options.webAppUrl ?? null },
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) },
    identity: {
      activeEmail: () => "finance@example.com",
      effectiveEmail: () => "owner@example.com",
    },
    mailer: {
      remainingDailyQuota: () => 0,
      send: () => {
        throw new Error("Settings never sends an e-mail.");
      },
    },
  };
  return {
    ctx,
    store,
    clock,
    triggers,
    coingate,
    gatepay,
    http,
    logs,
    auditRows: () =>
      workbook
        .sheet(SHEETS.audit)
        ?.readDisplay(1, 1, workbook.sheet(SHEETS.audit)?.lastRow() ?? 0, AUDIT_HEADERS.length) ??
      [],
    setOffline: (value) => (offline = value),
  };
}
