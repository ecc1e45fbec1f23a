/**
 * What a GatePay payee receives (reference 3.2): with fee mode `sender` (fee_type 1) the fee is
 * charged on top and the payee receives Amount; with `recipient` (fee_type 0) it is deducted and
 * the payee receives Amount minus the fee.
 */
import type { InputKey } from "../../domain/columns";
import { parseAmount, subtractAmounts, type Amount } from "../../domain/money";
import type { FeeMode } from "../../domain/payout";
import type { PayeePromise } from "../../domain/reconciliation/exceptions";

export function gatePayPromise(defaultFeeMode: FeeMode) {
  return (input: (key: InputKey) => string, fee: Amount | undefined): PayeePromise | undefined => {
    const amount = parseAmount(input("amount"));
    if (!amount.ok) return undefined;
    const typed = input("feeMode").trim().toLowerCase();
    const mode: FeeMode = typed === "sender" || typed === "recipient" ? typed : defaultFeeMode;
    const how = typed ? `fee mode ${mode}` : `fee mode ${mode} (the default)`;
    if (mode === "sender") return { amount: amount.value, rule: `GatePay's ${how}, fee on top,` };
    if (fee === undefined) return undefined;
    return {
      amount: subtractAmounts(amount.value, fee),
      rule: `GatePay's ${how}, fee of ${fee} deducted,`,
    };
  };
}
