/**
 * The e-mail a run sends when it leaves payouts needing a person: one per run, naming every
 * payout that became FAILED or REJECTED (in this run, or in a callback or run since the last
 * e-mail) and every one that got stuck (open past STALE_AFTER_HOURS). Each is told once: FAILED
 * and REJECTED by the event that made them so, stuck ones by the time they were sent (rows sent
 * up to NOTIFIED_STUCK_THROUGH were told). Nothing is sent, or kept, while NOTIFY_EMAILS is
 * empty. MailApp's daily quota counts every recipient: when it is short, the run says so and
 * the payouts wait for the next run.
 */
import { isStuck } from "../../../domain/stuck";
import type { PayoutRecord } from "../../../domain/record";
import { isoNow, type AppContext } from "../../context";
import { KEYS } from "../../keys";
import type { Journal } from "../../record/journal";
import { auditEntry } from "../log";
import { runActor, trailOf } from "../trail";
import { exceptionRow, exceptionTable } from "./exception-rows";
import { htmlBody, textBody, type MailPart } from "./mail-format";
import { clearPendingExceptions, pendingExceptions } from "./pending";
import { notifyRecipients } from "./recipients";

const HOUR_MS = 3600 * 1000;

/** Sends the run's e-mail when there is anything to tell; returns a sentence for its summary. */
export function notifyExceptions(
  ctx: AppContext,
  journal: Journal,
  staleAfterHours: number,
  runName: string,
): string {
  const trail = trailOf(ctx);
  const recipients = notifyRecipients(ctx.store);
  if (recipients.length === 0) {
    trail.exceptions.clear();
    return "";
  }
  const now = ctx.clock.now();
  const failedIds = new Set([...pendingExceptions(ctx.store), ...trail.exceptions]);
  const failed = [...failedIds]
    .map((id) => journal.get(id))
    .filter((record): record is PayoutRecord => record !== undefined);
  const toldThrough = Number(ctx.store.get(KEYS.notifiedStuckThrough) ?? "0");
  const stuck = journal
    .all()
    .filter(
      (record) =>
        !failedIds.has(record.payoutId) &&
        isStuck(record, now, staleAfterHours) &&
        Date.parse(record.sentAt ?? "") > toldThrough,
    );
  const count = failed.length + stuck.length;
  if (count === 0) {
    clearPendingExceptions(ctx.store);
    trail.exceptions.clear();
    return "";
  }
  const unsent = (why: string) => {
    // The run's exceptions stay in its trail: the end of the run keeps them (pending.ts).
    const message = `${count} payout(s) needing attention were not e-mailed: ${why}; the next run sends them.`;
    ctx.log.warn(message);
    return message;
  };
  if (ctx.mailer.remainingDailyQuota() < recipients.length)
    return unsent("MailApp's daily e-mail quota is used up (it resets within 24 hours)");
  const rows = [
    ...failed.map((record) => exceptionRow(record, now, false)),
    ...stuck.map((record) => exceptionRow(record, now, true)),
  ];
  const parts: MailPart[] = [
    `${runName}, run by ${runActor(ctx)} at ${isoNow(ctx)}, left these payouts needing a person. ` +
      "Each is e-mailed once; the Payouts sheet has the details.",
    exceptionTable("Payouts needing attention", rows, ""),
    `Stuck means still open more than ${staleAfterHours} hours after it was sent (STALE_AFTER_HOURS). ` +
      "To retry a failed or rejected payout, copy its inputs to a new row.",
  ];
  try {
    ctx.mailer.send({
      to: recipients,
      subject: `Payouts: ${count} payout(s) need attention (${summary(failed, stuck)})`,
      body: textBody(parts),
      htmlBody: htmlBody(parts),
    });
  } catch (error) {
    return unsent(`MailApp refused it (${error instanceof Error ? error.message : String(error)})`);
  }
  trail.exceptions.clear();
  clearPendingExceptions(ctx.store);
  // Every payout sent before this is stuck and told now, or no longer open.
  ctx.store.set(KEYS.notifiedStuckThrough, String(now - staleAfterHours * HOUR_MS));
  auditEntry(ctx, {
    action: "Exceptions e-mailed",
    outcome: `${count} payout(s) to ${recipients.length} recipient(s)`,
    details: { payoutIds: rows.map((row) => row[0]), recipients: recipients.length },
  });
  return `${count} payout(s) needing attention e-mailed to ${recipients.length} recipient(s).`;
}

function summary(failed: PayoutRecord[], stuck: PayoutRecord[]): string {
  const counts = new Map<string, number>();
  for (const record of failed) counts.set(record.status, (counts.get(record.status) ?? 0) + 1);
  if (stuck.length > 0) counts.set("stuck", stuck.length);
  return [...counts].map(([what, n]) => `${n} ${what}`).join(", ");
}
