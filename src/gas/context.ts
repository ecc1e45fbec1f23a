import type { AppContext } from "../app/context";
import { safeLog, safeMailer, safeWorkbook } from "../app/redact";
import { gasHttp } from "./http";
import {
  gasClock,
  gasCrypto,
  gasIdentity,
  gasLog,
  gasMailer,
  gasScriptLock,
  gasScriptStore,
  gasTriggers,
  gasWebApp,
} from "./services";
import { gasWorkbook } from "./workbook";

/**
 * The application's ports backed by Apps Script services, built once per execution. Every cell
 * log line and e-mail goes through the redaction of app/redact.ts.
 */
export function gasContext(): AppContext {
  const store = gasScriptStore();
  return {
    workbook: safeWorkbook(gasWorkbook(), store),
    store,
    lock: gasScriptLock(),
    clock: gasClock,
    http: gasHttp,
    crypto: gasCrypto,
    triggers: gasTriggers,
    webApp: gasWebApp,
    log: safeLog(gasLog, store),
    identity: gasIdentity,
    mailer: safeMailer(gasMailer, store),
  };
}
