import type { AppContext } from "../app/context";
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

/** The application's ports backed by Apps Script services, built once per execution. */
export function gasContext(): AppContext {
  return {
    workbook: gasWorkbook(),
    store: gasScriptStore(),
    lock: gasScriptLock(),
    clock: gasClock,
    http: gasHttp,
    crypto: gasCrypto,
    triggers: gasTriggers,
    webApp: gasWebApp,
    log: gasLog,
    identity: gasIdentity,
  };
}
