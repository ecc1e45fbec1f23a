/**
 * Two admins for a policy change (CONTRACT section 7): while approvals are on and ADMINS lists
 * two or more people, a change to roles, approvals or limits made by one admin is kept aside
 * (PENDING_POLICY) and takes effect only when another admin confirms it in the Settings sidebar;
 * until then the old values hold. Any admin may discard it.
 */
import * as z from "zod/mini";
import type { Actor } from "../actor";
import { audit } from "../audit/log";
import { auditRoleListChanges } from "../audit/settings-changes";
import { isoNow, type AppContext } from "../context";
import { KEYS } from "../keys";
import { CONTROL_FIELDS, POLICY_KEYS } from "./fields";
import { approvalsOn, readControls } from "./policy";

const pendingSchema = z.object({
  by: z.string(),
  at: z.string(),
  changes: z.record(z.string(), z.string()),
});

export type PendingPolicy = z.infer<typeof pendingSchema>;

export interface PendingView {
  by: string;
  at: string;
  changes: { key: string; label: string; from: string; to: string }[];
  /** Whether the person looking may confirm it (an admin other than its author). */
  canConfirm: boolean;
}

export function readPending(ctx: AppContext): PendingPolicy | undefined {
  const text = ctx.store.get(KEYS.pendingPolicy);
  if (!text) return undefined;
  try {
    const parsed = pendingSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a change to these keys must wait for a second admin now. */
export function needsSecondAdmin(ctx: AppContext, changed: Record<string, string>): boolean {
  const controls = readControls(ctx.store);
  return (
    approvalsOn(controls) &&
    controls.admins.length >= 2 &&
    Object.keys(changed).some((key) => POLICY_KEYS.includes(key))
  );
}

/** Keeps the policy part of `changed` aside (removing it from `changed`); returns its keys. */
export function holdPolicyChanges(
  ctx: AppContext,
  actor: Actor,
  changed: Record<string, string>,
): string[] {
  const held: Record<string, string> = {};
  for (const [key, value] of Object.entries(changed)) {
    if (!POLICY_KEYS.includes(key)) continue;
    held[key] = value;
    delete changed[key];
  }
  const pending: PendingPolicy = { by: actor.email, at: isoNow(ctx), changes: held };
  ctx.store.set(KEYS.pendingPolicy, JSON.stringify(pending));
  return Object.keys(held);
}

export function pendingView(ctx: AppContext, viewer: Actor | undefined): PendingView | undefined {
  const pending = readPending(ctx);
  if (!pending) return undefined;
  const controls = readControls(ctx.store);
  const changes = Object.entries(pending.changes).map(([key, to]) => ({
    key,
    label: CONTROL_FIELDS.find((field) => field.key === key)?.label ?? key,
    from: (ctx.store.get(key) ?? "").trim(),
    to,
  }));
  const canConfirm =
    viewer !== undefined && viewer.email !== pending.by && controls.admins.includes(viewer.email);
  return { by: pending.by, at: pending.at, changes, canConfirm };
}

export type PendingOutcome = { ok: true; message: string } | { ok: false; message: string };

/** Applies the pending change: only an admin other than the one who made it. */
export function confirmPending(ctx: AppContext, actor: Actor): PendingOutcome {
  const pending = readPending(ctx);
  if (!pending) return { ok: false, message: "No policy change is waiting." };
  const controls = readControls(ctx.store);
  if (!controls.admins.includes(actor.email))
    return { ok: false, message: `${actor.email} is not in ADMINS: only an admin confirms.` };
  if (actor.email === pending.by)
    return {
      ok: false,
      message: "You made this change: another admin confirms it (two admins for policy changes).",
    };
  for (const [key, value] of Object.entries(pending.changes)) {
    if (value === "") ctx.store.delete(key);
    else ctx.store.set(key, value);
  }
  ctx.store.delete(KEYS.pendingPolicy);
  const keys = Object.keys(pending.changes).join(", ");
  audit(ctx, "Policy change confirmed", `Changed: ${keys} (made by ${pending.by})`);
  auditRoleListChanges(ctx, Object.keys(pending.changes));
  return { ok: true, message: `The change to ${keys} is in force.` };
}

/** Drops the pending change (any admin, its author included). */
export function discardPending(ctx: AppContext, actor: Actor): PendingOutcome {
  const pending = readPending(ctx);
  if (!pending) return { ok: false, message: "No policy change is waiting." };
  const controls = readControls(ctx.store);
  if (!controls.admins.includes(actor.email))
    return { ok: false, message: `${actor.email} is not in ADMINS: only an admin discards it.` };
  ctx.store.delete(KEYS.pendingPolicy);
  const keys = Object.keys(pending.changes).join(", ");
  audit(ctx, "Policy change discarded", `Discarded: ${keys} (made by ${pending.by})`);
  return { ok: true, message: `The change to ${keys} was discarded; the old values hold.` };
}
