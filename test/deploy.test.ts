/**
 * scripts/deploy.ts (npm run deploy) against a stub `clasp` first on PATH, in a temporary project
 * folder: the stub records its arguments and prints what clasp v3 prints. Always --skip-tests
 * (the suite must not run itself), and the folder's esbuild.config.mjs is a stub too, so nothing
 * here builds the real bundle, contacts Google or touches the network.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

const ROOT = join(__dirname, "..");
const SCRIPT = join(ROOT, "scripts", "deploy.ts");
const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const CREATED = "AKfycbxSTUB_created-0123456789";

/** A clasp v3 stand-in: CLASP_STUB_MODE picks a failure; every call is logged as a JSON line. */
const STUB = `#!${process.execPath}
const fs = require("fs");
const args = process.argv.slice(2);
fs.appendFileSync(process.env.CLASP_STUB_LOG, JSON.stringify(args) + "\\n");
const mode = process.env.CLASP_STUB_MODE || "";
const json = (value) => console.log(JSON.stringify(value, null, 2));
switch (args[0]) {
  case "show-authorized-user":
    if (mode === "logged-out") json({ loggedIn: false });
    else json({ loggedIn: true, email: "owner@example.com", clientId: "x.apps.googleusercontent.com", clientType: "google" });
    break;
  case "push":
    console.log("Pushed 5 files at 10:00:00 AM.");
    ["dist/appsscript.json", "dist/Code.js", "dist/Settings.html", "dist/Styles.html", "dist/SubmitDialog.html"].forEach((f) => console.log("└─ " + f));
    break;
  case "create-deployment":
    json({ deploymentId: "${CREATED}", versionNumber: 1, description: args[args.indexOf("--description") + 1] });
    break;
  case "update-deployment":
    if (mode === "gone") { console.error("Requested entity was not found."); process.exitCode = 1; break; }
    json({ deploymentId: args[1], versionNumber: 2, description: args[args.indexOf("--description") + 1] });
    break;
  default:
    console.error("Unknown command"); process.exitCode = 1;
}
`;

interface Project {
  dir: string;
  bin: string;
  log: string;
}

