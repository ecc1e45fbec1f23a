/**
 * Native segwit addresses per BIP-173 (bech32, witness v0) and BIP-350 (bech32m, v1 to v16),
 * shared by Bitcoin and Litecoin.
 */
import { bech32, bech32m } from "@scure/base";
import { type AddressCheck, VALID, invalid } from "./result";

const MAX_LENGTH = 90;

/** Whether `address` starts with `hrp` + "1", in either case. */
export function hasSegwitPrefix(address: string, hrp: string): boolean {
  return address.toLowerCase().startsWith(`${hrp}1`);
}

export function validateSegwit(address: string, hrp: string): AddressCheck {
  if (address.length > MAX_LENGTH) return invalid(`is longer than ${MAX_LENGTH} characters`);
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) {
    return invalid("mixes upper and lower case");
  }
  const lower = address.toLowerCase();
  if (lower.lastIndexOf("1") !== hrp.length || !lower.startsWith(hrp)) {
    return invalid(`must start with ${hrp}1`);
  }
  const asBech32 = bech32.decodeUnsafe(lower, MAX_LENGTH);
  const asBech32m = bech32m.decodeUnsafe(lower, MAX_LENGTH);
  const decoded = asBech32 ?? asBech32m;
  if (!decoded) return invalid("has a wrong checksum or invalid characters: copy it again");
  const [version] = decoded.words;
  if (version === undefined) return invalid("has no data after the prefix");
  if (version > 16) return invalid(`has an unknown witness version (${version})`);
  // BIP-350: version 0 uses the bech32 checksum, every later version bech32m.
  if (version === 0 && !asBech32) return invalid("has a wrong checksum (bech32m on a v0 address)");
  if (version !== 0 && !asBech32m) {
    return invalid("has a wrong checksum (bech32 on a v1+ address)");
  }
  const program = bech32.fromWordsUnsafe(decoded.words.slice(1));
  if (!program) return invalid("has invalid padding: copy it again");
  if (program.length < 2 || program.length > 40) {
    return invalid(`has a witness program of ${program.length} bytes (2 to 40 allowed)`);
  }
  if (version === 0 && program.length !== 20 && program.length !== 32) {
    return invalid(`has a v0 witness program of ${program.length} bytes (20 or 32 allowed)`);
  }
  return VALID;
}
