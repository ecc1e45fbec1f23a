/**
 * How a dialog file becomes a page: the file is an HtmlService template, and its data goes in as
 * a JSON literal (`<?!= data ?>`); escaping "<" keeps any "</script>" in the data from closing
 * the tag. `files` is HtmlService in Apps Script (gas/ui.ts) and a stand-in in the browser tests.
 */

/** The part of HtmlService a dialog needs. */
export interface HtmlFiles<Output> {
  createTemplateFromFile(file: string): { [property: string]: unknown; evaluate(): Output };
}

export function renderDialog<Output>(
  files: HtmlFiles<Output>,
  file: string,
  data: unknown,
): Output {
  const template = files.createTemplateFromFile(file);
  template.data = JSON.stringify(data).replace(/</g, "\\u003c");
  return template.evaluate();
}
