import fc from "fast-check";

import { quoteNumericValues } from "../../../src/providers/shared/json-amounts";

const AMOUNTS = new Set(["amount", "fee", "suborder_id"]);

describe("quoteNumericValues", () => {
  it("quotes the numbers of the named keys at any depth, exactly as written", () => {
    const text =
      '{"amount": 2362.1,"x":{"fee":0.07997,"n":3},"list":[{"suborder_id":268830764354768896}]}';
    expect(JSON.parse(quoteNumericValues(text, AMOUNTS))).toEqual({
      amount: "2362.1",
      x: { fee: "0.07997", n: 3 },
      list: [{ suborder_id: "268830764354768896" }],
    });
  });

  it("leaves strings alone, including ones that look like keys", () => {
    const text = '{"desc":"\\"amount\\": 5","note":"amount","amount":"7"}';
    expect(quoteNumericValues(text, AMOUNTS)).toBe(text);
  });

  it("quotes every key's numbers with 'all', keeping exponent forms verbatim", () => {
    expect(JSON.parse(quoteNumericValues('{"a":1e-7,"b":{"c":-12.50}}', "all"))).toEqual({
      a: "1e-7",
      b: { c: "-12.50" },
    });
  });

  it("keeps any decimal text exact (property)", () => {
    const decimal = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.stringMatching(/^[0-9]{0,18}$/))
      .map(([whole, fraction]) => (fraction ? `${whole}.${fraction}` : `${whole}`));
    fc.assert(
      fc.property(decimal, (value) => {
        const parsed = JSON.parse(quoteNumericValues(`{"fee" : ${value}}`, AMOUNTS));
        expect(parsed.fee).toBe(value);
      }),
    );
  });
});
