/**
 * Running @google/clasp (v3) for scripts/deploy.ts, with its failures as one plain line each.
 * Command names and output shapes are those of the installed v3 CLI: `create-deployment` and
 * `update-deployment <id>` print `{deploymentId, versionNumber, description}` with `--json`;
 * `show-authorized-user --json` prints `{loggedIn, ...}`; a missing login fails with
 * "No credentials found.".
 */
import { spawnSync } from "node:child_process";
import { delimiter, join } from "node:path";

/** A failure the person can act on: printed as one line, no stack. */
export class DeployError extends Error {}

const NOT_LOGGED_IN = "clasp is not logged in: run `npx clasp login`, then `npm run deploy` again.";

export function runClasp(root: string, args: string[]): string {
  const result = spawnSync("clasp", args, {
    cwd: root,
    encoding: "utf8",
    // The project's own clasp when run outside npm (which puts node_modules/.bin first itself).
    env: {
      ...process.env,
      PATH: `${process.env.PATH ?? ""}${delimiter}${join(root, "node_modules", ".bin")}`,
    },
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT")
    throw new DeployError(
      "clasp is missing: run `npm ci` (it is a devDependency), or `npm install -g @google/clasp`.",
    );
  if (result.error) throw new DeployError(`clasp could not run: ${result.error.message}`);
  if (result.status !== 0) {
    const said = `${result.stderr}\n${result.stdout}`;
    if (/No credentials found|not logged in/i.test(said)) throw new DeployError(NOT_LOGGED_IN);
    const line =
      said
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .pop() ?? `exit code ${result.status}`;
    throw new DeployError(`clasp ${args[0]} failed: ${line}`);
  }
  return result.stdout;
}

export function assertLoggedIn(root: string): void {
  const answer = parseJson(runClasp(root, ["show-authorized-user", "--json"]));
  if (!answer || answer.loggedIn !== true) throw new DeployError(NOT_LOGGED_IN);
}

/**
 * Creates the web app deployment (no id) or moves the given one to a new version of what was
 * pushed; either way clasp makes the version first. Returns the deployment id and version.
 */
export function deployVersion(
  root: string,
  deploymentId: string | undefined,
  description: string,
): { deploymentId: string; versionNumber?: number } {
  const args = deploymentId
    ? ["update-deployment", deploymentId, "--json", "--description", description]
    : ["create-deployment", "--json", "--description", description];
  const answer = parseJson(runClasp(root, args));
  const id = typeof answer?.deploymentId === "string" ? answer.deploymentId : "";
  if (!/^[A-Za-z0-9_-]+$/.test(id))
    throw new DeployError(`clasp ${args[0]} did not say which deployment it made.`);
  const version = answer?.versionNumber;
  return { deploymentId: id, ...(typeof version === "number" ? { versionNumber: version } : {}) };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
