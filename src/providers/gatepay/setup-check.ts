/**
 * Check provider setup for GatePay. Recovery resends a payout whose create may have been lost
 * only when GatePay confirms its batch absent, and GatePay does not document the answer for a
 * batch it never received (lookup.ts assumes code 400202). This asks about a made-up batch id,
 * read-only, and says whether the answer is the one recovery relies on.
 */
import type { Clock, Crypto, Http } from "../../ports";
import type { SetupCheck } from "../entry";
import { ProviderError } from "../provider";
import type { GatePayConfig } from "./config";
import { GATEPAY_BATCH_NOT_FOUND_CODE, lookupBatches } from "./lookup";
import { GatePayTransport } from "./transport";

const NAME = "GatePay answer for an unknown batch";

export function checkGatePaySetup(
  deps: { http: Http; clock: Clock; crypto: Crypto },
  config: GatePayConfig,
): SetupCheck[] {
  // A batch id no one made: 30 random hex digits after a prefix, within GatePay's 32 characters.
  const batchId = `C_${deps.crypto.uuid().replace(/-/g, "").slice(0, 30)}`;
  let lookup;
  try {
    // send, not read: a person is waiting, and a passing failure is reported rather than retried.
    lookup = lookupBatches(new GatePayTransport({ ...deps, config }), [batchId], false).get(
      batchId,
    );
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return [{ name: NAME, ok: false, message: `GatePay refused the query: ${error.message}` }];
  }
  if (lookup?.kind === "absent")
    return [
      {
        name: NAME,
        ok: true,
        message:
          `GatePay answers code ${GATEPAY_BATCH_NOT_FOUND_CODE} for a batch it never received, as the add-on expects: ` +
          "a submission interrupted before GatePay got it is confirmed absent and sent again.",
      },
    ];
  return [
    {
      name: NAME,
      ok: false,
      message:
        lookup?.kind === "found"
          ? "GatePay returned a batch for an id the add-on had just made up; ask GatePay support why."
          : `GatePay answered "${lookup?.reason ?? "nothing"}" for a batch it never received, not code ` +
            `${GATEPAY_BATCH_NOT_FOUND_CODE}, which the add-on expects. Payouts are still never sent twice, but a ` +
            "submission interrupted before GatePay got it will wait for a person instead of being sent again. " +
            "Tell the add-on's maintainers (GATEPAY_BATCH_NOT_FOUND_CODE).",
    },
  ];
}
