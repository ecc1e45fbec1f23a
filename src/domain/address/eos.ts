/** EOS account names: up to 12 characters from a-z, 1-5 and dots, not ending with a dot. */
import { type AddressCheck, VALID, invalid } from "./result";

export function validateEos(address: string): AddressCheck {
  if (address.length === 0 || address.length > 12) return invalid("must be 1 to 12 characters");
  if (!/^[a-z1-5.]+$/.test(address)) {
    return invalid("may use only a-z, 1-5 and dots (lower case)");
  }
  if (address.endsWith(".")) return invalid("must not end with a dot");
  return VALID;
}
