/** Builds the configured provider clients for one execution. */
import type { ProviderName } from "../domain/payout";
import { createCoinGateProvider } from "../providers/coingate";
import { createGatePayProvider } from "../providers/gatepay";
import type { Provider } from "../providers/provider";
import { callbackUrl } from "./callback-url";
import type { AppConfig } from "./config";
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

export function notConfiguredReason(provider: ProviderName): string {
  return provider === "CoinGate"
    ? "CoinGate is not configured: set COINGATE_API_TOKEN (Payouts > Settings)."
    : "GatePay is not configured: set GATEPAY_CLIENT_ID and GATEPAY_API_SECRET (Payouts > Settings).";
}
