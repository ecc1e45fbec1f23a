import { sha256 } from "@noble/hashes/sha256";
import { bech32, bech32m } from "@scure/base";
import fc from "fast-check";
import { BASE58, BECH32, base58check, bytes, ok, reason, substitute, withVersion } from "./helpers";

/** BIP-350 "valid segwit addresses" (supersedes BIP-173's list for v1+). */
const BIP350_VALID = [
  { address: "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", testnet: false },
  { address: "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", testnet: true },
  {
    address: "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
    testnet: false,
  },
  { address: "BC1SW50QGDZ25J", testnet: false },
  { address: "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", testnet: false },
  { address: "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", testnet: true },
  { address: "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", testnet: true },
  { address: "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", testnet: false },
];

/** BIP-173 and BIP-350 "invalid segwit addresses", with the BIPs' reasons. */
const BIP_INVALID: [string, string][] = [
  ["tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty", "invalid human-readable part"],
  ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "invalid checksum"],
  ["BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2", "invalid witness version"],
  ["bc1rw5uspcuh", "invalid program length"],
  [
    "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
    "invalid program length",
  ],
  ["BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "invalid program length for witness v0"],
  ["tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7", "mixed case"],
  ["bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du", "zero padding of more than 4 bits"],
  ["tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv", "non-zero padding"],
  ["bc1gmk9yu", "empty data section"],
  ["tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut", "invalid hrp"],
  ["bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", "bech32 for v1"],
  ["tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf", "bech32 for v2"],
  ["BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", "bech32 for v16"],
  ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "bech32m for v0"],
  ["tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47", "bech32m for v0"],
  ["bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", "invalid checksum char"],
  ["BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "invalid witness version"],
  ["bc1pw5dgrnzv", "program length 1 byte"],
  [
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
    "program length 41 bytes",
  ],
  ["tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", "mixed case"],
  ["bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", "zero padding > 4 bits"],
  ["tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j", "non-zero padding"],
];

