/**
 * Comma-separated e-mail lists in settings: the roles (ADMINS, PAYERS, APPROVERS; an empty list
 * means "anyone who can run the add-on", CONTRACT section 7) and NOTIFY_EMAILS. Compared
 * without case.
 */
import { isWellFormedEmail } from "./text";

export interface EmailList {
  /** The addresses, lower case, in order, each once. */
  emails: string[];
  /** Entries that are not e-mail addresses, as typed. */
  invalid: string[];
}

function entries(text: string): string[] {
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** The list's addresses and, apart, what is not an address (to name it in a message). */
export function readEmailList(text: string): EmailList {
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const entry of entries(text)) {
    const email = entry.toLowerCase();
    if (!isWellFormedEmail(email)) invalid.push(entry);
    else if (!emails.includes(email)) emails.push(email);
  }
  return { emails, invalid };
}

/**
 * Every entry, lower case, each once. A role list keeps entries that are not addresses: they
 * match nobody, so a mistyped list never widens to "anyone".
 */
export function parseEmailList(text: string): string[] {
  return [...new Set(entries(text).map((entry) => entry.toLowerCase()))];
}

/** The items of the list that are not e-mail addresses (to name them in a refusal). */
export function notEmails(text: string): string[] {
  return readEmailList(text).invalid;
}

/** Whether every entry of the list is an e-mail address (an empty list is). */
export function isEmailList(text: string): boolean {
  return notEmails(text).length === 0;
}

/** Whether the list lets this person act: an empty list lets anyone. */
export function listAllows(list: readonly string[], email: string): boolean {
  return list.length === 0 || list.includes(email.trim().toLowerCase());
}
