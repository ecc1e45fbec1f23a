/** Seeded randomness for reproducible sandbox runs (mulberry32), and seeded UUIDs. */
import { createRequire } from "node:module";

export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct items picked from `items`, in their original order. */
export function pick<T>(items: readonly T[], count: number, random: Random): T[] {
  const indexed = items.map((item, index) => ({ item, index, key: random() }));
  return indexed
    .sort((a, b) => a.key - b.key)
    .slice(0, Math.max(0, Math.min(count, items.length)))
    .sort((a, b) => a.index - b.index)
    .map((entry) => entry.item);
}

function uuidFrom(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(random() * 4)];
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * Makes `crypto.randomUUID` (what the emulator's Utilities.getUuid calls) follow `seed` until
 * the returned function is called: Payout IDs, batch IDs and nonces repeat from run to run.
 */
export function seedUuids(seed: number): () => void {
  const nodeCrypto = createRequire(__filename)("node:crypto") as { randomUUID: () => string };
  const original = nodeCrypto.randomUUID;
  const random = seededRandom(seed ^ 0x5eed);
  nodeCrypto.randomUUID = () => uuidFrom(random);
  return () => {
    nodeCrypto.randomUUID = original;
  };
}
