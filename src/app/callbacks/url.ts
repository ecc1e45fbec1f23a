/** The callback URLs of CONTRACT section 5: the web app's /exec URL with provider and token. */
import { withCallbackQuery } from "../../domain/web-app-url";
import { KEYS } from "../keys";
import type { AppContext } from "../context";
import { trustedWebAppUrl } from "../web-app/own-url";

export function webAppUrl(ctx: AppContext): string | null {
  return trustedWebAppUrl(ctx).url;
}

/** `provider`: the provider's callback parameter (its registry entry's `callbackParam`). */
export function callbackUrl(ctx: AppContext, provider: string): string | null {
  const base = webAppUrl(ctx);
  const token = ctx.store.get(KEYS.callbackToken);
  if (!base || !token) return null;
  return withCallbackQuery(base, provider, encodeURIComponent(token));
}
