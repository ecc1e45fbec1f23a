/**
 * LockService. Executions run one after another, so a lock that is held when we ask for it
 * (by an outer execution that is waiting on us, or by a pretend holder from `lockHeldBy`) cannot
 * be released while we wait: waiting always runs the full timeout on the virtual clock.
 */
import type { Scope } from "../scope";

export type LockKind = "script" | "user" | "document";

/** Who holds each lock: an execution id, or a label for a pretend holder. */
export class LockTable {
  private readonly holders = new Map<LockKind, number | string>();

  holder(kind: LockKind): number | string | undefined {
    return this.holders.get(kind);
  }

  take(kind: LockKind, owner: number | string): void {
    this.holders.set(kind, owner);
  }

  release(kind: LockKind, owner: number | string): void {
    if (this.holders.get(kind) === owner) this.holders.delete(kind);
  }

  /** Locks are released automatically when an execution ends. */
  releaseAll(owner: number | string): void {
    for (const [kind, holder] of this.holders) if (holder === owner) this.holders.delete(kind);
  }
}

const LOCK_TIMEOUT = "Lock timeout: another process was holding the lock for too long.";

export class FakeLock implements Pick<
  GoogleAppsScript.Lock.Lock,
  "tryLock" | "waitLock" | "hasLock" | "releaseLock"
> {
  constructor(
    private readonly scope: Scope,
    private readonly kind: LockKind,
  ) {}

  tryLock(timeoutInMillis: number): boolean {
    return this.scope.rt.call("LockService.tryLock", () => this.acquire(timeoutInMillis));
  }

  waitLock(timeoutInMillis: number): void {
    this.scope.rt.call("LockService.waitLock", () => {
      if (!this.acquire(timeoutInMillis)) throw this.scope.realm.error(LOCK_TIMEOUT);
    });
  }

  hasLock(): boolean {
    return this.scope.rt.call("LockService.hasLock", () => this.held());
  }

  releaseLock(): void {
    this.scope.rt.call("LockService.releaseLock", () =>
      this.scope.state.locks.release(this.kind, this.scope.executionId),
    );
  }

  private held(): boolean {
    return this.scope.state.locks.holder(this.kind) === this.scope.executionId;
  }

  private acquire(timeoutInMillis: number): boolean {
    const { locks, clock } = this.scope.state;
    const holder = locks.holder(this.kind);
    if (holder === undefined || holder === this.scope.executionId) {
      locks.take(this.kind, this.scope.executionId);
      return true;
    }
    clock.advance(Math.max(0, Math.round(Number(timeoutInMillis)) || 0));
    return false;
  }
}

export function lockService(scope: Scope) {
  const { rt } = scope;
  return {
    getScriptLock: () => rt.call("LockService.getScriptLock", () => new FakeLock(scope, "script")),
    getUserLock: () => rt.call("LockService.getUserLock", () => new FakeLock(scope, "user")),
    // Reference: null outside a document context, e.g. in a web app.
    getDocumentLock: () =>
      rt.call("LockService.getDocumentLock", () =>
        scope.context === "webapp" ? null : new FakeLock(scope, "document"),
      ),
  };
}
