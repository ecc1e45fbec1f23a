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
  return open;
}
