/**
 * NOTIFY_EMAILS through the built bundle, read from the emulator's MailApp: one e-mail per run
 * that leaves payouts FAILED, REJECTED or stuck, each payout told once; the daily digest from its
 * own trigger, once a day, with the audit log's latest hash; nothing at all while the list is
 * empty; MailApp's quota respected and said; never a secret in any e-mail.
 */
import type { SentMail } from "../emulator/services/mail";
import { coingateRow, EVM_1, gatepayRow, submitRows, TRON_1 } from "./callback-support";
import { COINGATE_TOKEN, GATEPAY_SECRET, Harness, type HarnessOptions } from "../support/harness";

const TEAM = "finance@example.com, audit@example.org";
const HOUR = 3600 * 1000;

function notified(options: HarnessOptions = {}): Harness {
  return new Harness({ ...options, properties: { NOTIFY_EMAILS: TEAM, ...options.properties } });
}

/** Two payouts submitted, then the providers fail one each; the refresh finds it. */
function failBoth(h: Harness): { cg: string; gp: string; refresh: { message: string } } {
  const [cg, gp] = submitRows(h, [coingateRow(), gatepayRow()]);
  h.coingate.settleAll("failed");
  h.gatepay.settleAll({ fail: [gp], errMsg: "destination refused" });
  h.dropCallbacks();
  return { cg, gp, refresh: h.call<{ message: string }>("refreshPayouts") };
}

/** Runs the due triggers the way Apps Script would at that time (callbacks' show runs too). */
function advance(h: Harness, ms: number): void {
  h.emu.clock.advance(ms);
  h.emu.runDueTriggers();
}

function digests(h: Harness): SentMail[] {
  return h.emu.mails().filter((mail) => mail.subject.startsWith("Payouts digest"));
}

function exceptionMails(h: Harness): SentMail[] {
  return h.emu.mails().filter((mail) => !mail.subject.startsWith("Payouts digest"));
}

function expectNoSecret(h: Harness): void {
  const secrets = [
    COINGATE_TOKEN,
    GATEPAY_SECRET,
    h.emu.properties.get("CALLBACK_TOKEN") ?? "no token",
    h.emu.properties.get("RECORD_KEY") ?? "no key",
  ];
  const everything = JSON.stringify(h.emu.mails());
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(8);
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(encodeURIComponent(secret));
  }
}

