/**
 * One Payouts row checked against every rule, with every reason collected (not only the first).
 * Pure: the caller supplies what the provider offers (live catalogue or the built-in one).
 */
import { validateAddress, detectAddressFamilies, familyTitle } from "./address";
import type { CatalogOffer } from "./builtin-catalog";
import type { InputKey } from "./columns";
import { INPUT_COLUMNS } from "./columns";
import { toAlpha3 } from "./country";
import { checkMemo } from "./memo";
import { allowedDecimals } from "./currency-precision";
import { compareAmounts, decimalPlaces, readAmountCell } from "./money";
import { resolveNetwork, type NetworkInfo } from "./networks";
import type { FeeMode, PayoutInstruction, ProviderName, RecipientType } from "./payout";
import { PROVIDERS } from "./payout";
import { isWellFormedEmail, startsLikeFormula } from "./text";

export interface RowCell {
  raw: unknown;
  /** Display text, trimmed. */
  text: string;
  formula: string;
}

export type RowCells = Record<InputKey, RowCell>;

/** What a provider offers for one currency on one network (live or built-in). */
export type OfferInfo = CatalogOffer;

export interface ValidationRules {
  /** Offers of the provider, or undefined when unknown (nothing to check against). */
  offers(provider: ProviderName): OfferInfo[] | undefined;
  /** Whether addresses of this provider are testnet ones (CoinGate sandbox). */
  testnet(provider: ProviderName): boolean;
  defaultFeeMode: FeeMode;
}

export interface RowVerdict {
  errors: string[];
  /** Worth a look, but no reason to block (kept in Error with the status VALID). */
  notes: string[];
  instruction?: Omit<PayoutInstruction, "payoutId">;
}

const REQUIRED: Record<ProviderName, InputKey[]> = {
  CoinGate: [
    "recipient",
    "recipientType",
    "email",
    "country",
    "currency",
    "network",
    "address",
    "amount",
    "purpose",
  ],
  GatePay: ["recipient", "currency", "network", "address", "amount"],
};

const CURRENCY_PATTERN = /^[A-Z0-9]{2,12}$/;
/** Control and format characters (Unicode Cc, Cf): zero-width spaces, bidi marks, BOM... */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

function hasWhitespace(text: string): boolean {
  return /\s/u.test(text);
}

function label(key: InputKey): string {
  return INPUT_COLUMNS[key];
}

export function parseProvider(text: string): ProviderName | undefined {
  return PROVIDERS.find((name) => name.toLowerCase() === text.trim().toLowerCase());
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

  const provider = parseProvider(cells.provider.text);
  if (!cells.provider.text) errors.push("Provider is empty: choose CoinGate or GatePay.");
  else if (!provider)
    errors.push(`Provider "${cells.provider.text}" is unknown: choose CoinGate or GatePay.`);
  if (!provider) return { errors, notes };

  for (const key of REQUIRED[provider]) {
    if (!cells[key].text && !cells[key].formula)
      errors.push(`${label(key)} is required for ${provider}.`);
  }

  const currency = cells.currency.text.toUpperCase();
  if (currency && !CURRENCY_PATTERN.test(currency))
    errors.push(`Currency "${cells.currency.text}" is not a currency code such as USDT or BTC.`);

  const offers = rules.offers(provider);
  let network: NetworkInfo | undefined;
  let networkCode = "";
  if (cells.network.text) {
    // The provider's live codes win over the built-in table's (they differ per environment).
    const offered = offers ? [...new Set(offers.map((o) => o.network))] : undefined;
    const resolved = resolveNetwork(provider, cells.network.text, offered);
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
    const testnet = rules.testnet(provider);
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
          (f) => f !== network?.family,
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
  let amount = "";
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

  let recipientType: RecipientType | undefined;
  let email: string | undefined;
  let country: string | undefined;
  let feeMode: FeeMode = rules.defaultFeeMode;
  if (provider === "CoinGate") {
    const typeText = cells.recipientType.text.toLowerCase();
    if (typeText === "person" || typeText === "business") recipientType = typeText;
    else if (typeText)
      errors.push(`Recipient type "${cells.recipientType.text}" must be person or business.`);
    if (cells.email.text) {
      if (isWellFormedEmail(cells.email.text)) email = cells.email.text;
      else errors.push(`Email "${cells.email.text}" is not a well-formed e-mail address.`);
    }
    if (cells.country.text) {
      const converted = toAlpha3(cells.country.text);
      if (converted.ok) country = converted.alpha3;
      else errors.push(converted.reason);
    }
    if (recipientType === "business" && !cells.companyCode.text)
      errors.push("Company code is required for a business recipient.");
    // CoinGate needs a first name and a surname for a person (split at the last space).
    if (recipientType === "person" && cells.recipient.text && !/\S\s+\S/.test(cells.recipient.text))
      errors.push("Recipient must be a person's first name and surname for CoinGate.");
    if (amountCurrency && !CURRENCY_PATTERN.test(amountCurrency))
      errors.push(
        `Amount currency "${cells.amountCurrency.text}" is not a currency code such as EUR.`,
      );
    if (cells.feeMode.text)
      notes.push("Fee mode applies to GatePay only and is ignored for CoinGate.");
  } else {
    if (amountCurrency && amountCurrency !== currency)
      errors.push("GatePay pays the amount in Currency: leave Amount currency empty.");
    const modeText = cells.feeMode.text.toLowerCase();
    if (modeText === "sender" || modeText === "recipient") feeMode = modeText;
    else if (modeText) errors.push(`Fee mode "${cells.feeMode.text}" must be sender or recipient.`);
  }

  if (errors.length > 0 || !network) return { errors, notes };
  return {
    errors,
    notes,
    instruction: {
      provider,
      recipient: cells.recipient.text,
      recipientType,
      email,
      country,
      companyCode: cells.companyCode.text || undefined,
      currency,
      network: networkCode,
      address,
      memo: memo || undefined,
      amount,
      amountCurrency:
        provider === "CoinGate" && amountCurrency && amountCurrency !== currency
          ? amountCurrency
          : undefined,
      feeMode,
      purpose: cells.purpose.text || undefined,
    },
  };
}
