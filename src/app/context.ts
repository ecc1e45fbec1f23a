/** Everything a use case needs from its surroundings, as ports. */
import type {
  Clock,
  Crypto,
  Http,
  Identity,
  Lock,
  Log,
  Mailer,
  Store,
  Triggers,
  WebApp,
  Workbook,
} from "../ports";
import { inAuditedRun } from "./audit/run";

export interface AppContext {
  workbook: Workbook;
  store: Store;
  lock: Lock;
  clock: Clock;
  http: Http;
  crypto: Crypto;
  triggers: Triggers;
  webApp: WebApp;
  log: Log;
  identity: Identity;
  mailer: Mailer;
}

export function isoNow(ctx: Pick<AppContext, "clock">): string {
  return new Date(ctx.clock.now()).toISOString();
}

/**
 * Runs `work` under the script lock, or returns `busy` when another run holds it. Its audit
 * entries are written before the lock is let go, however `work` ends.
 */
export function withScriptLock<T>(
  ctx: AppContext,
  waitMs: number,
  busy: () => T,
  work: () => T,
): T {
  if (!ctx.lock.tryLock(waitMs)) return busy();
  try {
    // Values read before the lock may have been changed by the run that held it.
    ctx.store.refresh();
    return inAuditedRun(ctx, true, work);
  } finally {
    // Pending writes are committed while the lock is still held (LockService docs).
    ctx.workbook.flush();
    ctx.lock.release();
  }
}
