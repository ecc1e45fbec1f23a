import {
  CHECKED_FAMILIES,
  detectAddressFamilies,
  familyTitle,
  validateAddress,
} from "../../../src/domain/address";

const opts = { testnet: false };

describe("validateAddress", () => {
  it("refuses empty text and hidden characters for every family, unknown included", () => {
    for (const family of [...CHECKED_FAMILIES, "unknown" as const]) {
      expect(validateAddress(family, "", opts)).toEqual({ ok: false, reason: "is empty" });
      const spaced = validateAddress(family, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t ", opts);
      expect(spaced.ok).toBe(false);
      const zeroWidth = validateAddress(family, "TR7NHqjeKQxGTCi8q8\u200bZY4pL8otSzgjLj6t", opts);
      expect(zeroWidth.ok).toBe(false);
    }
  });

  it("accepts anything plausible for the unknown family", () => {
    expect(validateAddress("unknown", "whatever-format:123", opts)).toEqual({ ok: true });
  });
});

describe("detectAddressFamilies", () => {
  it.each([
    ["TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", ["tron"]],
    ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", ["evm"]],
    ["EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", ["solana"]],
    ["rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", ["xrp"]],
    ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", ["bitcoin", "bitcoin_cash"]],
    ["bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", ["bitcoin"]],
    ["EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHF", ["ton"]],
    [`0x${"ab".repeat(32)}`, ["aptos", "sui"]],
  ])("finds %s to be %j", (address, families) => {
    expect(detectAddressFamilies(address, opts)).toEqual(families);
  });

  it("names families for messages", () => {
    expect(familyTitle("tron")).toBe("Tron");
    expect(familyTitle("evm")).toMatch(/Ethereum/);
  });
});
