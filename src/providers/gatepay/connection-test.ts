/** A signed, read-only balance query: proves the ClientId, the secret and the clock together. */
import type { Clock, Crypto, Http } from "../../ports";
import type { GatePayConfig } from "./config";
import { balanceCall } from "./endpoints";
import { GatePayTransport, type GatePayFailure } from "./transport";

export type GatePayAccessCheck =
  | { ok: true; balances: { currency: string; available: string }[] }
  /** The failure's sentence is GatePay's code in plain words; it never contains the secret. */
  | { ok: false; failure: GatePayFailure };

export function checkGatePayAccess(
  deps: { http: Http; clock: Clock; crypto: Crypto },
  config: GatePayConfig,
): GatePayAccessCheck {
  const transport = new GatePayTransport({ ...deps, config });
  // send, not read: a person is waiting, and a passing failure is reported rather than retried.
  const [result] = transport.send([balanceCall()]);
  if (!result.ok) return { ok: false, failure: result.failure };
  const balances = (result.value.balance_list ?? []).map((entry) => ({
    currency: entry.currency.toUpperCase(),
    available: entry.available?.trim() || "0",
  }));
  return { ok: true, balances };
}
