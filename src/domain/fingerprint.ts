/** A short, stable digest of a row's inputs, to notice edits made after submission. */
import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex } from "@noble/hashes/utils";
import { utf8Bytes } from "./utf8";

export function fingerprint(parts: string[]): string {
  return bytesToHex(sha256(utf8Bytes(JSON.stringify(parts)))).slice(0, 20);
}
