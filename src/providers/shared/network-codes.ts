/** A provider's network codes, from a table by network key (domain/network-list.ts). */
import type { NetworkCodes } from "../../domain/networks";

export function codesFromTable(
  provider: string,
  table: Readonly<Record<string, readonly string[]>>,
  examples: string,
): NetworkCodes {
  return { provider, codes: (network) => table[network.key] ?? [], examples };
}
