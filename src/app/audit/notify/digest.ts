/**
 * sendDailyDigest: the daily e-mail from its own trigger (digest-trigger.ts). It tells what was
 * submitted since the last digest, per currency, the payouts that need a person, and where the
 * Audit log's chain ends (entry count and latest hash): kept in a mailbox outside the
 * spreadsheet, that hash shows a later rewrite of the log, even one that recomputed every hash
 * and the count in Script Properties. Silent while NOTIFY_EMAILS is empty; at most one a day.
 *
 * It reads the record without the script lock (a long submission must not cost a day's digest)
 * and changes nothing but its own audit entry and the time it was sent.
 */
import { addAmounts, parseAmount, ZERO, type Amount } from "../../../domain/money";
import { INPUT_KEYS } from "../../../domain/columns";
import type { PayoutRecord } from "../../../domain/record";
import { isTerminal } from "../../../domain/status";
import { isStuck } from "../../../domain/stuck";
import { readConfig } from "../../config";
import type { AppContext } from "../../context";
import { KEYS } from "../../keys";
import { Journal } from "../../record/journal";
import { storedHead } from "../head";
import { auditEntry } from "../log";
import { inAuditedRun } from "../run";
import { exceptionRow, exceptionTable } from "./exception-rows";
import { htmlBody, textBody, type MailPart, type MailTable } from "./mail-format";
import { notifyRecipients } from "./recipients";

export interface DigestSummary {
  ok: boolean;
  sent: boolean;
  message: string;
}

const HOUR_MS = 3600 * 1000;
/** A digest less than this after the last one is a second one the same day. */
const SAME_DAY_MS = 20 * HOUR_MS;
/** How far back the first digest, or one after a long pause, looks. */
const FIRST_WINDOW_MS = 24 * HOUR_MS;
const LONGEST_WINDOW_MS = 7 * 24 * HOUR_MS;
/** FAILED and REJECTED payouts stay in the digest this long after they were sent. */
const FAILED_SHOWN_MS = 7 * 24 * HOUR_MS;

export function sendDailyDigest(ctx: AppContext): DigestSummary {
  return inAuditedRun(ctx, false, () => digest(ctx));
}

function digest(ctx: AppContext): DigestSummary {
  const recipients = notifyRecipients(ctx.store);
  if (recipients.length === 0)
    return { ok: true, sent: false, message: "NOTIFY_EMAILS is empty: no digest was sent." };
  const now = ctx.clock.now();
  const last = Date.parse(ctx.store.get(KEYS.digestLastAt) ?? "");
  if (now - last < SAME_DAY_MS)
    return { ok: true, sent: false, message: "Today's digest was sent already." };
  const since = now - last < LONGEST_WINDOW_MS ? last : now - FIRST_WINDOW_MS;

  const journal = Journal.open(ctx, { readOnly: true });
  const { staleAfterHours } = readConfig(ctx.store);
  const records = journal.all();
  const sentSince = (record: PayoutRecord, from: number) => Date.parse(record.sentAt ?? "") >= from;
  const submitted = records.filter((record) => sentSince(record, since));
  const failed = records.filter(
    (record) =>
      (record.status === "FAILED" || record.status === "REJECTED") &&
      sentSince(record, now - FAILED_SHOWN_MS),
  );
  const stuck = records.filter((record) => isStuck(record, now, staleAfterHours));
  const head = storedHead(ctx.store);
  const exceptions = [
    ...failed.map((record) => exceptionRow(record, now, false)),
    ...stuck.map((record) => exceptionRow(record, now, true)),
  ];
  const from = new Date(since).toISOString();
  const parts: MailPart[] = [
    `The payouts add-on's daily digest, ${new Date(now).toISOString()}.`,
    totalsTable(submitted, from),
    exceptionTable(
      "Open exceptions (FAILED or REJECTED in the last 7 days, and stuck payouts)",
      exceptions,
      "None.",
    ),
    `Audit log: ${head.entries} entries; the latest, entry ${head.entries} (row ${head.entries + 1}), ` +
      `has the hash\n${head.hash}\nKeep this e-mail: Payouts > Verify audit log checks the log ` +
      "against this count and hash as the add-on keeps them, and this e-mail shows whether they " +
      "were rewritten since.",
    journal.damageMessage(),
  ].filter((part) => part !== "");
  if (ctx.mailer.remainingDailyQuota() < recipients.length) {
    const message =
      "The daily digest was not sent: MailApp's daily e-mail quota is used up (it resets within 24 hours).";
    ctx.log.warn(message);
    return { ok: false, sent: false, message };
  }
  ctx.mailer.send({
    to: recipients,
    subject:
      `Payouts digest: ${submitted.length} submitted, ${exceptions.length} exception(s); ` +
      `audit log at entry ${head.entries}`,
    body: textBody(parts),
    htmlBody: htmlBody(parts),
  });
  ctx.store.set(KEYS.digestLastAt, new Date(now).toISOString());
  auditEntry(ctx, {
    action: "Daily digest sent",
    outcome: `to ${recipients.length} recipient(s); audit log at entry ${head.entries}`,
    details: { auditEntries: head.entries, auditHash: head.hash, submitted: submitted.length },
  });
  return {
    ok: true,
    sent: true,
    message: `The daily digest was sent to ${recipients.length} recipient(s).`,
  };
}

interface CurrencyTotal {
  rows: number;
  requested: Amount;
  unreadable: number;
  paid: number;
  notPaid: number;
  open: number;
}

/** What was submitted since `from`, per the currency its Amount is in. */
function totalsTable(submitted: PayoutRecord[], from: string): MailTable {
  const amountAt = INPUT_KEYS.indexOf("amount");
  const currencyAt = INPUT_KEYS.indexOf("currency");
  const amountCurrencyAt = INPUT_KEYS.indexOf("amountCurrency");
  const totals = new Map<string, CurrencyTotal>();
  for (const record of submitted) {
    const currency = record.inputs[amountCurrencyAt] || record.inputs[currencyAt] || "?";
    const total = totals.get(currency) ?? {
      rows: 0,
      requested: ZERO,
      unreadable: 0,
      paid: 0,
      notPaid: 0,
      open: 0,
    };
    const amount = parseAmount(record.inputs[amountAt] ?? "");
    total.rows++;
    if (amount.ok) total.requested = addAmounts(total.requested, amount.value);
    else total.unreadable++;
    if (record.status === "COMPLETED") total.paid++;
    else if (isTerminal(record.status)) total.notPaid++;
    else total.open++;
    totals.set(currency, total);
  }
  return {
    title: `Submitted since ${from}, per currency`,
    headers: ["Currency", "Payouts", "Amount", "Paid", "Not paid", "Open"],
    rows: [...totals]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => [
        currency,
        String(t.rows),
        `${t.requested} ${currency}${t.unreadable ? ` (+${t.unreadable} unreadable)` : ""}`,
        String(t.paid),
        String(t.notPaid),
        String(t.open),
      ]),
    empty: "Nothing was submitted.",
  };
}
