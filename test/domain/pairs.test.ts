import { onlyAnswer, pairUp, PairingError } from "../../src/domain/pairs";

describe("answers paired with requests by position", () => {
  it("pairs each request with the answer at its position", () => {
    expect(pairUp(["a", "b"], [1, 2], "Calls")).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
    expect(pairUp([], [], "Calls")).toEqual([]);
  });

  it("refuses lists of different lengths: no answer is paired with the wrong request", () => {
    expect(() => pairUp(["a", "b"], [1], "Calls")).toThrow(PairingError);
    expect(() => pairUp(["a"], [1, 2], "Calls")).toThrow(
      "Calls: 1 asked, 2 answered; the answers cannot be paired.",
    );
  });

  it("takes the one answer to a single request, and only that", () => {
    expect(onlyAnswer(["x"], "A call")).toBe("x");
    expect(() => onlyAnswer([], "A call")).toThrow(PairingError);
    expect(() => onlyAnswer(["x", "y"], "A call")).toThrow(PairingError);
  });
});
