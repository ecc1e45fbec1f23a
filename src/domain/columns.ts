/** The Payouts sheet's columns (CONTRACT section 3), found by header text in any order. */

export const INPUT_COLUMNS = {
  provider: "Provider",
  recipient: "Recipient",
  recipientType: "Recipient type",
  email: "Email",
  country: "Country",
  companyCode: "Company code",
  currency: "Currency",
  network: "Network",
  address: "Address",
  memo: "Memo",
  amount: "Amount",
  amountCurrency: "Amount currency",
  feeMode: "Fee mode",
  purpose: "Purpose",
} as const;

export const OUTPUT_COLUMNS = {
  payoutId: "Payout ID",
  status: "Status",
  providerStatus: "Provider status",
  providerId: "Provider ID",
  batchId: "Batch ID",
  fee: "Fee",
  feeCurrency: "Fee currency",
  sentAmount: "Sent amount",
  doneAmount: "Done amount",
  txHash: "Tx hash",
  error: "Error",
  updatedAt: "Updated at",
  // Controls (section 7): views of the add-on's record; typing into them changes nothing.
  preparedBy: "Prepared by",
  approvedBy: "Approved by",
  // Beyond the contract: when the row was first sent, and a fingerprint of the inputs sent, so
  // that a later edit of a submitted row can be flagged.
  submittedAt: "Submitted at",
  fingerprint: "Submitted inputs",
} as const;

export type InputKey = keyof typeof INPUT_COLUMNS;
export type OutputKey = keyof typeof OUTPUT_COLUMNS;

export const INPUT_KEYS = Object.keys(INPUT_COLUMNS) as InputKey[];
export const OUTPUT_KEYS = Object.keys(OUTPUT_COLUMNS) as OutputKey[];

/** Input columns whose text must never be auto-typed by Sheets. */
export const PLAIN_TEXT_INPUTS: readonly InputKey[] = [
  "amount",
  "address",
  "memo",
  "companyCode",
  "currency",
  "amountCurrency",
  "network",
  "email",
  "country",
  "recipient",
  "purpose",
];

export const DROPDOWNS: Partial<Record<InputKey, string[]>> = {
  provider: ["CoinGate", "GatePay"],
  recipientType: ["person", "business"],
  feeMode: ["sender", "recipient"],
};

export function headerKey(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

export interface ColumnMap {
  /** 1-based column of each known header present in the sheet. */
  input: Partial<Record<InputKey, number>>;
  output: Partial<Record<OutputKey, number>>;
  width: number;
}

export function mapColumns(headers: string[]): ColumnMap {
  const byHeader = new Map<string, number>();
  headers.forEach((text, index) => {
    const key = headerKey(String(text));
    if (key && !byHeader.has(key)) byHeader.set(key, index + 1);
  });
  const input: ColumnMap["input"] = {};
  const output: ColumnMap["output"] = {};
  for (const key of INPUT_KEYS) {
    const column = byHeader.get(headerKey(INPUT_COLUMNS[key]));
    if (column) input[key] = column;
  }
  for (const key of OUTPUT_KEYS) {
    const column = byHeader.get(headerKey(OUTPUT_COLUMNS[key]));
    if (column) output[key] = column;
  }
  return { input, output, width: headers.length };
}

/** The header of every input whose text differs between two lists in INPUT_KEYS order. */
export function changedInputs(before: readonly string[], after: readonly string[]): string[] {
  return INPUT_KEYS.flatMap((key, index) =>
    (before[index] ?? "") === (after[index] ?? "") ? [] : [INPUT_COLUMNS[key]],
  );
}
