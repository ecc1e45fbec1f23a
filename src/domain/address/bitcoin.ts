/** Bitcoin: legacy P2PKH/P2SH (Base58Check) and native segwit (bech32 / bech32m). */
import { type Base58Versions, validateBase58Versions } from "./legacy-base58";
import type { AddressCheck } from "./result";
import { hasSegwitPrefix, validateSegwit } from "./segwit";

export const BITCOIN_VERSIONS: Base58Versions = {
  coin: "Bitcoin",
  mainnet: [0x00, 0x05],
  testnet: [0x6f, 0xc4],
};

export function validateBitcoin(address: string, testnet: boolean): AddressCheck {
  const hrp = testnet ? "tb" : "bc";
  if (hasSegwitPrefix(address, hrp)) return validateSegwit(address, hrp);
  return validateBase58Versions(address, BITCOIN_VERSIONS, testnet);
}
