/**
 * What a CoinGate payee receives: the send request's sending amount, which is Amount when Amount
 * is in Currency; an amount in another currency (Amount currency) goes through CoinGate's rate,
 * so nothing is promised in Currency then.
 */
import type { InputKey } from "../../domain/columns";
import { parseAmount } from "../../domain/money";
import type { PayeePromise } from "../../domain/reconciliation/exceptions";

export function coinGatePromise(input: (key: InputKey) => string): PayeePromise | undefined {
  const amount = parseAmount(input("amount"));
  const denominated = input("amountCurrency").trim().toUpperCase();
  if (!amount.ok || (denominated && denominated !== input("currency").trim().toUpperCase()))
    return undefined;
  return { amount: amount.value, rule: "CoinGate (the payee receives Amount)" };
}
