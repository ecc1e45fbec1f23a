/**
 * validatePayouts end to end: the built bundle in the Apps Script emulator, against the CoinGate
 * and GatePay simulators (live catalogues) or with no credentials (the built-in table).
 */
import { Harness, type RowInput } from "../support/harness";

/** A valid row paying an address the add-on never paid says so (CONTRACT section 7). */
const FIRST_PAYMENT = "Warning: first payment to this address.";
import { GATEPAY_HOST } from "../simulators/gatepay/simulator";

const EVM = "0xD0D350Aa0da84eeB26c249839E615dBDCbAFadaE";
const EVM_2 = "0x188d526A0Be5AFe74716dDf35d04fD7Bb57bFeAD";
const TRON = "TP9dG5pDouNEPNcbDif9w9atvMFz4pm4KY";
const TRON_2 = "TKSqrC4gFMZtztVvRDcxQhZ6Nw2Q9Wc3WT";
const SOLANA = "6rkATgCwefZq21KYt8LuxovBryxWgVJp6ohg17WdDGuA";
const BTC_TESTNET = "tb1q7e7m5rcnr8tv5q94y52ja2m4vl7cr5k7lda322";
const BTC_MAINNET = "bc1qkqzus2yv5xe00zm9yjmpe5ae5m6fwqgd20kywk";
const XRP = "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh";
/** EVM with one letter's case flipped: the EIP-55 checksum no longer matches. */
const EVM_BAD_CHECKSUM = "0xd0D350Aa0da84eeB26c249839E615dBDCbAFadaE";

const CHANGED = "Inputs changed after submission";
const ID_PATTERN = /^[A-Za-z0-9_]{1,32}$/;

function gatePay(recipient: string, extra: RowInput = {}): RowInput {
  return {
    Provider: "GatePay",
    Recipient: recipient,
    Currency: "USDT",
    Network: "TRC20",
    Address: TRON,
    Amount: "2.5",
    ...extra,
  };
}

function coinGate(recipient: string, extra: RowInput = {}): RowInput {
  return {
    Provider: "CoinGate",
    Recipient: recipient,
    "Recipient type": "person",
    Email: "payee@example.com",
    Country: "LT",
    Currency: "USDT",
    Network: "ERC20",
    Address: EVM,
    Amount: "10.5",
    Purpose: "Invoice 12",
    ...extra,
  };
}

function setUp(options: ConstructorParameters<typeof Harness>[0] = {}): Harness {
  const h = new Harness(options);
  h.call("setupPayoutsSheet");
  return h;
}

function validate(h: Harness): Record<string, unknown> {
  return h.call("validatePayouts");
}

function byRecipient(h: Harness, recipient: string): Record<string, string> {
  const rows = h.rows().filter((row) => row.Recipient === recipient);
  if (rows.length !== 1) throw new Error(`${rows.length} rows for ${recipient}`);
  return rows[0];
}

function column(h: Harness, header: string): number {
  const index = h.emu.sheet("Payouts")?.display()[0].indexOf(header) ?? -1;
  if (index < 0) throw new Error(`No column ${header}`);
  return index + 1;
}

/** Sheet row (1-based) of the row paying `recipient`. */
function sheetRow(h: Harness, recipient: string): number {
  const display = h.emu.sheet("Payouts")?.display() ?? [];
  const index = display.findIndex((row) => row[column(h, "Recipient") - 1] === recipient);
  if (index < 1) throw new Error(`No row for ${recipient}`);
  return index + 1;
}

function edit(h: Harness, recipient: string, header: string, text: string): void {
  h.emu.typeInto("Payouts", sheetRow(h, recipient), column(h, header), [[text]]);
}

/**
 * A person typing into a cell with Sheets' Automatic format (or `format`), as on a sheet nobody
 * set up: the setup's plain-text format of the cell is reset first through the raw cell.
 */
function typeAuto(h: Harness, recipient: string, header: string, text: string, format?: string) {
  const row = sheetRow(h, recipient);
  const col = column(h, header);
  const cell = h.emu.sheet("Payouts")?.cell(row, col);
  if (!cell) throw new Error("no cell");
  if (format === undefined) delete cell.format;
  else cell.format = format;
  h.emu.typeInto("Payouts", row, col, [[text]]);
}

/** Re-types every data row in a new order, as a person sorting the sheet. */
function reorder(h: Harness, order: (rows: string[][]) => string[][]): void {
  const [, ...data] = h.emu.sheet("Payouts")?.display() ?? [];
  h.emu.typeInto("Payouts", 2, 1, order(data));
}

