import { BitSet } from "../../../src/domain/bitset";
import { explorerTxUrl, linkTxIds } from "../../../src/domain/explorers";
import { parseRpcUrls, RPC_URLS_PATTERN } from "../../../src/domain/evm/rpc-urls";

describe("BitSet", () => {
  it("survives its text form, and an unreadable text is an empty set", () => {
    const set = BitSet.empty(1000);
    for (const i of [0, 7, 8, 999]) set.add(i);
    const back = BitSet.fromText(set.toText(), 1000);
    expect([0, 1, 7, 8, 9, 998, 999].map((i) => back.has(i))).toEqual([
      true,
      false,
      true,
      true,
      false,
      false,
      true,
    ]);
    expect(BitSet.fromText("%%%", 10).has(0)).toBe(false);
    expect(set.toText().length).toBeLessThan(200);
  });
});

describe("explorer links", () => {
  it("link each transaction id of a cell to its network's explorer", () => {
    const hash = `0x${"a".repeat(64)}`;
    expect(explorerTxUrl("ethereum", hash)).toBe(`https://etherscan.io/tx/${hash}`);
    expect(explorerTxUrl("unknown-net", hash)).toBeUndefined();
    expect(explorerTxUrl("ethereum", "javascript:alert(1)")).toBeUndefined();
    const text = `${hash} 0x${"b".repeat(64)}`;
    expect(linkTxIds(text, "bsc").links).toEqual([
      { start: 0, end: 66, url: `https://bscscan.com/tx/${hash}` },
      { start: 67, end: 133, url: `https://bscscan.com/tx/0x${"b".repeat(64)}` },
    ]);
    expect(linkTxIds(text, "bsc", (id) => id === hash).links).toHaveLength(1);
  });
});

describe("CHAIN_RPC_URLS", () => {
  it("accepts EVM networks by any of their names with https URLs, and names bad entries without their URL", () => {
    expect(
      RPC_URLS_PATTERN.test(
        "ETH:https://a.example/v1/key, bep20 : https://b.example\nPolygon:https://c.example",
      ),
    ).toBe(true);
    expect(RPC_URLS_PATTERN.test("TRX:https://a.example")).toBe(false);
    expect(RPC_URLS_PATTERN.test("ETH:http://a.example")).toBe(false);
    const parsed = parseRpcUrls(
      "ERC20:https://a.example/KEY1, Solana:https://s.example/KEY2, Base:https://b.example",
    );
    expect([...parsed.urls]).toEqual([
      ["ethereum", "https://a.example/KEY1"],
      ["base", "https://b.example"],
    ]);
    expect(parsed.bad).toEqual(["Solana"]);
  });
});
