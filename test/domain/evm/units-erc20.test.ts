import { decodeTransfer, TRANSFER_TOPIC } from "../../../src/domain/evm/erc20";
import { fromBaseUnits, hexToIntegerText, toBaseUnits } from "../../../src/domain/evm/units";

const word = (hex: string) => hex.replace(/^0x/, "").toLowerCase().padStart(64, "0");

describe("wei and token units", () => {
  it("reads hex quantities exactly, far beyond a double's 53 bits", () => {
    expect(hexToIntegerText("0x0")).toBe("0");
    expect(hexToIntegerText("0x")).toBe("0");
    expect(hexToIntegerText("0x1bc16d674ec80000")).toBe("2000000000000000000");
    expect(hexToIntegerText(`0x${"f".repeat(64)}`)).toBe(
      "115792089237316195423570985008687907853269984665640564039457584007913129639935",
    );
    expect(hexToIntegerText("12")).toBeUndefined();
    expect(hexToIntegerText("0xzz")).toBeUndefined();
  });

  it("turns smallest units into decimal text and back", () => {
    expect(fromBaseUnits("1000000000000000001", 18)).toBe("1.000000000000000001");
    expect(fromBaseUnits("1500000", 6)).toBe("1.5");
    expect(fromBaseUnits("5", 6)).toBe("0.000005");
    expect(fromBaseUnits("0", 18)).toBe("0");
    expect(fromBaseUnits("123", 0)).toBe("123");
    expect(toBaseUnits("1.5", 6)).toBe("1500000");
    expect(toBaseUnits("0.1", 18)).toBe("100000000000000000");
    expect(toBaseUnits("12.340000", 6)).toBe("12340000");
    expect(toBaseUnits("007", 2)).toBe("700");
    // More decimals than the token has: it could not have been sent exactly.
    expect(toBaseUnits("0.0000001", 6)).toBeUndefined();
    expect(toBaseUnits("1e3", 6)).toBeUndefined();
    for (const amount of ["0.000001", "1", "99999999999.999999", "0.3"])
      expect(fromBaseUnits(toBaseUnits(amount, 6) as string, 6)).toBe(amount);
  });
});

describe("ERC-20 Transfer logs", () => {
  const token = "0xdAC17F958D2ee523a2206206994597C13D831ec7";
  const from = "0x00000000000000000000000000000000000a11ce";
  const to = "0xD0D350Aa0da84eeB26c249839E615dBDCbAFadaE";
  const log = {
    address: token,
    topics: [TRANSFER_TOPIC, `0x${word(from)}`, `0x${word(to)}`],
    data: `0x${word((25_500_000).toString(16))}`,
  };

  it("decodes the token, both addresses (lower case) and the value", () => {
    expect(decodeTransfer(log)).toEqual({
      token: token.toLowerCase(),
      from,
      to: to.toLowerCase(),
      value: "25500000",
    });
    // The topic is compared whatever its case.
    expect(
      decodeTransfer({
        ...log,
        topics: [TRANSFER_TOPIC.toUpperCase().replace("0X", "0x"), ...log.topics.slice(1)],
      })?.value,
    ).toBe("25500000");
  });

  it("is not fooled by other events, NFT transfers or malformed words", () => {
    const approval = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
    expect(decodeTransfer({ ...log, topics: [approval, ...log.topics.slice(1)] })).toBeUndefined();
    // ERC-721: the token id is a fourth topic, and there is no data.
    expect(
      decodeTransfer({ ...log, topics: [...log.topics, `0x${word("1")}`], data: "0x" }),
    ).toBeUndefined();
    expect(decodeTransfer({ ...log, data: "0x1234" })).toBeUndefined();
    // A topic that is not a left-padded address.
    expect(
      decodeTransfer({ ...log, topics: [TRANSFER_TOPIC, `0x${"1".repeat(64)}`, log.topics[2]] }),
    ).toBeUndefined();
  });
});
