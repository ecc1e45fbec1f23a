/**
 * TON addresses: raw `workchain:64 hex`, or the user-friendly 48-character base64/base64url
 * form: flags, workchain, 32-byte hash, CRC16-XMODEM of those 34 bytes.
 */
import { base64, base64url } from "@scure/base";
import { crc16Xmodem, tryDecode } from "./checksums";
import { type AddressCheck, VALID, invalid } from "./result";

const BOUNCEABLE = 0x11;
const NON_BOUNCEABLE = 0x51;
const TEST_ONLY = 0x80;

function validateRaw(address: string): AddressCheck {
  if (!/^(0|-1):[0-9a-fA-F]{64}$/.test(address)) {
    return invalid("must be 0: or -1: followed by 64 hex digits");
  }
  return VALID;
}

function validateFriendly(address: string, testnet: boolean): AddressCheck {
  if (address.length !== 48) return invalid(`must be 48 characters long, not ${address.length}`);
  const bytes = /[-_]/.test(address) ? tryDecode(base64url, address) : tryDecode(base64, address);
  const [flags] = bytes ?? [];
  if (!bytes || bytes.length !== 36 || flags === undefined) return invalid("is not valid base64");
  const crc = crc16Xmodem(bytes.subarray(0, 34));
  if (bytes[34] !== crc >> 8 || bytes[35] !== (crc & 0xff)) {
    return invalid("has a wrong checksum: copy it again");
  }
  const tag = flags & ~TEST_ONLY;
  if (tag !== BOUNCEABLE && tag !== NON_BOUNCEABLE) return invalid("has unknown address flags");
  if (flags & TEST_ONLY && !testnet) return invalid("is a test network address");
  if (bytes[1] !== 0x00 && bytes[1] !== 0xff) return invalid("names an unknown workchain");
  return VALID;
}

export function validateTon(address: string, testnet: boolean): AddressCheck {
  return address.includes(":") ? validateRaw(address) : validateFriendly(address, testnet);
}
