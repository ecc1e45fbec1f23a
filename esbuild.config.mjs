// Bundles src/main.ts into dist/Code.js for Apps Script, copies the manifest, and writes the
// dialogs' HTML files with their scripts bundled in (see below).
// Every export of src/main.ts becomes a real top-level function (Apps Script finds menu items,
// triggers, doGet/doPost and google.script.run targets only among global functions); the list is
// read from the entry's exports so that nothing is listed twice.
import { build } from "esbuild";
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";

const entry = "src/main.ts";

// The build id: a digest of src/ (VERSION included). The web app answers its self-test with it, so
// "Check provider setup" can tell a deployment still running an older push (same VERSION, other
// code) from this one.
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((item) =>
      item.isDirectory() ? filesUnder(join(dir, item.name)) : [join(dir, item.name)],
    )
    .sort();
}
const digest = createHash("sha256");
for (const file of filesUnder("src"))
  digest.update(`${file}\n`).update(readFileSync(file)).update("\n");
const buildId = digest.digest("hex").slice(0, 12);
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
  define: { __BUILD_ID__: JSON.stringify(buildId) },
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
// The dialogs' scripts are TypeScript (src/ui/client/), type-checked with DOM types by
// tsconfig.ui.json against the server's own types through src/ui/bridge.ts: a google.script.run
// target or a result field that does not exist fails `npm run typecheck`. A dialog names its
// script with `<script src="client/NAME.ts"></script>`; Apps Script serves no files but HTML
// templates, so the build bundles that script for the browser and writes it inline, in place
// of the tag, into dist/. Every other HTML file (Styles.html) is copied as it is.
const htmlDir = "src/ui";
const SCRIPT_TAG = /<script src="(client\/[\w-]+\.ts)"><\/script>/g;

async function clientScript(entry) {
  const bundled = await build({
    entryPoints: [join(htmlDir, entry)],
    bundle: true,
    format: "iife",
    target: "es2020",
    platform: "browser",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    write: false,
  });
  const code = bundled.outputFiles[0].text.trim();
  // The dialog is an HtmlService template: "<?" would open a scriptlet, "</script" the tag.
  if (code.includes("<?") || /<\/script/i.test(code))
    throw new Error(
      `${entry}: the bundle contains "<?" or "</script", which the page cannot hold.`,
    );
  return code;
}

for (const file of readdirSync(htmlDir).filter((name) => name.endsWith(".html"))) {
  const source = readFileSync(join(htmlDir, file), "utf8");
  const entries = [...source.matchAll(SCRIPT_TAG)].map((match) => match[1]);
  const scripts = new Map();
  for (const entry of entries) scripts.set(entry, await clientScript(entry));
  // A function replacement: "$" in the code must not be read as a replacement pattern.
  const html = source.replace(SCRIPT_TAG, (_, entry) => `<script>${scripts.get(entry)}</script>`);
  writeFileSync(join(outdir, file), html);
}

const kib = (statSync(join(outdir, "Code.js")).size / 1024).toFixed(1);
console.log(
  `dist/Code.js: ${kib} KiB, build ${buildId}, ${exportNames.length} entry points: ${exportNames.join(", ")}`,
);
