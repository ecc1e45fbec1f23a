/**
 * Dialogs in headless Chromium, rendered the way Apps Script renders them: the real
 * `renderDialog` over a small stand-in for HtmlService whose templates print `<?= ?>` and
 * `<?!= ?>` tags, and a `google.script.run` stub, injected ahead of the page's scripts, that
 * answers through the test's own server functions.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

import { chromium, type Browser, type Page } from "playwright-core";

import { renderDialog, type HtmlFiles } from "../../../src/ui/render";

export const CHROMIUM = "/usr/bin/chromium";
const UI_DIR = join(__dirname, "../../../src/ui");
/** The dialogs as built (their scripts bundled in by esbuild.config.mjs): what Apps Script serves. */
const DIST_DIR = join(__dirname, "../../../dist");
export const SCREENSHOT_DIR = join(__dirname, "../../../out/screenshots");

/** Fails (never skips) without Chromium, so a machine without it cannot pass silently. */
async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The dialog tests need Debian's Chromium at ${CHROMIUM}. Install it with ` +
        "`apt-get update && apt-get install -y chromium` (.ci/run does this in CI).",
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/**
 * Evaluates the template tags the dialogs use: `<?!= name ?>` prints a template property raw,
 * `<?= name ?>` HTML-escaped. Any other scriptlet is refused rather than half-rendered.
 */
export function evaluateTemplate(source: string, properties: Record<string, unknown>): string {
  const html = source.replace(/<\?(!=|=)\s*([A-Za-z_$][\w$]*)\s*\?>/g, (_, kind, name) => {
    if (!(name in properties)) throw new Error(`The template prints ${name}, which is not set.`);
    const text = String(properties[name]);
    return kind === "!=" ? text : escapeHtml(text);
  });
  if (html.includes("<?")) throw new Error("The template has a scriptlet this evaluator lacks.");
  return html;
}

/** The newest modification time of any file under `dir`. */
function newest(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
    ),
  );
}

/** A dialog file of dist/, refused when src/ui changed after it was built. */
function builtFile(name: string): string {
  const path = join(DIST_DIR, `${name}.html`);
  if (!existsSync(path) || statSync(path).mtimeMs < newest(UI_DIR)) {
    throw new Error(`dist/${name}.html is missing or older than src/ui: run \`npm run build\`.`);
  }
  return readFileSync(path, "utf8");
}

/** The HTML Apps Script would serve for the dialog `file` opened with `data` (gas/ui.ts). */
export function renderForBrowser(file: string, data: unknown): string {
  const files: HtmlFiles<{ getContent(): string }> = {
    createTemplateFromFile(name) {
      const source = builtFile(name);
      const template: { [property: string]: unknown; evaluate(): { getContent(): string } } = {
        evaluate: () => {
          const { evaluate: _evaluate, ...properties } = template;
          return { getContent: () => evaluateTemplate(source, properties) };
        },
      };
      return template;
    },
    createHtmlOutputFromFile(name) {
      const content = builtFile(name);
      return { getContent: () => content };
    },
  };
  return renderDialog(files, file, data).getContent();
}

export interface ServerCall {
  name: string;
  args: unknown[];
}

/** What google.script.run may call: a function name to its server-side implementation. */
export type ServerFunctions = Record<string, (...args: never[]) => unknown>;

/**
 * Like google.script.run: arguments and answers travel as JSON, asynchronously; a throw reaches
 * the failure handler as an Error with the message; an unknown function fails as it would in
 * Apps Script. `google.script.host.close()` is recorded as a call named "host.close".
 */
