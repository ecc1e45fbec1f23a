/**
 * Reads a send-request callback (JSON, or form-encoded with Rails bracket keys). The body echoes
 * callback_url with its secret token, so no error here ever quotes the body.
 */
import type { ParsedCallback } from "../provider";
import { parseForm } from "../shared/form-encoding";
import { parseCoinGateJson, sendRequest } from "./schemas";
import { toSnapshot } from "./snapshot";

export function parseCoinGateCallback(body: string, contentType: string): ParsedCallback {
  const data = decode(body, contentType);
  const parsed = sendRequest.safeParse(data);
  if (!parsed.success) {
    throw new Error("CoinGate callback is not a send request (id and status are required).");
  }
  const request = parsed.data;
  const snapshot = toSnapshot(request);
  return {
    hints: [
      {
        ...(request.external_id ? { payoutId: request.external_id } : {}),
        providerId: request.id,
        providerStatus: request.status,
        status: snapshot.status,
        snapshot,
      },
    ],
  };
}

function decode(body: string, contentType: string): unknown {
  const text = body.trim();
  const isJson = /json/i.test(contentType) || (!/form/i.test(contentType) && text.startsWith("{"));
  try {
    return isJson ? parseCoinGateJson(text) : blanksAsAbsent(parseForm(text));
  } catch {
    throw new Error(`CoinGate callback body is not valid ${isJson ? "JSON" : "form data"}.`);
  }
}

/** A form body sends null as an empty value; read it as absent, as the JSON would be. */
function blanksAsAbsent(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(blanksAsAbsent);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== "") out[key] = blanksAsAbsent(inner);
    }
    return out;
  }
  return value;
}
