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

/** Runs `work` under the script lock, or returns `busy` when another run holds it. */
export function withScriptLock<T>(
  ctx: AppContext,
  waitMs: number,
  busy: () => T,
  work: () => T,
): T {
  if (!ctx.lock.tryLock(waitMs)) return busy();
  try {
    return work();
  } finally {
    // Pending writes are committed while the lock is still held (LockService docs).
    ctx.workbook.flush();
    ctx.lock.release();
  }
}