const RUN_STUB = `<script>
(function () {
  window.__pending = 0;
  function runner(onSuccess, onFailure) {
    return new Proxy({}, {
      get: function (_, name) {
        if (name === "withSuccessHandler") return function (h) { return runner(h, onFailure); };
        if (name === "withFailureHandler") return function (h) { return runner(onSuccess, h); };
        if (name === "withUserObject") return function () { return runner(onSuccess, onFailure); };
        return function () {
          var args = JSON.parse(JSON.stringify(Array.prototype.slice.call(arguments)));
          window.__pending++;
          window.__server(String(name), args).then(function (answer) {
            try {
              if (answer.ok) { if (onSuccess) onSuccess(answer.value); }
              else if (onFailure) onFailure(new Error(answer.message));
            } finally { window.__pending--; }
          });
        };
      }
    });
  }
  window.google = { script: { run: runner(null, null), host: {
    close: function () {
      window.__pending++;
      window.__server("host.close", []).then(function () { window.__pending--; });
    }
  } } };
})();
</script>`;

export interface DialogPage {
  page: Page;
  calls: ServerCall[];
  /** Resolves once every server call made so far has reached its handler in the page. */
  settle(): Promise<void>;
}

/**
 * One Chromium and one tab per test file: a new tab costs about half a second, a new document
 * in the same tab a few milliseconds. Each `open` starts from a fresh about:blank document.
 */
export class DialogBrowser {
  private server: ServerFunctions = {};
  private calls: ServerCall[] = [];
  private errors: string[] = [];

  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  static async launch(): Promise<DialogBrowser> {
    const browser = await launchChromium();
    const page = await browser.newPage();
    const harness = new DialogBrowser(browser, page);
    await page.exposeFunction("__server", (name: string, args: unknown[]) =>
      harness.answer(name, args),
    );
    page.on("pageerror", (error) => harness.errors.push(error.message));
    return harness;
  }

  async open(
    html: string,
    server: ServerFunctions,
    viewport: { width: number; height: number },
  ): Promise<DialogPage> {
    const page = this.page;
    this.server = server;
    this.calls = [];
    this.errors = [];
    const calls = this.calls;
    await page.goto("about:blank");
    await page.setViewportSize(viewport);
    const injected = html.replace(/<head>/i, `<head>${RUN_STUB}`);
    if (injected === html) throw new Error("The dialog has no <head> to put the stub in.");
    await page.setContent(injected, { waitUntil: "load" });
    if (this.errors.length)
      throw new Error(`The dialog's script failed: ${this.errors.join("; ")}`);
    return {
      page,
      calls,
      settle: async () => {
        await page.waitForFunction("window.__pending === 0", undefined, { polling: 10 });
        if (this.errors.length) throw new Error(`The dialog failed: ${this.errors.join("; ")}`);
      },
    };
  }

  close(): Promise<void> {
    return this.browser.close();
  }

  /** A server function may return a promise: the page waits for it, as for a slow execution. */
  private async answer(name: string, args: unknown[]) {
    this.calls.push({ name, args });
    if (name === "host.close") return { ok: true, value: null };
    const implementation = this.server[name] as ((...a: unknown[]) => unknown) | undefined;
    if (!implementation) return { ok: false, message: `Script function not found: ${name}` };
    try {
      const value = await implementation(...args);
      return { ok: true, value: JSON.parse(JSON.stringify(value ?? null)) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  // The whole dialog at once, with sticky parts where a person sees them: a viewport as tall as
  // the content rather than a full-page capture.
  const viewport = page.viewportSize();
  const height = (await page.evaluate("document.documentElement.scrollHeight")) as number;
  if (viewport) await page.setViewportSize({ width: viewport.width, height });
  await page.screenshot({ path });
  if (viewport) await page.setViewportSize(viewport);
  return path;
}

/** Presses Tab until `selector` has focus; fails if it is not reachable within `limit` stops. */
export async function tabTo(page: Page, selector: string, limit = 40): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press("Tab");
    if (await isFocused(page, selector)) return presses;
  }
  throw new Error(`Tab never reached ${selector} in ${limit} presses.`);
}

export function isFocused(page: Page, selector: string): Promise<boolean> {
  // A string: the test build has no DOM types.
  return page.evaluate(
    `!!document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`,
  ) as Promise<boolean>;
}
