import { keccak_256 } from "@noble/hashes/sha3";
import fc from "fast-check";
import { eip55 } from "../../../src/domain/address/evm";
import { bytes, ok, reason } from "./helpers";

/** The examples listed in EIP-55 itself. */
const EIP55_EXAMPLES = [
  "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
  "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
  "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
  "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
];

function flipCaseOfFirstLetter(address: string): string {
  const i = address.slice(2).search(/[a-fA-F]/) + 2;
  const c = address[i];
  const flipped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
  return address.slice(0, i) + flipped + address.slice(i + 1);
}

function hex(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, "0")).join("");
}

describe("EVM addresses", () => {
  it.each(EIP55_EXAMPLES)("accepts the EIP-55 example %s", (address) => {
    expect(ok("evm", address)).toBe(true);
    expect(eip55(address.slice(2))).toBe(address.slice(2));
  });

  it.each(EIP55_EXAMPLES)("refuses %s with one letter's case flipped", (address) => {
    expect(reason("evm", flipCaseOfFirstLetter(address))).toMatch(/checksum/);
  });

  it("accepts all-lower and all-upper case, which carry no checksum", () => {
    const body = EIP55_EXAMPLES[0].slice(2);
    expect(ok("evm", `0x${body.toLowerCase()}`)).toBe(true);
    expect(ok("evm", `0x${body.toUpperCase()}`)).toBe(true);
  });

  it("refuses wrong lengths, missing prefix and non-hex characters", () => {
    expect(reason("evm", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")).toMatch(/40 hex digits/);
    expect(reason("evm", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")).toMatch(/0x/);
    expect(reason("evm", "0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")).toMatch(/0x/);
    expect(reason("evm", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg")).toMatch(/not hex/);
  });

  it("accepts checksummed forms computed from keccak-256 of random addresses", () => {
    fc.assert(
      fc.property(bytes(20), (raw) => {
        const lower = hex(raw);
        const hash = hex(keccak_256(Uint8Array.from(lower, (c) => c.charCodeAt(0))));
        const checksummed = Array.from(lower, (c, i) =>
          parseInt(hash[i], 16) >= 8 ? c.toUpperCase() : c,
        ).join("");
        expect(ok("evm", `0x${checksummed}`)).toBe(true);
        const flipped = flipCaseOfFirstLetter(`0x${checksummed}`);
        const body = flipped.slice(2);
        // A flip that leaves the address mixed-case must break the checksum.
        if (body !== body.toLowerCase() && body !== body.toUpperCase()) {
          expect(ok("evm", flipped)).toBe(false);
        }
      }),
    );
  });
});
