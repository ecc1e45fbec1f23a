/**
 * MailApp: mails are recorded, never delivered. Every recipient (to, cc and bcc) counts against
 * a daily quota, 100 for consumer accounts (quotas page); the day starts at the first send of a
 * window and ends 24 virtual hours later. A send past the quota sends nothing.
 */
import type { VirtualClock } from "../clock";
import { isPlainObject } from "../realm";
import type { Scope } from "../scope";

export const DEFAULT_MAIL_QUOTA = 100;
const DAY_MS = 24 * 3600 * 1000;
const QUOTA_MESSAGE = "Service invoked too many times for one day: email.";

export interface SentMail {
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  body: string;
  htmlBody?: string;
  /** The sender's display name. */
  name?: string;
  replyTo?: string;
  noReply?: boolean;
  /** When it was sent (virtual ms epoch). */
  at: number;
}

export class MailStore {
  readonly sent: SentMail[] = [];
  private windowStart: number | undefined;
  private used = 0;

  constructor(
    private readonly clock: VirtualClock,
    readonly quota: number,
  ) {}

  remaining(): number {
    this.roll();
    return Math.max(0, this.quota - this.used);
  }

  /** Records the mail; false (nothing recorded) when its recipients exceed today's quota. */
  send(mail: SentMail, recipients: number): boolean {
    this.roll();
    if (this.used + recipients > this.quota) return false;
    this.windowStart ??= this.clock.now();
    this.used += recipients;
    this.sent.push(mail);
    return true;
  }

  private roll(): void {
    if (this.windowStart !== undefined && this.clock.now() >= this.windowStart + DAY_MS) {
      this.windowStart = undefined;
      this.used = 0;
    }
  }
}

/** The fields of sendEmail(message) and of sendEmail(recipient, subject, body, options). */
interface MailFields {
  to?: unknown;
  cc?: unknown;
  bcc?: unknown;
  subject?: unknown;
  body?: unknown;
  htmlBody?: unknown;
  name?: unknown;
  replyTo?: unknown;
  noReply?: unknown;
}

/** "a@x.com, b@y.com" => ["a@x.com", "b@y.com"]. */
function addresses(list: unknown): string[] {
  if (list === undefined || list === null) return [];
  return String(list)
    .split(",")
    .map((address) => address.trim())
    .filter((address) => address !== "");
}

export function mailApp(scope: Scope) {
  const { rt, realm, state } = scope;

  const send = (fields: MailFields) => {
    const to = addresses(fields.to);
    const cc = addresses(fields.cc);
    const bcc = addresses(fields.bcc);
    if (to.length + cc.length + bcc.length === 0) {
      throw realm.error("Failed to send email: no recipient");
    }
    for (const address of [...to, ...cc, ...bcc]) {
      if (!/^[^@\s]+@[^@\s]+$/.test(address)) throw realm.error(`Invalid email: ${address}`);
    }
    const mail: SentMail = {
      to,
      subject: String(fields.subject ?? ""),
      body: String(fields.body ?? ""),
      at: state.clock.now(),
    };
    if (cc.length > 0) mail.cc = cc;
    if (bcc.length > 0) mail.bcc = bcc;
    if (fields.htmlBody !== undefined) mail.htmlBody = String(fields.htmlBody);
    if (fields.name !== undefined) mail.name = String(fields.name);
    if (fields.replyTo !== undefined) mail.replyTo = String(fields.replyTo);
    if (fields.noReply !== undefined) mail.noReply = Boolean(fields.noReply);
    if (!state.mail.send(mail, to.length + cc.length + bcc.length)) {
      throw realm.error(QUOTA_MESSAGE);
    }
  };

  return {
    /** sendEmail(message) or sendEmail(recipient, subject, body, options?). */
    sendEmail: (
      recipientOrMessage: unknown,
      subject?: unknown,
      body?: unknown,
      options?: unknown,
    ): void =>
      rt.call("MailApp.sendEmail", () => {
        if (isPlainObject(recipientOrMessage)) {
          send(recipientOrMessage as MailFields);
        } else {
          const extra = isPlainObject(options) ? (options as MailFields) : {};
          send({ ...extra, to: recipientOrMessage, subject, body });
        }
      }),
    getRemainingDailyQuota: (): number =>
      rt.call("MailApp.getRemainingDailyQuota", () => state.mail.remaining()),
  };
}