describe("Bitcoin addresses", () => {
  it.each(BIP350_VALID)("accepts the BIP-350 vector $address", ({ address, testnet }) => {
    expect(reason("bitcoin", address, testnet)).toBe("(valid)");
  });

  it.each(BIP_INVALID)("refuses the BIP vector %s (%s)", (address) => {
    expect(ok("bitcoin", address, false)).toBe(false);
    expect(ok("bitcoin", address, true)).toBe(false);
  });

  it("explains the checksum variant mistakes", () => {
    expect(reason("bitcoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh")).toMatch(/bech32m/);
    expect(
      reason("bitcoin", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd"),
    ).toMatch(/bech32 on a v1/);
    expect(reason("bitcoin", "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P")).toMatch(/20 or 32/);
  });

  it("accepts well-known legacy addresses and refuses them on the wrong network", () => {
    expect(ok("bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")).toBe(true); // genesis block
    expect(ok("bitcoin", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")).toBe(true);
    expect(ok("bitcoin", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh")).toBe(true);
    expect(reason("bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", true)).toMatch(/main network/);
    expect(ok("bitcoin", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", true)).toBe(false);
  });

  it("accepts generated P2PKH, P2SH, P2WPKH and P2TR addresses and refuses corrupted ones", () => {
    fc.assert(
      fc.property(bytes(20), bytes(32), fc.nat(), fc.nat(), (hash20, key32, at, shift) => {
        const p2pkh = base58check.encode(withVersion(0x00, hash20));
        const p2sh = base58check.encode(withVersion(0x05, hash20));
        const testP2pkh = base58check.encode(withVersion(0x6f, hash20));
        const p2wpkh = bech32.encode("bc", [0, ...bech32.toWords(hash20)]);
        const p2tr = bech32m.encode("bc", [1, ...bech32m.toWords(key32)]);
        const testP2tr = bech32m.encode("tb", [1, ...bech32m.toWords(key32)]);
        for (const a of [p2pkh, p2sh, p2wpkh, p2tr]) expect(ok("bitcoin", a)).toBe(true);
        for (const a of [testP2pkh, testP2tr]) expect(ok("bitcoin", a, true)).toBe(true);
        expect(ok("bitcoin", substitute(p2pkh, at, BASE58, shift))).toBe(false);
        // Bech32 detects every single substitution; skip the prefix "bc1".
        const i = 3 + (at % (p2wpkh.length - 3));
        expect(ok("bitcoin", substitute(p2wpkh, i, BECH32, shift))).toBe(false);
        expect(ok("bitcoin", substitute(p2tr, 3 + (at % (p2tr.length - 3)), BECH32, shift))).toBe(
          false,
        );
      }),
    );
  });

  it("refuses a Base58Check payload with a wrong checksum", () => {
    const payload = withVersion(0x00, sha256(Uint8Array.of(1)).subarray(0, 20));
    const good = base58check.encode(payload);
    expect(ok("bitcoin", good)).toBe(true);
    expect(reason("bitcoin", good.slice(0, -1) + (good.endsWith("z") ? "y" : "z"))).toMatch(
      /checksum/,
    );
  });
});

describe("Litecoin addresses", () => {
  it("accepts a known address and generated L, M, 3 and ltc1 addresses", () => {
    expect(ok("litecoin", "LUWPbpM43E2p7ZSh8cyTBEkvpHmr3cB8Ez")).toBe(true);
    fc.assert(
      fc.property(bytes(20), (hash) => {
        const l = base58check.encode(withVersion(0x30, hash));
        const m = base58check.encode(withVersion(0x32, hash));
        const three = base58check.encode(withVersion(0x05, hash));
        const segwit = bech32.encode("ltc", [0, ...bech32.toWords(hash)]);
        expect(l[0]).toBe("L");
        expect(m[0]).toBe("M");
        for (const a of [l, m, three, segwit]) expect(ok("litecoin", a)).toBe(true);
        expect(ok("litecoin", base58check.encode(withVersion(0x3a, hash)), true)).toBe(true);
        expect(ok("litecoin", bech32.encode("tltc", [0, ...bech32.toWords(hash)]), true)).toBe(
          true,
        );
        // Bitcoin's P2PKH and bc1 forms are not Litecoin's.
        expect(ok("litecoin", base58check.encode(withVersion(0x00, hash)))).toBe(false);
        expect(ok("litecoin", bech32.encode("bc", [0, ...bech32.toWords(hash)]))).toBe(false);
      }),
    );
  });

  it("refuses a Bitcoin bech32 address relabelled ltc1 without its checksum", () => {
    expect(ok("litecoin", "ltc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh")).toBe(false);
  });
});

describe("Dogecoin addresses", () => {
  it("accepts a known address and generated D and A/9 addresses", () => {
    expect(ok("dogecoin", "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L")).toBe(true);
    fc.assert(
      fc.property(bytes(20), fc.nat(), fc.nat(), (hash, at, shift) => {
        const d = base58check.encode(withVersion(0x1e, hash));
        expect(d[0]).toBe("D");
        expect(ok("dogecoin", d)).toBe(true);
        expect(ok("dogecoin", base58check.encode(withVersion(0x16, hash)))).toBe(true);
        expect(ok("dogecoin", base58check.encode(withVersion(0x71, hash)), true)).toBe(true);
        expect(ok("dogecoin", base58check.encode(withVersion(0x00, hash)))).toBe(false);
        expect(ok("dogecoin", substitute(d, at, BASE58, shift))).toBe(false);
      }),
    );
  });
});

describe("Bitcoin Cash addresses", () => {
  // The CashAddr specification's example pair: the same hash160 in both encodings.
  const CASHADDR_P2PKH = "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a";
  const LEGACY_P2PKH = "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu";
  const CASHADDR_P2SH = "bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq";

  it("accepts CashAddr with or without prefix, upper case, and the legacy form", () => {
    for (const a of [
      CASHADDR_P2PKH,
      CASHADDR_P2SH,
      CASHADDR_P2PKH.slice("bitcoincash:".length),
      CASHADDR_P2PKH.toUpperCase(),
      LEGACY_P2PKH,
    ]) {
      expect(reason("bitcoin_cash", a)).toBe("(valid)");
    }
  });

  it("refuses corrupted, mixed-case and wrong-prefix CashAddr", () => {
    for (let i = "bitcoincash:".length; i < CASHADDR_P2PKH.length; i++) {
      expect(ok("bitcoin_cash", substitute(CASHADDR_P2PKH, i, BECH32, i))).toBe(false);
    }
    expect(reason("bitcoin_cash", CASHADDR_P2PKH.replace("qpm2", "qPm2"))).toMatch(/mixes/);
    expect(reason("bitcoin_cash", CASHADDR_P2PKH.replace("bitcoincash", "bchtest"))).toMatch(
      /bitcoincash:/,
    );
    expect(reason("bitcoin_cash", CASHADDR_P2PKH, true)).toMatch(/bchtest:/);
  });
});