describe("validatePayouts: one read and one write whatever the number of rows", () => {
  function runWith(count: number) {
    const h = setUp();
    const rows = Array.from({ length: count }, (_, i) =>
      i % 2 === 0
        ? gatePay(`G${i}`, { Amount: `${2 + i}.25` })
        : coinGate(`Carl C${i}`, { Amount: i % 3 === 0 ? "-1" : `${1 + i}` }),
    );
    h.addRows(rows);
    const run = h.run("validatePayouts");
    expect(run.error).toBeUndefined();
    return { h, run, count };
  }

  it("makes the same number of spreadsheet calls for 10 and for 1,000 rows", () => {
    const small = runWith(10);
    const large = runWith(1000);
    // The only difference: the record (one "prepared" entry per new row) grows its sheet by a
    // thousand plain-text rows once, in five calls (lookup, size, insert, format), and the Audit
    // log (one "Inputs prepared" entry each) in three (its size is read anyway; insert, format).
    const growth = 5 + 3;
    expect(large.run.meter.calls["Sheet.insertRowsAfter"]).toBe(2);
    expect(small.run.meter.calls["Sheet.insertRowsAfter"]).toBeUndefined();
    expect(large.run.meter.spreadsheetCalls).toBe(small.run.meter.spreadsheetCalls + growth);
    for (const { run } of [small, large]) {
      expect(run.meter.calls["Range.getValues"]).toBe(1);
      // One write of the rows, one of the record's entries, one of the audit entries.
      expect(run.meter.calls["Range.setValues"]).toBe(3);
    }
    // Every row got a verdict and its own ID.
    const rows = large.h.rows();
    expect(rows).toHaveLength(1000);
    expect(rows.every((row) => ["VALID", "INVALID"].includes(row.Status))).toBe(true);
    expect(rows.filter((row) => row.Status === "INVALID")).toHaveLength(167);
    expect(new Set(rows.map((row) => row["Payout ID"])).size).toBe(1000);
    expect(rows.every((row) => ID_PATTERN.test(row["Payout ID"]))).toBe(true);
  });
});

