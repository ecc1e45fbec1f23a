/** CoinGate error bodies turned into plain sentences for the sheet, and run-wide failures. */
import { ProviderError } from "../provider";
import { errorBody, parseCoinGateJson, type ErrorBody } from "./schemas";
import type { ApiFailure } from "./api-client";

/** The error body of an answer, or an empty one when it is not CoinGate's JSON envelope. */
export function readErrorBody(body: string): ErrorBody {
  try {
    const parsed = errorBody.safeParse(parseCoinGateJson(body));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/**
 * One sentence for a refusal: "CoinGate refused the payout: Ledger account is invalid." or
 * "CoinGate refused the beneficiary: email is invalid; country can't be blank."
 */
export function refusalSentence(subject: string, failure: ApiFailure): string {
  return `CoinGate refused ${subject}: ${detailOf(failure)}.`;
}

/** What went wrong, without a trailing period. */
export function detailOf(failure: ApiFailure): string {
  if (failure.kind === "transport") return "no answer came back (the connection failed)";
  const { errors, message, reason } = failure.error;
  const code = `HTTP ${failure.status}${reason ? ` ${safeWord(reason)}` : ""}`;
  // An outage or a rate limit is best told by its code; a refusal by CoinGate's own words.
  if (failure.status >= 500 || failure.status === 429) return code;
  let parts: string[] = [];
  if (Array.isArray(errors)) {
    parts = errors;
  } else if (errors) {
    for (const [field, messages] of Object.entries(errors)) {
      for (const text of Array.isArray(messages) ? messages : [messages]) {
        parts.push(`${field.replace(/_/g, " ")} ${text}`);
      }
    }
  }
  const detail = parts.length ? parts.map(trimPeriod).join("; ") : trimPeriod(message ?? "");
  return detail || code;
}

/** Whether CoinGate refused a create because the external_id is already used. */
export function isDuplicateExternalId(failure: ApiFailure): boolean {
  // ASSUMPTION (reference section 6): the wording is undocumented; Rails would say this.
  return (
    failure.kind === "http" &&
    failure.status === 422 &&
    Array.isArray(failure.error.errors) &&
    failure.error.errors.some((e) => /external.*already.*taken/i.test(e))
  );
}

/**
 * A failure that no single row can resolve: bad token, CoinGate down, rate limit exhausted.
 * The message names the status and reason only; it never echoes a request (the token).
 */
export function runWideError(failure: ApiFailure): ProviderError {
  if (failure.kind === "transport") {
    return new ProviderError(
      "CoinGate did not answer (connection failed). Try again later.",
      "unknown_outcome",
    );
  }
  const reason = safeWord(failure.error.reason ?? "");
  const code = `${failure.status}${reason ? ` ${reason}` : ""}`;
  if (failure.status === 401) {
    return new ProviderError(
      `CoinGate rejected the API token (${code}). Check COINGATE_API_TOKEN.`,
      "auth",
    );
  }
  if (failure.status === 429) {
    return new ProviderError(
      `CoinGate's rate limit was hit (${code}). Try again later.`,
      "rate_limited",
    );
  }
  if (failure.status >= 500) {
    return new ProviderError(`CoinGate is unavailable (${code}). Try again later.`, "transient");
  }
  return new ProviderError(
    `CoinGate refused a request (${code}): ${detailOf(failure)}.`,
    "refused",
  );
}

function trimPeriod(text: string): string {
  return text.trim().replace(/\.+$/, "");
}

/** A reason code as CoinGate spells it; anything else is dropped rather than echoed. */
function safeWord(text: string): string {
  return /^[A-Za-z]{1,64}$/.test(text) ? text : "";
}
