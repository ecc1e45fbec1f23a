/** ContentService: the TextOutput a web app returns (no status code, no headers). */
import type { Scope } from "../scope";

export const MimeType = Object.freeze({
  ATOM: "ATOM",
  CSV: "CSV",
  ICAL: "ICAL",
  JAVASCRIPT: "JAVASCRIPT",
  JSON: "JSON",
  RSS: "RSS",
  TEXT: "TEXT",
  VCARD: "VCARD",
  XML: "XML",
});

const MEDIA_TYPES: Record<string, string> = {
  ATOM: "application/atom+xml",
  CSV: "text/csv",
  ICAL: "text/calendar",
  JAVASCRIPT: "application/javascript",
  JSON: "application/json",
  RSS: "application/rss+xml",
  TEXT: "text/plain",
  VCARD: "text/vcard",
  XML: "text/xml",
};

export class FakeTextOutput {
  private content: string;
  private mimeType: string = MimeType.TEXT;
  private fileName: string | null = null;

  constructor(content = "") {
    this.content = String(content);
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

  clear(): this {
    this.content = "";
    return this;
  }

  getMimeType(): string {
    return this.mimeType;
  }

  setMimeType(mimeType: string): this {
    this.mimeType = String(mimeType);
    return this;
  }

  downloadAsFile(filename: string): this {
    this.fileName = String(filename);
    return this;
  }

  getFileName(): string | null {
    return this.fileName;
  }

  /** The media type the client sees, e.g. "application/json". */
  get mediaType(): string {
    return MEDIA_TYPES[this.mimeType] ?? "text/plain";
  }
}

export function contentService(scope: Scope) {
  return {
    createTextOutput: (content?: string) =>
      scope.rt.call("ContentService.createTextOutput", () => new FakeTextOutput(content ?? "")),
    MimeType,
  };
}
