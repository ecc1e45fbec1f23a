/** Base58Check addresses identified by their version byte (Bitcoin and its forks). */
import { base58 } from "@scure/base";
import { decodeBase58Check } from "./checksums";
import { type AddressCheck, VALID, invalid } from "./result";

/** Version bytes of one coin's legacy addresses, on the main and the test network. */
export interface Base58Versions {
  coin: string;
  mainnet: readonly number[];
  testnet: readonly number[];
}

export function validateBase58Versions(
  address: string,
  versions: Base58Versions,
  testnet: boolean,
): AddressCheck {
  if (address.length < 26 || address.length > 35) {
    return invalid(`must be 26 to 35 characters long, not ${address.length}`);
  }
  const payload = decodeBase58Check(base58, address);
  if (!payload) return invalid("has a wrong checksum or characters outside Base58: copy it again");
  const [version] = payload;
  if (payload.length !== 21 || version === undefined)
    return invalid(`is not a ${versions.coin} address`);
  const allowed = testnet ? versions.testnet : versions.mainnet;
  if (!allowed.includes(version)) {
    const other = testnet ? versions.mainnet : versions.testnet;
    if (other.includes(version)) {
      return invalid(`is a ${versions.coin} ${testnet ? "main network" : "test network"} address`);
    }
    return invalid(`is not a ${versions.coin} address`);
  }
  return VALID;
}
