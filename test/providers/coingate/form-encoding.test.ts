import fc from "fast-check";
import { encodeForm, encodeQuery, parseForm } from "../../../src/providers/shared/form-encoding";
import { parseRailsForm } from "../../simulators/coingate/params";

describe("form encoding (shared)", () => {
  it("writes Rails bracket keys and leaves out undefined", () => {
    expect(
      encodeForm({ person: { first_name: "Jo Ann", surname: "O'Neil&Co" }, memo: undefined, n: 5 }),
    ).toBe("person[first_name]=Jo%20Ann&person[surname]=O'Neil%26Co&n=5");
    expect(encodeQuery({ email: "a+b@x.com", page: 2, skip: undefined })).toBe(
      "?email=a%2Bb%40x.com&page=2",
    );
    expect(encodeQuery({})).toBe("");
  });

  it("reads lists of objects the way Rails does", () => {
    expect(parseForm("t[][id]=a&t[][n]=1&t[][id]=b&x[]=1&x[]=2&s=a+b")).toEqual({
      t: [{ id: "a", n: "1" }, { id: "b" }],
      x: ["1", "2"],
      s: "a b",
    });
    expect(() => parseForm("a=%E0%A4%A")).toThrow("Form text is not valid percent-encoding.");
    expect(() => parseForm("__proto__[polluted]=1")).toThrow("Form field name is not allowed.");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("round-trips nested text through the client's encoder and the simulator's reader", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 12 });
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), fc.record({ a: text, b: text })),
        (fields) => {
          const body = encodeForm(fields);
          expect(parseForm(body)).toEqual(fields);
          expect(parseRailsForm(body)).toEqual(fields);
        },
      ),
    );
  });
});