describe("validatePayouts: verdicts", () => {
  it("accepts good rows of both providers, networks by code or alias", () => {
    const h = setUp();
    const good: RowInput[] = [
      coinGate("cg erc20"),
      coinGate("cg ethereum", { Network: "Ethereum", Address: EVM_2 }),
      coinGate("cg code", { Network: "ethereum", Amount: "11" }),
      coinGate("cg trc20", { Network: "TRC20", Address: TRON }),
      coinGate("cg tron", { Network: "Tron", Address: TRON_2 }),
      coinGate("cg solana", { Network: "Solana", Address: SOLANA }),
      coinGate("cg polygon", { Network: "Polygon", Address: EVM_2, Amount: "3" }),
      coinGate("cg btc", {
        Currency: "BTC",
        Network: "Bitcoin",
        Address: BTC_TESTNET,
        Amount: "0.001",
      }),
      coinGate("cg business", { "Recipient type": "business", "Company code": "305999888" }),
      coinGate("cg alpha3", { Country: "LTU", Amount: "12" }),
      coinGate("cg eur", { "Amount currency": "EUR", Amount: "50" }),
      gatePay("gp trc20"),
      gatePay("gp tron", { Network: "Tron", Address: TRON_2 }),
      gatePay("gp code", { Network: "TRX", Amount: "7" }),
      gatePay("gp erc20", { Network: "ERC20", Address: EVM }),
      gatePay("gp eth", { Network: "ETH", Address: EVM_2 }),
      gatePay("gp bep20", { Network: "BEP20", Address: EVM }),
      gatePay("gp bsc", { Network: "BSC", Address: EVM_2 }),
      gatePay("gp solana", { Network: "Solana", Address: SOLANA }),
      gatePay("gp sol", { Network: "SOL", Address: SOLANA, Amount: "3" }),
      gatePay("gp polygon", { Network: "Polygon", Address: EVM }),
      gatePay("gp btc", {
        Currency: "BTC",
        Network: "Bitcoin",
        Address: BTC_MAINNET,
        Amount: "0.01",
      }),
      gatePay("gp fee", { "Fee mode": "recipient", Amount: "9.123456" }),
      gatePay("gp lower", { Provider: "gatepay", Currency: "usdt", Network: "trc20", Amount: "8" }),
    ];
    h.addRows(good);
    const summary = validate(h);
    expect(summary).toMatchObject({ ok: true, valid: good.length, invalid: 0 });
    expect(summary.catalogs).toEqual([
      { provider: "CoinGate", source: "live" },
      { provider: "GatePay", source: "live" },
    ]);
    for (const row of h.rows()) {
      expect({ who: row.Recipient, status: row.Status, error: row.Error }).toEqual({
        who: row.Recipient,
        status: "VALID",
        error: FIRST_PAYMENT,
      });
      expect(row["Payout ID"]).toMatch(ID_PATTERN);
      expect(row["Updated at"]).not.toBe("");
    }
  });

  it("lists every mistake of a row, not only the first", () => {
    const h = setUp();
    h.addRows([
      gatePay("three", { Address: EVM, Memo: "123", Amount: "abc" }),
      coinGate("many", { Email: "nope", Country: "XX", Purpose: "", "Recipient type": "robot" }),
    ]);
    validate(h);
    const three = byRecipient(h, "three");
    expect(three.Status).toBe("INVALID");
    expect(three.Error).toContain("Address is not a valid Tron address");
    expect(three.Error).toContain("Tron does not use a memo");
    expect(three.Error).toContain('Amount "abc"');
    const many = byRecipient(h, "many");
    expect(many.Status).toBe("INVALID");
    for (const part of ['Email "nope"', 'Country "XX"', "Purpose is required", '"robot"'])
      expect(many.Error).toContain(part);
  });

  it("refuses an unknown or empty provider", () => {
    const h = setUp();
    h.addRows([gatePay("binance", { Provider: "Binance" }), gatePay("none", { Provider: "" })]);
    validate(h);
    expect(byRecipient(h, "binance").Error).toContain('Provider "Binance" is unknown');
    expect(byRecipient(h, "none").Error).toContain("Provider is empty");
    expect(byRecipient(h, "none").Status).toBe("INVALID");
  });

  it("requires the fields each provider needs (CONTRACT section 3)", () => {
    const h = setUp();
    h.addRows([
      { Provider: "CoinGate", Recipient: "cg bare" },
      { Provider: "GatePay", Recipient: "gp bare" },
      coinGate("cg business", { "Recipient type": "business" }),
    ]);
    validate(h);
    const cg = byRecipient(h, "cg bare").Error;
    for (const field of [
      "Recipient type",
      "Email",
      "Country",
      "Currency",
      "Network",
      "Address",
      "Amount",
      "Purpose",
    ])
      expect(cg).toContain(`${field} is required for CoinGate.`);
    const gp = byRecipient(h, "gp bare").Error;
    for (const field of ["Currency", "Network", "Address", "Amount"])
      expect(gp).toContain(`${field} is required for GatePay.`);
    for (const field of ["Recipient type", "Email", "Country", "Purpose"])
      expect(gp).not.toContain(`${field} is required`);
    expect(byRecipient(h, "cg business").Error).toContain("Company code is required");
  });

  it("checks amounts as exact decimal text: sign, zero, separators, notation, precision, limits", () => {
    const h = setUp();
    const cases: [string, string][] = [
      ["-5", "negative"],
      ["0", "more than zero"],
      ["0.000", "more than zero"],
      ["+5", "starts with a sign"],
      ["=5", "formula"],
      ["1e3", "scientific notation"],
      ["2.5E-3", "scientific notation"],
      ["1,234.5", "thousands separators"],
      ["1 234.5", "thousands separators"],
      ["2,5", "comma"],
      ["1.2.3", "more than one dot"],
      ["$5", "currency sign"],
      ["ten", "letters"],
      ["1.1234567", "7 decimals; USDT on TRX allows 6"],
      ["1.4", "below GatePay's minimum of 1.5 USDT"],
      ["1000000.01", "above GatePay's maximum of 1000000 USDT"],
    ];
    h.addRows([
      ...cases.map(([amount], i) => gatePay(`amount ${i}`, { Amount: amount })),
      gatePay("exact", { Amount: "0002.500000" }),
      gatePay("at min", { Amount: "1.5" }),
      gatePay("at max", { Amount: "1000000" }),
    ]);
    validate(h);
    cases.forEach(([amount, reason], i) => {
      const row = byRecipient(h, `amount ${i}`);
      expect({ amount, status: row.Status, error: row.Error }).toEqual({
        amount,
        status: "INVALID",
        error: expect.stringContaining(reason),
      });
    });
    for (const who of ["exact", "at min", "at max"])
      expect(byRecipient(h, who).Status).toBe("VALID");
    // The cell is left as typed; the text itself is what is sent.
    expect(byRecipient(h, "exact").Amount).toBe("0002.500000");
  });

  it("refuses numbers Sheets typed by itself unless they read back exactly", () => {
    const h = setUp();
    h.addRows(
      ["float", "huge", "formula", "date", "grouped", "percent", "plain number"].map((who) =>
        gatePay(who),
      ),
    );
    typeAuto(h, "float", "Amount", "0.30000000000000004"); // shown as 0.3
    typeAuto(h, "huge", "Amount", "1234567890123456789012"); // shown as 1.23457E+21
    typeAuto(h, "formula", "Amount", "=1+2");
    typeAuto(h, "date", "Amount", "2026-01-31");
    typeAuto(h, "grouped", "Amount", "1234.5", "#,##0.00"); // shown as 1,234.50
    typeAuto(h, "percent", "Amount", "50%");
    typeAuto(h, "plain number", "Amount", "2.75"); // a number that does read back exactly
    const amount = column(h, "Amount") - 1;
    const raw = h.emu.sheet("Payouts")?.values() ?? [];
    expect(typeof raw[sheetRow(h, "float") - 1][amount]).toBe("number");
    validate(h);
    const reasons: Record<string, string> = {
      float: "does not read back exactly",
      huge: "scientific notation",
      formula: "Amount is a formula",
      date: "is a date",
      grouped: "thousands separators",
      percent: "not a plain decimal",
    };
    for (const [who, reason] of Object.entries(reasons)) {
      const row = byRecipient(h, who);
      expect({ who, status: row.Status, error: row.Error }).toEqual({
        who,
        status: "INVALID",
        error: expect.stringContaining(reason),
      });
    }
    expect(byRecipient(h, "plain number")).toMatchObject({ Status: "VALID", Error: FIRST_PAYMENT });
  });

  it("refuses a formula or formula-looking text (= + - @) in any input cell", () => {
    const h = setUp();
    h.addRows([
      gatePay("=HYPERLINK(1)"),
      gatePay("+44 Bob"),
      gatePay("-Bob"),
      gatePay("@Bob"),
      coinGate("purpose", { Purpose: "=IMPORTXML(1)" }),
      coinGate("email", { Email: "@a.example.com" }),
      gatePay("address", { Address: "=x" }),
      gatePay("provider formula"),
      gatePay("fine", { Recipient: "fine", Memo: "" }),
    ]);
    typeAuto(h, "provider formula", "Provider", "=1+2");
    validate(h);
    for (const who of ["=HYPERLINK(1)", "+44 Bob", "-Bob", "@Bob"]) {
      const row = byRecipient(h, who);
      expect(row.Status).toBe("INVALID");
      expect(row.Error).toContain(`Recipient starts with "${who[0]}"`);
    }
    expect(byRecipient(h, "purpose").Error).toContain('Purpose starts with "="');
    expect(byRecipient(h, "email").Error).toContain('Email starts with "@"');
    expect(byRecipient(h, "address").Error).toContain('Address starts with "="');
    expect(byRecipient(h, "provider formula").Error).toContain("Provider is a formula");
    expect(byRecipient(h, "fine").Status).toBe("VALID");
    // The text echoed back into Error cannot run as a formula either.
    const error = h.emu.sheet("Payouts")?.formulas() ?? [];
    expect(error.flat().every((formula) => formula === "" || formula === "=1+2")).toBe(true);
  });

  it("checks the network and the currency against the live catalogues", () => {
    const h = setUp();
    h.addRows([
      gatePay("unknown network", { Network: "Foochain" }),
      gatePay("btc on tron", { Currency: "BTC" }),
      gatePay("xrp", { Currency: "XRP", Network: "TRX" }),
      gatePay("bad currency", { Currency: "US DOLLAR" }),
      coinGate("cg bep20", { Network: "BEP20" }),
    ]);
    validate(h);
    expect(byRecipient(h, "unknown network").Error).toContain('Network "Foochain" is not known');
    expect(byRecipient(h, "btc on tron").Error).toContain(
      "GatePay does not pay BTC on TRX; it does on BTC.",
    );
    expect(byRecipient(h, "xrp").Error).toContain("GatePay does not pay out XRP.");
    expect(byRecipient(h, "bad currency").Error).toContain("is not a currency code");
    // The CoinGate simulator offers no BNB Smart Chain (the built-in table assumes it does).
    expect(byRecipient(h, "cg bep20").Error).toContain("CoinGate does not offer payouts on");
    for (const row of h.rows()) expect(row.Status).toBe("INVALID");
  });

  it("uses what the provider says now: a disabled chain, its own precision", () => {
    const h = setUp({
      gatepay: {
        chains: {
          USDT: [
            { chain: "TRX", nameEn: "Tron/TRC20", decimal: 2 },
            { chain: "ETH", nameEn: "ETH/ERC20", decimal: 6, withdrawDisabled: true },
          ],
        },
      },
    });
    h.addRows([
      gatePay("two decimals", { Amount: "2.55" }),
      gatePay("three decimals", { Amount: "2.555" }),
      gatePay("disabled", { Network: "ERC20", Address: EVM }),
    ]);
    validate(h);
    expect(byRecipient(h, "two decimals").Status).toBe("VALID");
    expect(byRecipient(h, "three decimals").Error).toContain("allows 2");
    expect(byRecipient(h, "disabled").Status).toBe("INVALID");
    expect(byRecipient(h, "disabled").Error).toContain(
      "GatePay has USDT payouts on ETH disabled right now.",
    );
  });

  it("uses the built-in table when no provider is configured", () => {
    const h = setUp({ coingate: false, gatepay: false });
    h.addRows([
      coinGate("cg bep20", { Network: "BEP20" }),
      gatePay("gp xrp", { Currency: "XRP", Network: "XRP", Address: XRP, Memo: "12345" }),
      gatePay("gp seven", { Amount: "1.1234567" }),
      gatePay("gp arbitrum", { Network: "Arbitrum", Address: EVM, Amount: "0.5" }),
      gatePay("gp btc on tron", { Currency: "BTC" }),
    ]);
    const summary = validate(h);
    expect(summary.catalogs).toEqual([
      { provider: "CoinGate", source: "built-in" },
      { provider: "GatePay", source: "built-in" },
    ]);
    expect(h.coingate.received).toHaveLength(0);
    expect(byRecipient(h, "cg bep20").Status).toBe("VALID");
    expect(byRecipient(h, "gp xrp").Status).toBe("VALID");
    // No minimum is assumed offline, but precision is.
    expect(byRecipient(h, "gp arbitrum").Status).toBe("VALID");
    expect(byRecipient(h, "gp seven").Error).toContain("allows 6");
    expect(byRecipient(h, "gp btc on tron").Error).toContain("does not pay BTC on TRX");
  });

  it("falls back to the built-in table when the properties are deleted", () => {
    const h = setUp();
    for (const key of ["COINGATE_API_TOKEN", "GATEPAY_CLIENT_ID", "GATEPAY_API_SECRET"])
      h.emu.properties.delete(key);
    h.addRows([gatePay("gp")]);
    const run = h.run("validatePayouts");
    expect(run.meter.fetches).toBe(0);
    expect(run.value).toMatchObject({ catalogs: [{ provider: "GatePay", source: "built-in" }] });
    expect(byRecipient(h, "gp").Status).toBe("VALID");
  });

  it("checks addresses for their network, checksums included", () => {
    const h = setUp();
    h.addRows([
      gatePay("eip55", { Network: "ERC20", Address: EVM_BAD_CHECKSUM }),
      gatePay("tron on erc20", { Network: "ERC20", Address: TRON }),
      gatePay("evm on tron", { Address: EVM }),
      gatePay("tron typo", { Address: TRON.slice(0, -1) + "L" }),
      gatePay("solana short", { Network: "Solana", Address: SOLANA.slice(0, 20) }),
      gatePay("btc testnet on live", {
        Currency: "BTC",
        Network: "Bitcoin",
        Address: BTC_TESTNET,
        Amount: "0.01",
      }),
      coinGate("btc mainnet on sandbox", {
        Currency: "BTC",
        Network: "Bitcoin",
        Address: BTC_MAINNET,
        Amount: "0.01",
      }),
      gatePay("evm lower", { Network: "ERC20", Address: EVM.toLowerCase() }),
    ]);
    validate(h);
    expect(byRecipient(h, "eip55").Error).toContain("checksum");
    expect(byRecipient(h, "tron on erc20").Error).toContain("this is a Tron address");
    expect(byRecipient(h, "evm on tron").Error).toContain("not a valid Tron address");
    expect(byRecipient(h, "tron typo").Error).toContain("not a valid Tron address");
    expect(byRecipient(h, "solana short").Error).toContain("not a valid Solana address");
    // A valid address of the other net (mainnet vs testnet) is named as such.
    expect(byRecipient(h, "btc testnet on live").Error).toContain(
      "Address is a Bitcoin testnet address, but GatePay pays to mainnet addresses.",
    );
    expect(byRecipient(h, "btc mainnet on sandbox").Error).toContain(
      "Address is a Bitcoin mainnet address, but CoinGate runs in its sandbox here, which pays to testnet addresses.",
    );
    for (const who of [
      "eip55",
      "tron on erc20",
      "evm on tron",
      "tron typo",
      "solana short",
      "btc testnet on live",
      "btc mainnet on sandbox",
    ])
      expect(byRecipient(h, who).Status).toBe("INVALID");
    // An all-lower-case address carries no checksum to check (EIP-55).
    expect(byRecipient(h, "evm lower").Status).toBe("VALID");
  });

  it("requires a destination tag on XRP and refuses a memo where none is used", () => {
    const h = setUp({ coingate: false, gatepay: false });
    const xrp = { Currency: "XRP", Network: "XRP", Address: XRP };
    h.addRows([
      gatePay("xrp none", xrp),
      gatePay("xrp tag", { ...xrp, Memo: "4294967295" }),
      gatePay("xrp text", { ...xrp, Memo: "abc" }),
      gatePay("xrp big", { ...xrp, Memo: "4294967296" }),
      coinGate("cg xrp none", xrp),
      coinGate("cg xrp tag", { ...xrp, Memo: "0" }),
      gatePay("tron memo", { Memo: "42" }),
      coinGate("erc20 memo", { Memo: "hello" }),
    ]);
    validate(h);
    expect(byRecipient(h, "xrp none").Error).toContain("need a destination tag in Memo");
    expect(byRecipient(h, "cg xrp none").Error).toContain("need a destination tag in Memo");
    expect(byRecipient(h, "xrp tag").Status).toBe("VALID");
    expect(byRecipient(h, "cg xrp tag").Status).toBe("VALID");
    expect(byRecipient(h, "xrp text").Error).toContain("whole number");
    expect(byRecipient(h, "xrp big").Error).toContain("whole number");
    expect(byRecipient(h, "tron memo").Error).toContain("does not use a memo");
    expect(byRecipient(h, "erc20 memo").Error).toContain("does not use a memo");
  });

  it("checks CoinGate's payee fields and sends the country as alpha-3", () => {
    const h = setUp();
    h.addRows([
      coinGate("alpha two", { Country: "lt" }),
      coinGate("alpha three", { Country: "DEU", Address: EVM_2, Amount: "20" }),
      coinGate("bad country", { Country: "ZZZ" }),
      coinGate("bad email", { Email: "a@b" }),
      coinGate("bad type", { "Recipient type": "company" }),
      coinGate("business", { "Recipient type": "business" }),
      coinGate("no purpose", { Purpose: "" }),
      coinGate("fee mode", { "Fee mode": "sender", Amount: "30" }),
      gatePay("gp amount currency", { "Amount currency": "EUR" }),
    ]);
    validate(h);
    expect(byRecipient(h, "alpha two").Status).toBe("VALID");
    expect(byRecipient(h, "alpha three").Status).toBe("VALID");
    expect(byRecipient(h, "bad country").Error).toContain('"ZZZ"');
    expect(byRecipient(h, "bad email").Error).toContain('Email "a@b" is not a well-formed');
    expect(byRecipient(h, "bad type").Error).toContain("must be person or business");
    expect(byRecipient(h, "business").Error).toContain("Company code is required");
    expect(byRecipient(h, "no purpose").Error).toContain("Purpose is required for CoinGate");
    // A GatePay-only field on a CoinGate row is a note, not a reason to refuse.
    expect(byRecipient(h, "fee mode")).toMatchObject({
      Status: "VALID",
      Error: expect.stringContaining("Fee mode applies to GatePay only"),
    });
    expect(byRecipient(h, "gp amount currency").Error).toContain("leave Amount currency empty");

    // What CoinGate receives: the alpha-2 country converted to alpha-3.
    for (const who of ["bad country", "bad email", "bad type", "business", "no purpose"])
      edit(h, who, "Provider", "");
    edit(h, "gp amount currency", "Provider", "");
    h.call("submitPayouts");
    const countries = h.coingate.received
      .filter((request) => request.url.endsWith("/v2/beneficiaries") && request.method === "POST")
      .map((request) => new URLSearchParams(String(request.body)).get("country"));
    expect(countries.sort()).toEqual(["DEU", "LTU", "LTU"]); // alpha2, alpha3, fee mode
  });
});

