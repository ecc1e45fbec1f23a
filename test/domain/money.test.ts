import fc from "fast-check";
import {
  addAmounts,
  compareAmounts,
  decimalPlaces,
  formatAmount,
  isZero,
  multiplyAmount,
  parseAmount,
  percentOf,
  readAmountCell,
  roundAmount,
  subtractAmounts,
  asAmount,
  type Amount,
} from "../../src/domain/money";

function reasonOf(result: { ok: boolean; reason?: string }): string {
  if (result.ok) throw new Error("expected a refusal");
  return result.reason ?? "";
}

describe("parseAmount", () => {
  it.each([
    ["10", "10"],
    ["10.5", "10.5"],
    ["0.000001", "0.000001"],
    ["010.50", "10.5"],
    ["10.", "10"],
    ["  7.25 ", "7.25"],
    ["100.000", "100"],
    ["0.10", "0.1"],
    ["123456789012345678901234567890.123456789", "123456789012345678901234567890.123456789"],
  ])("accepts %j as %j", (input, expected) => {
    expect(parseAmount(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", /empty/],
    ["   ", /empty/],
    ["-5", /negative/],
    ["-0.1", /negative/],
    ["0", /more than zero/],
    ["0.000", /more than zero/],
    ["1e21", /scientific notation/],
    ["1E+21", /scientific notation/],
    ["2.5e-7", /scientific notation/],
    ["1,234.50", /thousands separators/],
    ["1 234", /thousands separators/],
    ["1\u00a0234,56", /thousands separators/],
    ["1.234,56", /thousands separators/],
    ["10,5", /comma/],
    ["1,234", /comma/],
    ["$10", /currency sign/],
    ["10 €", /currency sign/],
    ["£3.50", /currency sign/],
    ["1.2.3", /more than one dot/],
    ["ten", /letters/],
    ["10 USDT", /letters/],
    ["0x10", /letters/],
    ["Infinity", /letters/],
    ["=A1*2", /formula/],
    ["=SUM(B2:B9)", /formula/],
    ["+10", /sign/],
    [".5", /start with a digit/],
    ["10 5", /spaces/],
    ["1".repeat(65), /too long/],
  ])("refuses %j", (input, pattern) => {
    expect(reasonOf(parseAmount(input))).toMatch(pattern);
  });

  it("round-trips every canonical decimal", () => {
    fc.assert(
      fc.property(canonicalDecimal(), (value) => {
        expect(parseAmount(value)).toEqual({ ok: true, value });
      }),
    );
  });

  it("strips leading and trailing zeros to the canonical form", () => {
    fc.assert(
      fc.property(
        canonicalDecimal(),
        fc.nat({ max: 5 }),
        fc.nat({ max: 5 }),
        (value, leading, trailing) => {
          const padded =
            "0".repeat(leading) + value + (value.includes(".") ? "" : ".") + "0".repeat(trailing);
          expect(parseAmount(padded)).toEqual({ ok: true, value });
        },
      ),
    );
  });

  it("never returns exponent notation", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (input) => {
        const result = parseAmount(input);
        if (result.ok) expect(result.value).not.toMatch(/[eE]/);
      }),
    );
  });
});

