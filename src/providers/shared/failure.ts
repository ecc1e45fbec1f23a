/**
 * One failure model for every provider, and one retry helper. What matters about a failed call
 * is what it means for the money and what to do next:
 * - refused: the provider answered no (bad request, a setting of ours): nothing was done;
 * - auth: the credentials were refused: nothing was done, a person must fix them;
 * - rate_limited: the provider asked to slow down: nothing was done, try later;
 * - transient: the provider is failing (HTTP 5xx, a system error): a read can be retried, a
 *   create may or may not have been applied;
 * - unknown_outcome: no answer came back at all: the call may have been applied.
 */
import { pairUp } from "../../domain/pairs";
import type { Clock } from "../../ports";

export type FailureKind = "refused" | "auth" | "rate_limited" | "transient" | "unknown_outcome";

/** Whether a call that failed so certainly did nothing at the provider. */
export function nothingWasDone(kind: FailureKind): boolean {
  return kind === "refused" || kind === "auth" || kind === "rate_limited";
}

/** The kind an HTTP status alone tells (providers refine it with their error codes). */
export function kindOfStatus(status: number): FailureKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "transient";
  return "refused";
}

/**
 * Sends the calls, then sends again, after each of `delaysMs`, those whose result `retryable`
 * says may succeed later; one result per call, in order. Retries go out together, in one batch.
 */
export function withRetries<C, R>(
  clock: Clock,
  delaysMs: readonly number[],
  calls: readonly C[],
  send: (calls: C[]) => R[],
  retryable: (call: C, result: R) => boolean,
): R[] {
  const what = "Calls and their results";
  const results = pairUp(calls, send([...calls]), what).map(([, result]) => result);
  for (const delay of delaysMs) {
    const again = pairUp(calls, results, what).flatMap(([call, result], index) =>
      retryable(call, result) ? [{ index, call }] : [],
    );
    if (again.length === 0) break;
    clock.sleep(delay);
    const retried = send(again.map(({ call }) => call));
    for (const [{ index }, result] of pairUp(again, retried, what)) results[index] = result;
  }
  return results;
}