function project(scriptId = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"): Project {
  const dir = mkdtempSync(join(tmpdir(), "deploy-test-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "clasp"), STUB);
  chmodSync(join(bin, "clasp"), 0o755);
  writeFileSync(join(dir, ".clasp.json"), JSON.stringify({ scriptId, rootDir: "dist" }));
  // The build the script runs with --skip-tests: leaves a mark instead of bundling.
  writeFileSync(
    join(dir, "esbuild.config.mjs"),
    'import { writeFileSync } from "node:fs"; writeFileSync("built", "yes");\n',
  );
  return { dir, bin, log: join(dir, "clasp-calls.jsonl") };
}

function deploy(p: Project, args: string[] = [], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [TSX, SCRIPT, "--skip-tests", ...args], {
    cwd: p.dir,
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${p.bin}${delimiter}${process.env.PATH ?? ""}`,
      CLASP_STUB_LOG: p.log,
      ...env,
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function calls(p: Project): string[][] {
  if (!existsSync(p.log)) return [];
  return readFileSync(p.log, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as string[]);
}

const projects: Project[] = [];
function fresh(scriptId?: string): Project {
  const p = project(scriptId);
  projects.push(p);
  return p;
}
afterAll(() => {
  for (const p of projects) rmSync(p.dir, { recursive: true, force: true });
});

jest.setTimeout(60_000);

describe("npm run deploy", () => {
  it("creates the deployment once, keeps its id, then updates that same deployment", () => {
    const p = fresh();
    const first = deploy(p);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(readFileSync(join(p.dir, "built"), "utf8")).toBe("yes");
    expect(calls(p)).toEqual([
      ["show-authorized-user", "--json"],
      ["push", "-f"],
      ["create-deployment", "--json", "--description", "sheet-payouts 0.1.0"],
    ]);
    expect(readFileSync(join(p.dir, ".deployment-id"), "utf8")).toBe(`${CREATED}\n`);
    expect(first.stdout).toContain("Pushed 5 files");
    expect(first.stdout).toContain(`Web app deployment ${CREATED} created at version 1`);
    expect(first.stdout).toContain("google/clasp#1115");

    const second = deploy(p);
    expect(second.status).toBe(0);
    expect(calls(p).slice(3)).toEqual([
      ["show-authorized-user", "--json"],
      ["push", "-f"],
      ["update-deployment", CREATED, "--json", "--description", "sheet-payouts 0.1.0"],
    ]);
    expect(second.stdout).toContain(`Web app deployment ${CREATED} updated at version 2`);
    expect(second.stdout).not.toContain("google/clasp#1115");
    expect(readFileSync(join(p.dir, ".deployment-id"), "utf8")).toBe(`${CREATED}\n`);
  });

  it("prints the web app URL and the callback URLs with a placeholder for the token", () => {
    const p = fresh();
    const { stdout } = deploy(p);
    const exec = `https://script.google.com/macros/s/${CREATED}/exec`;
    expect(stdout).toContain(`Web app URL (its health page): ${exec}\n`);
    expect(stdout).toContain(`  CoinGate: ${exec}?provider=coingate&token=<CALLBACK_TOKEN>\n`);
    expect(stdout).toContain(`  GatePay: ${exec}?provider=gatepay&token=<CALLBACK_TOKEN>\n`);
    expect(stdout).toContain("Payouts > Show callback URLs");
  });

  it("adopts a deployment made in the editor with --deployment-id", () => {
    const p = fresh();
    const adopted = "AKfycbyFROM_THE_EDITOR_42";
    expect(deploy(p, ["--deployment-id", adopted]).status).toBe(0);
    expect(calls(p)[2]).toEqual([
      "update-deployment",
      adopted,
      "--json",
      "--description",
      "sheet-payouts 0.1.0",
    ]);
    expect(readFileSync(join(p.dir, ".deployment-id"), "utf8")).toBe(`${adopted}\n`);
  });

  it("refuses a .clasp.json that still has the placeholder, before calling clasp", () => {
    const p = fresh("REPLACE_WITH_YOUR_SCRIPT_ID");
    const result = deploy(p);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "deploy: .clasp.json still has REPLACE_WITH_YOUR_SCRIPT_ID: put your script's id there (Apps Script editor > Project settings > Script ID).\n",
    );
    expect(calls(p)).toEqual([]);
    expect(existsSync(join(p.dir, "built"))).toBe(false);
  });

  it("says when clasp is missing", () => {
    const p = fresh();
    // A PATH with no clasp on it (and no node_modules/.bin in the project folder).
    const result = deploy(p, [], { PATH: join(p.dir, "empty") });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "deploy: clasp is missing: run `npm ci` (it is a devDependency), or `npm install -g @google/clasp`.\n",
    );
  });

  it("says when clasp is not logged in, and pushes nothing", () => {
    const p = fresh();
    const result = deploy(p, [], { CLASP_STUB_MODE: "logged-out" });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "deploy: clasp is not logged in: run `npx clasp login`, then `npm run deploy` again.\n",
    );
    expect(calls(p)).toEqual([["show-authorized-user", "--json"]]);
  });

  it("says what to do when the kept deployment no longer exists", () => {
    const p = fresh();
    writeFileSync(join(p.dir, ".deployment-id"), "AKfycbxDELETED_0123\n");
    const result = deploy(p, [], { CLASP_STUB_MODE: "gone" });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "deploy: clasp update-deployment failed: Requested entity was not found. (deployment AKfycbxDELETED_0123). " +
        "If it was deleted, remove .deployment-id to create a new one: its URL will be new.\n",
    );
  });
});
