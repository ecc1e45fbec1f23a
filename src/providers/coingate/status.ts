import type { Status } from "../../domain/status";

/**
 * CoinGate's send-request status word -> the sheet's status; null for a word CoinGate's docs do
 * not list (the docs themselves mention a stray "pending"), which the app treats as non-terminal.
 */
export function mapCoinGateStatus(status: string, requires2fa = false): Status | null {
  switch (status) {
    case "draft":
      return requires2fa ? "NEEDS_ACTION" : "PENDING";
    case "in_progress": // compliance checks; the balance is already debited
    case "processing": // on the blockchain
      return "PROCESSING";
    case "completed":
      return "COMPLETED";
    case "failed":
      return "FAILED";
    case "canceled":
      return "CANCELED";
    case "expired":
      return "EXPIRED";
    default:
      return null;
  }
}
