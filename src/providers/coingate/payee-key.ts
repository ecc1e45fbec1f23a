import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex } from "@noble/hashes/utils";
import type { PayoutInstruction } from "../../domain/payout";

/**
 * The PayeeDirectory key of a payout's destination: sha256 hex of every field that goes into the
 * beneficiary and its payout setting, so any change to them means a different payee.
 */
export function payeeKey(payout: PayoutInstruction): string {
  const fields = [
    payout.recipientType,
    payout.recipient,
    payout.email,
    payout.country,
    payout.companyCode,
    payout.currency,
    payout.network,
    payout.address,
    payout.memo,
  ].map((value) => value ?? "");
  return bytesToHex(sha256(utf8Bytes(JSON.stringify(fields))));
}

/** UTF-8 bytes of `text`; noble's utf8ToBytes needs TextEncoder, which Apps Script lacks. */
function utf8Bytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000)
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      );
  }
  return Uint8Array.from(bytes);
}
