/** The providers of one run: each registry entry with its setup and, when configured, its client. */
import type { ProviderDeps, ProviderEntry, ProviderSetup } from "../providers/entry";
import { PROVIDERS, providerNamed } from "../providers/registry";
import type { Provider } from "../providers/provider";
import { callbackUrl } from "./callbacks/url";
import type { AppConfig } from "./config";
import type { AppContext } from "./context";
import { sheetDirectory } from "./sheet-directory";

export interface ProviderRun {
  entry: ProviderEntry;
  setup: ProviderSetup;
  /** Undefined when it is not configured. */
  client: Provider | undefined;
}

export class Providers {
  constructor(readonly all: readonly ProviderRun[]) {}

  /** The provider a Provider cell or a record names (whatever its case). */
  get(name: string): ProviderRun | undefined {
    const entry = providerNamed(name);
    return entry && this.all.find((run) => run.entry === entry);
  }

  client(name: string): Provider | undefined {
    return this.get(name)?.client;
  }

  /** The configured ones. */
  configured(): (ProviderRun & { client: Provider })[] {
    return this.all.filter((run): run is ProviderRun & { client: Provider } => !!run.client);
  }
}

/** What a provider's client may use, wired to this execution's ports. */
export function openProviderDeps(ctx: AppContext, entry: ProviderEntry): ProviderDeps {
  return {
    http: ctx.http,
    clock: ctx.clock,
    crypto: ctx.crypto,
    directory: (sheetName, headers) => sheetDirectory(ctx, sheetName, headers),
    state: (key) => ({
      load: () => ctx.store.get(key) ?? "",
      save: (value) => ctx.store.set(key, value),
    }),
    callbackUrl: callbackUrl(ctx, entry.callbackParam),
  };
}

export function openProviders(ctx: AppContext, config: AppConfig): Providers {
  return new Providers(
    PROVIDERS.map((entry) => {
      const setup = config.providers.get(entry.name) ?? entry.setup(ctx.store);
      const client = setup.configured ? setup.open(openProviderDeps(ctx, entry)) : undefined;
      return { entry, setup, client };
    }),
  );
}
