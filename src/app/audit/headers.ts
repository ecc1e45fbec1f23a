/** The Audit log's columns, in order (domain/audit-chain.ts: the hash last). */
export const AUDIT_HEADERS = [
  "Entry",
  "Time",
  "User",
  "Payout ID",
  "Action",
  "Outcome",
  "Details",
  "Hash",
] as const;