describe("readAmountCell", () => {
  it("accepts text cells as typed", () => {
    expect(readAmountCell("0.1", "0.1")).toEqual({ ok: true, value: "0.1" });
    expect(readAmountCell("12.50", "12.50")).toEqual({ ok: true, value: "12.5" });
  });

  it("accepts a number that reads back exactly", () => {
    expect(readAmountCell(0.1, "0.1")).toEqual({ ok: true, value: "0.1" });
    expect(readAmountCell(10.5, "10.50")).toEqual({ ok: true, value: "10.5" });
    expect(readAmountCell(250, "250")).toEqual({ ok: true, value: "250" });
  });

  it("refuses numbers the sheet shows in scientific notation", () => {
    expect(reasonOf(readAmountCell(1e21, "1E+21"))).toMatch(/scientific notation/);
  });

  it("accepts numbers whose shortest text uses an exponent when the sheet shows them in full", () => {
    expect(readAmountCell(1e-7, "0.0000001")).toEqual({ ok: true, value: "0.0000001" });
    expect(readAmountCell(1e21, "1000000000000000000000")).toEqual({
      ok: true,
      value: "1000000000000000000000",
    });
    expect(reasonOf(readAmountCell(1e-7, "0.00"))).toMatch(/more than zero/);
    expect(reasonOf(readAmountCell(1.5e-7, "0.0000002"))).toMatch(/does not read back exactly/);
  });

  it("refuses numbers shown with thousands separators", () => {
    expect(reasonOf(readAmountCell(1234.5, "1,234.50"))).toMatch(/thousands separators/);
  });

  it("refuses a float that is not what the sheet shows", () => {
    expect(reasonOf(readAmountCell(0.1 + 0.2, "0.3"))).toMatch(/does not read back exactly/);
    expect(reasonOf(readAmountCell(1.23456, "1.23"))).toMatch(/does not read back exactly/);
  });

  it("refuses currency-formatted, negative and zero numbers", () => {
    expect(reasonOf(readAmountCell(10, "$10.00"))).toMatch(/currency sign/);
    expect(reasonOf(readAmountCell(-5, "-5"))).toMatch(/negative/);
    expect(reasonOf(readAmountCell(0, "0"))).toMatch(/more than zero/);
  });

  it("refuses booleans, dates, empty cells and non-finite numbers", () => {
    expect(reasonOf(readAmountCell(true, "TRUE"))).toMatch(/TRUE/);
    expect(reasonOf(readAmountCell(new Date(2026, 0, 5), "1/5/2026"))).toMatch(/date/);
    expect(reasonOf(readAmountCell("", ""))).toMatch(/empty/);
    expect(reasonOf(readAmountCell(null, ""))).toMatch(/empty/);
    expect(reasonOf(readAmountCell(Number.NaN, "#NUM!"))).toMatch(/finite/);
  });

  it("accepts any number whose shortest text is what the sheet shows", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e15, noNaN: true }), (n) => {
        const shortest = String(n);
        fc.pre(!/e/i.test(shortest));
        expect(readAmountCell(n, shortest)).toEqual({ ok: true, value: shortest });
      }),
    );
  });
});

describe("arithmetic", () => {
  it("adds, subtracts and multiplies exactly", () => {
    expect(addAmounts(asAmount("0.1"), asAmount("0.2"))).toBe("0.3");
    expect(addAmounts()).toBe("0");
    expect(subtractAmounts(asAmount("1"), asAmount("0.000001"))).toBe("0.999999");
    expect(subtractAmounts(asAmount("1"), asAmount("3"))).toBe("-2");
    expect(multiplyAmount(asAmount("0.1"), asAmount("3"))).toBe("0.3");
    expect(
      addAmounts(asAmount("1000000000000000000000000"), asAmount("0.000000000000000000000001")),
    ).toBe("1000000000000000000000000.000000000000000000000001");
  });

  it("compares, counts decimals, formats and detects zero", () => {
    expect(compareAmounts(asAmount("10"), asAmount("9.99"))).toBe(1);
    expect(compareAmounts(asAmount("0.10"), asAmount("0.1"))).toBe(0);
    expect(compareAmounts(asAmount("-1"), asAmount("0"))).toBe(-1);
    expect(decimalPlaces("10.50")).toBe(1);
    expect(decimalPlaces("10")).toBe(0);
    expect(decimalPlaces("0.000001")).toBe(6);
    expect(formatAmount("010.500")).toBe("10.5");
    expect(formatAmount("-0.0")).toBe("0");
    expect(isZero(asAmount("0.000"))).toBe(true);
    expect(isZero(asAmount("0.001"))).toBe(false);
  });

  it("takes percentages exactly", () => {
    expect(percentOf(asAmount("250"), "0.1%")).toBe("0.25");
    expect(percentOf(asAmount("123.456789"), "0%")).toBe("0");
    expect(percentOf(asAmount("1"), "0.015%")).toBe("0.00015");
    expect(() => percentOf(asAmount("1"), "0.1")).toThrow(/percentage/);
  });

  it("rounds up or down to a number of places", () => {
    expect(roundAmount(asAmount("1.234561"), 5, "up")).toBe("1.23457");
    expect(roundAmount(asAmount("1.234569"), 5, "down")).toBe("1.23456");
    expect(roundAmount(asAmount("2"), 6, "up")).toBe("2");
  });

  it("refuses text that is not a decimal", () => {
    expect(() => addAmounts(asAmount("1e3"))).toThrow(/Not decimal text/);
    expect(() => compareAmounts(asAmount("1,5"), asAmount("1"))).toThrow(/Not decimal text/);
  });

  it("sums like integer arithmetic on scaled values", () => {
    fc.assert(
      fc.property(fc.array(signedDecimal(), { maxLength: 8 }), (values) => {
        expect(addAmounts(...values)).toBe(referenceText(values.map(toScaled).reduce(add, ZERO)));
      }),
    );
  });

  it("subtracts and multiplies like integer arithmetic on scaled values", () => {
    fc.assert(
      fc.property(signedDecimal(), signedDecimal(), (a, b) => {
        const x = toScaled(a);
        const y = toScaled(b);
        expect(subtractAmounts(a, b)).toBe(referenceText(add(x, { ...y, units: -y.units })));
        expect(multiplyAmount(a, b)).toBe(
          referenceText({ units: x.units * y.units, scale: x.scale + y.scale }),
        );
        expect(compareAmounts(a, b)).toBe(Math.sign(Number(add(x, negate(y)).units)));
      }),
    );
  });

  it("never writes exponent notation", () => {
    fc.assert(
      fc.property(signedDecimal(), signedDecimal(), (a, b) => {
        for (const out of [addAmounts(a, b), subtractAmounts(a, b), multiplyAmount(a, b)]) {
          expect(out).not.toMatch(/[eE]/);
        }
      }),
    );
  });
});

