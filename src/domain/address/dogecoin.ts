/** Dogecoin: Base58Check only (no segwit addresses exist). */
import { type Base58Versions, validateBase58Versions } from "./legacy-base58";
import type { AddressCheck } from "./result";

const DOGECOIN_VERSIONS: Base58Versions = {
  coin: "Dogecoin",
  mainnet: [0x1e, 0x16],
  testnet: [0x71, 0xc4],
};

export function validateDogecoin(address: string, testnet: boolean): AddressCheck {
  return validateBase58Versions(address, DOGECOIN_VERSIONS, testnet);
}
