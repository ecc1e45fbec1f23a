/** XRP Ledger classic addresses: Base58Check in the Ripple alphabet, version 0x00, start with r. */
import { base58xrp } from "@scure/base";
import { decodeBase58Check } from "./checksums";
import { type AddressCheck, VALID, invalid } from "./result";

export function validateXrp(address: string): AddressCheck {
  if (/^[XT]/.test(address) && address.length === 47 && decodeBase58Check(base58xrp, address)) {
    return invalid("is an X-address: use the classic r-address and put the tag in Memo");
  }
  if (!address.startsWith("r")) return invalid("must start with r");
  if (address.length < 25 || address.length > 35) {
    return invalid(`must be 25 to 35 characters long, not ${address.length}`);
  }
  const payload = decodeBase58Check(base58xrp, address);
  if (!payload) return invalid("has a wrong checksum or invalid characters: copy it again");
  if (payload.length !== 21 || payload[0] !== 0x00) return invalid("is not an XRP account address");
  return VALID;
}
