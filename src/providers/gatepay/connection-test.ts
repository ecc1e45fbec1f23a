/** A signed, read-only balance query: proves the ClientId, the secret and the clock together. */
import type { Clock, Crypto, Http } from "../../ports";
import type { ConnectionReport } from "../entry";
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
  const result = transport.sendOne(balanceCall());
  if (!result.ok) return { ok: false, failure: result.failure };
  const balances = (result.value.balance_list ?? []).map((entry) => ({
    currency: entry.currency.toUpperCase(),
    available: entry.available?.trim() || "0",
  }));
  return { ok: true, balances };
}

/** Settings > Test connection for GatePay, in plain words. */
export function testGatePayConnection(
  deps: { http: Http; clock: Clock; crypto: Crypto },
  config: GatePayConfig | undefined,
  missing: string[],
): ConnectionReport {
  const report = (outcome: ConnectionReport["outcome"], message: string): ConnectionReport => ({
    provider: "gatepay",
    outcome,
    message,
  });
  if (!config) return report("not_configured", `No GatePay ${missing.join(" or ")} is saved.`);
  const check = checkGatePayAccess(deps, config);
  if (check.ok) {
    const currencies = check.balances.map((b) => b.currency);
    return report(
      "working",
      "Working: GatePay accepted the ClientId and the signature. " +
        (currencies.length
          ? `Balances in ${currencies.join(", ")}.`
          : "The payment account has no balances yet."),
    );
  }
  const { failure } = check;
  switch (failure.action) {
    case "check_client_id":
      return report("wrong_credentials", `Wrong ClientId: ${failure.sentence}`);
    case "check_secret":
      return report("wrong_credentials", `Wrong secret: ${failure.sentence}`);
    case "check_clock":
      return report("clock", `Clock: ${failure.sentence}`);
    default:
      return failure.kind === "system"
        ? report("unreachable", `Unreachable: ${failure.sentence}`)
        : report("problem", failure.sentence);
  }
}
