/** Cosmos SDK chains: bech32 with the chain's prefix over a 20-byte (or 32-byte) account hash. */
import { bech32 } from "@scure/base";
import { type AddressCheck, VALID, invalid } from "./result";

export function validateCosmos(address: string, hrp: string): AddressCheck {
  if (!address.toLowerCase().startsWith(`${hrp}1`)) return invalid(`must start with ${hrp}1`);
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) {
    return invalid("mixes upper and lower case");
  }
  const decoded = bech32.decodeUnsafe(address.toLowerCase(), 90);
  if (!decoded || decoded.prefix !== hrp) {
    return invalid("has a wrong checksum or invalid characters: copy it again");
  }
  const bytes = bech32.fromWordsUnsafe(decoded.words);
  // 20 bytes: ordinary accounts; 32 bytes: module and interchain accounts.
  if (!bytes || (bytes.length !== 20 && bytes.length !== 32)) {
    return invalid("does not hold a 20- or 32-byte account");
  }
  return VALID;
}
