/**
 * What makes two rows "the same payment" for the double-payment warning: provider, recipient,
 * address, currency and amount, compared the way they would be paid (EVM addresses in any
 * letter case are the same address; 10.50 is 10.5).
 */
import { parseAmount } from "./money";

export interface PaymentFields {
  provider: string;
  recipient: string;
  address: string;
  currency: string;
  amount: string;
  amountCurrency: string;
}

export function paymentKey(fields: PaymentFields): string {
  const amount = parseAmount(fields.amount);
  const address = fields.address.trim();
  return JSON.stringify([
    fields.provider.trim().toLowerCase(),
    fields.recipient.trim().replace(/\s+/g, " ").toLowerCase(),
    /^0x[0-9a-f]{40}$/i.test(address) ? address.toLowerCase() : address,
    fields.currency.trim().toUpperCase(),
    amount.ok ? amount.value : fields.amount.trim(),
    fields.amountCurrency.trim().toUpperCase(),
  ]);
}
