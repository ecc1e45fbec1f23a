import { checkMemo } from "../../src/domain/memo";
import { NETWORKS, type NetworkInfo } from "../../src/domain/networks";

function network(key: string): NetworkInfo {
  const found = NETWORKS.find((n) => n.key === key);
  if (!found) throw new Error(key);
  return found;
}

describe("checkMemo", () => {
  it("accepts an empty memo where it is optional or not used", () => {
    expect(checkMemo(network("stellar"), "")).toEqual({ ok: true });
    expect(checkMemo(network("ethereum"), "")).toEqual({ ok: true });
  });

  it("requires an XRP destination tag (payees on XRP are exchange accounts)", () => {
    expect(checkMemo(network("xrp"), "")).toEqual({
      ok: false,
      reason: "XRP Ledger payouts need a destination tag in Memo.",
    });
  });

  it("refuses a memo on a network without memos", () => {
    expect(checkMemo(network("tron"), "123")).toMatchObject({ ok: false });
  });

  it("requires a memo where the rule says so", () => {
    const strict: NetworkInfo = { ...network("stellar"), memo: "required" };
    expect(checkMemo(strict, "")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/need/),
    });
  });

  it("accepts XRP destination tags from 0 to 2^32-1 only", () => {
    expect(checkMemo(network("xrp"), "0")).toEqual({ ok: true });
    expect(checkMemo(network("xrp"), "4294967295")).toEqual({ ok: true });
    for (const bad of ["4294967296", "-1", "12a", "1.5", "99999999999"]) {
      expect(checkMemo(network("xrp"), bad)).toMatchObject({ ok: false });
    }
  });

  it("counts memo length in UTF-8 bytes", () => {
    expect(checkMemo(network("stellar"), "a".repeat(28))).toEqual({ ok: true });
    expect(checkMemo(network("stellar"), "a".repeat(29))).toMatchObject({ ok: false });
    // 14 two-byte letters are 28 bytes; 15 are 30.
    expect(checkMemo(network("stellar"), "é".repeat(14))).toEqual({ ok: true });
    expect(checkMemo(network("stellar"), "é".repeat(15))).toMatchObject({ ok: false });
  });
});
