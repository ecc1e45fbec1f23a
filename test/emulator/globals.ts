/** The global names an execution's realm gets: Apps Script's services bound to that execution. */
import type { Scope } from "./scope";
import { cacheService } from "./services/cache";
import { contentService } from "./services/content";
import { htmlService } from "./services/html";
import { lockService } from "./services/lock";
import { consoleService, logger } from "./services/logging";
import { mailApp } from "./services/mail";
import { propertiesService } from "./services/properties";
import { scriptApp } from "./services/script-app";
import { session } from "./services/session";
import { urlFetchApp } from "./services/url-fetch";
import { utilities } from "./services/utilities";
import { spreadsheetApp } from "./spreadsheet/spreadsheet";

export function serviceGlobals(scope: Scope): Record<string, unknown> {
  return {
    SpreadsheetApp: spreadsheetApp(scope),
    PropertiesService: propertiesService(scope),
    CacheService: cacheService(scope),
    LockService: lockService(scope),
    UrlFetchApp: urlFetchApp(scope),
    Utilities: utilities(scope),
    ContentService: contentService(scope),
    HtmlService: htmlService(scope),
    ScriptApp: scriptApp(scope),
    Session: session(scope),
    MailApp: mailApp(scope),
    Logger: logger(scope),
    console: consoleService(scope),
  };
}
