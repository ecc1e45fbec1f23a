/**
 * What the run in progress will add to the Audit log, kept until the run ends and then written
 * in one block (append.ts), and the payouts that became exceptions during it (for the e-mail,
 * notify/). Apps Script makes one context per execution, so the context keys the run.
 */
import { actorLabel } from "../actor";
import type { AppContext } from "../context";

/** An audit entry before it is numbered and hashed. */
export interface AuditDraft {
  time: string;
  actor: string;
  payoutId: string;
  action: string;
  outcome: string;
  /** JSON. */
  details: string;
  /** The record entry it tells about, so that none is told twice (record-events.ts). */
  recordSeq?: number;
}

export interface RunTrail {
  drafts: AuditDraft[];
  /** Payouts that became FAILED or REJECTED during the run. */
  exceptions: Set<string>;
  /** Audited scopes open (run.ts): the outermost writes the trail when it ends. */
  depth: number;
  /** Who the run acts for when Apps Script names nobody (a provider's callback). */
  actor?: string;
}

const trails = new WeakMap<AppContext, RunTrail>();

export function trailOf(ctx: AppContext): RunTrail {
  let trail = trails.get(ctx);
  if (!trail) {
    trail = { drafts: [], exceptions: new Set(), depth: 0 };
    trails.set(ctx, trail);
  }
  return trail;
}

/** Who acted, for the run's entries: the person, the trigger's owner, or the callback's sender. */
export function runActor(ctx: AppContext): string {
  return trailOf(ctx).actor ?? actorLabel(ctx);
}
