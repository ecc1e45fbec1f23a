/** What GatePay offers per currency: chains with precision, from currency_chains + withdraw_status. */
import type { Catalog, NetworkOffer } from "../provider";

import { amountFromProvider } from "../../domain/money";
import { isFlagOff } from "./schemas";
import type { GatePayTransport } from "./transport";
import { readWallet } from "./wallet";

export function readCatalog(transport: GatePayTransport, currencies: string[]): Catalog {
  const wanted = [...new Set(currencies.map((c) => c.trim().toUpperCase()).filter(Boolean))];
  const facts = readWallet(transport, wanted, false);
  const offers: NetworkOffer[] = [];
  for (const currency of wanted) {
    const limits = facts.limits.get(currency);
    for (const chain of facts.chains.get(currency) ?? []) {
      const offer: NetworkOffer = {
        currency,
        network: chain.chain,
        enabled: isFlagOff(chain.is_withdraw_disabled) && isFlagOff(chain.is_disabled),
      };
      if (chain.name_en?.trim()) offer.title = chain.name_en.trim();
      const decimals = Number(chain.decimal ?? "");
      if (String(chain.decimal ?? "").trim() !== "" && Number.isInteger(decimals)) {
        offer.decimals = decimals;
      }
      const min = amountFromProvider(limits?.withdraw_amount_mini);
      const max = amountFromProvider(limits?.withdraw_eachtime_limit);
      if (min !== undefined) offer.min = min;
      if (max !== undefined) offer.max = max;
      offers.push(offer);
    }
  }
  return { provider: "GatePay", offers };
}