describe("the e-mail about payouts that need a person", () => {
  it("is one e-mail for a run that leaves payouts FAILED, naming each, shortened addresses only", () => {
    const h = notified();
    const { cg, gp, refresh } = failBoth(h);
    const mails = exceptionMails(h);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.to).toEqual(["finance@example.com", "audit@example.org"]);
    expect(mail.subject).toBe("Payouts: 2 payout(s) need attention (2 FAILED)");
    for (const text of [mail.body, mail.htmlBody ?? ""]) {
      for (const expected of [cg, gp, "Ann Lee", "Bob Trading Ltd", "10.50 USDT", "25.00 USDT"])
        expect(text).toContain(expected);
      expect(text).toContain("FAILED");
      expect(text).toContain("destination refused");
      expect(text).toContain(`${EVM_1.slice(0, 6)}…${EVM_1.slice(-4)}`);
      expect(text).toContain(`${TRON_1.slice(0, 6)}…${TRON_1.slice(-4)}`);
      expect(text).not.toContain(EVM_1);
      expect(text).not.toContain(TRON_1);
      expect(text).not.toContain("ann@example.com");
    }
    expect(refresh.message).toContain("2 payout(s) needing attention e-mailed to 2 recipient(s)");
    // Told once: later runs say nothing more about them.
    h.call("refreshPayouts");
    submitRows(h, [gatepayRow({ Amount: "12.00" })]);
    expect(exceptionMails(h)).toHaveLength(1);
    const told = h.emu
      .sheet("Audit log")
      ?.display()
      .filter((row) => row[4] === "Exceptions e-mailed");
    expect(told).toHaveLength(1);
    expectNoSecret(h);
  });

  it("tells payouts the provider REJECTED at submission, in the submission's e-mail", () => {
    const h = notified();
    h.call("setupPayoutsSheet");
    h.gatepay.setBalance("USDT", "10");
    h.addRows([gatepayRow(), gatepayRow({ Amount: "26.00" })]);
    h.call("validatePayouts");
    const submit = h.call<{ message: string; rejected: number }>("submitPayouts");
    expect(submit.rejected).toBe(2);
    expect(submit.message).toContain("e-mailed to 2 recipient(s)");
    const [mail] = exceptionMails(h);
    expect(mail.subject).toBe("Payouts: 2 payout(s) need attention (2 REJECTED)");
    expect(exceptionMails(h)).toHaveLength(1);
  });

  it("tells a FAILED status a callback brought, from the run that applies it", () => {
    const h = notified();
    const [gp] = submitRows(h, [gatepayRow()]);
    h.gatepay.settleAll({ fail: [gp] });
    h.deliverCallbacks();
    const mails = exceptionMails(h);
    expect(mails).toHaveLength(1);
    expect(mails[0].body).toContain(gp);
    h.call("refreshPayouts");
    expect(exceptionMails(h)).toHaveLength(1);
  });

  it("tells payouts stuck open past STALE_AFTER_HOURS, once", () => {
    const h = notified({ properties: { STALE_AFTER_HOURS: "48" } });
    const [cg, gp] = submitRows(h, [coingateRow(), gatepayRow()]);
    h.dropCallbacks();
    h.emu.clock.advance(47 * HOUR);
    h.call("refreshPayouts");
    expect(exceptionMails(h)).toHaveLength(0);
    h.emu.clock.advance(2 * HOUR);
    h.call("refreshPayouts");
    const mails = exceptionMails(h);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe("Payouts: 2 payout(s) need attention (2 stuck)");
    expect(mails[0].body).toContain(cg);
    expect(mails[0].body).toContain(gp);
    expect(mails[0].body).toMatch(/PROCESSING, 49 hours after it was sent/);
    h.emu.clock.advance(5 * HOUR);
    h.call("refreshPayouts");
    expect(exceptionMails(h)).toHaveLength(1);
  });

  it("waits when MailApp's daily quota is used up, says so, and goes out once the day turns", () => {
    // Two recipients a mail, three a day: the first mail fits, the second must wait.
    const h = notified({ mailQuota: 3 });
    const [cg, gp] = submitRows(h, [coingateRow(), gatepayRow()]);
    h.coingate.settleAll("failed");
    h.dropCallbacks();
    h.call("refreshPayouts");
    expect(exceptionMails(h)).toHaveLength(1);
    expect(exceptionMails(h)[0].body).toContain(cg);
    h.gatepay.settleAll({ fail: [gp] });
    h.dropCallbacks();
    const blocked = h.call<{ message: string }>("refreshPayouts");
    expect(blocked.message).toContain(
      "1 payout(s) needing attention were not e-mailed: MailApp's daily e-mail quota is used up",
    );
    expect(exceptionMails(h)).toHaveLength(1);
    h.emu.clock.advance(25 * HOUR);
    // Nothing is open any more: the refresh still runs, for the payout waiting to be told.
    const later = h.call<{ message: string }>("refreshPayouts");
    expect(later.message).toContain("1 payout(s) needing attention e-mailed to 2 recipient(s)");
    expect(exceptionMails(h)).toHaveLength(2);
    expect(exceptionMails(h)[1].body).toContain(gp);
    expect(exceptionMails(h)[1].body).not.toContain(cg);
  });

  it("sends nothing while NOTIFY_EMAILS is empty", () => {
    const h = new Harness();
    failBoth(h);
    h.emu.clock.advance(100 * HOUR);
    h.emu.runDueTriggers();
    h.call("refreshPayouts");
    expect(h.emu.mails()).toEqual([]);
    expect(h.emu.properties.get("NOTIFY_PENDING")).toBeNull();
  });
});

