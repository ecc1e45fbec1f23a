/**
 * Every sheet the add-on keeps, by the name it has in the spreadsheet: spelled only here (a
 * provider's own memory sheet is named by the provider, e.g. "CoinGate payees").
 */
export const SHEETS = {
  payouts: "Payouts",
  callbacks: "Callbacks",
  record: "Payout record",
  audit: "Audit log",
  edits: "Input edits",
  addressBook: "Address book",
  reconciliation: "Reconciliation",
  /** An Audit log written before the hash chain, set aside (app/audit/append.ts). */
  auditBeforeChain: "Audit log (before hash chain)",
} as const;
