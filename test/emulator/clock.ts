/** The emulator's virtual clock: the only time the bundle ever sees. Nothing advances it but service costs, sleeps, lock waits and the test itself. */
export class VirtualClock {
  private current: number;

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`The clock only moves forward (got ${ms} ms)`);
    this.current += ms;
  }
}
