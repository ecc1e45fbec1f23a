/**
 * Configuration from Script Properties (CONTRACT section 6): the add-on's own settings, and each
 * provider's setup from the registry. Secrets are read here and handed to the provider clients;
 * they are never written to a cell, a log line or an error message.
 */
import * as z from "zod/mini";
import type { ProviderSetup } from "../providers/entry";
import { PROVIDERS } from "../providers/registry";
import type { Store } from "../ports";
import { KEYS } from "./keys";

export const AUTO_REFRESH_CHOICES = [1, 5, 10, 15, 30, 60] as const;

const schema = z.object({
  autoRefreshMinutes: z.catch(
    z.coerce
      .number()
      .check(z.refine((n) => (AUTO_REFRESH_CHOICES as readonly number[]).includes(n))),
    10,
  ),
  staleAfterHours: z.catch(z.coerce.number().check(z.minimum(1)), 72),
});

export interface AppConfig {
  /** Each provider's setup, by its name. */
  providers: ReadonlyMap<string, ProviderSetup>;
  autoRefreshMinutes: number;
  staleAfterHours: number;
  /** Settings whose value could not be used, so the default applies: key names only. */
  warnings: string[];
}

/** What each of the add-on's own settings accepts, for the warning when it cannot be used. */
const ACCEPTED: Record<keyof z.infer<typeof schema>, { key: string; accepted: string }> = {
  autoRefreshMinutes: {
    key: KEYS.autoRefreshMinutes,
    accepted: `one of ${AUTO_REFRESH_CHOICES.join(", ")}; 10 is used`,
  },
  staleAfterHours: {
    key: KEYS.staleAfterHours,
    accepted: "a number of hours of at least 1; 72 is used",
  },
};

export function readConfig(store: Store): AppConfig {
  const raw: Record<string, string> = {};
  for (const [name, { key }] of Object.entries(ACCEPTED)) {
    const value = store.get(key);
    if (value !== null && value.trim() !== "") raw[name] = value;
  }
  const parsed = schema.parse(raw);
  // A value the schema replaced by its default was not usable. The value itself is not
  // repeated: a secret pasted into the wrong key must not end up in a message.
  const warnings = Object.entries(ACCEPTED)
    .filter(([name]) => {
      const given = raw[name];
      return given !== undefined && Number(given.trim()) !== parsed[name as keyof typeof parsed];
    })
    .map(([, { key, accepted }]) => `${key} cannot be used: it must be ${accepted}.`);
  const providers = new Map(PROVIDERS.map((entry) => [entry.name, entry.setup(store)]));
  return {
    providers,
    autoRefreshMinutes: parsed.autoRefreshMinutes,
    staleAfterHours: parsed.staleAfterHours,
    warnings: [...[...providers.values()].flatMap((setup) => setup.warnings), ...warnings],
  };
}
