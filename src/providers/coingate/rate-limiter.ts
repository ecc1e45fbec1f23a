import type { Clock } from "../../ports";

const WINDOW_MS = 60_000;

/**
 * Where the times of recent requests outlive an execution, so that a run started right after
 * another (a refresh after a submit) does not overrun the limit the first one left nearly full.
 */
export interface RequestHistory {
  load(): number[];
  save(answeredAt: number[]): void;
}

/**
 * Keeps a run under CoinGate's limit of N requests per rolling minute: before a batch that would
 * exceed it, sleeps until enough earlier requests have left the window. Requests are counted
 * when their answers are back, the latest moment CoinGate can have counted them, so slow answers
 * never make the window look emptier than CoinGate's.
 */
export class SlidingWindowLimiter {
  private readonly answeredAt: number[];

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly history?: RequestHistory,
  ) {
    const recent = clock.now() - WINDOW_MS;
    this.answeredAt = (history?.load() ?? []).filter((t) => t > recent).sort((a, b) => a - b);
  }

  /** Waits (if needed) until `count` more requests fit in the window. */
  waitForRoom(count: number): void {
    if (count > this.limit) throw new Error(`A batch of ${count} exceeds the rate limit.`);
    this.forgetOld();
    const excess = this.answeredAt.length + count - this.limit;
    if (excess <= 0) return;
    // The excess-th oldest request must leave the window first (there is one: count <= limit).
    const leaving = this.answeredAt[excess - 1];
    if (leaving === undefined) throw new Error(`The rate limiter lost count of its requests.`);
    const wait = leaving + WINDOW_MS - this.clock.now();
    if (wait > 0) this.clock.sleep(wait);
    this.forgetOld();
  }

  /** Counts `count` requests whose answers just came back (or failed to). */
  record(count: number): void {
    const now = this.clock.now();
    for (let i = 0; i < count; i++) this.answeredAt.push(now);
    this.forgetOld();
    this.history?.save(this.answeredAt);
  }

  private forgetOld(): void {
    const now = this.clock.now();
    let oldest = this.answeredAt[0];
    while (oldest !== undefined && oldest <= now - WINDOW_MS) {
      this.answeredAt.shift();
      oldest = this.answeredAt[0];
    }
  }
}
