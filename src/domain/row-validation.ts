/**
 * One Payouts row checked against every rule, with every reason collected (not only the first).
 * Pure: the caller supplies the providers (from providers/registry.ts): their network codes,
 * required columns, offers (live catalogue or built-in) and their own checks.
 */
import { validateAddress, detectAddressFamilies, familyTitle } from "./address";
import type { CatalogOffer } from "./builtin-catalog";
import type { InputKey } from "./columns";
import { INPUT_COLUMNS } from "./columns";
import { checkMemo } from "./memo";
import { allowedDecimals } from "./currency-precision";
import { compareAmounts, decimalPlaces, readAmountCell, type Amount } from "./money";
import { resolveNetwork, type NetworkCodes, type NetworkInfo } from "./networks";
import type { PayoutInstruction } from "./payout";
import { startsLikeFormula } from "./text";

export interface RowCell {
  raw: unknown;
  /** Display text, trimmed. */
  text: string;
  formula: string;
}

export type RowCells = Record<InputKey, RowCell>;

/** What a provider offers for one currency on one network (live or built-in). */
export type OfferInfo = CatalogOffer;

/** The row as the shared checks read it, for a provider's own checks. */
export interface CheckedRow {
  /** Upper case. */
  currency: string;
  /** Upper case; "" when empty. */
  amountCurrency: string;
}

/** The instruction fields a provider's own checks fill in. */
export type ProviderFields = Partial<
  Pick<
    PayoutInstruction,
    "recipientType" | "email" | "country" | "companyCode" | "amountCurrency" | "feeMode" | "purpose"
  >
>;

export interface ProviderCheck {
  errors: string[];
  notes: string[];
  fields: ProviderFields;
}

/** What the row rules need of the row's provider (providers/ supply it, per run). */
export interface RowProvider {
  /** As the Provider column names it (matched without regard to case). */
  name: string;
  networks: NetworkCodes;
  /** Inputs a row for it needs. */
  required: readonly InputKey[];
  /** Whether its addresses are testnet ones under the current settings. */
  testnet: boolean;
  /** Its offers (live or built-in), or undefined when unknown (nothing to check against). */
  offers?: readonly OfferInfo[];
  /** Its own checks, after the shared ones. */
  check(cells: RowCells, row: CheckedRow): ProviderCheck;
}

export interface ValidationRules {
  providers: readonly RowProvider[];
}

export interface RowVerdict {
  errors: string[];
  /** Worth a look, but no reason to block (kept in Error with the status VALID). */
  notes: string[];
  instruction?: Omit<PayoutInstruction, "payoutId">;
}

export const CURRENCY_PATTERN = /^[A-Z0-9]{2,12}$/;
/** Control and format characters (Unicode Cc, Cf): zero-width spaces, bidi marks, BOM... */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

function hasWhitespace(text: string): boolean {
  return /\s/u.test(text);
}

export function label(key: InputKey): string {
  return INPUT_COLUMNS[key];
}

/** The provider the Provider cell names, whatever its letter case. */
export function findProvider<P extends { name: string }>(
  providers: readonly P[],
  text: string,
): P | undefined {
  const wanted = text.trim().toLowerCase();
  return providers.find((provider) => provider.name.toLowerCase() === wanted);
}

