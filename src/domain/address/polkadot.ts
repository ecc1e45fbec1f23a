/**
 * Polkadot SS58 addresses: network prefix, 32-byte account, 2 checksum bytes from
 * blake2b-512("SS58PRE" || prefix || account).
 */
import { blake2b } from "@noble/hashes/blake2b";
import { base58 } from "@scure/base";
import { utf8Bytes } from "../utf8";
import { equalBytes, tryDecode } from "./checksums";
import { type AddressCheck, VALID, invalid } from "./result";

const POLKADOT_PREFIX = 0;
/** The generic Substrate prefix, used by Westend and other test networks. */
const SUBSTRATE_PREFIX = 42;
const SS58PRE = utf8Bytes("SS58PRE");

export function ss58Checksum(prefixAndAccount: Uint8Array): Uint8Array {
  const input = new Uint8Array(SS58PRE.length + prefixAndAccount.length);
  input.set(SS58PRE);
  input.set(prefixAndAccount, SS58PRE.length);
  return blake2b(input, { dkLen: 64 }).subarray(0, 2);
}

export function validatePolkadot(address: string, testnet: boolean): AddressCheck {
  const bytes = tryDecode(base58, address);
  if (!bytes) return invalid("contains characters outside Base58");
  // One-byte prefixes only (0 to 63): a 32-byte account makes 35 bytes in all.
  const [prefix] = bytes;
  if (bytes.length !== 35 || prefix === undefined || prefix > 63)
    return invalid("is not a Polkadot account address");
  if (!equalBytes(ss58Checksum(bytes.subarray(0, 33)), bytes.subarray(33))) {
    return invalid("has a wrong checksum: copy it again");
  }
  const allowed = testnet ? [POLKADOT_PREFIX, SUBSTRATE_PREFIX] : [POLKADOT_PREFIX];
  if (!allowed.includes(prefix)) {
    return invalid(`is for another Substrate network (prefix ${prefix}), not Polkadot`);
  }
  return VALID;
}
