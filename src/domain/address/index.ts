/** Address validation by family: the one entry point the rest of the add-on uses. */
import { validateAlgorand } from "./algorand";
import { validateBitcoin } from "./bitcoin";
import { validateBitcoinCash } from "./bitcoin-cash";
import { validateCardano } from "./cardano";
import { validateCosmos } from "./cosmos";
import { validateDogecoin } from "./dogecoin";
import { validateEos } from "./eos";
import { validateEvm } from "./evm";
import { validateLitecoin } from "./litecoin";
import { validateMoveAccount } from "./move";
import { validateNear } from "./near";
import { validatePolkadot } from "./polkadot";
import { type AddressCheck, type AddressOptions, VALID, invalid } from "./result";
import { validateSolana } from "./solana";
import { validateStellar } from "./stellar";
import { validateTon } from "./ton";
import { validateTron } from "./tron";
import { validateXrp } from "./xrp";

export type { AddressCheck, AddressOptions } from "./result";

/** Families whose addresses are checked, checksum included where the format has one. */
export const CHECKED_FAMILIES = [
  "evm",
  "tron",
  "bitcoin",
  "litecoin",
  "dogecoin",
  "bitcoin_cash",
  "solana",
  "xrp",
  "ton",
  "stellar",
  "cosmos",
  "algorand",
  "polkadot",
  "near",
  "aptos",
  "sui",
  "cardano",
  "eos",
] as const;

export type CheckedFamily = (typeof CHECKED_FAMILIES)[number];
/** `unknown`: a network whose address format is not checked here. */
export type AddressFamily = CheckedFamily | "unknown";

/** Human names for messages such as "this is a Tron address". */
export const FAMILY_TITLES: Record<AddressFamily, string> = {
  evm: "EVM (Ethereum-style)",
  tron: "Tron",
  bitcoin: "Bitcoin",
  litecoin: "Litecoin",
  dogecoin: "Dogecoin",
  bitcoin_cash: "Bitcoin Cash",
  solana: "Solana",
  xrp: "XRP Ledger",
  ton: "TON",
  stellar: "Stellar",
  cosmos: "Cosmos",
  algorand: "Algorand",
  polkadot: "Polkadot",
  near: "NEAR",
  aptos: "Aptos",
  sui: "Sui",
  cardano: "Cardano",
  eos: "EOS",
  unknown: "unknown",
};

const VALIDATORS: Record<CheckedFamily, (address: string, testnet: boolean) => AddressCheck> = {
  evm: validateEvm,
  tron: validateTron,
  bitcoin: validateBitcoin,
  litecoin: validateLitecoin,
  dogecoin: validateDogecoin,
  bitcoin_cash: validateBitcoinCash,
  solana: validateSolana,
  xrp: validateXrp,
  ton: validateTon,
  stellar: validateStellar,
  cosmos: (address) => validateCosmos(address, "cosmos"),
  algorand: validateAlgorand,
  polkadot: validatePolkadot,
  near: validateNear,
  aptos: validateMoveAccount,
  sui: validateMoveAccount,
  cardano: validateCardano,
  eos: validateEos,
};

/**
 * Checks `address` for `family`. The address is taken as given: the caller trims the cell.
 * For `unknown` only the obvious is refused (empty, spaces, control characters), since the
 * format cannot be checked. A refusal's reason reads after the field name: `Address ${reason}`.
 */
export function validateAddress(
  family: AddressFamily,
  address: string,
  options: AddressOptions,
): AddressCheck {
  if (address === "") return invalid("is empty");
  if (/[\s\p{Cc}\p{Cf}]/u.test(address)) {
    return invalid("contains spaces or invisible characters: copy it again");
  }
  if (family === "unknown") return VALID;
  return VALIDATORS[family](address, options.testnet);
}

/**
 * Every checked family `address` is valid for, so a message can say "this looks like a Tron
 * address" when it does not fit the chosen network. Aptos and Sui share one format, and legacy
 * Bitcoin addresses are also legacy Bitcoin Cash addresses: all such families are listed.
 */
export function detectAddressFamilies(address: string, options: AddressOptions): CheckedFamily[] {
  return CHECKED_FAMILIES.filter((family) => validateAddress(family, address, options).ok);
}

/** The family's human name, e.g. familyTitle("tron") is "Tron". */
export function familyTitle(family: AddressFamily): string {
  return FAMILY_TITLES[family];
}
