/**
 * How many decimals an amount may have in a currency other than the one paid (CoinGate's Amount
 * currency): ISO 4217 minor units for fiat money, the provider's own precision for a crypto
 * currency it lists, else 8.
 */
import type { CatalogOffer } from "./builtin-catalog";

/** ISO 4217 currencies whose minor unit is not 2 (the common ones). */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

/** ISO 4217 codes people use for payroll and invoices, where 2 decimals is the rule. */
const TWO_DECIMAL_FIAT = new Set([
  "AED",
  "AUD",
  "BGN",
  "BRL",
  "CAD",
  "CHF",
  "CNY",
  "CZK",
  "DKK",
  "EUR",
  "GBP",
  "HKD",
  "HUF",
  "IDR",
  "ILS",
  "INR",
  "MXN",
  "MYR",
  "NGN",
  "NOK",
  "NZD",
  "PHP",
  "PLN",
  "RON",
  "RUB",
  "SAR",
  "SEK",
  "SGD",
  "THB",
  "TRY",
  "TWD",
  "UAH",
  "USD",
  "ZAR",
]);

/** Most decimals `code` allows, and whether it was known as fiat. */
export function allowedDecimals(code: string, offers: readonly CatalogOffer[] | undefined): number {
  const upper = code.toUpperCase();
  // Own keys only: no key of Object.prototype is in upper case.
  const minorUnits = MINOR_UNITS[upper];
  if (minorUnits !== undefined) return minorUnits;
  if (TWO_DECIMAL_FIAT.has(upper)) return 2;
  const listed = (offers ?? [])
    .filter((offer) => offer.currency.toUpperCase() === upper && offer.decimals !== undefined)
    .map((offer) => offer.decimals as number);
  if (listed.length > 0) return Math.max(...listed);
  // A three-letter code that is no crypto the provider lists reads as fiat money.
  return /^[A-Z]{3}$/.test(upper) ? 2 : 8;
}
