/**
 * What each emulated service call costs in virtual time. The figures are rough medians of
 * published measurements and community benchmarks, not Google numbers; they exist so that a test
 * can tell a batched run from a chatty one and can reach the 6-minute limit realistically.
 * Each call's total is rounded to whole milliseconds before it is charged.
 */

/** Apps Script kills an execution after 6 minutes of wall time (quotas page). */
export const MAX_EXECUTION_MS = 6 * 60 * 1000;

export const COSTS = {
  /** A Sheets round trip (getValues, setValues, getLastRow...): best-practices page, ~40 ms each. */
  spreadsheetRoundTrip: 40,
  /** Building a Range/Sheet handle or reading its coordinates is lazy in Apps Script: near free. */
  spreadsheetHandle: 1,
  /** Moving cell data: 10,000 cells per extra ~100 ms in batched reads and writes. */
  perCell: 0.01,
  /** SpreadsheetApp.flush commits every pending write: ~100 ms. */
  flush: 100,
  /** One UrlFetchApp.fetch: DNS, TLS and a small answer from a fast API, ~250 ms. */
  fetch: 250,
  /** fetchAll sends in parallel: one round trip plus a little per extra request (Tanaike 2018). */
  fetchAllBase: 250,
  fetchAllPerRequest: 20,
  /** PropertiesService read or write: ~80 ms per read+write pair (Poehnelt). */
  properties: 20,
  /** CacheService: a bit faster than properties (Poehnelt). */
  cache: 10,
  /** LockService calls that do not have to wait. */
  lock: 10,
  /** Utilities crypto and encoding run in-process on Google's side. */
  utilities: 1,
  /** Logger.log / console.* */
  log: 1,
  /** ScriptApp trigger management talks to the trigger backend. */
  triggers: 100,
  /**
   * MailApp.sendEmail hands the message to Gmail's sending backend and waits for it to be
   * accepted: a few hundred ms in community timings, like a fetch to a Google API; ~200 ms.
   */
  mail: 200,
  /** MailApp.getRemainingDailyQuota is a quota lookup, about as fast as a properties read. */
  mailQuota: 20,
  /** Showing UI (alert, dialog, sidebar, menu) round-trips to the browser. */
  ui: 50,
  /** Everything else (builders, enums-returning getters, HtmlService, ContentService...). */
  other: 1,
} as const;

/** Handles and metadata that do not force a round trip to the Sheets backend. */
const SPREADSHEET_HANDLE_CALLS = new Set([
  "getRange",
  "getSheetByName",
  "getSheets",
  "getActiveSpreadsheet",
  "getActive",
  "getActiveSheet",
  "getActiveRange",
  "getActiveRangeList",
  "getRangeList",
  "getRanges",
  "getRow",
  "getColumn",
  "getNumRows",
  "getNumColumns",
  "getA1Notation",
  "getSheet",
  "getParent",
  "getName",
  "getSheetId",
  "getId",
  "getUrl",
  "newDataValidation",
  "newRichTextValue",
  "createTextFinder",
  "matchEntireCell",
  "matchCase",
]);

const SPREADSHEET_FAMILIES = new Set([
  "SpreadsheetApp",
  "Spreadsheet",
  "Sheet",
  "Range",
  "RangeList",
  "TextFinder",
  "Protection",
  "DataValidation",
  "DataValidationBuilder",
]);

/** The service family of a metered call name: "Range.getValues" => "Range". */
export function familyOf(callName: string): string {
  return callName.split(".")[0];
}

export function isSpreadsheetCall(callName: string): boolean {
  return SPREADSHEET_FAMILIES.has(familyOf(callName));
}

/**
 * Builders make an object in the script's own runtime (a rich-text value, a validation rule):
 * no round trip to the spreadsheet, so the meter's spreadsheet calls leave them out (their small
 * cost is still charged). A sheet of 1,000 linked tx hashes is then one write, as it is.
 */
const BUILDERS = new Set(["SpreadsheetApp.newRichTextValue", "SpreadsheetApp.newDataValidation"]);

export function isSpreadsheetRoundTrip(callName: string): boolean {
  return isSpreadsheetCall(callName) && !BUILDERS.has(callName);
}

/**
 * Virtual milliseconds a call costs. `units` is the number of cells a spreadsheet call reads or
 * writes, or the number of requests of a fetchAll.
 */
export function costOf(callName: string, units = 0): number {
  const [family, method] = callName.split(".");
  if (callName === "SpreadsheetApp.flush") return COSTS.flush;
  if (isSpreadsheetCall(callName)) {
    if (SPREADSHEET_HANDLE_CALLS.has(method) || family.startsWith("DataValidation")) {
      return COSTS.spreadsheetHandle;
    }
    return COSTS.spreadsheetRoundTrip + COSTS.perCell * units;
  }
  switch (family) {
    case "UrlFetchApp":
      if (method === "fetch") return COSTS.fetch;
      if (method === "fetchAll") return COSTS.fetchAllBase + COSTS.fetchAllPerRequest * units;
      return COSTS.other;
    case "PropertiesService":
    case "Properties":
      return COSTS.properties;
    case "CacheService":
    case "Cache":
      return COSTS.cache;
    case "LockService":
    case "Lock":
      return COSTS.lock;
    case "Utilities":
      return COSTS.utilities;
    case "Logger":
    case "console":
      return COSTS.log;
    case "MailApp":
      return method === "sendEmail" ? COSTS.mail : COSTS.mailQuota;
    case "ScriptApp":
      return method === "getService" ? COSTS.other : COSTS.triggers;
    case "Ui":
      return method.startsWith("create") ? COSTS.other : COSTS.ui;
    default:
      return COSTS.other;
  }
}
