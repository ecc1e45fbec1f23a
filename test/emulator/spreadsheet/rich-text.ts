/**
 * Rich text with links: SpreadsheetApp.newRichTextValue() and what Range.set/getRichTextValue(s)
 * store. The emulator keeps one link per cell: setLinkUrl(start, end, url) links the whole text.
 * The builder and values are local objects, not metered.
 */
import type { Cell } from "./sheet-model";

export class FakeRichTextValue {
  constructor(
    readonly text: string,
    readonly link: string | null,
  ) {}

  getText(): string {
    return this.text;
  }

  /** The cell's link, whatever offsets are asked for; null when there is none. */
  getLinkUrl(_startOffset?: number, _endOffset?: number): string | null {
    return this.link;
  }

  copy(): FakeRichTextValueBuilder {
    return new FakeRichTextValueBuilder().setText(this.text).setLinkUrl(this.link);
  }
}

export class FakeRichTextValueBuilder {
  private text = "";
  private link: string | null = null;

  setText(text: string): this {
    this.text = String(text);
    return this;
  }

  /** setLinkUrl(url) or setLinkUrl(startOffset, endOffset, url); null or "" removes the link. */
  setLinkUrl(...args: unknown[]): this {
    const url = args.length >= 3 ? args[2] : args[0];
    this.link = url === null || url === undefined || url === "" ? null : String(url);
    return this;
  }

  build(): FakeRichTextValue {
    return new FakeRichTextValue(this.text, this.link);
  }
}

/** Stores the text as a string, never auto-typed nor a formula, and the link. */
export function writeRichText(cell: Cell, value: FakeRichTextValue): void {
  delete cell.formula;
  cell.value = value.text;
  if (value.link === null) delete cell.link;
  else cell.link = value.link;
}

/** Apps Script has rich text only for text cells: numbers, booleans and dates give null. */
export function readRichText(cell: Cell | undefined): FakeRichTextValue | null {
  if (!cell) return new FakeRichTextValue("", null);
  if (typeof cell.value !== "string") return null;
  return new FakeRichTextValue(cell.value, cell.link ?? null);
}
