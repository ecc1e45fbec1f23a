/**
 * Renders an HTML dialog file with its data embedded as a JSON literal (`<?!= data ?>` inside a
 * script tag); escaping "<" keeps any "</script>" in the data from closing the tag.
 */
export function renderDialog(file: string, data: unknown): GoogleAppsScript.HTML.HtmlOutput {
  const template = HtmlService.createTemplateFromFile(file);
  template.data = JSON.stringify(data).replace(/</g, "\\u003c");
  return template.evaluate();
}
