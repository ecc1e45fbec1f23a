/**
 * Lists answered by position: the i-th answer belongs to the i-th request (rows and their
 * outcomes, calls and their results). An answer list of another length cannot be paired at all
 * (which answer is missing?), so pairing checks the counts first and throws on a mismatch: the
 * caller then treats the whole call as failed, as it treats any other failure of that call.
 */
export class PairingError extends Error {
  constructor(what: string, asked: number, answered: number) {
    super(`${what}: ${asked} asked, ${answered} answered; the answers cannot be paired.`);
    this.name = "PairingError";
  }
}

/** Each request with its answer, in order; throws PairingError unless the counts agree. */
export function pairUp<A, B>(
  requests: readonly A[],
  answers: readonly B[],
  what: string,
): [A, B][] {
  if (requests.length !== answers.length)
    throw new PairingError(what, requests.length, answers.length);
  // In range: the lengths are equal.
  return requests.map((request, i): [A, B] => [request, answers[i] as B]);
}

/** The one answer to a single request; throws PairingError unless there is exactly one. */
export function onlyAnswer<B>(answers: readonly B[], what: string): B {
  const [answer] = answers;
  if (answers.length !== 1 || answer === undefined) throw new PairingError(what, 1, answers.length);
  return answer;
}
