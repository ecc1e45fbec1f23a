/** The GatePay implementation of the Provider interface (batch payouts). */
import type { Clock, Crypto, Http } from "../../ports";
import type { Provider } from "../provider";

import { readCatalog } from "./catalog";
import { parseGatePayCallback } from "./callback";
import type { GatePayConfig } from "./config";
import { gatePayListing } from "./listing";
import { lookupPayouts } from "./lookup";
import { quotePayouts } from "./quote";
import { submitBatch } from "./submit";
import { GatePayTransport } from "./transport";

export interface GatePayProviderDeps {
  http: Http;
  clock: Clock;
  crypto: Crypto;
  config: GatePayConfig;
}

export function createGatePayProvider(deps: GatePayProviderDeps): Provider {
  if (!deps.config.clientId.trim() || !deps.config.apiSecret.trim()) {
    throw new Error("GatePay needs GATEPAY_CLIENT_ID and GATEPAY_API_SECRET in Script Properties.");
  }
  if (!Number.isInteger(deps.config.maxBatchSize) || deps.config.maxBatchSize < 1) {
    throw new Error("The GatePay batch size must be a whole number of at least 1.");
  }
  const transport = new GatePayTransport(deps);
  return {
    name: "GatePay",
    catalog: (currencies) => readCatalog(transport, currencies),
    quote: (payouts) => quotePayouts(transport, payouts),
    submit: (payouts, batchId) =>
      submitBatch(transport, deps.config.maxBatchSize, payouts, batchId),
    fetch: (refs) => lookupPayouts(transport, refs, "fetch"),
    recover: (refs) => lookupPayouts(transport, refs, "recover"),
    parseCallback: (body, _contentType) => parseGatePayCallback(body),
    listing: gatePayListing(transport),
  };
}
