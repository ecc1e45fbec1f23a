/** Every sheet the add-on keeps, by the name it has in the spreadsheet: spelled only here. */
export const SHEETS = {
  payouts: "Payouts",
  callbacks: "Callbacks",
  record: "Payout record",
  audit: "Audit log",
  payees: "CoinGate payees",
} as const;
