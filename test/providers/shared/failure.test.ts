import { PairingError } from "../../../src/domain/pairs";
import type { Clock } from "../../../src/ports";
import { withRetries } from "../../../src/providers/shared/failure";

const clock: Clock = { now: () => 0, sleep: () => undefined };

describe("withRetries", () => {
  it("resends only what may succeed later, and keeps each result at its call's position", () => {
    const tries = new Map<string, number>();
    const send = (calls: string[]) =>
      calls.map((call) => {
        const n = (tries.get(call) ?? 0) + 1;
        tries.set(call, n);
        return call === "flaky" && n === 1 ? "busy" : `${call} done`;
      });
    const results = withRetries(clock, [10], ["a", "flaky", "b"], send, (_, r) => r === "busy");
    expect(results).toEqual(["a done", "flaky done", "b done"]);
    expect(tries.get("a")).toBe(1);
  });

  it("throws when a send answers fewer results than calls, rather than pairing them wrongly", () => {
    const short = (calls: string[]) => calls.slice(1).map((call) => `${call} done`);
    expect(() => withRetries(clock, [], ["a", "b"], short, () => false)).toThrow(PairingError);
    let sends = 0;
    const shortOnRetry = (calls: string[]) => (sends++ === 0 ? calls.map(() => "busy") : []);
    const busy = (_: string, result: string) => result === "busy";
    expect(() => withRetries(clock, [10], ["a", "b"], shortOnRetry, busy)).toThrow(PairingError);
  });
});