export function validateRow(cells: RowCells, rules: ValidationRules): RowVerdict {
  const errors: string[] = [];
  const notes: string[] = [];

  // Text Sheets would run as a formula is refused in every input cell.
  for (const key of Object.keys(cells) as InputKey[]) {
    const cell = cells[key];
    if (cell.formula) errors.push(`${label(key)} is a formula; type the value itself.`);
    else if (key !== "amount" && startsLikeFormula(cell.text))
      errors.push(
        `${label(key)} starts with "${cell.text[0]}", which Sheets would run as a formula.`,
      );
  }

  const rowProvider = findProvider(rules.providers, cells.provider.text);
  const choices = rules.providers.map((p) => p.name).join(" or ");
  if (!cells.provider.text) errors.push(`Provider is empty: choose ${choices}.`);
  else if (!rowProvider)
    errors.push(`Provider "${cells.provider.text}" is unknown: choose ${choices}.`);
  if (!rowProvider) return { errors, notes };
  const provider = rowProvider.name;

  for (const key of rowProvider.required) {
    if (!cells[key].text && !cells[key].formula)
      errors.push(`${label(key)} is required for ${provider}.`);
  }

  const currency = cells.currency.text.toUpperCase();
  if (currency && !CURRENCY_PATTERN.test(currency))
    errors.push(`Currency "${cells.currency.text}" is not a currency code such as USDT or BTC.`);

  const offers = rowProvider.offers;
  let network: NetworkInfo | undefined;
  let networkCode = "";
  if (cells.network.text) {
    // The provider's live codes win over the built-in table's (they differ per environment).
    const offered = offers ? [...new Set(offers.map((o) => o.network))] : undefined;
    const resolved = resolveNetwork(rowProvider.networks, cells.network.text, offered);
    if (resolved.ok) {
      network = resolved.network;
      networkCode = resolved.providerCode;
    } else errors.push(resolved.reason);
  }

  const offer =
    currency && networkCode
      ? offers?.find((o) => o.currency.toUpperCase() === currency && o.network === networkCode)
      : undefined;
  if (offers && currency && networkCode) {
    if (!offer) {
      const elsewhere = offers
        .filter((o) => o.currency.toUpperCase() === currency && o.enabled)
        .map((o) => o.network);
      errors.push(
        elsewhere.length > 0
          ? `${provider} does not pay ${currency} on ${networkCode}; it does on ${elsewhere.join(", ")}.`
          : `${provider} does not pay out ${currency}.`,
      );
    } else if (!offer.enabled) {
      errors.push(`${provider} has ${currency} payouts on ${networkCode} disabled right now.`);
    }
  }

  const address = cells.address.text;
  for (const key of ["address", "memo"] as const) {
    // Zero-width spaces, direction marks, byte-order marks: invisible in the sheet, real on the
    // wire. The raw cell is checked too: trimming the display text hides some of them.
    if (INVISIBLE.test(cells[key].text) || INVISIBLE.test(String(cells[key].raw ?? "")))
      errors.push(
        `${label(key)} contains invisible or control characters (zero-width spaces, direction marks and the like): type it again.`,
      );
  }
  if (hasWhitespace(address)) errors.push("Address contains spaces: type it again without them.");
  if (address && network) {
    const testnet = rowProvider.testnet;
    if (network.family === "unknown") {
      // A network the provider lists but the add-on does not know: its addresses cannot be
      // checked, so it is refused rather than paid on trust.
      errors.push(
        `${provider} lists network ${network.title}, but the add-on does not know its address format and cannot check the address: use a network the add-on knows, or ask for ${network.title} to be added.`,
      );
    } else if (!INVISIBLE.test(address) && !hasWhitespace(address)) {
      const check = validateAddress(network.family, address, { testnet });
      if (!check.ok) {
        const others = detectAddressFamilies(address, { testnet }).filter(
          (f) => f !== network.family,
        );
        const otherNet = validateAddress(network.family, address, { testnet: !testnet }).ok;
        errors.push(
          otherNet
            ? `Address is a ${network.title} ${testnet ? "mainnet" : "testnet"} address, but ${provider} ${testnet ? "runs in its sandbox here, which pays to testnet addresses" : "pays to mainnet addresses"}.`
            : others.length > 0
              ? `Address is not a valid ${network.title} address: this is a ${others.map(familyTitle).join(" or ")} address.`
              : `Address is not a valid ${network.title} address: ${check.reason}`,
        );
      }
    }
  }

  const memo = cells.memo.text;
  if (network) {
    const memoCheck = checkMemo(network, memo);
    if (!memoCheck.ok) errors.push(memoCheck.reason);
  }

  const amountCurrency = cells.amountCurrency.text.toUpperCase();
  let amount: Amount | undefined;
  if (cells.amount.text || cells.amount.raw !== "") {
    const read = readAmountCell(cells.amount.raw, cells.amount.text);
    if (!read.ok) errors.push(`Amount ${read.reason}`);
    else {
      amount = read.value;
      // Precision and limits apply when the amount is in the paid currency itself; an amount in
      // another currency (CoinGate's Amount currency) takes that currency's decimals.
      if (amountCurrency && amountCurrency !== currency && CURRENCY_PATTERN.test(amountCurrency)) {
        const places = allowedDecimals(amountCurrency, offers);
        if (decimalPlaces(amount) > places)
          errors.push(
            `Amount has ${decimalPlaces(amount)} decimals; amounts in ${amountCurrency} take at most ${places} decimals.`,
          );
      }
      if (offer && (!amountCurrency || amountCurrency === currency)) {
        if (offer.decimals !== undefined && decimalPlaces(amount) > offer.decimals)
          errors.push(
            `Amount has ${decimalPlaces(amount)} decimals; ${currency} on ${networkCode} allows ${offer.decimals}.`,
          );
        if (offer.min && compareAmounts(amount, offer.min) < 0)
          errors.push(`Amount is below ${provider}'s minimum of ${offer.min} ${currency}.`);
        if (offer.max && compareAmounts(amount, offer.max) > 0)
          errors.push(
            `Amount is above ${provider}'s maximum of ${offer.max} ${currency} per payout.`,
          );
      }
    }
  }

  const own = rowProvider.check(cells, { currency, amountCurrency });
  errors.push(...own.errors);
  notes.push(...own.notes);

  if (errors.length > 0 || !network || amount === undefined) return { errors, notes };
  return {
    errors,
    notes,
    instruction: {
      provider,
      recipient: cells.recipient.text,
      currency,
      network: networkCode,
      address,
      memo: memo || undefined,
      amount,
      ...own.fields,
    },
  };
}
