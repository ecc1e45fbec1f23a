import { mapGatePayStatus } from "../../../src/providers/gatepay";

describe("GatePay sub-order status mapping", () => {
  it.each([
    ["INIT", "PENDING"],
    ["PENDING", "PENDING"],
    ["PROCESSING", "PROCESSING"],
    ["CHECK", "PROCESSING"],
    ["DONE", "COMPLETED"],
    ["FAIL", "FAILED"],
    ["done", "COMPLETED"],
  ])("%s -> %s", (gatePay, sheet) => {
    expect(mapGatePayStatus(gatePay)).toBe(sheet);
  });

  it.each(["SUCCESS", "PARTIAL", "REFUNDED", ""])("%p is unknown (null)", (word) => {
    expect(mapGatePayStatus(word)).toBeNull();
  });
});
