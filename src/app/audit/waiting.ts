/**
 * Audit entries of a run that could not get the script lock to write them (a long submission
 * held it): kept in Script Properties until the next write, which puts them first. A property
 * holds 9 KB, so only the newest that fit are kept, and the log says how many were lost.
 */
import type { Store } from "../../ports";
import { KEYS } from "../keys";
import type { AuditDraft } from "./trail";

/** Under the 9 KB a Script Property value holds. */
const MAX_WAITING = 8000;

export function takeWaiting(store: Store): AuditDraft[] {
  const text = store.get(KEYS.auditWaiting);
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isDraft) : [];
  } catch {
    return [];
  }
}

function isDraft(value: unknown): value is AuditDraft {
  if (!value || typeof value !== "object") return false;
  const draft = value as Record<string, unknown>;
  return ["time", "actor", "payoutId", "action", "outcome", "details"].every(
    (field) => typeof draft[field] === "string",
  );
}

export function keepWaiting(store: Store, drafts: readonly AuditDraft[]): void {
  const all = [...takeWaiting(store), ...drafts];
  let kept = all;
  let text = JSON.stringify(kept);
  while (text.length > MAX_WAITING && kept.length > 1) {
    kept = kept.slice(Math.ceil(kept.length / 4));
    // A quarter (rounded up) of two or more drafts leaves at least one.
    const [oldest] = kept;
    if (!oldest) break;
    const lost: AuditDraft = {
      time: oldest.time,
      actor: oldest.actor,
      payoutId: "",
      action: "Entries lost",
      outcome: `${all.length - kept.length + 1} audit entries waiting for the lock did not fit in Script Properties`,
      details: "{}",
    };
    kept = [lost, ...kept.slice(1)];
    text = JSON.stringify(kept);
  }
  store.set(KEYS.auditWaiting, text);
}
