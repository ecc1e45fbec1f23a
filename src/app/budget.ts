/**
 * An execution's time budget. Apps Script kills a run at 6 minutes; a run stops starting new
 * steps (a batch, a chunk of requests) once one more step, as slow as the slowest so far, would
 * end past the budget.
 */
import type { Clock } from "../ports";

/** Well before the 6-minute limit: what is left covers the last step and the final writes. */
export const RUN_BUDGET_MS = 4 * 60 * 1000;

export class Budget {
  private slowestStepMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly startedAt: number,
    private readonly limitMs = RUN_BUDGET_MS,
  ) {}

  allowsAnotherStep(): boolean {
    return this.clock.now() - this.startedAt + this.slowestStepMs < this.limitMs;
  }

  step<T>(work: () => T): T {
    const began = this.clock.now();
    try {
      return work();
    } finally {
      this.slowestStepMs = Math.max(this.slowestStepMs, this.clock.now() - began);
    }
  }
}
