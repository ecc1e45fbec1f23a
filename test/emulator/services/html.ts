/** HtmlService: HTML outputs, files from the build directory and `<?= ?>` templates. */
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Realm } from "../realm";
import type { Scope } from "../scope";

export const SandboxMode = Object.freeze({
  EMULATED: "EMULATED",
  IFRAME: "IFRAME",
  NATIVE: "NATIVE",
});
export const XFrameOptionsMode = Object.freeze({ ALLOWALL: "ALLOWALL", DEFAULT: "DEFAULT" });

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character] ??
      character,
  );
}

export class FakeHtmlOutput {
  private content: string;
  private title = "";
  private width: number | undefined;
  private height: number | undefined;
  private sandboxMode: string = SandboxMode.IFRAME;
  private xFrameOptionsMode: string = XFrameOptionsMode.DEFAULT;
  readonly metaTags: { name: string; content: string }[] = [];

  constructor(html = "") {
    this.content = String(html);
  }

  getContent(): string {
    return this.content;
  }

  setContent(content: string): this {
    this.content = String(content);
    return this;
  }

  append(addedContent: string): this {
    this.content += String(addedContent);
    return this;
  }

  appendUntrusted(addedContent: string): this {
    this.content += escapeHtml(String(addedContent));
    return this;
  }

  clear(): this {
    this.content = "";
    return this;
  }

  getTitle(): string {
    return this.title;
  }

  setTitle(title: string): this {
    this.title = String(title);
    return this;
  }

  getWidth(): number | undefined {
    return this.width;
  }

  setWidth(width: number): this {
    this.width = width;
    return this;
  }

  getHeight(): number | undefined {
    return this.height;
  }

  setHeight(height: number): this {
    this.height = height;
    return this;
  }

  setSandboxMode(mode: string): this {
    this.sandboxMode = String(mode);
    return this;
  }

  getSandboxMode(): string {
    return this.sandboxMode;
  }

  setXFrameOptionsMode(mode: string): this {
    this.xFrameOptionsMode = String(mode);
    return this;
  }

  getXFrameOptionsMode(): string {
    return this.xFrameOptionsMode;
  }

  addMetaTag(name: string, content: string): this {
    this.metaTags.push({ name: String(name), content: String(content) });
    return this;
  }

  setFaviconUrl(_iconUrl: string): this {
    return this;
  }
}

/**
 * Compiles a template to a function of the realm: `<?= e ?>` prints e HTML-escaped, `<?!= e ?>`
 * prints it raw, `<? code ?>` runs code. Template properties are in scope through `with`, and
 * the script's own globals are visible too, as in Apps Script.
 */
function compileTemplate(
  source: string,
  realm: Realm,
): (data: object, escape: (v: unknown) => string) => string {
  const body: string[] = ["var __out = '';", "with (__data) {"];
  const tag = /<\?(!=|=)?([\s\S]*?)\?>/g;
  let last = 0;
  for (let match = tag.exec(source); match; match = tag.exec(source)) {
    body.push(`__out += ${JSON.stringify(source.slice(last, match.index))};`);
    const [, kind, code] = match;
    if (kind === "=") body.push(`__out += __escape(${code});`);
    else if (kind === "!=") body.push(`__out += String(${code});`);
    else body.push(code);
    last = tag.lastIndex;
  }
  body.push(`__out += ${JSON.stringify(source.slice(last))};`, "}", "return __out;");
  const RealmFunction = realm.global.Function as FunctionConstructor;
  return new RealmFunction("__data", "__escape", body.join("\n")) as (
    data: object,
    escape: (v: unknown) => string,
  ) => string;
}

export class FakeHtmlTemplate {
  [property: string]: unknown;
  readonly #source: string;
  readonly #realm: Realm;

  constructor(source: string, realm: Realm) {
    this.#source = source;
    this.#realm = realm;
  }

  getRawContent(): string {
    return this.#source;
  }

  evaluate(): FakeHtmlOutput {
    const render = compileTemplate(this.#source, this.#realm);
    const data = { ...this };
    return new FakeHtmlOutput(render(data, (value) => escapeHtml(String(value))));
  }
}

export function htmlService(scope: Scope) {
  const { rt, realm, state } = scope;
  const readHtmlFile = (name: string): string => {
    const fileName = name.endsWith(".html") ? name : `${name}.html`;
    const path = join(state.options.htmlDir, fileName);
    if (!existsSync(path)) throw realm.error(`No HTML file named ${name} was found.`);
    return readFileSync(path, "utf8");
  };
  return {
    createHtmlOutput: (html?: string) =>
      rt.call("HtmlService.createHtmlOutput", () => new FakeHtmlOutput(html ?? "")),
    createHtmlOutputFromFile: (filename: string) =>
      rt.call(
        "HtmlService.createHtmlOutputFromFile",
        () => new FakeHtmlOutput(readHtmlFile(String(filename))),
      ),
    createTemplate: (html: string) =>
      rt.call("HtmlService.createTemplate", () => new FakeHtmlTemplate(String(html), realm)),
    createTemplateFromFile: (filename: string) =>
      rt.call(
        "HtmlService.createTemplateFromFile",
        () => new FakeHtmlTemplate(readHtmlFile(String(filename)), realm),
      ),
    SandboxMode,
    XFrameOptionsMode,
  };
}
