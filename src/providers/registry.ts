/**
 * Every payout provider the add-on pays through. Adding one is its folder (an entry: see
 * entry.ts) and one line here; nothing outside providers/ names a provider.
 */
import { coinGate } from "./coingate/entry";
import type { ProviderEntry } from "./entry";
import { gatePay } from "./gatepay/entry";

export const PROVIDERS: readonly ProviderEntry[] = [
  coinGate,
  gatePay,
  // New providers: one line each, above this comment.
];

/** The entry the Provider column (or a callback's ?provider=) names, whatever its case. */
export function providerNamed(text: string): ProviderEntry | undefined {
  const wanted = text.trim().toLowerCase();
  return PROVIDERS.find(
    (entry) => entry.name.toLowerCase() === wanted || entry.callbackParam === wanted,
  );
}
