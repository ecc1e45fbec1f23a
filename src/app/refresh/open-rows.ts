/** A count of payouts still moving, kept in a property so an idle refresh costs almost nothing. */
import { isOpen } from "../../domain/record";
import { KEYS } from "../keys";
import type { AppContext } from "../context";
import type { Journal } from "../record/journal";

export function countOpenPayouts(journal: Journal): number {
  return journal.all().filter(isOpen).length;
}

export function recordOpenRows(ctx: AppContext, journal: Journal): number {
  const open = countOpenPayouts(journal);
  ctx.store.set(KEYS.openRows, String(open));
  const state = journal.damage.length > 0 ? "damaged" : "";
  if ((ctx.store.get(KEYS.recordState) ?? "") !== state) {
    if (state) ctx.store.set(KEYS.recordState, state);
    else ctx.store.delete(KEYS.recordState);
  }
  return open;
}

/** The open-payouts count the last run kept (0 when unknown). */
export function countOpenPayoutsStored(ctx: AppContext): number {
  const count = Number((ctx.store.get(KEYS.openRows) ?? "").trim());
  return Number.isInteger(count) && count > 0 ? count : 0;
}
