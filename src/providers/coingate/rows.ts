/** CoinGate's own checks of a row: the payee it needs (a person or a business) and its amounts. */
import { toAlpha3 } from "../../domain/country";
import type { InputKey } from "../../domain/columns";
import type { RecipientType } from "../../domain/payout";
import {
  CURRENCY_PATTERN,
  type CheckedRow,
  type ProviderCheck,
  type RowCells,
} from "../../domain/row-validation";
import { isWellFormedEmail } from "../../domain/text";

export const COINGATE_REQUIRED: readonly InputKey[] = [
  "recipient",
  "recipientType",
  "email",
  "country",
  "currency",
  "network",
  "address",
  "amount",
  "purpose",
];

export function checkCoinGateRow(cells: RowCells, row: CheckedRow): ProviderCheck {
  const errors: string[] = [];
  const notes: string[] = [];
  let recipientType: RecipientType | undefined;
  const typeText = cells.recipientType.text.toLowerCase();
  if (typeText === "person" || typeText === "business") recipientType = typeText;
  else if (typeText)
    errors.push(`Recipient type "${cells.recipientType.text}" must be person or business.`);
  let email: string | undefined;
  if (cells.email.text) {
    if (isWellFormedEmail(cells.email.text)) email = cells.email.text;
    else errors.push(`Email "${cells.email.text}" is not a well-formed e-mail address.`);
  }
  let country: string | undefined;
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
  if (row.amountCurrency && !CURRENCY_PATTERN.test(row.amountCurrency))
    errors.push(
      `Amount currency "${cells.amountCurrency.text}" is not a currency code such as EUR.`,
    );
  if (cells.feeMode.text)
    notes.push("Fee mode applies to GatePay only and is ignored for CoinGate.");
  return {
    errors,
    notes,
    fields: {
      recipientType,
      email,
      country,
      companyCode: cells.companyCode.text || undefined,
      amountCurrency:
        row.amountCurrency && row.amountCurrency !== row.currency ? row.amountCurrency : undefined,
      purpose: cells.purpose.text || undefined,
    },
  };
}
