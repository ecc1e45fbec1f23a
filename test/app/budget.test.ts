import { Budget } from "../../src/app/budget";
import type { Clock } from "../../src/ports";

function fakeClock(): Clock & { advance(ms: number): void } {
  let now = 1_000;
  return {
    now: () => now,
    sleep: (ms) => void (now += ms),
    advance: (ms) => void (now += ms),
  };
}

describe("Budget", () => {
  it("stops when one more step as slow as the slowest so far would overrun", () => {
    const clock = fakeClock();
    const budget = new Budget(clock, clock.now(), 100);
    expect(budget.allowsAnotherStep()).toBe(true);
    budget.step(() => clock.advance(30));
    budget.step(() => clock.advance(10));
    // 40 ms gone, slowest step 30 ms: 70 < 100.
    expect(budget.allowsAnotherStep()).toBe(true);
    budget.step(() => clock.advance(35));
    // 75 ms gone, slowest 35 ms: 110 would pass the limit.
    expect(budget.allowsAnotherStep()).toBe(false);
  });

  it("measures a step that throws, and passes its result through", () => {
    const clock = fakeClock();
    const budget = new Budget(clock, clock.now(), 100);
    expect(budget.step(() => 7)).toBe(7);
    expect(() =>
      budget.step(() => {
        clock.advance(60);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(budget.allowsAnotherStep()).toBe(false);
  });
});
