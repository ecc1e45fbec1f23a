/**
 * The dialog files as built into dist/: each has the shared stylesheet, its data element and its
 * script bundled in (esbuild.config.mjs), as Apps Script serves them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { DATA_VARIABLE } from "../../src/ui/bridge";
import { STYLESHEET } from "../../src/ui/render";

const SRC = join(__dirname, "../../src/ui");
const DIST = join(__dirname, "../../dist");
const DIALOGS = readdirSync(SRC)
  .filter((name) => name.endsWith(".html") && name !== `${STYLESHEET}.html`)
  .map((name) => name.replace(/\.html$/, ""));

describe("dialog files in dist/", () => {
  it("are the three dialogs", () => {
    expect(DIALOGS.sort()).toEqual(["CallbackUrls", "Settings", "SubmitDialog"]);
  });

  it.each(DIALOGS)("%s prints the stylesheet and its data, and holds its script", (name) => {
    const html = readFileSync(join(DIST, `${name}.html`), "utf8");
    const tags = html.match(/<\?[\s\S]*?\?>/g);
    expect(tags).toEqual(["<?!= styles ?>", "<?!= data ?>"]);
    // On a line of its own: the end-to-end tests read it there (test/app/submit.e2e.test.ts).
    expect(html).toMatch(new RegExp(`\\n\\s*var ${DATA_VARIABLE} = <\\?!= data \\?>;\\n`));
    // The placeholder is gone: its bundle is inline, and nothing is loaded from elsewhere.
    expect(html).not.toMatch(/<script[^>]*\ssrc=/);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1].trim());
    expect(scripts).toHaveLength(2);
    expect(scripts[0]).toBe(`var ${DATA_VARIABLE} = <?!= data ?>;`);
    expect(scripts[1].length).toBeGreaterThan(200);
  });

  it.each(["Settings", "SubmitDialog"])(
    "%s names no provider: what it says of each comes from the server (the registry)",
    (name) => {
      const html = readFileSync(join(DIST, `${name}.html`), "utf8");
      expect(html).not.toMatch(/coingate|gatepay/i);
    },
  );

  it("copies the stylesheet as it is", () => {
    expect(readFileSync(join(DIST, `${STYLESHEET}.html`), "utf8")).toBe(
      readFileSync(join(SRC, `${STYLESHEET}.html`), "utf8"),
    );
  });
});