describe("validatePayouts: Payout IDs and duplicates", () => {
  it("gives each row an ID once, keeps it, and never hands out an old one again", () => {
    const h = setUp();
    h.addRows([gatePay("a"), gatePay("b", { Amount: "0.1" }), gatePay("c", { Amount: "3" })]);
    const first = validate(h);
    expect(first.newIds).toBe(3);
    const ids = Object.fromEntries(
      ["a", "b", "c"].map((who) => [who, byRecipient(h, who)["Payout ID"]]),
    );
    expect(new Set(Object.values(ids)).size).toBe(3);
    for (const id of Object.values(ids)) expect(id).toMatch(ID_PATTERN);

    expect(validate(h).newIds).toBe(0);
    for (const who of ["a", "b", "c"]) expect(byRecipient(h, who)["Payout ID"]).toBe(ids[who]);

    // A person clears an ID, and deletes a row and types a new one in its place.
    edit(h, "a", "Payout ID", "");
    h.emu.typeInto("Payouts", sheetRow(h, "c"), 1, [
      h.emu
        .sheet("Payouts")
        ?.display()[0]
        .map(() => "") ?? [],
    ]);
    h.addRows([gatePay("d", { Amount: "4" })]);
    expect(validate(h).newIds).toBe(2);
    const seen = new Set(Object.values(ids));
    for (const who of ["a", "d"]) {
      const id = byRecipient(h, who)["Payout ID"];
      expect(id).toMatch(ID_PATTERN);
      expect(seen.has(id)).toBe(false);
      seen.add(id);
    }
    expect(byRecipient(h, "b")["Payout ID"]).toBe(ids.b);
  });

  it("refuses a Payout ID that is on two rows, or not in the ID format", () => {
    const h = setUp();
    h.addRows([gatePay("original")]);
    validate(h);
    const id = byRecipient(h, "original")["Payout ID"];
    h.addRows([gatePay("copy", { "Payout ID": id, Amount: "3" })]);
    h.addRows([gatePay("odd id", { "Payout ID": "has space!", Amount: "4" })]);
    validate(h);
    for (const who of ["original", "copy"]) {
      const row = byRecipient(h, who);
      expect(row.Status).toBe("INVALID");
      expect(row.Error).toContain(`Payout ID ${id} is also on row`);
      expect(row["Payout ID"]).toBe(id);
    }
    expect(byRecipient(h, "odd id").Error).toContain("is not 1 to 32 letters");
  });

  it("warns, without refusing, when the same payment appears twice", () => {
    const h = setUp();
    h.addRows([
      gatePay("twice"),
      gatePay("twice", { Network: "Tron" }),
      gatePay("twice", { Amount: "2.6" }),
    ]);
    validate(h);
    const rows = h.rows();
    expect(rows.map((row) => row.Status)).toEqual(["VALID", "VALID", "VALID"]);
    expect(rows[0].Error).toBe(FIRST_PAYMENT);
    expect(rows[1].Error).toMatch(/^Warning: .*same recipient, address, currency and amount/);
    expect(rows[2].Error).toBe(FIRST_PAYMENT);
  });
});

