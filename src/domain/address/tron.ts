/** Tron addresses: Base58Check, version byte 0x41, 25 bytes, starting with T. */
import { base58 } from "@scure/base";
import { decodeBase58Check } from "./checksums";
import { type AddressCheck, VALID, invalid } from "./result";

const TRON_VERSION = 0x41;

export function validateTron(address: string): AddressCheck {
  if (!address.startsWith("T")) return invalid("must start with T");
  if (address.length !== 34) return invalid(`must be 34 characters long, not ${address.length}`);
  const payload = decodeBase58Check(base58, address);
  if (!payload) return invalid("has a wrong checksum or characters outside Base58: copy it again");
  if (payload.length !== 21 || payload[0] !== TRON_VERSION) return invalid("is not a Tron address");
  return VALID;
}
