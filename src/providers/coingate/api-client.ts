/**
 * CoinGate's HTTP layer: auth header, form bodies, query strings, parallel chunks, the run's rate
 * limit, and bounded retries. It answers with parsed JSON or a typed failure; it never throws for
 * an HTTP status, so callers decide per row.
 */
import { onlyAnswer } from "../../domain/pairs";
import {
  fetchAnswers,
  HttpTransportError,
  type Clock,
  type Http,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
} from "../../ports";
import { withRetries } from "../shared/failure";
import { encodeForm, encodeQuery, type FormInput } from "../shared/form-encoding";
import {
  COINGATE_HOSTS,
  DEFAULT_BACKOFF_MS,
  DEFAULT_CHUNK_SIZE,
  DEFAULT_REQUESTS_PER_MINUTE,
  MAX_TRIES,
  type CoinGateConfig,
} from "./config";
import { readErrorBody } from "./errors";
import { SlidingWindowLimiter, type RequestHistory } from "./rate-limiter";
import { parseCoinGateJson, type ErrorBody } from "./schemas";

export interface ApiCall {
  method: HttpMethod;
  /** A path under `/v2` ("/send_requests"), or an absolute URL CoinGate gave (actions_required). */
  path: string;
  query?: { [key: string]: string | number | undefined };
  form?: { [key: string]: FormInput };
  /**
   * False for a create: after a 5xx or a lost answer it may have reached CoinGate, so only a 429
   * (known not to have reached it) is retried.
   */
  retryServerErrors?: boolean;
}

export type ApiFailure =
  { kind: "http"; status: number; error: ErrorBody } | { kind: "transport"; message: string };

export type ApiResult = { ok: true; status: number; data: unknown } | ({ ok: false } & ApiFailure);

export class CoinGateApi {
  private readonly base: string;
  private readonly chunkSize: number;
  private readonly backoffMs: number;
  private readonly limiter: SlidingWindowLimiter;

  constructor(
    private readonly http: Http,
    private readonly clock: Clock,
    private readonly config: CoinGateConfig,
    history?: RequestHistory,
  ) {
    this.base = COINGATE_HOSTS[config.environment];
    this.chunkSize = config.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.backoffMs = config.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.limiter = new SlidingWindowLimiter(
      clock,
      config.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE,
      history,
    );
  }

  call(call: ApiCall): ApiResult {
    return onlyAnswer(this.callAll([call]), "A CoinGate call");
  }

  /** Sends the calls in parallel chunks, retrying what may succeed later; one result per call. */
  callAll(calls: ApiCall[]): ApiResult[] {
    // Backoff doubles: 1 s, then 2 s (MAX_TRIES tries in all).
    const delays = Array.from({ length: MAX_TRIES - 1 }, (_, i) => this.backoffMs * 2 ** i);
    return withRetries(this.clock, delays, calls, (batch) => this.sendChunks(batch), isRetryable);
  }

  private sendChunks(calls: ApiCall[]): ApiResult[] {
    const results: ApiResult[] = [];
    for (let start = 0; start < calls.length; start += this.chunkSize)
      results.push(...this.send(calls.slice(start, start + this.chunkSize)));
    return results;
  }

  private send(calls: ApiCall[]): ApiResult[] {
    const requests: (HttpRequest | ApiResult)[] = calls.map((call) => this.toRequest(call));
    const toSend = requests.filter((r): r is HttpRequest => "url" in r);
    if (!toSend.length) return requests as ApiResult[];
    this.limiter.waitForRoom(toSend.length);
    let answers: HttpResponse[];
    try {
      answers = fetchAnswers(this.http, toSend);
    } catch (error) {
      if (!(error instanceof HttpTransportError)) throw error;
      // fetchAll lost at least one answer: any request of the call may have been applied.
      const failure: ApiResult = { ok: false, kind: "transport", message: error.message };
      return requests.map((r) => ("url" in r ? failure : r));
    } finally {
      this.limiter.record(toSend.length);
    }
    // fetchAnswers gave one answer per request sent, in order.
    let next = 0;
    return requests.map((r) => ("url" in r ? toResult(answers[next++]) : r));
  }

  private toRequest(call: ApiCall): HttpRequest | ApiResult {
    const absolute = /^https?:\/\//i.test(call.path);
    // Never send the token anywhere but CoinGate's API host, whatever an answer says.
    if (absolute && !call.path.startsWith(`${this.base}/`)) {
      return {
        ok: false,
        kind: "http",
        status: 0,
        error: { message: "CoinGate gave an action URL outside its API host; it was not called" },
      };
    }
    const url =
      (absolute ? call.path : `${this.base}/v2${call.path}`) + encodeQuery(call.query ?? {});
    const request: HttpRequest = {
      url,
      method: call.method,
      headers: { Authorization: `Token ${this.config.apiToken}`, Accept: "application/json" },
    };
    if (call.form) {
      request.payload = encodeForm(call.form);
      request.contentType = "application/x-www-form-urlencoded";
    }
    return request;
  }
}

function toResult(answer: { status: number; body: string } | undefined): ApiResult {
  if (!answer) return { ok: false, kind: "transport", message: "no answer came back" };
  if (answer.status >= 200 && answer.status < 300) {
    try {
      return { ok: true, status: answer.status, data: parseCoinGateJson(answer.body) };
    } catch {
      return {
        ok: false,
        kind: "http",
        status: answer.status,
        error: { message: "CoinGate's answer was not readable JSON" },
      };
    }
  }
  return { ok: false, kind: "http", status: answer.status, error: readErrorBody(answer.body) };
}

function isRetryable(call: ApiCall, result: ApiResult): boolean {
  if (result.ok) return false;
  if (result.kind === "transport") return call.method === "get";
  if (result.status === 429) return true;
  return result.status >= 500 && call.retryServerErrors !== false;
}
