import { mapCoinGateStatus } from "../../../src/providers/coingate";

describe("mapCoinGateStatus", () => {
  it.each([
    ["draft", false, "PENDING"],
    ["draft", true, "NEEDS_ACTION"],
    ["in_progress", false, "PROCESSING"],
    ["processing", false, "PROCESSING"],
    ["completed", false, "COMPLETED"],
    ["failed", false, "FAILED"],
    ["canceled", false, "CANCELED"],
    ["expired", false, "EXPIRED"],
    ["pending", false, null],
    ["", false, null],
  ] as const)("%s (2FA %s) -> %s", (word, twoFactor, status) => {
    expect(mapCoinGateStatus(word, twoFactor)).toBe(status);
  });
});