describe("the daily digest", () => {
  it("comes once a day from its own trigger, installed once by setup and auto-refresh", () => {
    const h = notified();
    h.call("setupPayoutsSheet");
    h.call("setupPayoutsSheet");
    h.call("installAutoRefresh");
    h.call("installAutoRefresh");
    expect(h.emu.triggers().filter((t) => t.handler === "sendDailyDigest")).toEqual([
      expect.objectContaining({ everyDays: 1, atHour: 7 }),
    ]);
    for (let hour = 0; hour < 3 * 24; hour++) advance(h, HOUR);
    expect(digests(h)).toHaveLength(3);
    const days = digests(h).map((mail) => new Date(mail.at).toISOString().slice(0, 13));
    expect(days).toEqual(["2026-01-06T07", "2026-01-07T07", "2026-01-08T07"]);
    // A second run the same day (by hand, or a duplicate trigger) sends nothing.
    expect(h.call<{ sent: boolean }>("sendDailyDigest").sent).toBe(false);
    expect(digests(h)).toHaveLength(3);
  });

  it("reports the day's totals per currency, open exceptions, and the audit log's latest hash", () => {
    const h = notified();
    const { cg, gp } = failBoth(h);
    submitRows(h, [gatepayRow({ Amount: "5.50" }), coingateRow({ "Amount currency": "EUR" })]);
    h.dropCallbacks();
    const entries = h.emu.properties.get("AUDIT_ENTRIES");
    const head = h.emu.properties.get("AUDIT_HEAD") ?? "?";
    const result = h.call<{ sent: boolean }>("sendDailyDigest");
    expect(result.sent).toBe(true);
    const [mail] = digests(h);
    expect(mail.subject).toBe(
      `Payouts digest: 4 submitted, 2 exception(s); audit log at entry ${entries}`,
    );
    for (const text of [mail.body, mail.htmlBody ?? ""]) {
      expect(text).toContain(head);
      expect(text).toContain(`Audit log: ${entries} entries`);
      expect(text).toContain(cg);
      expect(text).toContain(gp);
    }
    expect(mail.body).toContain(
      "- USDT; Payouts: 3; Amount: 41 USDT; Paid: 0; Not paid: 2; Open: 1",
    );
    expect(mail.body).toContain(
      "- EUR; Payouts: 1; Amount: 10.5 EUR; Paid: 0; Not paid: 0; Open: 1",
    );
    expect(mail.htmlBody).toMatch(/^<div/);
    // The digest is itself an audit entry, after the head it reported.
    const log = h.emu.sheet("Audit log")?.display() ?? [];
    expect(log.at(-1)?.slice(0, 1)).toEqual([String(Number(entries) + 1)]);
    expect(log.at(-1)?.[4]).toBe("Daily digest sent");
    expectNoSecret(h);
  });

  it("escapes everything in its HTML", () => {
    const h = notified();
    const [id] = submitRows(h, [gatepayRow({ Recipient: "<b>Eve</b> & Co" })]);
    h.gatepay.settleAll({ fail: [id], errMsg: "<script>alert(1)</script>" });
    h.dropCallbacks();
    h.call("refreshPayouts");
    h.call("sendDailyDigest");
    for (const mail of h.emu.mails()) {
      expect(mail.htmlBody).toContain("&lt;b&gt;Eve&lt;/b&gt; &amp; Co");
      expect(mail.htmlBody).toContain("&lt;script&gt;");
      expect(mail.htmlBody).not.toContain("<script>");
      expect(mail.htmlBody).not.toContain("<b>Eve");
    }
    expect(h.emu.mails()).toHaveLength(2);
  });

  it("is silent while NOTIFY_EMAILS is empty, and starts once it is set", () => {
    const h = new Harness();
    h.call("setupPayoutsSheet");
    for (let hour = 0; hour < 48; hour++) advance(h, HOUR);
    expect(h.emu.mails()).toEqual([]);
    h.emu.properties.set("NOTIFY_EMAILS", TEAM);
    for (let hour = 0; hour < 24; hour++) advance(h, HOUR);
    expect(digests(h)).toHaveLength(1);
  });

  it("waits for tomorrow when MailApp's quota is used up, and says so", () => {
    const h = notified({ mailQuota: 1 });
    h.call("setupPayoutsSheet");
    const result = h.call<{ ok: boolean; sent: boolean; message: string }>("sendDailyDigest");
    expect(result).toMatchObject({ ok: false, sent: false });
    expect(result.message).toContain("quota");
    expect(h.emu.mails()).toEqual([]);
  });
});
