/** Algorand: 58 base32 characters of a 32-byte key + last 4 bytes of its SHA-512/256. */
import { sha512_256 } from "@noble/hashes/sha512";
import { base32nopad } from "@scure/base";
import { equalBytes, tryDecode } from "./checksums";
import { type AddressCheck, VALID, invalid } from "./result";

export function validateAlgorand(address: string): AddressCheck {
  if (address.length !== 58) return invalid(`must be 58 characters long, not ${address.length}`);
  const bytes = tryDecode(base32nopad, address);
  if (!bytes || bytes.length !== 36)
    return invalid("contains characters outside base32 (A-Z, 2-7)");
  const key = bytes.subarray(0, 32);
  if (!equalBytes(sha512_256(key).subarray(28), bytes.subarray(32))) {
    return invalid("has a wrong checksum: copy it again");
  }
  return VALID;
}
