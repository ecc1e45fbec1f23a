/**
 * How a dialog file becomes a page. Each file is an HtmlService template with two tags:
 * `<?!= styles ?>` in its head prints the shared stylesheet (Styles.html, one copy for every
 * dialog) and `<?!= data ?>` prints its data as a JSON literal inside a script tag; escaping "<"
 * keeps any "</script>" in the data from closing the tag. `files` is HtmlService in Apps Script
 * (gas/ui.ts) and a stand-in in the browser tests.
 */

/** The part of HtmlService a dialog needs. */
export interface HtmlFiles<Output> {
  createTemplateFromFile(file: string): { [property: string]: unknown; evaluate(): Output };
  createHtmlOutputFromFile(file: string): { getContent(): string };
}

export const STYLESHEET = "Styles";

export function renderDialog<Output>(
  files: HtmlFiles<Output>,
  file: string,
  data: unknown,
): Output {
  const template = files.createTemplateFromFile(file);
  template.styles = files.createHtmlOutputFromFile(STYLESHEET).getContent();
  template.data = JSON.stringify(data).replace(/</g, "\\u003c");
  return template.evaluate();
}
