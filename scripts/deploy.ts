/**
 * npm run deploy [-- --skip-tests] [-- --deployment-id ID]: tests, `clasp push -f` of dist/,
 * then the web app deployment. The first run creates it and keeps its id in .deployment-id
 * (git-ignored); every later run updates that same deployment, so the web app's URL, which the
 * providers call back, never changes. Prints the URLs, never the callback token.
 *
 * --skip-tests     build only (node esbuild.config.mjs), no npm test: for a push right after a
 *                  green npm test, and for test/deploy.test.ts, which must not run the suite.
 * --deployment-id  adopt a deployment made in the editor (Deploy > New deployment > Web app)
 *                  instead of creating one; it is kept in .deployment-id like a created one.
 * Runs in the current directory (npm runs scripts in the project's folder).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execUrlOf, withCallbackQuery } from "../src/domain/web-app-url";
import { PROVIDERS } from "../src/providers/registry";
import { VERSION } from "../src/version";
import { assertLoggedIn, deployVersion, DeployError, runClasp } from "./clasp";

export const DEPLOYMENT_ID_FILE = ".deployment-id";
const PLACEHOLDER = "REPLACE_WITH_YOUR_SCRIPT_ID";

interface Options {
  skipTests: boolean;
  adopt?: string;
}

function parseArgs(args: string[]): Options {
  const options: Options = { skipTests: false };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--skip-tests") options.skipTests = true;
    else if (args[i] === "--deployment-id")
      options.adopt = checkedId(args[++i] ?? "", "--deployment-id");
    else
      throw new DeployError(`unknown option ${args[i]}: use --skip-tests or --deployment-id ID.`);
  }
  return options;
}

function checkedId(id: string, where: string): string {
  if (!/^[A-Za-z0-9_-]{10,}$/.test(id))
    throw new DeployError(`${where} does not hold a deployment id (letters, digits, - and _).`);
  return id;
}

function assertProjectConfigured(root: string): void {
  const path = join(root, ".clasp.json");
  if (!existsSync(path))
    throw new DeployError("no .clasp.json here: run npm run deploy in the project's folder.");
  if (readFileSync(path, "utf8").includes(PLACEHOLDER))
    throw new DeployError(
      `.clasp.json still has ${PLACEHOLDER}: put your script's id there (Apps Script editor > Project settings > Script ID).`,
    );
}

function run(root: string, command: string, args: string[], failure: string): void {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new DeployError(failure);
}

function main(root: string, options: Options): void {
  assertProjectConfigured(root);
  // Before the tests: a missing clasp or login is known in a second, not after minutes.
  assertLoggedIn(root);
  if (options.skipTests)
    run(root, process.execPath, ["esbuild.config.mjs"], "the build failed: nothing was pushed.");
  else run(root, "npm", ["test"], "the tests failed: nothing was pushed.");
  process.stdout.write(runClasp(root, ["push", "-f"]));

  const idFile = join(root, DEPLOYMENT_ID_FILE);
  const kept = existsSync(idFile)
    ? checkedId(readFileSync(idFile, "utf8").trim(), DEPLOYMENT_ID_FILE)
    : undefined;
  const target = options.adopt ?? kept;
  let deployed;
  try {
    deployed = deployVersion(root, target, `sheet-payouts ${VERSION}`);
  } catch (error) {
    if (target && error instanceof DeployError)
      throw new DeployError(
        `${error.message} (deployment ${target}). If it was deleted, remove ${DEPLOYMENT_ID_FILE} to create a new one: its URL will be new.`,
      );
    throw error;
  }
  writeFileSync(idFile, `${deployed.deploymentId}\n`);
  report(deployed, !target);
}

function report(
  deployed: { deploymentId: string; versionNumber?: number },
  created: boolean,
): void {
  const url = execUrlOf(deployed.deploymentId);
  const version =
    deployed.versionNumber === undefined ? "" : ` at version ${deployed.versionNumber}`;
  const lines = [
    "",
    `Web app deployment ${deployed.deploymentId} ${created ? "created" : "updated"}${version}; its id is kept in ${DEPLOYMENT_ID_FILE}.`,
    `Web app URL (its health page): ${url}`,
    "Callback URLs (<CALLBACK_TOKEN> is a secret in Script Properties; Payouts > Show callback URLs shows them in full):",
    ...PROVIDERS.map(
      (entry) =>
        `  ${entry.name}: ${withCallbackQuery(url, entry.callbackParam, "<CALLBACK_TOKEN>")}`,
    ),
  ];
  if (created)
    lines.push(
      "",
      "New deployment: in the editor, Deploy > Manage deployments, check it is a Web app that executes as Me",
      "with access Anyone (clasp may create it for you only: google/clasp#1115), and set WEB_APP_URL to the",
      "URL above in Payouts > Settings if Show callback URLs shows another one.",
    );
  lines.push("Then run Payouts > Check provider setup: it checks the web app runs this build.");
  console.log(lines.join("\n"));
}

try {
  main(process.cwd(), parseArgs(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof DeployError)) throw error;
  console.error(`deploy: ${error.message}`);
  process.exitCode = 1;
}
