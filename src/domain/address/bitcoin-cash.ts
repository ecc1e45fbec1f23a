/**
 * Bitcoin Cash: CashAddr (`bitcoincash:q...`, prefix optional) with its 40-bit BCH checksum, or
 * the legacy Base58Check form it shares with Bitcoin.
 */
import { BITCOIN_VERSIONS } from "./bitcoin";
import { validateBase58Versions } from "./legacy-base58";
import { type AddressCheck, VALID, invalid } from "./result";

const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GENERATORS = [0x98f2bc8e61n, 0x79b76d99e2n, 0xf33e5fb3c4n, 0xae2eabe2a8n, 0x1e4f43e470n];
/** Hash sizes in bits by the 3 low bits of the version byte. */
const HASH_BITS = [160, 192, 224, 256, 320, 384, 448, 512];

function polymod(values: readonly number[]): bigint {
  let c = 1n;
  for (const d of values) {
    const c0 = c >> 35n;
    c = ((c & 0x07ffffffffn) << 5n) ^ BigInt(d);
    for (const [i, generator] of GENERATORS.entries()) if ((c0 >> BigInt(i)) & 1n) c ^= generator;
  }
  return c ^ 1n;
}

/** Regroups 5-bit values into bytes; null when the padding is not zero bits. */
function fiveToEight(values: readonly number[]): number[] | null {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  for (const v of values) {
    acc = (acc << 5) | v;
    bits += 5;
    while (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
  }
  return bits >= 5 || acc !== 0 ? null : out;
}

function validateCashAddr(address: string, testnet: boolean): AddressCheck {
  const expectedPrefix = testnet ? "bchtest" : "bitcoincash";
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) {
    return invalid("mixes upper and lower case");
  }
  const lower = address.toLowerCase();
  const colon = lower.indexOf(":");
  const prefix = colon < 0 ? expectedPrefix : lower.slice(0, colon);
  const payload = colon < 0 ? lower : lower.slice(colon + 1);
  if (prefix !== expectedPrefix) return invalid(`must start with ${expectedPrefix}:`);
  const values: number[] = [];
  for (const ch of payload) {
    const v = CHARSET.indexOf(ch);
    if (v < 0) return invalid(`contains a character not used in CashAddr ("${ch}")`);
    values.push(v);
  }
  if (values.length < 9) return invalid("is too short");
  const prefixValues = Array.from(prefix, (ch) => ch.charCodeAt(0) & 0x1f);
  if (polymod([...prefixValues, 0, ...values]) !== 0n) {
    return invalid("has a wrong checksum: copy it again");
  }
  const bytes = fiveToEight(values.slice(0, -8));
  const [version] = bytes ?? [];
  if (!bytes || version === undefined) return invalid("has invalid padding");
  const type = (version >> 3) & 0x0f;
  if (version & 0x80 || type > 1) return invalid("is not a payment address (unknown type)");
  const hashBits = HASH_BITS[version & 0x07];
  if (hashBits === undefined || bytes.length - 1 !== hashBits / 8) {
    return invalid("has a hash of the wrong length for its version");
  }
  return VALID;
}

export function validateBitcoinCash(address: string, testnet: boolean): AddressCheck {
  const lower = address.toLowerCase();
  const looksCashAddr = lower.includes(":") || /^[qp][02-9ac-hj-np-z]{41}$/.test(lower);
  if (looksCashAddr) return validateCashAddr(address, testnet);
  const legacy = validateBase58Versions(address, BITCOIN_VERSIONS, testnet);
  return legacy.ok ? legacy : invalid("is neither a CashAddr nor a legacy Bitcoin Cash address");
}
