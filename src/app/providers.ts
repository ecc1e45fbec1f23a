/** Builds the configured provider clients for one execution. */
import type { ProviderName } from "../domain/payout";
import { createCoinGateProvider, type RequestHistory } from "../providers/coingate";
import { createGatePayProvider } from "../providers/gatepay";
import type { Provider } from "../providers/provider";
import { callbackUrl } from "./callbacks/url";
import { type AppConfig } from "./config";
import { KEYS } from "./keys";
import type { AppContext } from "./context";
import { sheetPayeeDirectory } from "./payee-directory";

export type Providers = Partial<Record<ProviderName, Provider>>;

export function openProviders(ctx: AppContext, config: AppConfig): Providers {
  const providers: Providers = {};
  if (config.coingate) {
    providers.CoinGate = createCoinGateProvider({
      http: ctx.http,
      clock: ctx.clock,
      payees: sheetPayeeDirectory(ctx),
      requestHistory: storedRequestHistory(ctx),
      config: { ...config.coingate, callbackUrl: callbackUrl(ctx, "coingate") ?? undefined },
    });
  }
  if (config.gatepay) {
    providers.GatePay = createGatePayProvider({
      http: ctx.http,
      clock: ctx.clock,
      crypto: ctx.crypto,
      config: config.gatepay,
    });
  }
  return providers;
}

/**
 * The last minute's CoinGate request times, in a Script Property (at most 200 times, about 3 KB
 * as offsets from the first), so that consecutive executions share the rate limit.
 */
function storedRequestHistory(ctx: AppContext): RequestHistory {
  return {
    load() {
      const [first, ...offsets] = (ctx.store.get(KEYS.coingateRecentRequests) ?? "")
        .split(",")
        .filter(Boolean)
        .map(Number);
      return first === undefined ? [] : [first, ...offsets.map((offset) => first + offset)];
    },
    save(answeredAt) {
      const [first, ...rest] = answeredAt;
      ctx.store.set(
        KEYS.coingateRecentRequests,
        first === undefined ? "" : [first, ...rest.map((t) => t - first)].join(","),
      );
    },
  };
}

export function notConfiguredReason(provider: ProviderName): string {
  return provider === "CoinGate"
    ? "CoinGate is not configured: set COINGATE_API_TOKEN (Payouts > Settings)."
    : "GatePay is not configured: set GATEPAY_CLIENT_ID and GATEPAY_API_SECRET (Payouts > Settings).";
}
