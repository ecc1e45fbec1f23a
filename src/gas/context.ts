import type { AppContext } from "../app/context";
import { safeLog, safeWorkbook } from "../app/redact";
import { gasHttp } from "./http";
import {
  gasClock,
  gasCrypto,
  gasIdentity,
  gasLog,
  gasScriptLock,
  gasScriptStore,
  gasTriggers,
  gasWebApp,
} from "./services";
import { gasWorkbook } from "./workbook";

/**
 * The application's ports backed by Apps Script services, built once per execution. Every cell
 * and log line goes through the redaction of app/redact.ts.
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
  };
}
