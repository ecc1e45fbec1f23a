/**
 * Cardano: Shelley addresses (bech32 `addr1...`, longer than bech32's usual 90-character limit)
 * and Byron-era addresses (Base58 CBOR with a CRC-32).
 */
import { base58, bech32 } from "@scure/base";
import { crc32, tryDecode } from "./checksums";
import { type AddressCheck, VALID, invalid } from "./result";

/** Long enough for any Shelley payment address, pointer addresses included. */
const MAX_LENGTH = 256;
/** Payload length by header type: base (0-3), pointer (4-5, at least), enterprise (6-7). */
const MIN_PAYLOAD = [57, 57, 57, 57, 30, 30, 29, 29];

function validateShelley(address: string, testnet: boolean): AddressCheck {
  const hrp = testnet ? "addr_test" : "addr";
  if (!address.startsWith(`${hrp}1`)) return invalid(`must start with ${hrp}1`);
  const decoded = bech32.decodeUnsafe(address, MAX_LENGTH);
  if (!decoded || decoded.prefix !== hrp) {
    return invalid("has a wrong checksum or invalid characters: copy it again");
  }
  const bytes = bech32.fromWordsUnsafe(decoded.words);
  const [header] = bytes ?? [];
  if (!bytes || header === undefined) return invalid("has invalid padding");
  const type = header >> 4;
  const network = header & 0x0f;
  // Types 0 to 7 are payment addresses.
  const minPayload = MIN_PAYLOAD[type];
  if (minPayload === undefined) return invalid("is not a payment address");
  if (network !== (testnet ? 0 : 1)) {
    return invalid(`is a ${network === 1 ? "main" : "test"} network address`);
  }
  const pointer = type === 4 || type === 5;
  const ok = pointer ? bytes.length >= minPayload : bytes.length === minPayload;
  return ok ? VALID : invalid("has the wrong length for its address type");
}

/** Reads a CBOR unsigned-int/length argument; returns [value, next offset] or null. */
function cborArgument(bytes: Uint8Array, at: number, majorType: number): [number, number] | null {
  const initial = bytes[at];
  if (initial === undefined || initial >> 5 !== majorType) return null;
  const info = initial & 0x1f;
  if (info < 24) return [info, at + 1];
  const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : 0;
  if (size === 0 || at + 1 + size > bytes.length) return null;
  let value = 0;
  for (const byte of bytes.subarray(at + 1, at + 1 + size)) value = value * 256 + byte;
  return [value, at + 1 + size];
}

/** Byron: CBOR [tag 24 (bytes payload), uint crc32(payload)]. */
function validateByron(address: string): AddressCheck {
  const bytes = tryDecode(base58, address);
  if (!bytes || bytes[0] !== 0x82 || bytes[1] !== 0xd8 || bytes[2] !== 0x18) {
    return invalid("is not a Cardano address");
  }
  const length = cborArgument(bytes, 3, 2);
  if (!length) return invalid("is not a Cardano address");
  const [size, start] = length;
  const payload = bytes.subarray(start, start + size);
  const crc = cborArgument(bytes, start + size, 0);
  if (payload.length !== size || !crc || crc[1] !== bytes.length) {
    return invalid("is not a Cardano address");
  }
  return crc32(payload) === crc[0] ? VALID : invalid("has a wrong checksum: copy it again");
}

export function validateCardano(address: string, testnet: boolean): AddressCheck {
  if (address.startsWith("addr")) return validateShelley(address, testnet);
  if (address.startsWith("stake")) return invalid("is a stake address, not a payment address");
  return validateByron(address);
}
