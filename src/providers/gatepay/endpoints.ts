/** The GatePay endpoints this client uses, as calls for the transport. */
import * as z from "zod/mini";

import {
  balanceSchema,
  batchSchema,
  createdBatchSchema,
  currencyChainsSchema,
  withdrawStatusSchema,
} from "./schemas";
import type { GatePayCall } from "./transport";

/** One sub-order of a create request, as GatePay names its fields. */
export interface WithdrawItem {
  merchant_withdraw_id: string;
  currency: string;
  amount: string;
  chain: string;
  address: string;
  memo?: string;
  /** 1: fee charged on top (payee receives amount); 0: fee deducted from amount. */
  fee_type: 0 | 1;
}

export function createBatchCall(batchId: string, withdrawList: WithdrawItem[]) {
  return {
    method: "post",
    path: "/v1/pay/withdraw",
    body: { batch_id: batchId, withdraw_list: withdrawList },
    enveloped: true,
    // The answer only echoes the batch id; the id we sent is the one that counts.
    schema: z.nullish(createdBatchSchema),
  } satisfies GatePayCall<unknown>;
}

export function queryBatchCall(batchId: string) {
  return {
    method: "post",
    path: "/v1/pay/withdraw/query",
    body: { batch_id: batchId, detail_status: "ALL" },
    enveloped: true,
    schema: batchSchema,
  } satisfies GatePayCall<unknown>;
}

export function currencyChainsCall(currency: string) {
  return {
    method: "get",
    path: "/v1/pay/wallet/currency_chains",
    query: { currency },
    enveloped: false,
    schema: currencyChainsSchema,
  } satisfies GatePayCall<unknown>;
}

export function withdrawStatusCall(currency: string) {
  return {
    method: "get",
    path: "/v1/pay/wallet/withdraw_status",
    query: { currency },
    enveloped: false,
    schema: withdrawStatusSchema,
  } satisfies GatePayCall<unknown>;
}

export function balanceCall() {
  return {
    method: "get",
    path: "/v1/pay/balance/query",
    enveloped: true,
    schema: balanceSchema,
  } satisfies GatePayCall<unknown>;
}
