/**
 * The controls in force (CONTRACT section 7), read from Script Properties: the roles, and the
 * approval policy. A policy change waiting for a second admin (pending-policy.ts) is not in
 * force yet, so it is not read here.
 */
import type { ApprovalPolicy } from "../../domain/approvals";
import { parseCurrencyLimits } from "../../domain/currency-limits";
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
  /** Settings that could not be used, so a default applies: key names, never values. */
  warnings: string[];
}

export function readControls(store: Store): Controls {
  const { values, warnings } = readSettings(store, CONTROL_FIELDS);
  const limits = parseCurrencyLimits(values[KEYS.secondApprovalAbove]);
  if (!limits.ok)
    warnings.push(
      `${KEYS.secondApprovalAbove} cannot be used (${limits.reason}): no second approval is asked.`,
    );
  const required = Number(values[KEYS.approvalsRequired]);
  const approvers = parseEmailList(values[KEYS.approvers]);
  return {
    admins: parseEmailList(values[KEYS.admins]),
    payers: parseEmailList(values[KEYS.payers]),
    approvers,
    approval: {
      required: required === 1 || required === 2 ? required : 0,
      secondAbove: limits.ok ? limits.limits : new Map(),
      expiresHours: Number(values[KEYS.approvalExpiresHours]) || 72,
      approvers,
    },
    warnings,
  };
}

/** Whether approvals are on (APPROVALS_REQUIRED 1 or 2). */
export function approvalsOn(controls: Controls): boolean {
  return controls.approval.required > 0;
}
