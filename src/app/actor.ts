/**
 * Who is running an execution. Apps Script hides the person (Session.getActiveUser is "") in
 * web apps run as the owner, simple triggers and some cross-domain cases. A function that moves
 * money or changes settings then refuses instead of guessing: reached from the web app's URL
 * through google.script.run, it changes nothing. The add-on's own triggers are recognised by
 * the trigger id in their event, which must be one of this project's triggers.
 */
import type { AppContext } from "./context";

export interface Actor {
  /** Lower-case e-mail of the person, or of the trigger's owner. */
  email: string;
  via: "person" | "trigger";
}

export interface Refusal {
  ok: false;
  message: string;
  refused: "unidentified";
}

function triggerUidOf(event: unknown): string {
  if (!event || typeof event !== "object") return "";
  const uid = (event as { triggerUid?: unknown }).triggerUid;
  return typeof uid === "string" || typeof uid === "number" ? String(uid) : "";
}

export function identify(ctx: AppContext, event?: unknown): Actor | undefined {
  const email = ctx.identity.activeEmail().trim().toLowerCase();
  if (email) return { email, via: "person" };
  const uid = triggerUidOf(event);
  if (uid && ctx.triggers.list().some((trigger) => trigger.id === uid)) {
    return { email: ctx.identity.effectiveEmail().trim().toLowerCase(), via: "trigger" };
  }
  return undefined;
}

export function unidentified(action: string): Refusal {
  return {
    ok: false,
    refused: "unidentified",
    message:
      `Apps Script does not say who is ${action} here (it hides the person in the web app, in simple ` +
      "triggers and for some accounts of other domains), so nothing was changed. Run it from the " +
      "Payouts menu while signed in to your own account.",
  };
}

/** Runs `work` only for an identified person or one of this project's own triggers. */
export function asKnownActor<T>(
  ctx: AppContext,
  event: unknown,
  action: string,
  work: (ctx: AppContext, actor: Actor) => T,
): T | Refusal {
  const actor = identify(ctx, event);
  if (!actor) return unidentified(action);
  return work(ctx, actor);
}

/** Who did it, for the audit log: the person, or the trigger's owner marked as such. */
export function actorLabel(ctx: AppContext): string {
  const person = ctx.identity.activeEmail().trim();
  if (person) return person;
  const owner = ctx.identity.effectiveEmail().trim();
  return owner ? `${owner} (trigger)` : "(unknown)";
}
