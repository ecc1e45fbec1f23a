/** GatePay's own checks of a row: it pays in Currency, with a fee mode. */
import type { InputKey } from "../../domain/columns";
import type { FeeMode } from "../../domain/payout";
import type { CheckedRow, ProviderCheck, RowCells } from "../../domain/row-validation";

export const GATEPAY_REQUIRED: readonly InputKey[] = [
  "recipient",
  "currency",
  "network",
  "address",
  "amount",
];

export function checkGatePayRow(
  cells: RowCells,
  row: CheckedRow,
  defaultFeeMode: FeeMode,
): ProviderCheck {
  const errors: string[] = [];
  if (row.amountCurrency && row.amountCurrency !== row.currency)
    errors.push("GatePay pays the amount in Currency: leave Amount currency empty.");
  let feeMode = defaultFeeMode;
  const modeText = cells.feeMode.text.toLowerCase();
  if (modeText === "sender" || modeText === "recipient") feeMode = modeText;
  else if (modeText) errors.push(`Fee mode "${cells.feeMode.text}" must be sender or recipient.`);
  return { errors, notes: [], fields: { feeMode } };
}
