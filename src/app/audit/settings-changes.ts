/**
 * Settings saved, for the Audit log: the keys that changed, never a value (a value may be a
 * secret). A change to a role list (CONTRACT section 7) is an entry of its own, named as such:
 * who may act is what an auditor looks for first.
 */
import type { AppContext } from "../context";
import { KEYS } from "../keys";
import { audit, auditEntry } from "./log";

const ROLE_LISTS: Readonly<Record<string, string>> = {
  [KEYS.admins]: "who may change settings, freeze payouts and turn auto-refresh on or off",
  [KEYS.payers]: "who may submit payouts",
  [KEYS.approvers]: "who may approve payouts",
};

export function auditSettingsChange(ctx: AppContext, keys: readonly string[]): void {
  if (keys.length === 0) return;
  audit(ctx, "Settings saved", `Changed: ${keys.join(", ")}`);
  auditRoleListChanges(ctx, keys);
}

/** One entry per role list among the keys (a save, or a second admin's confirmation). */
export function auditRoleListChanges(ctx: AppContext, keys: readonly string[]): void {
  for (const key of keys) {
    const role = ROLE_LISTS[key];
    if (role)
      auditEntry(ctx, {
        action: "Role list changed",
        outcome: `${key} (${role}) changed`,
        details: { key },
      });
  }
}
