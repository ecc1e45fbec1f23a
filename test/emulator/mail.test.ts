import { COSTS } from "./costs";
import { Emulator } from "./emulator";

const CODE = `
function notify(to, options) {
  MailApp.sendEmail(to, "Payouts done", "3 sent", options);
  return MailApp.getRemainingDailyQuota();
}
function notifyMessage(message) {
  MailApp.sendEmail(message);
  return MailApp.getRemainingDailyQuota();
}
function attempt(to) {
  try { MailApp.sendEmail(to, "s", "b"); return "sent"; }
  catch (e) { return { name: e.name, message: e.message, isError: e instanceof Error }; }
}
function quota() { return MailApp.getRemainingDailyQuota(); }
function sendThenCrash() {
  MailApp.sendEmail("a@example.com", "before the crash", "");
  PropertiesService.getScriptProperties().setProperty("after", "yes");
}
`;

const HOUR = 3600000;

describe("MailApp", () => {
  it("records mails with their options, and counts each recipient against the quota", () => {
    const emu = new Emulator({ code: CODE });
    const start = emu.clock.now();
    const execution = emu.run("notify", [
      "ann@example.com, bob@example.com",
      { htmlBody: "<b>3</b> sent", name: "Payouts bot", noReply: true, replyTo: "ops@example.com" },
    ]);
    expect(execution.error).toBeUndefined();
    expect(execution.value).toBe(98);
    expect(execution.meter.calls).toEqual({
      "MailApp.sendEmail": 1,
      "MailApp.getRemainingDailyQuota": 1,
    });
    expect(execution.meter.elapsedMs).toBe(COSTS.mail + COSTS.mailQuota);
    expect(emu.mails()).toEqual([
      {
        to: ["ann@example.com", "bob@example.com"],
        subject: "Payouts done",
        body: "3 sent",
        htmlBody: "<b>3</b> sent",
        name: "Payouts bot",
        noReply: true,
        replyTo: "ops@example.com",
        at: start,
      },
    ]);
  });

  it("takes a message object too", () => {
    const emu = new Emulator({ code: CODE });
    const value = emu.run("notifyMessage", [
      { to: "ann@example.com", cc: "c@example.com", subject: "Hi", body: "text", name: "Bot" },
    ]).value;
    expect(value).toBe(98);
    expect(emu.mails()).toEqual([
      {
        to: ["ann@example.com"],
        cc: ["c@example.com"],
        subject: "Hi",
        body: "text",
        name: "Bot",
        at: expect.any(Number),
      },
    ]);
  });

  it("refuses a send past the daily quota, sending nothing, until 24 h after the first send", () => {
    const emu = new Emulator({ code: CODE, mailQuota: 3 });
    expect(emu.run("notify", ["a@example.com, b@example.com"]).value).toBe(1);
    emu.clock.advance(HOUR);
    expect(emu.run("attempt", ["c@example.com, d@example.com"]).value).toEqual({
      name: "Exception",
      message: "Service invoked too many times for one day: email.",
      isError: true,
    });
    expect(emu.run("attempt", ["c@example.com"]).value).toBe("sent");
    expect(emu.run("attempt", ["d@example.com"]).value).toMatchObject({
      message: "Service invoked too many times for one day: email.",
    });
    expect(emu.mails().map((mail) => mail.to)).toEqual([
      ["a@example.com", "b@example.com"],
      ["c@example.com"],
    ]);
    emu.clock.advance(23 * HOUR - 10000);
    expect(emu.run("quota").value).toBe(0);
    emu.clock.advance(10000);
    expect(emu.run("quota").value).toBe(3);
    expect(emu.run("attempt", ["d@example.com"]).value).toBe("sent");
  });

  it("refuses a mail without recipients or with a malformed address", () => {
    const emu = new Emulator({ code: CODE });
    expect(emu.run("attempt", [" , "]).value).toMatchObject({
      message: "Failed to send email: no recipient",
    });
    expect(emu.run("attempt", ["not-an-address"]).value).toMatchObject({
      message: "Invalid email: not-an-address",
    });
    expect(emu.mails()).toEqual([]);
    expect(emu.run("quota").value).toBe(100);
  });

  it("keeps a completed send of an execution killed later", () => {
    const emu = new Emulator({ code: CODE });
    const execution = emu.run("sendThenCrash", [], {
      faults: [{ call: "MailApp.sendEmail", when: "after" }],
    });
    expect(execution.killed).toBe(true);
    expect(emu.mails().map((mail) => mail.subject)).toEqual(["before the crash"]);
    expect(emu.properties.get("after")).toBeNull();
    const before = new Emulator({ code: CODE });
    before.run("sendThenCrash", [], { faults: [{ call: "MailApp.sendEmail", when: "before" }] });
    expect(before.mails()).toEqual([]);
  });
});
