/** GatePay sub-order statuses mapped to the sheet's statuses. */
import type { Status } from "../../domain/status";

const SUBORDER_STATUS: Readonly<Record<string, Status>> = {
  INIT: "PENDING",
  PENDING: "PENDING",
  PROCESSING: "PROCESSING",
  // CHECK is GatePay's risk review: still on its way, nothing for the merchant to do.
  CHECK: "PROCESSING",
  DONE: "COMPLETED",
  FAIL: "FAILED",
};

/** The sheet status for a sub-order status; null for a word GatePay has not documented. */
export function mapGatePayStatus(providerStatus: string): Status | null {
  return SUBORDER_STATUS[providerStatus.trim().toUpperCase()] ?? null;
}

export function unknownStatusNote(providerStatus: string): string {
  return `GatePay reported status "${providerStatus}", which the add-on does not know; the row keeps its status until GatePay reports a known one.`;
}
