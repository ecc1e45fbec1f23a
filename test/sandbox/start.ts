/**
 * `npm start [-- payouts.csv] [options]`: the whole add-on, offline, on a CSV file (default: the
 * demo). The options are read first (so --help and a bad option answer at once, before any
 * build); then the bundle is built with the project's esbuild script, its one line going to the
 * progress like every other phase. The report goes to stdout, progress to stderr (or --log), the
 * sheets to out/. See docs/sandbox.md and `npm start -- --help`.
 */
import { spawnSync } from "node:child_process";

import { main } from "./cli";
import { PROJECT_ROOT } from "./sandbox";

function build(): string {
  const run = spawnSync(process.execPath, ["esbuild.config.mjs"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  });
  if (run.status !== 0)
    throw new Error(`the build failed (node esbuild.config.mjs):\n${run.stdout}${run.stderr}`);
  // "dist/Code.js: 207.8 KiB, 22 entry points: a, b, ...": the list is for `npm run build`.
  return run.stdout.trim().replace(/(entry points):.*$/s, "$1");
}

main(process.argv.slice(2), process, { build }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
