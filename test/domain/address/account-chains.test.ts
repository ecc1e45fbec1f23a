import { blake2b } from "@noble/hashes/blake2b";
import { sha512_256 } from "@noble/hashes/sha512";
import { base32, base32nopad, base58, base58xrp, base64url, bech32 } from "@scure/base";
import { sha256 } from "@noble/hashes/sha256";
import fc from "fast-check";
import {
  BASE32,
  BASE58,
  BASE58_XRP,
  BECH32,
  base58check,
  bytes,
  ok,
  reason,
  substitute,
  withVersion,
} from "./helpers";

/** Base58Check in the Ripple alphabet. */
const xrpCheck = {
  encode(payload: Uint8Array): string {
    const checksum = sha256(sha256(payload)).subarray(0, 4);
    return base58xrp.encode(Uint8Array.from([...payload, ...checksum]));
  },
};

/** CRC-16/XMODEM, bit by bit, written here independently of the code under test. */
function crc16(data: Uint8Array): number {
  let crc = 0;
  for (const byte of data) {
    for (let bit = 7; bit >= 0; bit--) {
      const top = ((crc >> 15) & 1) ^ ((byte >> bit) & 1);
      crc = (crc << 1) & 0xffff;
      if (top) crc ^= 0x1021;
    }
  }
  return crc;
}

