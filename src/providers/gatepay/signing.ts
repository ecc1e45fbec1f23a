/**
 * GatePay request signing: HMAC-SHA512 (lowercase hex) keyed with the Payment API secret over
 * `timestamp\nnonce\nbody\n`, where body is the exact text sent ("" for GET).
 */
import type { Clock, Crypto } from "../../ports";

export function gatePaySignature(
  crypto: Crypto,
  secret: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return crypto.hmacSha512Hex(secret, `${timestamp}\n${nonce}\n${body}\n`);
}

/** 32 letters and digits: the documented nonce limit ("≤ 32 chars, letters and digits"). */
export function gatePayNonce(crypto: Crypto): string {
  return crypto
    .uuid()
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, 32);
}

export interface SigningIdentity {
  clientId: string;
  apiSecret: string;
}

/** Headers for one request; a fresh timestamp and nonce each time (also on a retry). */
export function gatePayHeaders(
  deps: { clock: Clock; crypto: Crypto },
  identity: SigningIdentity,
  body: string,
): Record<string, string> {
  const timestamp = String(Math.trunc(deps.clock.now()));
  const nonce = gatePayNonce(deps.crypto);
  return {
    "Content-Type": "application/json",
    "X-GatePay-Certificate-ClientId": identity.clientId,
    "X-GatePay-Timestamp": timestamp,
    "X-GatePay-Nonce": nonce,
    "X-GatePay-Signature": gatePaySignature(
      deps.crypto,
      identity.apiSecret,
      timestamp,
      nonce,
      body,
    ),
  };
}