describe("validatePayouts: submitted rows", () => {
  const submitted = [
    "QUEUED",
    "SUBMITTING",
    "PENDING",
    "NEEDS_ACTION",
    "PROCESSING",
    "COMPLETED",
    "FAILED",
    "REJECTED",
    "CANCELED",
    "EXPIRED",
  ];

  it("never believes a typed status: rows claiming a payout the add-on never sent are flagged, not validated or sent", () => {
    const h = setUp();
    h.addRows(
      submitted.map((status, i) => ({
        ...gatePay(`typed ${status}`),
        "Payout ID": `P_${i}`,
        Status: status,
        "Provider ID": i % 2 ? `55500${i}` : "",
      })),
    );
    h.addRows([gatePay("new", { Amount: "1e21" })]);
    const summary = validate(h);
    // On the very first run a QUEUED row is taken for one an older version left unsent: it goes
    // back to validation (app/record/adopt.ts). Every other typed status is disowned.
    expect(summary).toMatchObject({ valid: 1, invalid: 1, disowned: submitted.length - 1 });
    expect(byRecipient(h, "typed QUEUED")).toMatchObject({ "Payout ID": "P_0", Status: "VALID" });
    for (const [i, status] of submitted.entries()) {
      if (status === "QUEUED") continue;
      const row = byRecipient(h, `typed ${status}`);
      expect(row["Payout ID"]).toBe(`P_${i}`);
      expect(row.Status).toBe("INVALID");
      expect(row.Error).toContain(`The add-on never sent Payout ID P_${i}`);
    }
    expect(byRecipient(h, "new").Status).toBe("INVALID");
    // A row whose typed Status was its only claim is an ordinary new row once the add-on reset
    // it: a submit reviews and sends it like any other. Rows with a typed Provider ID stay out.
    h.call("submitPayouts");
    const sent = h.gatepay
      .ledger()
      .map((entry) => entry.merchantWithdrawId)
      .sort();
    expect(sent).toEqual(submitted.flatMap((_, i) => (i % 2 ? [] : [`P_${i}`])).sort());
    for (const [i, status] of submitted.entries())
      if (i % 2) expect(byRecipient(h, `typed ${status}`).Status).toBe("INVALID");
  });

  it("flags an edit of a submitted row, and stops when the edit is undone", () => {
    const h = setUp();
    h.addRows([gatePay("sent"), coinGate("sent cg"), gatePay("untouched", { Amount: "3" })]);
    h.call("submitPayouts");
    const after = Object.fromEntries(
      ["sent", "sent cg", "untouched"].map((who) => [who, byRecipient(h, who)]),
    );
    for (const row of Object.values(after)) {
      expect(["PENDING", "PROCESSING"]).toContain(row.Status);
      expect(row.Error).toBe("");
    }
    edit(h, "sent", "Amount", "3");
    edit(h, "sent cg", "Amount", "99");
    const summary = validate(h);
    expect(summary.changedAfterSubmit).toBe(2);
    for (const who of ["sent", "sent cg"]) {
      const row = byRecipient(h, who);
      expect(row.Error).toContain(CHANGED);
      expect(row.Status).toBe(after[who].Status);
      expect(row["Payout ID"]).toBe(after[who]["Payout ID"]);
    }
    expect(byRecipient(h, "untouched")).toEqual(after.untouched);
    // Again: said once, not repeated.
    validate(h);
    expect(byRecipient(h, "sent").Error.split(CHANGED)).toHaveLength(2);

    edit(h, "sent", "Amount", "2.5");
    expect(validate(h).changedAfterSubmit).toBe(1);
    expect(byRecipient(h, "sent").Error).not.toContain(CHANGED);
    expect(byRecipient(h, "sent cg").Error).toContain(CHANGED);
  });
});