describe("Tron", () => {
  it("accepts USDT's contract address and generated addresses", () => {
    expect(ok("tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")).toBe(true);
    fc.assert(
      fc.property(bytes(20), fc.nat(), fc.nat(), (hash, at, shift) => {
        const address = base58check.encode(withVersion(0x41, hash));
        expect(address[0]).toBe("T");
        expect(ok("tron", address)).toBe(true);
        expect(ok("tron", substitute(address, 1 + (at % 33), BASE58, shift))).toBe(false);
      }),
    );
  });

  it("refuses an Ethereum address and a Bitcoin address", () => {
    expect(reason("tron", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")).toMatch(/start with T/);
    expect(ok("tron", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")).toBe(false);
  });
});

describe("Solana", () => {
  it("accepts the USDC mint and any 32-byte key", () => {
    expect(ok("solana", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v")).toBe(true);
    expect(ok("solana", "11111111111111111111111111111111")).toBe(true); // system program
    fc.assert(fc.property(bytes(32), (key) => expect(ok("solana", base58.encode(key))).toBe(true)));
  });

  it("refuses other lengths and non-Base58 characters", () => {
    fc.assert(
      fc.property(fc.oneof(bytes(31), bytes(33)), (key) => {
        expect(ok("solana", base58.encode(key))).toBe(false);
      }),
    );
    expect(reason("solana", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt10")).toMatch(/Base58/);
  });
});

describe("XRP", () => {
  it("accepts the genesis account and generated classic addresses", () => {
    expect(ok("xrp", "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh")).toBe(true);
    fc.assert(
      fc.property(bytes(20), fc.nat(), fc.nat(), (id, at, shift) => {
        const address = xrpCheck.encode(withVersion(0x00, id));
        expect(address[0]).toBe("r");
        expect(ok("xrp", address)).toBe(true);
        expect(
          ok("xrp", substitute(address, 1 + (at % (address.length - 1)), BASE58_XRP, shift)),
        ).toBe(false);
      }),
    );
  });

  it("refuses X-addresses with a pointer to the classic address and Memo", () => {
    const xAddress = xrpCheck.encode(
      Uint8Array.from([0x05, 0x44, ...new Uint8Array(20).fill(7), 0, ...new Uint8Array(8)]),
    );
    expect(xAddress).toHaveLength(47);
    expect(xAddress[0]).toBe("X");
    expect(reason("xrp", xAddress)).toMatch(/classic r-address.*Memo/);
  });
});

describe("TON", () => {
  // The same account in user-friendly (bounceable, base64url) and raw form.
  const FRIENDLY = "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHF";
  const RAW = "0:ca6e321c7cce9ecedf0a8ca2492ec8592494aa5fb5ce0387dff96ef6af982a3e";

  function friendly(flags: number, workchain: number, hash: Uint8Array): string {
    const body = Uint8Array.from([flags, workchain, ...hash]);
    const crc = crc16(body);
    return base64url.encode(Uint8Array.from([...body, crc >> 8, crc & 0xff]));
  }

  it("accepts a known address in both forms", () => {
    expect(ok("ton", FRIENDLY)).toBe(true);
    expect(ok("ton", RAW)).toBe(true);
    expect(ok("ton", RAW.toUpperCase().replace("0:", "0:"))).toBe(true);
    expect(ok("ton", `-1:${RAW.slice(2)}`)).toBe(true);
  });

  it("matches the friendly form's hash to the raw form", () => {
    expect(friendly(0x11, 0x00, Uint8Array.from(Buffer.from(RAW.slice(2), "hex")))).toBe(FRIENDLY);
  });

  it("accepts generated bounceable and non-bounceable addresses and refuses corrupted ones", () => {
    fc.assert(
      fc.property(bytes(32), fc.constantFrom(0x11, 0x51), fc.nat(), (hash, flags, at) => {
        const address = friendly(flags, 0, hash);
        expect(ok("ton", address)).toBe(true);
        const i = at % 48;
        const swapped = address[i] === "A" ? "B" : "A";
        expect(ok("ton", address.slice(0, i) + swapped + address.slice(i + 1))).toBe(false);
      }),
    );
  });

  it("refuses test-only addresses on the main network", () => {
    const testOnly = friendly(0x91, 0, new Uint8Array(32).fill(1));
    expect(reason("ton", testOnly)).toMatch(/test network/);
    expect(ok("ton", testOnly, true)).toBe(true);
  });

  it("refuses malformed raw addresses", () => {
    expect(ok("ton", "1:" + RAW.slice(2))).toBe(false);
    expect(ok("ton", RAW.slice(0, -1))).toBe(false);
  });
});

describe("Stellar", () => {
  function account(key: Uint8Array): string {
    const body = withVersion(6 << 3, key);
    const crc = crc16(body);
    return base32.encode(Uint8Array.from([...body, crc & 0xff, crc >> 8]));
  }

  it("accepts known and generated account IDs and refuses corrupted ones", () => {
    expect(ok("stellar", "GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7")).toBe(true);
    fc.assert(
      fc.property(bytes(32), fc.nat(), fc.nat(), (key, at, shift) => {
        const address = account(key);
        expect(address[0]).toBe("G");
        expect(ok("stellar", address)).toBe(true);
        expect(ok("stellar", substitute(address, 1 + (at % 55), BASE32, shift))).toBe(false);
      }),
    );
  });

  it("refuses secret seeds, muxed addresses and lower case", () => {
    const seed = "SAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7";
    expect(reason("stellar", seed)).toMatch(/start with G/);
    expect(reason("stellar", "M" + "A".repeat(68))).toMatch(/muxed/);
    expect(
      ok("stellar", "GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7".toLowerCase()),
    ).toBe(false);
  });
});

describe("Cosmos", () => {
  it("accepts generated cosmos1 addresses only", () => {
    expect(ok("cosmos", "cosmos1hsk6jryyqjfhp5dhc55tc9jtckygx0eph6dd02")).toBe(true);
    fc.assert(
      fc.property(bytes(20), fc.nat(), fc.nat(), (hash, at, shift) => {
        const address = bech32.encode("cosmos", bech32.toWords(hash));
        expect(ok("cosmos", address)).toBe(true);
        expect(ok("cosmos", bech32.encode("osmo", bech32.toWords(hash)))).toBe(false);
        const i = 7 + (at % (address.length - 7));
        expect(ok("cosmos", substitute(address, i, BECH32, shift))).toBe(false);
      }),
    );
  });
});

describe("Algorand", () => {
  it("accepts known and generated addresses and refuses corrupted ones", () => {
    expect(ok("algorand", "VCMJKWOY5P5P7SKMZFFOCEROPJCZOTIJMNIYNUCKH7LRO45JMJP6UYBIJA")).toBe(true);
    fc.assert(
      fc.property(bytes(32), fc.nat(), fc.nat(), (key, at, shift) => {
        const checksum = sha512_256(key).subarray(28);
        const address = base32nopad.encode(Uint8Array.from([...key, ...checksum]));
        expect(address).toHaveLength(58);
        expect(ok("algorand", address)).toBe(true);
        // The last character carries 2 padding bits; corrupt the 57 before it.
        expect(ok("algorand", substitute(address, at % 57, BASE32, shift))).toBe(false);
      }),
    );
  });
});

describe("Polkadot", () => {
  function ss58(prefix: number, key: Uint8Array): string {
    const body = Uint8Array.from([prefix, ...key]);
    const preimage = Uint8Array.from([..."SS58PRE"].map((c) => c.charCodeAt(0)).concat([...body]));
    const checksum = blake2b(preimage, { dkLen: 64 }).subarray(0, 2);
    return base58.encode(Uint8Array.from([...body, ...checksum]));
  }

  it("accepts a known account and generated prefix-0 addresses", () => {
    expect(ok("polkadot", "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5")).toBe(true);
    fc.assert(fc.property(bytes(32), (key) => expect(ok("polkadot", ss58(0, key))).toBe(true)));
  });

  it("refuses other networks' prefixes on the main network and a broken checksum", () => {
    const alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"; // generic Substrate, 42
    expect(reason("polkadot", alice)).toMatch(/prefix 42/);
    expect(ok("polkadot", alice, true)).toBe(true);
    const key = new Uint8Array(32).fill(9);
    const good = ss58(0, key);
    const bytesOf = base58.decode(good);
    bytesOf[34] ^= 0x01;
    expect(reason("polkadot", base58.encode(bytesOf))).toMatch(/checksum/);
  });
});

describe("NEAR", () => {
  it("accepts implicit and named accounts", () => {
    expect(ok("near", "a".repeat(64))).toBe(true);
    for (const a of ["alice.near", "app.alice.near", "my_wallet-1.near"]) {
      expect(ok("near", a)).toBe(true);
    }
    expect(ok("near", "alice.testnet", true)).toBe(true);
  });

  it("refuses upper case, other roots, bad separators and wrong lengths", () => {
    for (const a of [
      "Alice.near",
      "alice.testnet",
      "alice..near",
      "-alice.near",
      "near",
      "A".repeat(64),
    ]) {
      expect(ok("near", a)).toBe(false);
    }
  });
});

describe("Aptos and Sui", () => {
  it("accept 0x + 64 hex and refuse short or EVM-length forms", () => {
    const full = `0x${"ab".repeat(32)}`;
    for (const family of ["aptos", "sui"] as const) {
      expect(ok(family, full)).toBe(true);
      expect(ok(family, "0x1")).toBe(false);
      expect(ok(family, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")).toBe(false);
      expect(ok(family, "ab".repeat(32))).toBe(false);
    }
  });
});

describe("Cardano", () => {
  // CIP-19 test vectors (mainnet) and well-known Byron addresses.
  const VALID = [
    "addr1qx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer3n0d3vllmyqwsx5wktcd8cc3sq835lu7drv2xwl2wywfgse35a3x",
    "addr1gx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer5pnz75xxcrzqf96k",
    "addr128phkx6acpnf78fuvxn0mkew3l0fd058hzquvz7w36x4gtupnz75xxcrtw79hu",
    "addr1vx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzers66hrl8",
    "addr1w8phkx6acpnf78fuvxn0mkew3l0fd058hzquvz7w36x4gtcyjy7wx",
    "Ae2tdPwUPEZFRbyhz3cpfC2CumGzNkFBN2L42rcUc2yjQpEkxDbkPodpMAi",
    "DdzFFzCqrhsw3prhfMFDNFowbzUku3QmrMwarfjUbWXRisodn97R436SHc1rimp4MhPNmbdYb1aTdqtGSJixMVMi5MkArDQJ6Sc1n3Ez",
  ];

  it.each(VALID)("accepts %s", (address) => {
    expect(reason("cardano", address)).toBe("(valid)");
  });

  it("refuses testnet and stake addresses on the main network, and corrupted ones", () => {
    expect(ok("cardano", "addr_test1vz2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzerspjrlsz")).toBe(
      false,
    );
    expect(
      ok("cardano", "addr_test1vz2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzerspjrlsz", true),
    ).toBe(true);
    expect(
      reason("cardano", "stake1uyehkck0lajq8gr28t9uxnuvgcqrc6070x3k9r8048z8y5gh6ffgw"),
    ).toMatch(/stake address/);
    expect(ok("cardano", substitute(VALID[0], 20, BECH32, 3))).toBe(false);
    expect(ok("cardano", substitute(VALID[5], 20, BASE58, 3))).toBe(false);
  });
});

describe("EOS", () => {
  it("accepts account names of up to 12 characters", () => {
    for (const a of ["eosio.token", "binancecleos", "a1b2c3d4e5"]) expect(ok("eos", a)).toBe(true);
  });

  it("refuses long names, digits 6-9, upper case and a trailing dot", () => {
    for (const a of ["binancecleos1", "account6", "Account", "account."]) {
      expect(ok("eos", a)).toBe(false);
    }
  });
});
