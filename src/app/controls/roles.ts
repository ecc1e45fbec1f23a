/**
 * Who may do what (CONTRACT section 7). Each use case that needs a role asks here first, so the
 * menu, the dialogs' callbacks and the headless functions refuse alike. An empty list lets
 * anyone who can run the add-on act; a person Apps Script does not name is refused.
 */
import { listAllows } from "../../domain/email-list";
import { identify, unidentified, type Actor } from "../actor";
import { audit } from "../audit/log";
import type { AppContext } from "../context";
import { readControls, type Controls } from "./policy";

export type Role = "admin" | "payer" | "approver";

const ROLE_LIST: Record<Role, { key: string; list: (c: Controls) => string[] }> = {
  admin: { key: "ADMINS", list: (c) => c.admins },
  payer: { key: "PAYERS", list: (c) => c.payers },
  approver: { key: "APPROVERS", list: (c) => c.approvers },
};

export interface RoleRefusal {
  ok: false;
  message: string;
  refused: "unidentified" | "role";
}

/** Whether this actor holds the role. The add-on's own triggers act for their owner. */
export function holdsRole(controls: Controls, actor: Actor, role: Role): boolean {
  return listAllows(ROLE_LIST[role].list(controls), actor.email);
}

/** The refusal when the person running this may not `action` (e.g. "submitting"), else undefined. */
export function refuseUnlessRole(
  ctx: AppContext,
  role: Role,
  action: string,
  event?: unknown,
): RoleRefusal | undefined {
  const actor = identify(ctx, event);
  if (!actor) return unidentified(action);
  if (holdsRole(readControls(ctx.store), actor, role)) return undefined;
  const { key } = ROLE_LIST[role];
  const message = `${actor.email} is not in ${key}, so ${action} is not allowed; nothing was changed. Ask an admin (Payouts > Settings > Controls).`;
  audit(ctx, "Refused", message);
  return { ok: false, refused: "role", message };
}

/** Runs `work` only for someone holding `role` (an identified person or this project's trigger). */
export function withRole<T>(
  ctx: AppContext,
  role: Role,
  action: string,
  work: (ctx: AppContext) => T,
  event?: unknown,
): T | RoleRefusal {
  return refuseUnlessRole(ctx, role, action, event) ?? work(ctx);
}
