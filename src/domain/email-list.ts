/** Comma-separated e-mail lists in settings (NOTIFY_EMAILS; role lists): read, and checked. */
import { isWellFormedEmail } from "./text";

export interface EmailList {
  /** Lower case, in order, each once. */
  emails: string[];
  /** Entries that are not e-mail addresses, as typed. */
  invalid: string[];
}

export function parseEmailList(text: string): EmailList {
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const part of text.split(",")) {
    const entry = part.trim();
    if (entry === "") continue;
    const email = entry.toLowerCase();
    if (!isWellFormedEmail(email)) invalid.push(entry);
    else if (!emails.includes(email)) emails.push(email);
  }
  return { emails, invalid };
}

/** Whether every entry of the list is an e-mail address (an empty list is). */
export function isEmailList(text: string): boolean {
  return parseEmailList(text).invalid.length === 0;
}
