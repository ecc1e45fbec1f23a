/** CacheService: script, user and document caches whose expiry follows the virtual clock. */
import type { VirtualClock } from "../clock";
import type { Scope } from "../scope";

/** Cache reference: keys up to 250 characters, values up to 100 KB, expiry 1 s to 6 h. */
const MAX_KEY_LENGTH = 250;
const MAX_VALUE_BYTES = 100 * 1024;
const DEFAULT_SECONDS = 600;
const MAX_SECONDS = 21600;

export class CacheStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly clock: VirtualClock) {}

  get(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  put(key: string, value: string, seconds: number): void {
    const clamped = Math.min(Math.max(seconds, 1), MAX_SECONDS);
    this.entries.set(key, { value, expiresAt: this.clock.now() + clamped * 1000 });
  }

  remove(key: string): void {
    this.entries.delete(key);
  }
}

type CacheMethods = "get" | "getAll" | "put" | "putAll" | "remove" | "removeAll";

export class FakeCache implements Pick<GoogleAppsScript.Cache.Cache, CacheMethods> {
  constructor(
    private readonly scope: Scope,
    private readonly store: CacheStore,
  ) {}

  get(key: string): string | null {
    return this.scope.rt.call("CacheService.get", () => this.store.get(this.checkKey(key)));
  }

  getAll(keys: string[]): Record<string, string> {
    return this.scope.rt.call("CacheService.getAll", () => {
      const found: Record<string, string> = {};
      for (const key of keys) {
        const value = this.store.get(this.checkKey(key));
        if (value !== null) found[key] = value;
      }
      return this.scope.realm.toRealm(found) as Record<string, string>;
    });
  }

  put(key: string, value: string, expirationInSeconds = DEFAULT_SECONDS): void {
    this.scope.rt.call("CacheService.put", () =>
      this.store.put(this.checkKey(key), this.checkValue(value), expirationInSeconds),
    );
  }

  putAll(values: Record<string, string>, expirationInSeconds = DEFAULT_SECONDS): void {
    this.scope.rt.call("CacheService.putAll", () => {
      for (const [key, value] of Object.entries(values)) {
        this.store.put(this.checkKey(key), this.checkValue(value), expirationInSeconds);
      }
    });
  }

  remove(key: string): void {
    this.scope.rt.call("CacheService.remove", () => this.store.remove(this.checkKey(key)));
  }

  removeAll(keys: string[]): void {
    this.scope.rt.call("CacheService.removeAll", () => {
      for (const key of keys) this.store.remove(this.checkKey(key));
    });
  }

  private checkKey(key: string): string {
    const text = String(key);
    if (text.length > MAX_KEY_LENGTH) throw this.scope.realm.error("Argument too large: key");
    return text;
  }

  private checkValue(value: string): string {
    const text = String(value);
    if (Buffer.byteLength(text, "utf8") > MAX_VALUE_BYTES) {
      throw this.scope.realm.error("Argument too large: value");
    }
    return text;
  }
}

export function cacheService(scope: Scope) {
  const { state, rt } = scope;
  return {
    getScriptCache: () =>
      rt.call("CacheService.getScriptCache", () => new FakeCache(scope, state.scriptCache)),
    getUserCache: () =>
      rt.call("CacheService.getUserCache", () => new FakeCache(scope, state.userCache)),
    getDocumentCache: () =>
      rt.call("CacheService.getDocumentCache", () => new FakeCache(scope, state.documentCache)),
  };
}
