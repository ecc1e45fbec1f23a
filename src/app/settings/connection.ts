/** Settings > Test connection: the saved credentials of one provider, read-only requests. */
import type { ConnectionReport } from "../../providers/entry";
import { PROVIDERS } from "../../providers/registry";
import type { AppContext } from "../context";
import { openProviderDeps } from "../providers";

export function testConnection(ctx: AppContext, provider: string): ConnectionReport {
  const entry = PROVIDERS.find((e) => e.callbackParam === provider);
  if (!entry)
    return { provider, outcome: "problem", message: "There is no provider of that name." };
  return entry.setup(ctx.store).testConnection(openProviderDeps(ctx, entry));
}