/** Canonical positive decimals: no leading zeros, no trailing fractional zeros. */
function canonicalDecimal(): fc.Arbitrary<string> {
  const digits = (min: number, max: number) =>
    fc.string({ unit: fc.constantFrom(..."0123456789".split("")), minLength: min, maxLength: max });
  const integer = fc.oneof(
    fc.constant("0"),
    fc.tuple(fc.constantFrom(..."123456789".split("")), digits(0, 25)).map(([a, b]) => a + b),
  );
  const fraction = fc.oneof(
    fc.constant(""),
    fc.tuple(digits(0, 20), fc.constantFrom(..."123456789".split(""))).map(([a, b]) => `.${a}${b}`),
  );
  return fc
    .tuple(integer, fraction)
    .map(([i, f]) => i + f)
    .filter((v) => v !== "0");
}

function signedDecimal(): fc.Arbitrary<Amount> {
  return fc
    .tuple(fc.boolean(), fc.oneof(canonicalDecimal(), fc.constant("0")))
    .map(([negative, v]) => asAmount(negative && v !== "0" ? `-${v}` : v));
}

interface Scaled {
  units: bigint;
  scale: number;
}

const ZERO: Scaled = { units: 0n, scale: 0 };

function toScaled(value: string): Scaled {
  const negative = value.startsWith("-");
  const [integer, fraction = ""] = value.replace("-", "").split(".");
  const units = BigInt(integer + fraction);
  return { units: negative ? -units : units, scale: fraction.length };
}

function rescale(x: Scaled, scale: number): bigint {
  return x.units * 10n ** BigInt(scale - x.scale);
}

function add(x: Scaled, y: Scaled): Scaled {
  const scale = Math.max(x.scale, y.scale);
  return { units: rescale(x, scale) + rescale(y, scale), scale };
}

function negate(x: Scaled): Scaled {
  return { units: -x.units, scale: x.scale };
}

/** Canonical text of a scaled integer, computed without any decimal library. */
function referenceText(x: Scaled): string {
  const negative = x.units < 0n;
  const digits = (negative ? -x.units : x.units).toString().padStart(x.scale + 1, "0");
  const integer = digits.slice(0, digits.length - x.scale);
  const fraction = digits.slice(digits.length - x.scale).replace(/0+$/, "");
  const body = fraction === "" ? integer : `${integer}.${fraction}`;
  return negative && body !== "0" ? `-${body}` : body;
}
