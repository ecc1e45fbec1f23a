/**
 * The wire between the add-on's HTTP calls and the in-process stand-ins for CoinGate and
 * GatePay. The emulator's UrlFetchApp turns each fetch into a WireRequest and routes it by host
 * to a WireHandler; client tests use `httpFromRoutes` to do the same without the emulator.
 */
import {
  HttpTransportError,
  type Http,
  type HttpRequest,
  type HttpResponse,
} from "../../src/ports";

export interface WireRequest {
  url: string;
  /** Upper case: GET, POST, PATCH... */
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The exact body text received ("" when none). */
  body: string;
}

export interface WireResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export type WireHandler = (request: WireRequest) => WireResponse;

/**
 * Thrown by a handler when the caller must get no answer (a timeout, a reset connection).
 * Whatever the handler did before throwing stays done: that is how "applied, answer lost" is
 * simulated.
 */
export class WireDrop extends Error {
  constructor(message = "Connection reset by peer") {
    super(message);
    this.name = "WireDrop";
  }
}

export function hostOf(url: string): string {
  const match = /^https?:\/\/([^/?#:]+)/i.exec(url);
  if (!match) throw new Error(`Not an absolute http(s) URL: ${url}`);
  return match[1].toLowerCase();
}

export function toWireRequest(request: HttpRequest): WireRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  if (request.contentType && !headers["content-type"])
    headers["content-type"] = request.contentType;
  return {
    url: request.url,
    method: request.method.toUpperCase(),
    headers,
    body: request.payload ?? "",
  };
}

/** An Http port that routes each request to the handler of its host, in request order. */
export function httpFromRoutes(
  routes: Record<string, WireHandler>,
): Http & { sent: WireRequest[] } {
  const sent: WireRequest[] = [];
  return {
    sent,
    fetchAll(requests: HttpRequest[]): HttpResponse[] {
      let dropped: WireDrop | undefined;
      const answers = requests.map((request) => {
        const wire = toWireRequest(request);
        sent.push(wire);
        const handler = routes[hostOf(wire.url)];
        if (!handler) throw new HttpTransportError(`DNS error: ${hostOf(wire.url)}`);
        try {
          const answer = handler(wire);
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(answer.headers ?? {})) headers[k.toLowerCase()] = v;
          return { status: answer.status, body: answer.body, headers };
        } catch (error) {
          if (error instanceof WireDrop) {
            dropped = error;
            return undefined;
          }
          throw error;
        }
      });
      // Like UrlFetchApp.fetchAll: every request was sent, but one missing answer fails the call.
      if (dropped) throw new HttpTransportError(dropped.message);
      return answers as HttpResponse[];
    },
  };
}
