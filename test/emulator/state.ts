/**
 * Everything that outlives a single execution: sheet, stores, caches, locks, triggers, routes,
 * sent mail.
 */
import type { WireHandler } from "../support/wire";
import { VirtualClock } from "./clock";
import { CacheStore } from "./services/cache";
import { LockTable } from "./services/lock";
import { MailStore } from "./services/mail";
import { PropertyStore } from "./services/properties";
import { TriggerStore } from "./services/script-app";
import { SpreadsheetModel } from "./spreadsheet/sheet-model";

export interface ResolvedOptions {
  htmlDir: string;
  scriptUrl: string | null;
  timeZone: string;
  userEmail: string;
  /** MailApp recipients per day. */
  mailQuota: number;
}

export class EmulatorState {
  readonly clock: VirtualClock;
  readonly spreadsheet: SpreadsheetModel;
  readonly scriptProperties = new PropertyStore();
  readonly userProperties = new PropertyStore();
  readonly documentProperties = new PropertyStore();
  readonly scriptCache: CacheStore;
  readonly userCache: CacheStore;
  readonly documentCache: CacheStore;
  readonly locks = new LockTable();
  readonly triggers = new TriggerStore();
  readonly routes = new Map<string, WireHandler>();
  readonly mail: MailStore;

  constructor(
    readonly options: ResolvedOptions,
    startTime: number,
  ) {
    this.clock = new VirtualClock(startTime);
    this.spreadsheet = new SpreadsheetModel(options.timeZone);
    this.scriptCache = new CacheStore(this.clock);
    this.userCache = new CacheStore(this.clock);
    this.documentCache = new CacheStore(this.clock);
    this.mail = new MailStore(this.clock, options.mailQuota);
  }
}
