/**
 * GatePay payout callbacks: the body is `{main_order, suborders}` (no bizType envelope). Amounts
 * arrive as strings or JSON numbers; numbers are read as their exact text. Error messages never
 * repeat the body: it may hold addresses and the caller logs errors.
 */
import type { CallbackHint, ParsedCallback } from "../provider";

import { callbackSchema, readGatePayJson } from "./schemas";
import { suborderSnapshot } from "./snapshot";

export function parseGatePayCallback(body: string): ParsedCallback {
  const json = readGatePayJson(body);
  if (json === undefined) throw new Error("The GatePay callback body is not JSON.");
  const parsed = callbackSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      "The GatePay callback body is not a payout callback (expected main_order.batch_id and suborders with merchant_withdraw_id and status).",
    );
  }
  const batchId = parsed.data.main_order.batch_id.trim();
  return {
    hints: parsed.data.suborders.map((suborder): CallbackHint => {
      const snapshot = suborderSnapshot(suborder, batchId);
      const hint: CallbackHint = {
        payoutId: snapshot.payoutId,
        batchId,
        providerStatus: snapshot.providerStatus,
        status: snapshot.status,
        snapshot,
      };
      if (snapshot.providerId !== undefined) hint.providerId = snapshot.providerId;
      return hint;
    }),
  };
}
