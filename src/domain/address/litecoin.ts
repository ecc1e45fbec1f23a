/** Litecoin: legacy L/M/3 (Base58Check) and native segwit ltc1 (bech32 / bech32m). */
import { type Base58Versions, validateBase58Versions } from "./legacy-base58";
import type { AddressCheck } from "./result";
import { hasSegwitPrefix, validateSegwit } from "./segwit";

const LITECOIN_VERSIONS: Base58Versions = {
  coin: "Litecoin",
  // 0x05 is the old P2SH "3" form, still accepted by most wallets.
  mainnet: [0x30, 0x32, 0x05],
  testnet: [0x6f, 0x3a, 0xc4],
};

export function validateLitecoin(address: string, testnet: boolean): AddressCheck {
  const hrp = testnet ? "tltc" : "ltc";
  if (hasSegwitPrefix(address, hrp)) return validateSegwit(address, hrp);
  return validateBase58Versions(address, LITECOIN_VERSIONS, testnet);
}
