/**
 * Signed HTTP calls to GatePay and the reading of their answers into data or a classified failure.
 * Only reads are retried here; a create is sent exactly once by the caller.
 */
import { onlyAnswer, pairUp } from "../../domain/pairs";
import type { Clock, Crypto, Http, HttpRequest, HttpResponse } from "../../ports";
import { fetchAnswers, HttpTransportError } from "../../ports";
import { ProviderError } from "../provider";
import { withRetries } from "../shared/failure";
import * as z from "zod/mini";

import type { GatePayConfig } from "./config";
import {
  describeGatePayError,
  GATEPAY_SYSTEM_ERROR_CODES,
  type GatePayErrorAction,
} from "./errors";
import { envelopeSchema, readGatePayJson } from "./schemas";
import { gatePayHeaders } from "./signing";

export interface GatePayCall<T> {
  method: "get" | "post";
  path: string;
  query?: Record<string, string>;
  /** Serialised once; the exact text is signed and sent. */
  body?: unknown;
  /** Wallet endpoints answer with raw JSON; everything else under /v1/pay/ with an envelope. */
  enveloped: boolean;
  schema: z.ZodMiniType<T>;
}

export interface GatePayFailure {
  /**
   * business: GatePay answered with an error code (nothing was done);
   * system: no answer, HTTP 5xx or a system error code (a create may or may not have happened);
   * unreadable: an answer this client cannot read.
   */
  kind: "business" | "system" | "unreadable";
  code?: string;
  httpStatus?: number;
  sentence: string;
  action: GatePayErrorAction;
}

export type GatePayResult<T> = { ok: true; value: T } | { ok: false; failure: GatePayFailure };

/** Waits before the 2nd and 3rd read attempts; short, since Apps Script runs have 6 minutes. */
export const READ_RETRY_DELAYS_MS: readonly number[] = [1000, 3000];

export interface GatePayTransportDeps {
  http: Http;
  clock: Clock;
  crypto: Crypto;
  config: GatePayConfig;
}

export class GatePayTransport {
  constructor(private readonly deps: GatePayTransportDeps) {}

  /** Sends the calls in parallel, once. */
  send<T>(calls: GatePayCall<T>[]): GatePayResult<T>[] {
    if (calls.length === 0) return [];
    const requests = calls.map((call) => this.request(call));
    let responses: HttpResponse[];
    try {
      responses = fetchAnswers(this.deps.http, requests);
    } catch (error) {
      if (!(error instanceof HttpTransportError)) throw error;
      return calls.map(() => ({ ok: false, failure: noAnswer() }));
    }
    return pairUp(calls, responses, "GatePay requests").map(([call, response]) =>
      readAnswer(call, response),
    );
  }

  /** Sends one call, once. */
  sendOne<T>(call: GatePayCall<T>): GatePayResult<T> {
    return onlyAnswer(this.send([call]), "A GatePay call");
  }

  /**
   * Sends read-only calls in parallel and resends those that failed for a passing reason (no
   * answer, HTTP 5xx or 429, a system error code) with bounded backoff.
   */
  read<T>(calls: GatePayCall<T>[]): GatePayResult<T>[] {
    return withRetries(
      this.deps.clock,
      READ_RETRY_DELAYS_MS,
      calls,
      (c) => this.send(c),
      (_, r) => isPassing(r),
    );
  }

  private request<T>(call: GatePayCall<T>): HttpRequest {
    const body = call.body === undefined ? "" : JSON.stringify(call.body);
    const base = this.deps.config.baseUrl.replace(/\/+$/, "");
    const query = Object.entries(call.query ?? {})
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
      .join("&");
    const request: HttpRequest = {
      url: `${base}${call.path}${query ? `?${query}` : ""}`,
      method: call.method,
      headers: gatePayHeaders(this.deps, this.deps.config, body),
      contentType: "application/json",
    };
    if (call.method === "post") request.payload = body;
    return request;
  }
}

function isPassing<T>(result: GatePayResult<T>): boolean {
  return !result.ok && result.failure.kind === "system";
}

function noAnswer(): GatePayFailure {
  return {
    kind: "system",
    sentence: "GatePay did not answer (network error or timeout).",
    action: "retry_same",
  };
}

function readAnswer<T>(call: GatePayCall<T>, response: HttpResponse): GatePayResult<T> {
  const json = readGatePayJson(response.body);
  const envelope = envelopeSchema.safeParse(json);
  const code = envelope.success ? codeText(envelope.data.code) : undefined;
  const failed =
    envelope.success &&
    (envelope.data.status === "FAIL" || (code !== undefined && code !== "000000"));

  if (failed) return { ok: false, failure: codedFailure(code, envelope.data, response) };
  if (response.status >= 500 || response.status === 429) {
    return {
      ok: false,
      failure: {
        kind: "system",
        httpStatus: response.status,
        sentence: `GatePay is unavailable (HTTP ${response.status}).`,
        action: "retry_same",
      },
    };
  }
  if (response.status >= 200 && response.status < 300) {
    const payload = call.enveloped ? (envelope.success ? envelope.data.data : undefined) : json;
    const parsed = call.schema.safeParse(payload);
    if (parsed.success) return { ok: true, value: parsed.data };
  }
  return { ok: false, failure: unreadable(response.status, call.path) };
}

function codedFailure(
  code: string | undefined,
  envelope: { errorMessage?: string | null },
  response: HttpResponse,
): GatePayFailure {
  const info = describeGatePayError(code ?? "without a code", envelope.errorMessage);
  const system =
    (code !== undefined && GATEPAY_SYSTEM_ERROR_CODES.has(code)) || response.status >= 500;
  return {
    kind: system ? "system" : "business",
    code,
    httpStatus: response.status,
    sentence: info.sentence,
    action: system ? "retry_same" : info.action,
  };
}

function unreadable(status: number, path: string): GatePayFailure {
  if (status === 401 || status === 403) {
    return {
      kind: "unreadable",
      httpStatus: status,
      sentence: `GatePay refused access (HTTP ${status}): check GATEPAY_CLIENT_ID and GATEPAY_API_SECRET.`,
      action: "check_client_id",
    };
  }
  if (status === 404) {
    return {
      kind: "unreadable",
      httpStatus: status,
      sentence: `GatePay has no ${path} (HTTP 404): check GATEPAY_BASE_URL.`,
      action: "report_bug",
    };
  }
  return {
    kind: "unreadable",
    httpStatus: status,
    sentence: `GatePay sent an answer the add-on cannot read (HTTP ${status}).`,
    action: "contact_gatepay",
  };
}

function codeText(code: string | number | null | undefined): string | undefined {
  const text = code === null || code === undefined ? "" : String(code).trim();
  return text === "" ? undefined : text;
}

/**
 * The ProviderError for failures that no row can fix and that created nothing: wrong credentials,
 * clock, base URL. Undefined for every other failure.
 */
export function setupError(failure: GatePayFailure): ProviderError | undefined {
  switch (failure.action) {
    case "check_secret":
    case "check_client_id":
      return new ProviderError(failure.sentence, "auth");
    // A batch too large is a setting of ours, not a fault of the rows: nothing is created, and
    // the rows wait for a smaller setting instead of ending REJECTED.
    case "check_clock":
    case "split_batch":
    case "report_bug":
      return new ProviderError(failure.sentence, "refused");
    default:
      return undefined;
  }
}
