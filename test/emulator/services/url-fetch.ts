/**
 * UrlFetchApp over the in-process wire: each request is routed by host to a WireHandler.
 * fetchAll is parallel in Apps Script, so it is charged one round trip for the whole batch.
 */
import { hostOf, WireDrop, type WireRequest, type WireResponse } from "../../support/wire";
import { isPlainObject } from "../realm";
import type { Realm } from "../realm";
import type { Scope } from "../scope";
import { FakeBlob, signedBytes } from "./utilities";

/** The identifying User-Agent Apps Script sends with every request. */
export const USER_AGENT =
  "Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: UAEmdEMULATED)";
const MAX_URL_LENGTH = 2082;

interface FetchParams {
  url?: string;
  method?: string;
  contentType?: string;
  headers?: Record<string, unknown>;
  payload?: unknown;
  muteHttpExceptions?: boolean;
  followRedirects?: boolean;
  validateHttpsCertificates?: boolean;
  escaping?: boolean;
}

/** `application/x-www-form-urlencoded` text of an object payload. */
export function formEncode(payload: Record<string, unknown>): string {
  return Object.entries(payload)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join("&");
}

function payloadText(payload: unknown): string {
  if (payload instanceof FakeBlob) return payload.getDataAsString();
  if (Array.isArray(payload))
    return Buffer.from(Array.from(payload as number[], (byte) => byte & 0xff)).toString("utf8");
  if (isPlainObject(payload)) return formEncode(payload);
  return String(payload);
}

export function toWire(url: string, params: FetchParams = {}): WireRequest {
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  for (const [name, value] of Object.entries(params.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  const hasPayload = params.payload !== undefined && params.payload !== null;
  if (params.contentType !== undefined) headers["content-type"] = String(params.contentType);
  else if (hasPayload && headers["content-type"] === undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
  }
  return {
    url: String(url),
    method: String(params.method ?? "get").toUpperCase(),
    headers,
    body: hasPayload ? payloadText(params.payload) : "",
  };
}

export class FakeHttpResponse {
  constructor(
    private readonly realm: Realm,
    private readonly response: WireResponse,
  ) {}

  getResponseCode(): number {
    return this.response.status;
  }

  getContentText(_charset?: string): string {
    return this.response.body;
  }

  getContent(): number[] {
    return signedBytes(this.realm, Buffer.from(this.response.body, "utf8"));
  }

  getHeaders(): Record<string, string> {
    return this.realm.toRealm({ ...this.response.headers }) as Record<string, string>;
  }

  getAllHeaders(): Record<string, string> {
    return this.getHeaders();
  }

  getBlob(): FakeBlob {
    return new FakeBlob(
      this.realm,
      this.response.body,
      this.response.headers?.["content-type"] ?? null,
    );
  }
}

type Delivery = { response: WireResponse } | { failure: string };

export function urlFetchApp(scope: Scope) {
  const { rt, realm, state } = scope;

  const deliver = (request: WireRequest): Delivery => {
    const handler = state.routes.get(hostOf(request.url));
    if (!handler) return { failure: `DNS error: ${request.url}` };
    try {
      return { response: handler(request) };
    } catch (error) {
      if (error instanceof WireDrop) return { failure: `Address unavailable: ${request.url}` };
      throw error;
    }
  };

  const prepare = (
    url: unknown,
    params: FetchParams = {},
  ): { wire: WireRequest; mute: boolean } => {
    const text = String(url);
    if (!/^https?:\/\/[^/?#:]+/i.test(text)) throw realm.error(`Invalid argument: ${text}`);
    if (text.length > MAX_URL_LENGTH) throw realm.error("Limit Exceeded: URLFetch URL Length.");
    return { wire: toWire(text, params), mute: params.muteHttpExceptions === true };
  };

  /** Apps Script's answer to a delivery: a response, or the exception it throws. */
  const answer = (delivery: Delivery, request: WireRequest, mute: boolean): FakeHttpResponse => {
    if ("failure" in delivery) throw realm.error(delivery.failure);
    const { status, body } = delivery.response;
    if (status >= 400 && !mute) {
      const origin = /^https?:\/\/[^/?#]+/i.exec(request.url)?.[0] ?? request.url;
      const truncated = body.length > 100 ? `${body.slice(0, 100)}...` : body;
      throw realm.error(
        `Request failed for ${origin} returned code ${status}. Truncated server response: ${truncated} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return new FakeHttpResponse(realm, delivery.response);
  };

  return {
    fetch: (url: string, params?: FetchParams) =>
      rt.call("UrlFetchApp.fetch", () => {
        const { wire, mute } = prepare(url, params);
        rt.countFetches(1);
        return answer(deliver(wire), wire, mute);
      }),

    /** Every request is delivered; then the first failure, if any, fails the whole call. */
    fetchAll: (requests: (string | FetchParams)[]) => {
      const list = Array.from(requests);
      return rt.call(
        "UrlFetchApp.fetchAll",
        () => {
          const prepared = list.map((request) =>
            typeof request === "string" ? prepare(request) : prepare(request.url, request),
          );
          rt.countFetches(prepared.length);
          const deliveries = prepared.map(({ wire }) => deliver(wire));
          return realm.array(
            deliveries.map((delivery, i) => answer(delivery, prepared[i].wire, prepared[i].mute)),
          );
        },
        list.length,
      );
    },

    getRequest: (url: string, params?: FetchParams) =>
      rt.call("UrlFetchApp.getRequest", () => {
        const { wire } = prepare(url, params);
        return realm.toRealm({
          url: wire.url,
          method: wire.method.toLowerCase(),
          headers: wire.headers,
          payload: wire.body,
          contentType: wire.headers["content-type"] ?? "",
          muteHttpExceptions: params?.muteHttpExceptions === true,
          followRedirects: params?.followRedirects !== false,
          validateHttpsCertificates: params?.validateHttpsCertificates !== false,
          useIntranet: false,
        });
      }),
  };
}
