/** PropertiesService: script, user and document stores that persist across executions. */
import type { Scope } from "../scope";

/** Quotas page: 9 KB per value, 500 KB per store (keys count towards both, per Tanaike). */
const MAX_ENTRY_BYTES = 9 * 1024;
const MAX_STORE_BYTES = 500 * 1024;

const utf8Length = (text: string) => Buffer.byteLength(text, "utf8");

export class StoreLimitError extends Error {}

export class PropertyStore {
  private readonly entries = new Map<string, string>();

  get(key: string): string | null {
    return this.entries.get(key) ?? null;
  }

  /** Throws StoreLimitError with Apps Script's message when a quota is exceeded. */
  set(key: string, value: string): void {
    if (utf8Length(key) + utf8Length(value) > MAX_ENTRY_BYTES) {
      throw new StoreLimitError("Argument too large: value");
    }
    const previous = this.entries.get(key);
    this.entries.set(key, value);
    if (this.totalBytes() > MAX_STORE_BYTES) {
      if (previous === undefined) this.entries.delete(key);
      else this.entries.set(key, previous);
      throw new StoreLimitError(
        "You have exceeded the property storage quota. Please remove some properties and try again.",
      );
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  all(): Record<string, string> {
    return Object.fromEntries(this.entries);
  }

  private totalBytes(): number {
    let total = 0;
    for (const [key, value] of this.entries) total += utf8Length(key) + utf8Length(value);
    return total;
  }
}

type PropertiesMethods =
  "getProperty" | "getProperties" | "getKeys" | "deleteProperty" | "deleteAllProperties";

export class FakeProperties implements Pick<
  GoogleAppsScript.Properties.Properties,
  PropertiesMethods
> {
  constructor(
    private readonly scope: Scope,
    private readonly store: PropertyStore,
  ) {}

  getProperty(key: string): string | null {
    return this.scope.rt.call("PropertiesService.getProperty", () => this.store.get(String(key)));
  }

  setProperty(key: string, value: string): this {
    return this.scope.rt.call("PropertiesService.setProperty", () => {
      this.write(String(key), String(value));
      return this;
    });
  }

  setProperties(properties: Record<string, unknown>, deleteAllOthers = false): this {
    return this.scope.rt.call("PropertiesService.setProperties", () => {
      if (deleteAllOthers) this.store.clear();
      for (const [key, value] of Object.entries(properties)) this.write(key, String(value));
      return this;
    });
  }

  getProperties(): Record<string, string> {
    return this.scope.rt.call(
      "PropertiesService.getProperties",
      () => this.scope.realm.toRealm(this.store.all()) as Record<string, string>,
    );
  }

  getKeys(): string[] {
    return this.scope.rt.call("PropertiesService.getKeys", () =>
      this.scope.realm.array(Object.keys(this.store.all())),
    );
  }

  deleteProperty(key: string): this {
    return this.scope.rt.call("PropertiesService.deleteProperty", () => {
      this.store.delete(String(key));
      return this;
    });
  }

  deleteAllProperties(): this {
    return this.scope.rt.call("PropertiesService.deleteAllProperties", () => {
      this.store.clear();
      return this;
    });
  }

  private write(key: string, value: string): void {
    try {
      this.store.set(key, value);
    } catch (error) {
      if (error instanceof StoreLimitError) throw this.scope.realm.error(error.message);
      throw error;
    }
  }
}

export function propertiesService(scope: Scope) {
  const { state, rt } = scope;
  return {
    getScriptProperties: () =>
      rt.call(
        "PropertiesService.getScriptProperties",
        () => new FakeProperties(scope, state.scriptProperties),
      ),
    getUserProperties: () =>
      rt.call(
        "PropertiesService.getUserProperties",
        () => new FakeProperties(scope, state.userProperties),
      ),
    getDocumentProperties: () =>
      rt.call(
        "PropertiesService.getDocumentProperties",
        () => new FakeProperties(scope, state.documentProperties),
      ),
  };
}
