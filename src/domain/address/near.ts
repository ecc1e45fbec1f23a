/** NEAR accounts: 64-hex implicit accounts or named accounts under .near (.testnet on testnet). */
import { type AddressCheck, VALID, invalid } from "./result";

const PART = "[a-z0-9]+(?:[-_][a-z0-9]+)*";

export function validateNear(address: string, testnet: boolean): AddressCheck {
  if (/^[0-9a-f]{64}$/.test(address)) return VALID;
  const root = testnet ? "testnet" : "near";
  if (address.length < 2 || address.length > 64) {
    return invalid("must be 2 to 64 characters long");
  }
  if (address !== address.toLowerCase()) return invalid("must be lower case");
  const named = new RegExp(`^(?:${PART}\\.)+${root}$`);
  if (!named.test(address)) {
    return invalid(`must be a 64-hex implicit account or a name ending in .${root}`);
  }
  return VALID;
}
