/** Aptos and Sui account addresses: 0x + 64 hex digits (no checksum exists to check). */
import { type AddressCheck, VALID, invalid } from "./result";

export function validateMoveAccount(address: string): AddressCheck {
  if (!address.startsWith("0x")) return invalid("must start with 0x");
  if (!/^0x[0-9a-fA-F]{64}$/.test(address)) {
    return invalid("must be 0x followed by 64 hex digits (write short forms out in full)");
  }
  return VALID;
}
