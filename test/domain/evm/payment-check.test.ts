import { TRANSFER_TOPIC } from "../../../src/domain/evm/erc20";
import { checkPayment, type ChainLookup } from "../../../src/domain/evm/payment-check";
import { chainAsset, parseTokenOverrides } from "../../../src/domain/evm/tokens";
import { asAmount } from "../../../src/domain/money";

const USDT = "0xdac17f958d2ee523a2206206994597c13d831ec7";
const PAYEE = "0xD0D350Aa0da84eeB26c249839E615dBDCbAFadaE";
const OTHER = "0x188d526a0be5afe74716ddf35d04fd7bb57bfead";
const HASH = `0x${"ab".repeat(32)}`;
const word = (hex: string) => hex.replace(/^0x/, "").toLowerCase().padStart(64, "0");

function tokenTx(to: string, units: bigint, status = "0x1", block = "0x100"): ChainLookup {
  return {
    hash: HASH,
    transaction: { to: USDT, value: "0x0", blockNumber: block },
    receipt: {
      status,
      blockNumber: block,
      logs: [
        {
          address: USDT,
          topics: [TRANSFER_TOPIC, `0x${word("0xa11ce")}`, `0x${word(to)}`],
          data: `0x${word(units.toString(16))}`,
        },
      ],
    },
  };
}

const usdt = {
  address: PAYEE,
  amount: asAmount("25.5"),
  currency: "USDT",
  asset: chainAsset("ethereum", "USDT")!,
};

describe("checkPayment", () => {
  it("accepts the Done amount paid to the row's address, with its confirmations", () => {
    const verdict = checkPayment(usdt, [tokenTx(PAYEE, 25_500_000n)], "0x10b");
    expect(verdict.problems).toEqual([]);
    expect(verdict.confirmations).toBe(12);
    expect(verdict.says).toBe(`paid 25.5 USDT to ${PAYEE}; 12 confirmation(s)`);
  });

  it("names a payment to another address, another amount, a revert, a missing transaction", () => {
    expect(checkPayment(usdt, [tokenTx(OTHER, 25_500_000n)], "0x10b").problems).toEqual([
      `It paid USDT (contract ${USDT}) to ${OTHER}, not to the row's address ${PAYEE}.`,
    ]);
    expect(checkPayment(usdt, [tokenTx(PAYEE, 25_000_000n)], "0x10b").problems).toEqual([
      "It paid 25 USDT to the row's address, not the Done amount 25.5 USDT.",
    ]);
    expect(checkPayment(usdt, [tokenTx(PAYEE, 25_500_000n, "0x0")], "0x10b").problems).toEqual([
      `Transaction ${HASH} failed on chain (reverted): it moved nothing.`,
    ]);
    expect(
      checkPayment(usdt, [{ hash: HASH, transaction: null, receipt: null }], "0x10b").problems,
    ).toEqual([`Transaction ${HASH} is not on the network.`]);
    const pending: ChainLookup = {
      hash: HASH,
      transaction: { to: USDT, value: "0x0", blockNumber: null },
      receipt: null,
    };
    expect(checkPayment(usdt, [pending], "0x10b").problems).toEqual([
      `Transaction ${HASH} is not in a block yet.`,
    ]);
  });

  it("ignores another token's transfer of the same amount (a look-alike token)", () => {
    const fake = tokenTx(PAYEE, 25_500_000n);
    fake.receipt!.logs = [
      { ...fake.receipt!.logs[0], address: "0x0000000000000000000000000000000000000bad" },
    ];
    expect(checkPayment(usdt, [fake], "0x10b").problems).toEqual([
      `It carries no transfer of USDT (contract ${USDT}) to the row's address ${PAYEE}.`,
    ]);
  });

  it("checks the network's own coin by the transaction's value, in wei", () => {
    const eth = {
      address: PAYEE,
      amount: asAmount("0.1"),
      currency: "ETH",
      asset: chainAsset("ethereum", "ETH")!,
    };
    const sent = (to: string, wei: bigint): ChainLookup => ({
      hash: HASH,
      transaction: { to, value: `0x${wei.toString(16)}`, blockNumber: "0x5" },
      receipt: { status: "0x1", blockNumber: "0x5", logs: [] },
    });
    expect(checkPayment(eth, [sent(PAYEE, 100_000_000_000_000_000n)], "0x5")).toMatchObject({
      problems: [],
      confirmations: 1,
    });
    expect(checkPayment(eth, [sent(PAYEE, 100_000_000_000_000_001n)], "0x5").problems).toEqual([
      "It paid 0.100000000000000001 ETH to the row's address, not the Done amount 0.1 ETH.",
    ]);
  });

  it("adds up a payout split over several transactions", () => {
    const verdict = checkPayment(
      usdt,
      [
        tokenTx(PAYEE, 20_000_000n),
        { ...tokenTx(PAYEE, 5_500_000n), hash: `0x${"cd".repeat(32)}` },
      ],
      "0x100",
    );
    expect(verdict.problems).toEqual([]);
  });
});

describe("the token table", () => {
  it("knows USDT's 18 decimals on BNB Smart Chain and the native coins, and takes overrides", () => {
    expect(chainAsset("bsc", "usdt")).toMatchObject({ kind: "token", decimals: 18 });
    expect(chainAsset("polygon", "POL")).toEqual({ kind: "native", decimals: 18 });
    expect(chainAsset("ethereum", "PYUSD")).toBeUndefined();
    const parsed = parseTokenOverrides(
      "ERC20:PYUSD:0x6c3ea9036406852006290770bedfcaba0e23a0e8:6\nBSC:USDT:0x55d398326f99059ff775485246999027b3197955:6",
    );
    expect(parsed.ok).toBe(true);
    const overrides = parsed.ok ? parsed.overrides : new Map();
    expect(chainAsset("ethereum", "PYUSD", overrides)).toMatchObject({ decimals: 6 });
    expect(chainAsset("bsc", "USDT", overrides)).toMatchObject({ decimals: 6 });
    expect(parseTokenOverrides("TRX:USDT:0x6c3ea9036406852006290770bedfcaba0e23a0e8:6")).toEqual({
      ok: false,
      bad: ["TRX:USDT:0x6c3ea9036406852006290770bedfcaba0e23a0e8:6"],
    });
  });
});