describe("validatePayouts: rows are identified by Payout ID", () => {
  it("keeps IDs and verdicts with their rows when the sheet is sorted between runs", () => {
    const h = setUp();
    h.addRows([gatePay("a"), gatePay("b", { Amount: "0.1" }), gatePay("c", { Amount: "3" })]);
    validate(h);
    const ids = Object.fromEntries(
      ["a", "b", "c"].map((who) => [who, byRecipient(h, who)["Payout ID"]]),
    );
    expect(byRecipient(h, "b").Status).toBe("INVALID");

    reorder(h, (rows) => [...rows].reverse());
    expect(h.rows().map((row) => row.Recipient)).toEqual(["c", "b", "a"]);
    edit(h, "b", "Amount", "5");
    edit(h, "c", "Address", EVM);
    validate(h);
    expect(byRecipient(h, "a")).toMatchObject({ "Payout ID": ids.a, Status: "VALID" });
    expect(byRecipient(h, "b")).toMatchObject({
      "Payout ID": ids.b,
      Status: "VALID",
      Error: FIRST_PAYMENT,
    });
    expect(byRecipient(h, "c")).toMatchObject({ "Payout ID": ids.c, Status: "INVALID" });
    expect(byRecipient(h, "c").Error).toContain("Address");
  });

  it("writes each verdict to its row when the sheet is sorted while validation runs", () => {
    const h = setUp();
    h.addRows([gatePay("a"), gatePay("b", { Amount: "0.1" }), gatePay("c", { Amount: "3" })]);
    validate(h);
    const ids = Object.fromEntries(
      ["a", "b", "c"].map((who) => [who, byRecipient(h, who)["Payout ID"]]),
    );
    edit(h, "b", "Amount", "5");
    edit(h, "c", "Address", EVM);
    // A person sorts the sheet while the run waits for GatePay's currency list.
    let sorted = false;
    h.emu.route(GATEPAY_HOST, (request) => {
      if (!sorted) {
        sorted = true;
        reorder(h, (rows) => [rows[1], rows[2], rows[0]]);
      }
      return h.gatepay.handle(request);
    });
    validate(h);
    expect(sorted).toBe(true);
    expect(h.rows().map((row) => row.Recipient)).toEqual(["b", "c", "a"]);
    expect(byRecipient(h, "a")).toMatchObject({ "Payout ID": ids.a, Status: "VALID" });
    expect(byRecipient(h, "b")).toMatchObject({
      "Payout ID": ids.b,
      Status: "VALID",
      Error: FIRST_PAYMENT,
    });
    expect(byRecipient(h, "c")).toMatchObject({ "Payout ID": ids.c, Status: "INVALID" });
    expect(byRecipient(h, "c").Error).toContain("Address");
  });

  it("writes nothing when rows without an ID moved during the run, and succeeds when run again", () => {
    const h = setUp();
    h.addRows([gatePay("a"), gatePay("b", { Amount: "0.1" })]);
    let sorted = false;
    h.emu.route(GATEPAY_HOST, (request) => {
      if (!sorted) {
        sorted = true;
        reorder(h, (rows) => [...rows].reverse());
      }
      return h.gatepay.handle(request);
    });
    const run = h.run("validatePayouts");
    expect(run.error?.message).toContain("Run it again");
    expect(h.rows().map((row) => [row.Recipient, row["Payout ID"], row.Status])).toEqual([
      ["b", "", ""],
      ["a", "", ""],
    ]);
    validate(h);
    expect(byRecipient(h, "a").Status).toBe("VALID");
    expect(byRecipient(h, "b").Status).toBe("INVALID");
  });
});
