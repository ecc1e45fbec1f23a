/**
 * The controls in force (CONTRACT section 7), read from Script Properties: the roles, and the
 * approval policy. A policy change waiting for a second admin (pending-policy.ts) is not in
 * force yet, so it is not read here.
 */
import type { ApprovalPolicy } from "../../domain/approvals";
import { parseCurrencyLimits, type CurrencyLimits } from "../../domain/currency-limits";
import { parseEmailList } from "../../domain/email-list";
import { readSettings } from "../../providers/shared/settings";
import type { Store } from "../../ports";
import { KEYS } from "../keys";
import { CONTROL_FIELDS } from "./fields";

export interface Controls {
  admins: string[];
  payers: string[];
  approvers: string[];
  approval: ApprovalPolicy;
  /** LIMIT_PER_ROW: a row above is INVALID. */
  limitPerRow: CurrencyLimits;
  /** LIMIT_PER_DAY: the most sent in any 24 hours. */
  limitPerDay: CurrencyLimits;
  /** NEW_ADDRESS_COOLOFF_HOURS: 0 is off. */
  coolOffHours: number;
  /** Settings that could not be used, so a default applies: key names, never values. */
  warnings: string[];
}

export function readControls(store: Store): Controls {
  const { values, warnings } = readSettings(store, CONTROL_FIELDS);
  const list = (key: keyof typeof values, fallback: string): CurrencyLimits => {
    const parsed = parseCurrencyLimits(values[key]);
    if (parsed.ok) return parsed.limits;
    warnings.push(`${key} cannot be used (${parsed.reason}): ${fallback}.`);
    return new Map();
  };
  const secondAbove = list(KEYS.secondApprovalAbove, "no second approval is asked");
  const required = Number(values[KEYS.approvalsRequired]);
  const approvers = parseEmailList(values[KEYS.approvers]);
  return {
    admins: parseEmailList(values[KEYS.admins]),
    payers: parseEmailList(values[KEYS.payers]),
    approvers,
    approval: {
      required: required === 1 || required === 2 ? required : 0,
      secondAbove,
      expiresHours: Number(values[KEYS.approvalExpiresHours]) || 72,
      approvers,
    },
    limitPerRow: list(KEYS.limitPerRow, "no per-row limit applies"),
    limitPerDay: list(KEYS.limitPerDay, "no daily limit applies"),
    coolOffHours: Number(values[KEYS.newAddressCoolOffHours]) || 0,
    warnings,
  };
}

/** Whether approvals are on (APPROVALS_REQUIRED 1 or 2). */
export function approvalsOn(controls: Controls): boolean {
  return controls.approval.required > 0;
}
