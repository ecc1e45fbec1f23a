/** doGet's health page data: never a secret, only whether each provider is configured. */
import { VERSION } from "../version";
import { autoRefreshInstalled } from "./auto-refresh";
import { KEYS, readConfig } from "./config";
import type { AppContext } from "./context";

export interface Health {
  service: "sheet-payouts";
  version: string;
  providers: {
    CoinGate: { configured: boolean; environment: string };
    GatePay: { configured: boolean };
  };
  callbackTokenSet: boolean;
  lastRefreshAt: string | null;
  openRows: number | null;
  autoRefresh: boolean;
  /** Settings that could not be used (key names only). */
  warnings: string[];
}

export function health(ctx: AppContext): Health {
  const config = readConfig(ctx.store);
  const open = ctx.store.get(KEYS.openRows);
  return {
    service: "sheet-payouts",
    version: VERSION,
    providers: {
      CoinGate: { configured: !!config.coingate, environment: config.coingateEnvironment },
      GatePay: { configured: !!config.gatepay },
    },
    callbackTokenSet: !!ctx.store.get(KEYS.callbackToken),
    lastRefreshAt: ctx.store.get(KEYS.lastRefreshAt),
    openRows: open === null ? null : Number(open),
    autoRefresh: autoRefreshInstalled(ctx),
    warnings: config.warnings,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function healthHtml(data: Health): string {
  const row = (name: string, value: string) =>
    `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`;
  return [
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Sheet payouts: health</title>",
    "<style>body{font-family:Arial,sans-serif;margin:24px;color:#202124}th{text-align:left;padding:4px 16px 4px 0;color:#5f6368}</style>",
    "</head><body><h1>Sheet payouts</h1><table>",
    row("Version", data.version),
    row(
      "CoinGate",
      data.providers.CoinGate.configured
        ? `configured (${data.providers.CoinGate.environment})`
        : "not configured",
    ),
    row("GatePay", data.providers.GatePay.configured ? "configured" : "not configured"),
    row("Callback token", data.callbackTokenSet ? "set" : "not set: run Set up sheet"),
    row("Last refresh", data.lastRefreshAt ?? "never"),
    row("Open rows", data.openRows === null ? "unknown" : String(data.openRows)),
    row("Auto-refresh", data.autoRefresh ? "on" : "off"),
    ...data.warnings.map((warning) => row("Warning", warning)),
    "</table></body></html>",
  ].join("");
}
