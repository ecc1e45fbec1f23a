/** doGet's health page data: never a secret, only whether each provider is configured. */
import { VERSION } from "../../version";
import { autoRefreshInstalled } from "../refresh/auto-refresh";
import { readConfig } from "../config";
import { readControls } from "../controls/policy";
import { frozenState } from "../controls/freeze";
import { KEYS } from "../keys";
import type { AppContext } from "../context";
import { trustedWebAppUrl } from "./own-url";

export interface Health {
  service: "sheet-payouts";
  version: string;
  /** Per provider (by name): whether it is configured, and e.g. its environment. */
  providers: Record<string, { configured: boolean } & Record<string, string | boolean>>;
  callbackTokenSet: boolean;
  lastRefreshAt: string | null;
  openRows: number | null;
  autoRefresh: boolean;
  /** Whether approvals (APPROVALS_REQUIRED 1 or 2) and role lists are in force; never who. */
  controls: { approvalsRequired: number; rolesOn: boolean; frozen: boolean };
  /** Settings that could not be used (key names only). */
  warnings: string[];
}

export function health(ctx: AppContext): Health {
  const config = readConfig(ctx.store);
  const open = ctx.store.get(KEYS.openRows);
  const controls = readControls(ctx.store);
  return {
    service: "sheet-payouts",
    version: VERSION,
    providers: Object.fromEntries(
      [...config.providers].map(([name, setup]) => [name, setup.health]),
    ),
    callbackTokenSet: !!ctx.store.get(KEYS.callbackToken),
    lastRefreshAt: ctx.store.get(KEYS.lastRefreshAt),
    openRows: open === null ? null : Number(open),
    autoRefresh: autoRefreshInstalled(ctx),
    controls: {
      approvalsRequired: controls.approval.required,
      rolesOn: [controls.admins, controls.payers, controls.approvers].some(
        (list) => list.length > 0,
      ),
      frozen: frozenState(ctx) !== undefined,
    },
    warnings: [
      ...config.warnings,
      ...controls.warnings,
      ...[trustedWebAppUrl(ctx).warning ?? []].flat(),
    ],
  };
}

/** The plain-text health view: one "name: value" line each, never HTML. */
export function healthText(data: Health): string {
  const lines: [string, string][] = [
    ["Sheet payouts", `version ${data.version}`],
    ...Object.entries(data.providers).map(
      ([name, { configured, ...details }]): [string, string] => {
        const about = Object.values(details).map(String).join(", ");
        return [name, configured ? `configured${about ? ` (${about})` : ""}` : "not configured"];
      },
    ),
    ["Callback token", data.callbackTokenSet ? "set" : "not set: run Set up sheet"],
    ["Last refresh", data.lastRefreshAt ?? "never"],
    ["Open rows", data.openRows === null ? "unknown" : String(data.openRows)],
    ["Auto-refresh", data.autoRefresh ? "on" : "off"],
    [
      "Approvals",
      data.controls.approvalsRequired > 0 ? `${data.controls.approvalsRequired} required` : "off",
    ],
    ["Roles", data.controls.rolesOn ? "on" : "off (anyone who can run the add-on)"],
    ["Payouts", data.controls.frozen ? "FROZEN: nothing is sent" : "not frozen"],
    ...data.warnings.map((warning): [string, string] => ["Warning", warning]),
  ];
  return `${lines.map(([name, value]) => `${name}: ${value}`).join("\n")}\n`;
}
