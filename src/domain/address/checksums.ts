/** Byte helpers and checksums shared by several address families. */
import { sha256 } from "@noble/hashes/sha256";
import type { BytesCoder } from "@scure/base";

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Decodes with `coder`, or returns null when the text is not in its alphabet. */
export function tryDecode(coder: BytesCoder, text: string): Uint8Array | null {
  try {
    return coder.decode(text);
  } catch {
    return null;
  }
}

/**
 * Base58Check as Bitcoin, Tron and XRP use it: payload followed by the first 4 bytes of
 * sha256(sha256(payload)). Returns the payload (version byte included), or null.
 */
export function decodeBase58Check(coder: BytesCoder, text: string): Uint8Array | null {
  const bytes = tryDecode(coder, text);
  if (!bytes || bytes.length < 5) return null;
  const payload = bytes.subarray(0, bytes.length - 4);
  const checksum = sha256(sha256(payload)).subarray(0, 4);
  return equalBytes(checksum, bytes.subarray(bytes.length - 4)) ? payload : null;
}

/** CRC-16/XMODEM (poly 0x1021, init 0), used by TON and Stellar addresses. */
export function crc16Xmodem(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/** CRC-32 (IEEE, reflected), used by Cardano's Byron addresses. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
