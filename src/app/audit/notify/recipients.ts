/** Who is told (NOTIFY_EMAILS): nobody while it is empty, and then nothing is sent at all. */
import { readEmailList } from "../../../domain/email-list";
import type { Store } from "../../../ports";
import { KEYS } from "../../keys";

export function notifyRecipients(store: Store): string[] {
  return readEmailList(store.get(KEYS.notifyEmails) ?? "").emails;
}
