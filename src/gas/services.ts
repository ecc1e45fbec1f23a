/** The small Apps Script services behind their ports. */
import type { Clock, Crypto, Identity, Lock, Log, Mailer, Store, Triggers, WebApp } from "../ports";

export const gasClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => Utilities.sleep(ms),
};

/** Apps Script returns signed bytes (-128..127); hex needs them unsigned. */
export function signedBytesToHex(bytes: number[]): string {
  return bytes.map((byte) => (byte & 0xff).toString(16).padStart(2, "0")).join("");
}

export const gasCrypto: Crypto = {
  hmacSha512Hex(key, message) {
    const bytes = Utilities.computeHmacSignature(
      Utilities.MacAlgorithm.HMAC_SHA_512,
      message,
      key,
      Utilities.Charset.UTF_8,
    );
    return signedBytesToHex(bytes);
  },
  uuid: () => Utilities.getUuid(),
};

/**
 * Script Properties, read in one call on first use and kept for the execution (each call costs
 * tens of milliseconds). Writes go straight through. A value another execution changes
 * meanwhile is seen by the next execution: every key read under the lock tolerates that.
 */
export function gasScriptStore(): Store {
  const properties = PropertiesService.getScriptProperties();
  let cache: Record<string, string> | undefined;
  const all = () => (cache ??= { ...properties.getProperties() });
  return {
    get: (key) => all()[key] ?? null,
    set: (key, value) => {
      properties.setProperty(key, value);
      all()[key] = value;
    },
    delete: (key) => {
      properties.deleteProperty(key);
      delete all()[key];
    },
    refresh: () => {
      cache = undefined;
    },
  };
}

export function gasScriptLock(): Lock {
  const lock = LockService.getScriptLock();
  return {
    tryLock: (ms) => lock.tryLock(ms),
    release: () => lock.releaseLock(),
  };
}

export const gasLog: Log = {
  info: (message) => console.info(message),
  warn: (message) => console.warn(message),
};

export const gasTriggers: Triggers = {
  list: () =>
    ScriptApp.getProjectTriggers().map((trigger) => ({
      id: trigger.getUniqueId(),
      handler: trigger.getHandlerFunction(),
    })),
  everyMinutes(handler, minutes) {
    ScriptApp.newTrigger(handler).timeBased().everyMinutes(minutes).create();
  },
  everyHours(handler, hours) {
    ScriptApp.newTrigger(handler).timeBased().everyHours(hours).create();
  },
  everyDays(handler, days, atHour) {
    ScriptApp.newTrigger(handler).timeBased().everyDays(days).atHour(atHour).create();
  },
  once(handler, afterMs) {
    ScriptApp.newTrigger(handler).timeBased().after(afterMs).create();
  },
  onEdit(handler) {
    ScriptApp.newTrigger(handler).forSpreadsheet(SpreadsheetApp.getActive()).onEdit().create();
  },
  remove(id) {
    const trigger = ScriptApp.getProjectTriggers().find((t) => t.getUniqueId() === id);
    if (trigger) ScriptApp.deleteTrigger(trigger);
  },
};

export const gasWebApp: WebApp = {
  url: () => {
    // Documented: null until the script is deployed as a web app (the typings say string).
    const url = ScriptApp.getService().getUrl() as string | null;
    return url || null;
  },
};

export const gasMailer: Mailer = {
  remainingDailyQuota: () => MailApp.getRemainingDailyQuota(),
  send: ({ to, subject, body, htmlBody }) =>
    MailApp.sendEmail({ to: to.join(","), subject, body, htmlBody, name: "Payouts add-on" }),
};

export const gasIdentity: Identity = {
  activeEmail: () => Session.getActiveUser().getEmail() || "",
  effectiveEmail: () => Session.getEffectiveUser().getEmail() || "",
};
