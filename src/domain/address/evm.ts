/** Ethereum-style addresses (all EVM chains): 0x + 40 hex, with the EIP-55 mixed-case checksum. */
import { keccak_256 } from "@noble/hashes/sha3";
import { utf8Bytes } from "../utf8";
import { type AddressCheck, VALID, invalid } from "./result";

/** The EIP-55 checksummed form of a 40-hex-digit address body (without 0x). */
export function eip55(hexBody: string): string {
  const lower = hexBody.toLowerCase();
  const hash = keccak_256(utf8Bytes(lower));
  let out = "";
  for (const [i, digit] of [...lower].entries()) {
    // The hash has a nibble for each of 64 digits; a longer body keeps its later digits as they are.
    const nibble = ((hash[i >> 1] ?? 0) >> (i % 2 === 0 ? 4 : 0)) & 0x0f;
    out += nibble >= 8 ? digit.toUpperCase() : digit;
  }
  return out;
}

export function validateEvm(address: string): AddressCheck {
  if (!address.startsWith("0x")) return invalid("must start with 0x");
  const body = address.slice(2);
  if (body.length !== 40)
    return invalid(`must be 0x followed by 40 hex digits, not ${body.length}`);
  if (!/^[0-9a-fA-F]{40}$/.test(body)) return invalid("contains characters that are not hex");
  // All-lower and all-upper carry no checksum; mixed case must match EIP-55 exactly.
  if (body === body.toLowerCase() || body === body.toUpperCase()) return VALID;
  if (eip55(body) !== body) {
    return invalid("has a wrong checksum (the upper/lower case of its letters): copy it again");
  }
  return VALID;
}
