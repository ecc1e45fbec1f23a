/** Random hex from Utilities.getUuid, the only random source Apps Script offers. */
import type { Crypto } from "../ports";

/**
 * 120 random bits as 30 hex digits: a v4 UUID's 32 digits less its version digit (index 12)
 * and its variant digit (index 16), which are not random.
 */
export function randomHex(crypto: Pick<Crypto, "uuid">): string {
  return crypto
    .uuid()
    .replace(/-/g, "")
    .split("")
    .filter((_, index) => index !== 12 && index !== 16)
    .join("");
}
