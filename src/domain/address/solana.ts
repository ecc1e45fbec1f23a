/** Solana addresses: a 32-byte public key in Base58 (no checksum exists to check). */
import { base58 } from "@scure/base";
import { tryDecode } from "./checksums";
import { type AddressCheck, VALID, invalid } from "./result";

export function validateSolana(address: string): AddressCheck {
  if (address.length < 32 || address.length > 44) {
    return invalid(`must be 32 to 44 characters long, not ${address.length}`);
  }
  const bytes = tryDecode(base58, address);
  if (!bytes) return invalid("contains characters outside Base58 (0, O, I and l are never used)");
  if (bytes.length !== 32) return invalid("does not decode to a 32-byte Solana public key");
  return VALID;
}
