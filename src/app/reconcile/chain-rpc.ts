/**
 * Batched Ethereum JSON-RPC over the Http port: one POST of a JSON array per batch, every batch
 * in one fetchAll. Answers come back by id, in any order; a batch that fails as a whole fails
 * each of its calls. Messages name the network, never the URL (it may carry an API key).
 */
import { pairUp } from "../../domain/pairs";
import {
  fetchAnswers,
  HttpTransportError,
  type Http,
  type HttpRequest,
  type HttpResponse,
} from "../../ports";

export interface RpcCall {
  method: string;
  params: unknown[];
}

export type RpcAnswer = { ok: true; result: unknown } | { ok: false; reason: string };

export interface RpcBatch {
  url: string;
  /** The network's title, for messages. */
  network: string;
  calls: RpcCall[];
}

export function sendRpcBatches(http: Http, batches: readonly RpcBatch[]): RpcAnswer[][] {
  if (batches.length === 0) return [];
  const requests: HttpRequest[] = batches.map((batch) => ({
    url: batch.url,
    method: "post",
    headers: { Accept: "application/json" },
    contentType: "application/json",
    payload: JSON.stringify(
      batch.calls.map((call, id) => ({
        jsonrpc: "2.0",
        id,
        method: call.method,
        params: call.params,
      })),
    ),
  }));
  let responses: HttpResponse[];
  try {
    responses = fetchAnswers(http, requests);
  } catch (error) {
    if (!(error instanceof HttpTransportError)) throw error;
    // Not the transport's message: it repeats the URL.
    return batches.map((batch) => failAll(batch, `the ${batch.network} node did not answer`));
  }
  return pairUp(batches, responses, "Node requests").map(([batch, response]) =>
    readBatch(batch, response),
  );
}

function failAll(batch: RpcBatch, reason: string): RpcAnswer[] {
  return batch.calls.map(() => ({ ok: false, reason }));
}

function readBatch(batch: RpcBatch, response: HttpResponse): RpcAnswer[] {
  const node = `the ${batch.network} node`;
  if (response.status < 200 || response.status >= 300)
    return failAll(batch, `${node} answered HTTP ${response.status}`);
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return failAll(batch, `${node} did not answer JSON`);
  }
  if (!Array.isArray(body)) {
    // A node that refuses batches (or this size of batch) answers one error object.
    const message = errorMessage((body as { error?: unknown } | null)?.error);
    return failAll(batch, `${node} refused the batch${message ? `: ${message}` : ""}`);
  }
  const byId = new Map<number, unknown>();
  for (const item of body) {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id === "number") byId.set(id, item);
  }
  return batch.calls.map((call, id): RpcAnswer => {
    const item = byId.get(id) as { result?: unknown; error?: unknown } | undefined;
    if (!item) return { ok: false, reason: `${node} gave no answer to ${call.method}` };
    if (item.error !== undefined && item.error !== null)
      return { ok: false, reason: `${node} refused ${call.method}: ${errorMessage(item.error)}` };
    return { ok: true, result: item.result ?? null };
  });
}

function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === "string" ? message.slice(0, 200) : "";
}
