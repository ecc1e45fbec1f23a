/**
 * checkProviderSetup (Payouts > Check provider setup, admins): read-only requests about what the
 * providers' documents leave open, and whether the web app runs this build, each answered in
 * plain words. A provider that is not configured is skipped, and says so. Changes nothing at the
 * providers or in the sheet; the run is noted in the Audit log (counts only).
 */
import type { SetupCheck } from "../../providers/entry";
import { audit } from "../audit/log";
import { readConfig } from "../config";
import type { AppContext } from "../context";
import { openProviderDeps } from "../providers";
import { PROVIDERS } from "../../providers/registry";
import { sheetUsage } from "./usage";
import { checkWebApp } from "./web-app";

export interface ProviderCheckSummary {
  ok: boolean;
  checks: (SetupCheck & { skipped?: true })[];
  message: string;
}

export function checkProviderSetup(ctx: AppContext): ProviderCheckSummary {
  const config = readConfig(ctx.store);
  const usage = sheetUsage(ctx);
  const checks: ProviderCheckSummary["checks"] = PROVIDERS.flatMap((entry) => {
    const setup = config.providers.get(entry.name) ?? entry.setup(ctx.store);
    if (!setup.configured)
      return [
        {
          name: entry.name,
          ok: true,
          skipped: true,
          message: `Not checked: ${setup.notConfigured}`,
        },
      ];
    const deps = openProviderDeps(ctx, entry);
    if (setup.checkSetup)
      return setup.checkSetup(deps, usage.get(entry.name) ?? { currencies: [] });
    // A provider without checks of its own: its Test connection is the check.
    const report = setup.testConnection(deps);
    return [{ name: entry.name, ok: report.outcome === "working", message: report.message }];
  });
  checks.push(checkWebApp(ctx));
  const failed = checks.filter((check) => !check.ok).length;
  const skipped = checks.filter((check) => check.skipped).length;
  const ok = failed === 0;
  const lines = checks.map(
    (check) =>
      `${check.skipped ? "SKIPPED" : check.ok ? "OK" : "PROBLEM"} ${check.name}: ${check.message}`,
  );
  const head = ok
    ? `Every check passed (${checks.length - skipped} run, ${skipped} skipped).`
    : `${failed} of ${checks.length - skipped} check(s) found a problem.`;
  audit(ctx, "Check provider setup", head, { checks: checks.length, failed, skipped, ok });
  return { ok, checks, message: [head, ...lines].join("\n") };
}
