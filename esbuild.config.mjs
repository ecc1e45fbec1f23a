// Bundles src/main.ts into dist/Code.js for Apps Script and copies the manifest and HTML files.
// Every export of src/main.ts becomes a real top-level function (Apps Script finds menu items,
// triggers, doGet/doPost and google.script.run targets only among global functions); the list is
// read from the entry's exports so that nothing is listed twice.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const entry = "src/main.ts";
const outdir = "dist";
const common = {
  entryPoints: [entry],
  bundle: true,
  target: "es2020",
  platform: "neutral",
  mainFields: ["module", "main"],
  legalComments: "none",
  logLevel: "warning",
};

// Pass 1: an ESM build only to learn the entry's export names.
const probe = await build({
  ...common,
  format: "esm",
  write: false,
  metafile: true,
  outdir: "probe",
});
const exportNames = Object.values(probe.metafile.outputs).flatMap((output) => output.exports ?? []);
if (exportNames.length === 0) throw new Error(`${entry} exports nothing`);

// Pass 2: the real bundle, an IIFE whose exports land on __payouts, plus one global stub each.
const stubs = exportNames
  .map((name) => `function ${name}() { return __payouts.${name}.apply(this, arguments); }`)
  .join("\n");
mkdirSync(outdir, { recursive: true });
const result = await build({
  ...common,
  format: "iife",
  globalName: "__payouts",
  // Every execution parses the whole bundle again: keep it small.
  minify: true,
  write: false,
  outfile: join(outdir, "Code.js"),
  footer: { js: stubs },
});
// Written aside, then renamed: a test reading dist/Code.js meanwhile never sees half a file.
const temporary = join(outdir, `Code.js.${process.pid}.tmp`);
writeFileSync(temporary, result.outputFiles[0].contents);
renameSync(temporary, join(outdir, "Code.js"));

copyFileSync("appsscript.json", join(outdir, "appsscript.json"));
const htmlDir = "src/ui";
for (const file of readdirSync(htmlDir).filter((name) => name.endsWith(".html"))) {
  copyFileSync(join(htmlDir, file), join(outdir, file));
}

const kib = (statSync(join(outdir, "Code.js")).size / 1024).toFixed(1);
console.log(
  `dist/Code.js: ${kib} KiB, ${exportNames.length} entry points: ${exportNames.join(", ")}`,
);
