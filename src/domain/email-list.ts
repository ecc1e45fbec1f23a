/**
 * E-mail lists of the roles (ADMINS, PAYERS, APPROVERS): comma-separated, compared without
 * case. An empty list means "anyone who can run the add-on" (CONTRACT section 7).
 */

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

/** The addresses, lower case, in order, without repeats. */
export function parseEmailList(text: string): string[] {
  const emails = text
    .split(/[,;\n]/)
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(emails)];
}

/** The items of the list that are not e-mail addresses (to name them in a refusal). */
export function notEmails(text: string): string[] {
  return parseEmailList(text).filter((item) => !EMAIL.test(item));
}

/** Whether the list lets this person act: an empty list lets anyone. */
export function listAllows(list: readonly string[], email: string): boolean {
  return list.length === 0 || list.includes(email.trim().toLowerCase());
}
