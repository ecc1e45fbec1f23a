/**
 * The add-on's e-mails as plain text and as simple HTML, from one description: paragraphs and
 * tables. Every text is escaped in the HTML (a recipient name or a provider's reason is text a
 * stranger may have written).
 */
export interface MailTable {
  title: string;
  headers: string[];
  rows: string[][];
  /** Said instead of the table when it has no rows. */
  empty: string;
}

export type MailPart = string | MailTable;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Plain text: each table row as "header: value" pairs, readable in any mail client. */
export function textBody(parts: readonly MailPart[]): string {
  return parts
    .map((part) => {
      if (typeof part === "string") return part;
      if (part.rows.length === 0) return `${part.title}\n${part.empty}`;
      const lines = part.rows.map((row) => {
        const fields = row.flatMap((cell, i) =>
          cell === "" ? [] : [i === 0 ? cell : `${part.headers[i]}: ${cell}`],
        );
        return `- ${fields.join("; ")}`;
      });
      return [part.title, ...lines].join("\n");
    })
    .join("\n\n");
}

const CELL = 'style="border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top"';

export function htmlBody(parts: readonly MailPart[]): string {
  const html = parts.map((part) => {
    if (typeof part === "string") return `<p>${escapeHtml(part).replace(/\n/g, "<br>")}</p>`;
    const title = `<h3 style="margin:16px 0 4px">${escapeHtml(part.title)}</h3>`;
    if (part.rows.length === 0) return `${title}<p>${escapeHtml(part.empty)}</p>`;
    const head = part.headers.map((h) => `<th ${CELL}>${escapeHtml(h)}</th>`).join("");
    const body = part.rows
      .map(
        (row) => `<tr>${row.map((cell) => `<td ${CELL}>${escapeHtml(cell)}</td>`).join("")}</tr>`,
      )
      .join("");
    return `${title}<table style="border-collapse:collapse"><tr>${head}</tr>${body}</table>`;
  });
  return `<div style="font-family:Arial,sans-serif;font-size:14px">${html.join("")}</div>`;
}
