import fc from "fast-check";
import { countryCodes, toAlpha3 } from "../../src/domain/country";
import {
  PAYOUT_ID_PATTERN,
  isValidPayoutId,
  newBatchId,
  newPayoutId,
} from "../../src/domain/payout-id";
import {
  escapeFormulaText,
  isWellFormedEmail,
  normalizeHeader,
  startsLikeFormula,
} from "../../src/domain/text";
import { utf8Bytes } from "../../src/domain/utf8";

describe("toAlpha3", () => {
  it("has all 249 ISO 3166-1 codes, each alpha-3 once", () => {
    const codes = countryCodes();
    expect(codes.size).toBe(249);
    expect(new Set(codes.values()).size).toBe(249);
    for (const [alpha2, alpha3] of codes) {
      expect(alpha2).toMatch(/^[A-Z]{2}$/);
      expect(alpha3).toMatch(/^[A-Z]{3}$/);
    }
  });

  it.each([
    ["LT", "LTU"],
    ["lt", "LTU"],
    ["LTU", "LTU"],
    [" ltu ", "LTU"],
    ["DE", "DEU"],
    ["GB", "GBR"],
    ["US", "USA"],
    ["CH", "CHE"],
    ["AX", "ALA"],
    ["SS", "SSD"],
    ["XK", undefined],
  ])("reads %j as %s", (input, expected) => {
    const result = toAlpha3(input);
    if (expected) expect(result).toEqual({ ok: true, alpha3: expected });
    else expect(result.ok).toBe(false);
  });

  it("explains common non-ISO codes and empty input", () => {
    expect(toAlpha3("UK")).toMatchObject({ ok: false, reason: expect.stringMatching(/GB/) });
    expect(toAlpha3("")).toMatchObject({ ok: false, reason: expect.stringMatching(/empty/) });
    expect(toAlpha3("Lithuania")).toMatchObject({ ok: false });
  });
});

describe("text checks", () => {
  it("spots text that starts like a formula", () => {
    for (const t of ["=1+1", "+1", "-2", "@SUM", "  =HYPERLINK()"]) {
      expect(startsLikeFormula(t)).toBe(true);
    }
    for (const t of ["abc", "1-2", "a=b", ""]) expect(startsLikeFormula(t)).toBe(false);
  });

  it("prefixes an apostrophe only where needed", () => {
    expect(escapeFormulaText("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(escapeFormulaText("-5")).toBe("'-5");
    expect(escapeFormulaText("0xabc")).toBe("0xabc");
    expect(escapeFormulaText("")).toBe("");
  });

  it("accepts ordinary e-mail addresses", () => {
    for (const e of ["a@b.co", "first.last+tag@example.com", "x_y@mail.example.lt"]) {
      expect(isWellFormedEmail(e)).toBe(true);
    }
  });

  it("refuses malformed e-mail addresses", () => {
    for (const e of [
      "",
      "plain",
      "a@b",
      "a@@b.com",
      "a@b@c.com",
      "a b@c.com",
      "a@b .com",
      ".a@b.com",
      "a..b@c.com",
      "a@-b.com",
      "a@b..com",
      "a@b.c",
      `${"a".repeat(65)}@b.com`,
      `a@${"b".repeat(250)}.com`,
    ]) {
      expect(isWellFormedEmail(e)).toBe(false);
    }
  });

  it("normalizes header text", () => {
    expect(normalizeHeader("  Payout   ID ")).toBe("payout id");
    expect(normalizeHeader("Amount\tcurrency")).toBe("amount currency");
  });
});

describe("payout and batch IDs", () => {
  const now = new Date(Date.UTC(2026, 0, 5, 14, 30, 7));

  it("builds IDs from the UTC date and 16 random hex characters", () => {
    expect(newPayoutId(now, "9F86D081884C7D65aaaa")).toBe("P20260105_9f86d081884c7d65");
    expect(newBatchId(now, "9f86d081884c7d65")).toBe("B20260105143007_9f86d081884c7d65");
  });

  it("always fits the provider pattern", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2999-12-31"), noInvalidDate: true }),
        fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 16, maxLength: 16 }),
        (date, hex) => {
          expect(newPayoutId(date, hex)).toMatch(PAYOUT_ID_PATTERN);
          expect(newBatchId(date, hex)).toMatch(PAYOUT_ID_PATTERN);
          expect(newBatchId(date, hex).length).toBeLessThanOrEqual(32);
        },
      ),
    );
  });

  it("refuses too little randomness and invalid dates", () => {
    expect(() => newPayoutId(now, "abc")).toThrow(/random hex/);
    expect(() => newPayoutId(now, "zzzzzzzzzzzzzzzz")).toThrow(/random hex/);
    expect(() => newPayoutId(new Date(Number.NaN), "9f86d081884c7d65")).toThrow(/Invalid date/);
  });

  it("validates the pattern", () => {
    expect(isValidPayoutId("P20260105_9f86d081884c7d65")).toBe(true);
    for (const bad of ["", "a".repeat(33), "P-1", "P 1", "é"]) {
      expect(isValidPayoutId(bad)).toBe(false);
    }
  });
});

describe("utf8Bytes", () => {
  it("matches Node's encoder on any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(Array.from(utf8Bytes(s))).toEqual(Array.from(Buffer.from(s, "utf8")));
      }),
    );
  });
});
