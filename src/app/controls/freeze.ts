/**
 * The freeze switch (CONTRACT section 7): while frozen, nothing is sent by any run or trigger
 * (a submission in progress stops at its next step and leaves its rows QUEUED), and every run
 * says so. Admins freeze; when more than one admin is listed, a different admin unfreezes.
 */
import * as z from "zod/mini";
import { identify, unidentified } from "../actor";
import { audit } from "../audit/log";
import { isoNow, type AppContext } from "../context";
import { KEYS } from "../keys";
import { readControls } from "./policy";
import { holdsRole } from "./roles";
import { scheduleContinuation } from "../submit/continuation";

const stateSchema = z.object({ by: z.string(), at: z.string() });

export type FreezeState = z.infer<typeof stateSchema>;

export interface FreezeSummary {
  ok: boolean;
  frozen: boolean;
  message: string;
}

/**
 * Who froze payouts and when; undefined while they are not frozen. Read afresh: an admin may
 * freeze from another browser while a long submission runs.
 */
export function frozenState(ctx: AppContext): FreezeState | undefined {
  ctx.store.refresh();
  const text = ctx.store.get(KEYS.frozen);
  if (!text) return undefined;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    // A value that cannot be read still freezes: only an unfreeze clears it.
    return parsed.success ? parsed.data : { by: "(unknown)", at: "(unknown)" };
  } catch {
    return { by: "(unknown)", at: "(unknown)" };
  }
}

export function frozenMessage(state: FreezeState): string {
  return `Payouts are frozen (by ${state.by} since ${state.at}): nothing is sent until an admin unfreezes them.`;
}

export function freezePayouts(ctx: AppContext): FreezeSummary {
  const actor = identify(ctx);
  if (!actor) return { ...unidentified("freezing payouts"), frozen: !!frozenState(ctx) };
  const already = frozenState(ctx);
  if (already) return { ok: true, frozen: true, message: frozenMessage(already) };
  const state = { by: actor.email, at: isoNow(ctx) };
  ctx.store.set(KEYS.frozen, JSON.stringify(state));
  const message = frozenMessage(state);
  audit(ctx, "Freeze payouts", message);
  return { ok: true, frozen: true, message };
}

export function unfreezePayouts(ctx: AppContext): FreezeSummary {
  const actor = identify(ctx);
  if (!actor) return { ...unidentified("unfreezing payouts"), frozen: !!frozenState(ctx) };
  const state = frozenState(ctx);
  if (!state) return { ok: true, frozen: false, message: "Payouts are not frozen." };
  const controls = readControls(ctx.store);
  if (controls.admins.length > 1 && state.by === actor.email) {
    const message = `You froze payouts: another admin (${controls.admins.filter((a) => a !== actor.email).join(", ")}) unfreezes them.`;
    audit(ctx, "Unfreeze refused", message);
    return { ok: false, frozen: true, message };
  }
  if (!holdsRole(controls, actor, "admin")) {
    const message = `${actor.email} is not in ADMINS: only an admin unfreezes payouts.`;
    audit(ctx, "Unfreeze refused", message);
    return { ok: false, frozen: true, message };
  }
  ctx.store.delete(KEYS.frozen);
  // Rows a frozen run left QUEUED continue within a minute.
  scheduleContinuation(ctx);
  const message = `Payouts are unfrozen (frozen by ${state.by} since ${state.at}); rows left queued continue within a minute.`;
  audit(ctx, "Unfreeze payouts", message);
  return { ok: true, frozen: false, message };
}
