/**
 * Stellar account IDs (G...): base32 of version byte 6<<3, a 32-byte key and a little-endian
 * CRC16-XMODEM, 56 characters.
 */
import { base32 } from "@scure/base";
import { crc16Xmodem, tryDecode } from "./checksums";
import { type AddressCheck, VALID, invalid } from "./result";

const ACCOUNT_VERSION = 6 << 3;

export function validateStellar(address: string): AddressCheck {
  if (address.startsWith("M") && address.length === 69) {
    return invalid("is a muxed M-address: use the G-address and put the ID in Memo");
  }
  if (!address.startsWith("G")) return invalid("must start with G");
  if (address.length !== 56) return invalid(`must be 56 characters long, not ${address.length}`);
  const bytes = tryDecode(base32, address);
  if (!bytes || bytes.length !== 35)
    return invalid("contains characters outside base32 (A-Z, 2-7)");
  if (bytes[0] !== ACCOUNT_VERSION) return invalid("is not a Stellar account ID");
  const crc = crc16Xmodem(bytes.subarray(0, 33));
  if (bytes[33] !== (crc & 0xff) || bytes[34] !== crc >> 8) {
    return invalid("has a wrong checksum: copy it again");
  }
  return VALID;
}
