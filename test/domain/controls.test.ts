/** The pure parts of the controls: limit lists, e-mail lists, the daily allowance, the address book. */
import { AddressBook, addressKey } from "../../src/domain/address-book";
import {
  formatCurrencyLimits,
  isAbove,
  parseCurrencyLimits,
} from "../../src/domain/currency-limits";
import { DailyAllowance, waitMessage } from "../../src/domain/daily-limit";
import { listAllows, notEmails, parseEmailList } from "../../src/domain/email-list";
import { asAmount } from "../../src/domain/money";

describe("CUR:amount lists", () => {
  it("reads exact decimals per upper-case currency, and refuses what is not a list", () => {
    const parsed = parseCurrencyLimits(" usdt:10000, BTC : 0.5 ,EUR:5000.00 ");
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(formatCurrencyLimits(parsed.limits)).toBe("USDT:10000, BTC:0.5, EUR:5000");
    expect(isAbove(parsed.limits, "btc", asAmount("0.50000001"))).toBe(true);
    expect(isAbove(parsed.limits, "BTC", asAmount("0.5"))).toBe(false);
    expect(isAbove(parsed.limits, "ETH", asAmount("999"))).toBe(false);
    expect(parseCurrencyLimits("USDT 100")).toEqual({
      ok: false,
      reason: '"USDT 100" is not CURRENCY:amount (e.g. USDT:10000)',
    });
    expect(parseCurrencyLimits("USDT:1, usdt:2")).toMatchObject({
      ok: false,
      reason: "USDT is listed twice",
    });
    expect(parseCurrencyLimits("USDT:1e5")).toMatchObject({ ok: false });
  });
});

describe("e-mail lists", () => {
  it("compares without case; an empty list lets anyone act", () => {
    expect(parseEmailList(" Ann@Example.com, bob@example.com,ann@example.com ")).toEqual([
      "ann@example.com",
      "bob@example.com",
    ]);
    // A mistyped entry stays in the list: it matches nobody, and never widens it to "anyone".
    expect(parseEmailList("bob")).toEqual(["bob"]);
    expect(listAllows(parseEmailList("bob"), "ann@example.com")).toBe(false);
    expect(listAllows([], "anyone@example.com")).toBe(true);
    expect(listAllows(["ann@example.com"], " ANN@example.com ")).toBe(true);
    expect(listAllows(["ann@example.com"], "bob@example.com")).toBe(false);
    expect(notEmails("ann@example.com, bob")).toEqual(["bob"]);
  });
});

describe("the daily allowance", () => {
  const now = Date.parse("2026-03-02T12:00:00Z");
  const limits = new Map([["USDT", asAmount("100")]]);
  it("counts only the last 24 hours, lets rows through in order, and says when more frees up", () => {
    const allowance = new DailyAllowance(
      limits,
      [
        { currency: "USDT", amount: asAmount("50"), at: "2026-03-02T01:00:00.000Z" },
        { currency: "USDT", amount: asAmount("500"), at: "2026-03-01T11:59:59.000Z" },
      ],
      now,
    );
    expect(allowance.used("usdt")).toBe("50");
    expect(allowance.take("USDT", asAmount("30"))).toEqual({ ok: true });
    const refused = allowance.take("USDT", asAmount("30"));
    expect(refused).toEqual({
      ok: false,
      limit: "100",
      left: "20",
      freesAt: "2026-03-03T01:00:00.000Z",
    });
    expect(allowance.take("USDT", asAmount("20"))).toEqual({ ok: true });
    expect(allowance.take("BTC", asAmount("1000"))).toEqual({ ok: true });
    expect(waitMessage("USDT", asAmount("30"), refused)).toBe(
      "Waits: LIMIT_PER_DAY allows 100 USDT in any 24 hours, and 20 USDT is left now, less than this row's 30 USDT. More frees up from 2026-03-03T01:00:00.000Z.",
    );
  });
});

describe("the address book", () => {
  const paid = (address: string, recipient: string, sentAt: string, network = "TRX") => ({
    address,
    recipient: recipient.toLowerCase(),
    recipientName: recipient,
    currency: "USDT",
    network,
    sentAt,
  });
  const EVM = "0xD0D350Aa0da84eeB26c249839E615dBDCbAFadaE";
  const book = new AddressBook(
    [{ address: "TNewAddressSeenOnlyxxxxxxxxxxxxxxx", at: "2026-03-01T00:00:00.000Z" }],
    [
      paid("TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY", "Vendor", "2026-02-01T00:00:00.000Z"),
      paid("TKSqrC4gFMZtztVvRDcxQhZ6Nw2Q9Wc3WT", "Vendor", "2026-02-10T00:00:00.000Z", "TRC20"),
      paid(EVM, "Eve", "2026-02-11T00:00:00.000Z", "ETH"),
    ],
  );

  it("knows the last address paid to a recipient in a currency and network, whatever its alias", () => {
    expect(book.lastAddress("vendor", "usdt", "Tron")).toEqual({
      address: "TKSqrC4gFMZtztVvRDcxQhZ6Nw2Q9Wc3WT",
      at: "2026-02-10T00:00:00.000Z",
    });
    expect(book.lastAddress("vendor", "USDT", "ETH")).toBeUndefined();
  });

  it("tells a first payment, and when an address was first seen", () => {
    expect(book.wasPaid("TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY")).toBe(true);
    expect(book.wasPaid("TNewAddressSeenOnlyxxxxxxxxxxxxxxx")).toBe(false);
    expect(book.firstSeen("TNewAddressSeenOnlyxxxxxxxxxxxxxxx")).toBe("2026-03-01T00:00:00.000Z");
    expect(book.firstSeen("TNeverSeen")).toBeUndefined();
  });

  it("names look-alikes: same first and last four after the prefix, or an EVM address in another case", () => {
    expect(book.resembles("TP9dGxxxxxxxxxxxxxxxxxxxxxxxxxm4KY")).toBe(
      "TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY",
    );
    expect(book.resembles("TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY")).toBeUndefined();
    expect(book.resembles("TAbcdxxxxxxxxxxxxxxxxxxxxxxxxxm4KY")).toBeUndefined();
    expect(book.resembles(EVM.toLowerCase())).toBe(EVM);
    expect(book.resembles(`0xd0d3${"5".repeat(32)}adae`)).toBe(EVM);
    expect(addressKey(EVM)).toBe(EVM.toLowerCase());
    expect(book.entries().map((e) => e.address)[0]).toBe(EVM);
  });
});
