import { INPUT_COLUMNS, OUTPUT_COLUMNS, mapColumns } from "../../src/domain/columns";

describe("mapColumns", () => {
  it("finds headers trimmed, case-insensitive, in any order, ignoring unknown ones", () => {
    const map = mapColumns(["  payout id ", "Notes", "AMOUNT", "Provider", "tx   HASH"]);
    expect(map.output.payoutId).toBe(1);
    expect(map.input.amount).toBe(3);
    expect(map.input.provider).toBe(4);
    expect(map.output.txHash).toBe(5);
    expect(map.input.address).toBeUndefined();
    expect(map.width).toBe(5);
  });

  it("keeps the first of two columns with the same header", () => {
    expect(mapColumns(["Amount", "Amount"]).input.amount).toBe(1);
  });

  it("has every CONTRACT header", () => {
    expect(Object.values(INPUT_COLUMNS)).toEqual([
      "Provider",
      "Recipient",
      "Recipient type",
      "Email",
      "Country",
      "Company code",
      "Currency",
      "Network",
      "Address",
      "Memo",
      "Amount",
      "Amount currency",
      "Fee mode",
      "Purpose",
    ]);
    expect(Object.values(OUTPUT_COLUMNS).slice(0, 12)).toEqual([
      "Payout ID",
      "Status",
      "Provider status",
      "Provider ID",
      "Batch ID",
      "Fee",
      "Fee currency",
      "Sent amount",
      "Done amount",
      "Tx hash",
      "Error",
      "Updated at",
    ]);
  });
});
