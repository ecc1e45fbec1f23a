/**
 * The built bundle in a bare V8 context, as Apps Script runs it: every CONTRACT entry point is
 * a global function, loading it does no work and touches no Node global.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import forbidden from "./support/forbidden-globals.json";

const bundle = readFileSync(join(__dirname, "..", "dist", "Code.js"), "utf8");
const CONTRACT_ENTRY_POINTS = [
  "onOpen",
  "onInstall",
  "doPost",
  "doGet",
  "setupPayoutsSheet",
  "validatePayouts",
  "submitPayouts",
  "refreshPayouts",
  "installAutoRefresh",
  "removeAutoRefresh",
  "reconcilePayouts",
  "verifyAuditLog",
  // Beyond the contract: the headless check behind Payouts > Check provider setup.
  "checkProviderSetup",
];

// One list with eslint.config.mjs. `crypto` is left out here: @noble/hashes checks for
// globalThis.crypto (to offer randomBytes, which the add-on never calls) when it loads.
const FORBIDDEN_GLOBALS = [
  ...forbidden.missingInAppsScript.filter(
    (name) => !forbidden.probedByLibrariesAtLoad.includes(name),
  ),
  ...forbidden.appsScriptServices,
];

/** A bare context where reading any forbidden global (even with typeof) is recorded. */
function recordingContext(): { context: vm.Context; touched: Set<string> } {
  const touched = new Set<string>();
  const context = vm.createContext({});
  for (const name of FORBIDDEN_GLOBALS) {
    Object.defineProperty(context, name, {
      configurable: true,
      get() {
        touched.add(name);
        return undefined;
      },
    });
  }
  return { context, touched };
}

describe("dist/Code.js", () => {
  it("defines every CONTRACT entry point as a top-level function", () => {
    const context = vm.createContext({});
    vm.runInContext(bundle, context);
    for (const name of CONTRACT_ENTRY_POINTS) {
      expect(typeof context[name]).toBe("function");
      // A real function declaration: visible in the editor's Run list and to triggers.
      expect(bundle).toMatch(new RegExp(`\\nfunction ${name}\\(\\)`));
    }
  });

  it("loads in a bare context without touching Node or browser globals", () => {
    const { context, touched } = recordingContext();
    expect(() => vm.runInContext(bundle, context)).not.toThrow();
    expect([...touched]).toEqual([]);
  });

  it("has no reference to Node-only APIs anywhere in its text", () => {
    expect(bundle).not.toMatch(/\brequire\(/);
    expect(bundle).not.toMatch(/\bprocess\.env\b/);
  });
});
