/** Wires the CoinGate pieces into the Provider interface; one instance serves one run. */
import type { Clock, Http } from "../../ports";
import type { Provider } from "../provider";
import { CoinGateApi } from "./api-client";
import { parseCoinGateCallback } from "./callback";
import { CoinGateCatalog } from "./catalog";
import { DEFAULT_CHUNK_SIZE, type CoinGateConfig, type PayeeDirectory } from "./config";
import { CoinGateLedger } from "./ledger";
import { coinGateListing } from "./listing";
import { SendRequestLookup } from "./lookup";
import { PayeeResolver } from "./payees";
import { quotePayouts } from "./quote";
import { submitPayouts } from "./submit";
import type { RequestHistory } from "./rate-limiter";

export interface CoinGateDeps {
  http: Http;
  clock: Clock;
  payees: PayeeDirectory;
  config: CoinGateConfig;
  /** Recent request times kept across executions (the 200-per-minute limit spans runs). */
  requestHistory?: RequestHistory;
}

export function createCoinGateProvider(deps: CoinGateDeps): Provider {
  const { config } = deps;
  const api = new CoinGateApi(deps.http, deps.clock, config, deps.requestHistory);
  const catalog = new CoinGateCatalog(api);
  const ledger = new CoinGateLedger(api, config.ledgerAccountId || undefined);
  const lookup = new SendRequestLookup(api, config.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const payees = new PayeeResolver(api, catalog, deps.payees);
  return {
    name: "CoinGate",
    // CoinGate lists every payout currency in one answer, so `currencies` is not needed.
    catalog: () => ({ provider: "CoinGate", offers: catalog.offers() }),
    quote: (payouts) => quotePayouts(catalog, ledger, payouts),
    submit: (payouts) => submitPayouts({ api, catalog, ledger, payees, lookup, config }, payouts),
    fetch: (refs) => lookup.fetch(refs),
    recover: (refs) => lookup.recover(refs),
    parseCallback: parseCoinGateCallback,
    listing: coinGateListing(api, config),
  };
}
