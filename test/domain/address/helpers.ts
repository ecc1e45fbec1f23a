/** Shared helpers for the address tests: encoders written independently of the validators. */
import { sha256 } from "@noble/hashes/sha256";
import { createBase58check } from "@scure/base";
import fc from "fast-check";
import { type AddressFamily, validateAddress } from "../../../src/domain/address";

export const base58check = createBase58check(sha256);

export function bytes(length: number): fc.Arbitrary<Uint8Array> {
  return fc.uint8Array({ minLength: length, maxLength: length });
}

export function withVersion(version: number | number[], body: Uint8Array): Uint8Array {
  const prefix = Array.isArray(version) ? version : [version];
  return Uint8Array.from([...prefix, ...body]);
}

export function ok(family: AddressFamily, address: string, testnet = false): boolean {
  return validateAddress(family, address, { testnet }).ok;
}

export function reason(family: AddressFamily, address: string, testnet = false): string {
  const result = validateAddress(family, address, { testnet });
  return result.ok ? "(valid)" : result.reason;
}

/** Replaces the character at `index` with another one from `alphabet`. */
export function substitute(
  address: string,
  index: number,
  alphabet: string,
  shift: number,
): string {
  const at = index % address.length;
  const current = alphabet.indexOf(address[at]);
  const next = alphabet[(current + 1 + (shift % (alphabet.length - 1))) % alphabet.length];
  return address.slice(0, at) + next + address.slice(at + 1);
}

export const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
export const BASE58_XRP = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz";
export const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
export const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
