/**
 * Keyed digests for what the add-on writes into cells any editor can change (its payout record,
 * the stored callbacks): without the key, kept in Script Properties, nobody can forge one.
 */
import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex } from "@noble/hashes/utils";
import { utf8Bytes } from "./utf8";

/** 128 bits of HMAC-SHA-256 as hex: plenty against forgery, half the cell text. */
export function macHex(key: string, message: string): string {
  return bytesToHex(hmac(sha256, utf8Bytes(key), utf8Bytes(message))).slice(0, 32);
}

/** A MAC function with the key prepared once (the journal checks thousands of entries a run). */
export function macWithKey(key: string): (message: string) => string {
  const prepared = hmac.create(sha256, utf8Bytes(key));
  return (message) => bytesToHex(prepared.clone().update(utf8Bytes(message)).digest()).slice(0, 32);
}

/** Equal-time comparison: the time taken does not tell how much matched. */
export function constantTimeEquals(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    // charCodeAt past the end is NaN, and NaN | 0 is 0: every position costs the same.
    difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return difference === 0;
}
