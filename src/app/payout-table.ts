/**
 * The Payouts sheet as rows: read once (values, display values, formulas), changed in memory,
 * written back in a few block writes of the output columns. Rows are identified by Payout ID:
 * before writing, the ID column is read again, and rows that moved (a person sorted the sheet
 * meanwhile) are written where they are now.
 */
import { SHEETS } from "./sheet-names";
import {
  INPUT_KEYS,
  OUTPUT_KEYS,
  mapColumns,
  type ColumnMap,
  type InputKey,
  type OutputKey,
} from "../domain/columns";
import type { CellValue, LinkedCell, Workbook } from "../ports";

export interface InputCell {
  raw: CellValue;
  /** The display text, trimmed. */
  text: string;
  formula: string;
}

export interface PayoutRow {
  /** 1-based sheet row where the row was when read (or last written). */
  row: number;
  inputs: Record<InputKey, InputCell>;
  outputs: Record<OutputKey, string>;
  /** No input and no Payout ID: nothing to do. */
  blank: boolean;
  /** The Payout ID the sheet holds for this row as far as this run knows ("" when none yet). */
  sheetId: string;
}

const EMPTY_INPUT: InputCell = { raw: "", text: "", formula: "" };

/**
 * Whether Sheets would turn this text into something else in a cell not formatted as text: a
 * number (an 18-digit provider ID loses digits), a date, a boolean, a percentage or a formula.
 */
export function wouldBeRetyped(text: string): boolean {
  const t = text.trim();
  return (
    /^[=+\-@']/.test(t) ||
    /^[\d.,\s%$€£e:/-]+$/i.test(t) ||
    /^(true|false)$/i.test(t) ||
    /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/.test(t)
  );
}

/** The row's input texts in INPUT_KEYS order: what a review covers and a record keeps. */
export function inputTexts(row: PayoutRow): string[] {
  return INPUT_KEYS.map((key) => row.inputs[key].text);
}

export class SheetChangedError extends Error {
  constructor() {
    super(
      "The Payouts sheet was sorted or changed while this run worked on it; nothing was written. Run it again.",
    );
    this.name = "SheetChangedError";
  }
}

export class PayoutTable {
  /**
   * The Tx hash cell of a row with its explorer links (record/tx-links.ts). Writing values
   * removes a cell's link, so every Tx hash span written is linked again after its block.
   */
  linkTxHash: ((row: PayoutRow) => LinkedCell) | undefined;
  private readonly dirty = new Set<PayoutRow>();
  /** Payout IDs whose row disappeared from the sheet during the run. */
  readonly lostIds = new Set<string>();

  private constructor(
    private readonly workbook: Workbook,
    readonly columns: ColumnMap,
    readonly rows: PayoutRow[],
    private readonly idsAtRead: string[],
    /** Only some rows were read (a callback): each is written on its own. */
    private partial = false,
  ) {}

  /** The whole sheet in one pass: its data range's values, display texts and formulas. */
  static load(workbook: Workbook): PayoutTable {
    const sheet = workbook.sheet(SHEETS.payouts);
    if (!sheet)
      throw new Error(`There is no "${SHEETS.payouts}" sheet: run Payouts > Set up sheet.`);
    const { values, display, formulas } = sheet.readAll();
    const columns = mapColumns(display[0] ?? []);
    const rows: PayoutRow[] = [];
    // The three grids are of one range, so of one size; a missing cell would be an empty one.
    for (const [i, texts] of display.entries()) {
      if (i === 0) continue; // the header row
      rows.push(rowFromCells(i + 1, columns, values[i] ?? [], texts, formulas[i] ?? []));
    }
    return new PayoutTable(
      workbook,
      columns,
      rows,
      rows.map((r) => r.outputs.payoutId),
    );
  }

  /** A column's display texts from row 2 down to the last row with anything in the sheet. */
  private readColumns(first: number, last: number): string[][] {
    const block = this.workbook.readText(SHEETS.payouts, 2, first, last);
    let end = block.length;
    while (end > 0 && block[end - 1]?.every((cell) => cell.trim() === "")) end--;
    return block.slice(0, Math.max(end, this.rows.length));
  }

  /** Every output column the sheet lacks: the caller repairs the sheet first. */
  missingOutputColumns(): OutputKey[] {
    return OUTPUT_KEYS.filter((key) => !this.columns.output[key]);
  }

  /** Rows that are not blank. */
  activeRows(): PayoutRow[] {
    return this.rows.filter((row) => !row.blank);
  }

  /** The row holding this Payout ID, else the one holding this provider ID. */
  find(payoutId: string | undefined, providerId: string | undefined): PayoutRow | undefined {
    return (
      (payoutId ? this.rows.find((row) => row.outputs.payoutId === payoutId) : undefined) ??
      (providerId ? this.rows.find((row) => row.outputs.providerId === providerId) : undefined)
    );
  }

  /** Payout IDs present on more than one row, with their rows. */
  duplicateIds(): Map<string, PayoutRow[]> {
    const byId = new Map<string, PayoutRow[]>();
    for (const row of this.rows) {
      const id = row.outputs.payoutId;
      if (!id) continue;
      byId.set(id, [...(byId.get(id) ?? []), row]);
    }
    return new Map([...byId].filter(([, rows]) => rows.length > 1));
  }

  /** Changes output cells of a row in memory; `write` sends them. Returns whether anything changed. */
  set(row: PayoutRow, changes: Partial<Record<OutputKey, string>>, nowIso: string): boolean {
    let changed = false;
    for (const [key, value] of Object.entries(changes) as [OutputKey, string | undefined][]) {
      if (value === undefined || row.outputs[key] === value) continue;
      row.outputs[key] = value;
      changed = true;
    }
    if (changed) {
      row.outputs.updatedAt = nowIso;
      this.dirty.add(row);
    }
    return changed;
  }

  hasChanges(): boolean {
    return this.dirty.size > 0;
  }

  /**
   * Writes every changed row's output cells. Before writing, the Payout ID column is read again:
   * when it is as it was, rows are where they were; otherwise each row is written where its
   * Payout ID is now, and a row that had no ID yet stops the write (SheetChangedError).
   */
  write(): void {
    if (this.dirty.size === 0) return;
    const idColumn = this.columns.output.payoutId;
    if (!idColumn) throw new Error("The Payouts sheet has no Payout ID column.");
    const rows = [...this.dirty];
    // A row with no Payout ID yet is known only by its inputs: when such rows are to be written,
    // the same read takes the input columns too, to notice a sort the ID column cannot show.
    const checkInputs = !this.partial && rows.some((row) => !row.sheetId);
    const spanColumns = [idColumn, ...(checkInputs ? Object.values(this.columns.input) : [])];
    const first = Math.min(...spanColumns);
    const block = this.readColumns(first, Math.max(...spanColumns));
    const idsNow = block.map((r) => (r[idColumn - first] ?? "").trim());
    const sameIds = (a: string[], b: string[]) => {
      const length = Math.max(a.length, b.length);
      for (let i = 0; i < length; i++) if ((a[i] ?? "") !== (b[i] ?? "")) return false;
      return true;
    };
    const unmoved =
      sameIds(idsNow, this.idsAtRead) &&
      (!checkInputs ||
        this.rows.every(
          (row) => row.blank || row.sheetId !== "" || this.inputsAt(row, block, first),
        ));
    if (unmoved && !this.partial) {
      this.writeBlocks(rows, this.rows);
    } else {
      // Each row is written where its Payout ID is now.
      const rowOfId = new Map<string, number>();
      const seen = new Set<string>();
      idsNow.forEach((id, index) => {
        if (!id) return;
        if (seen.has(id)) rowOfId.delete(id);
        else rowOfId.set(id, index + 2);
        seen.add(id);
      });
      if (!unmoved && rows.some((row) => !row.sheetId)) throw new SheetChangedError();
      const placed: PayoutRow[] = [];
      for (const row of rows) {
        const now = row.sheetId ? rowOfId.get(row.sheetId) : row.row;
        // A person deleted the row (or copied its ID) meanwhile: there is no place to write it.
        if (now === undefined) {
          this.lostIds.add(row.sheetId);
          continue;
        }
        row.row = now;
        placed.push(row);
      }
      // Rows on consecutive sheet rows are written together.
      placed.sort((a, b) => a.row - b.row);
      let group: PayoutRow[] = [];
      for (const row of placed) {
        const previous = group[group.length - 1];
        if (previous && row.row !== previous.row + 1) {
          this.writeBlocks(group, group);
          group = [];
        }
        group.push(row);
      }
      if (group.length > 0) this.writeBlocks(group, group);
      // Positions of rows not written may be stale now: from here on, writes go row by row.
      if (!unmoved) this.partial = true;
      this.idsAtRead.splice(0, this.idsAtRead.length, ...idsNow);
    }
    for (const row of rows) {
      if (this.lostIds.has(row.sheetId)) continue;
      this.idsAtRead[row.row - 2] = row.outputs.payoutId;
      row.sheetId = row.outputs.payoutId;
    }
    this.dirty.clear();
  }

  /**
   * The input texts of these rows as the sheet holds them now (a person may have typed since the
   * run read the sheet), found by Payout ID; undefined for a row whose ID is on no row or on
   * several. Two reads, whatever the count.
   */
  currentInputs(rows: PayoutRow[]): Map<PayoutRow, string[] | undefined> {
    const result = new Map<PayoutRow, string[] | undefined>();
    const idColumn = this.columns.output.payoutId;
    if (!idColumn || rows.length === 0) return result;
    const idsNow = this.readColumns(idColumn, idColumn).map(([id = ""]) => id.trim());
    const where = new Map<string, number | null>();
    idsNow.forEach((id, index) => {
      if (id) where.set(id, where.has(id) ? null : index + 2);
    });
    const placed = rows.map((row) => ({ row, at: where.get(row.outputs.payoutId) ?? undefined }));
    const found = placed.flatMap(({ at }) => (at ? [at] : []));
    if (found.length === 0) {
      for (const row of rows) result.set(row, undefined);
      return result;
    }
    const first = Math.min(...found);
    const block = this.workbook.readText(
      SHEETS.payouts,
      first,
      1,
      Math.max(this.columns.width, 1),
      Math.max(...found) - first + 1,
    );
    for (const { row, at } of placed) {
      const cells = at ? block[at - first] : undefined;
      result.set(
        row,
        cells &&
          INPUT_KEYS.map((key) => {
            const column = this.columns.input[key];
            return column ? (cells[column - 1] ?? "").trim() : "";
          }),
      );
    }
    return result;
  }

  /** Whether `block` (the sheet read again, from column `first`) has `row`'s inputs where it was. */
  private inputsAt(row: PayoutRow, block: string[][], first: number): boolean {
    const cells = block[row.row - 2];
    if (!cells) return false;
    return INPUT_KEYS.every((key) => {
      const column = this.columns.input[key];
      return column === undefined || (cells[column - first] ?? "").trim() === row.inputs[key].text;
    });
  }

  /**
   * One setValues per contiguous run of output columns, over the span of `rows`; rows between
   * them are rewritten from `universe` with the values they already have.
   */
  private writeBlocks(rows: PayoutRow[], universe: PayoutRow[]): void {
    const first = Math.min(...rows.map((r) => r.row));
    const last = Math.max(...rows.map((r) => r.row));
    const byRow = new Map(universe.map((r) => [r.row, r]));
    for (const run of outputColumnRuns(this.columns)) {
      const block: CellValue[][] = [];
      for (let sheetRow = first; sheetRow <= last; sheetRow++) {
        const row = byRow.get(sheetRow);
        if (!row) throw new SheetChangedError();
        block.push(run.keys.map((key) => row.outputs[key]));
      }
      // Plain text on every row written, however the row got there (pasted rows bring their own
      // formats): IDs keep their digits, and text from outside is never read as a formula. A
      // block with nothing Sheets would retype (words, P2026... IDs) spares the format call.
      const asText = block.some((cells) => cells.some((cell) => wouldBeRetyped(String(cell))));
      this.workbook.writeBlock(SHEETS.payouts, first, run.column, block, { asText });
      this.relinkTxHashes(run, first, last, byRow);
    }
  }

  /** Puts the explorer links back on the Tx hash cells a block just wrote (one call, if any). */
  private relinkTxHashes(
    run: ColumnRun,
    first: number,
    last: number,
    byRow: Map<number, PayoutRow>,
  ): void {
    const offset = run.keys.indexOf("txHash");
    if (offset < 0 || !this.linkTxHash) return;
    const cells: LinkedCell[] = [];
    for (let sheetRow = first; sheetRow <= last; sheetRow++) {
      const row = byRow.get(sheetRow) as PayoutRow;
      cells.push(this.linkTxHash(row));
    }
    if (cells.some((cell) => cell.links.length > 0)) {
      const column = cells.map((cell) => [cell]);
      this.workbook.writeLinks(SHEETS.payouts, first, run.column + offset, column);
    }
  }
}

function rowFromCells(
  sheetRow: number,
  columns: ColumnMap,
  values: CellValue[],
  display: string[],
  formulas: string[],
): PayoutRow {
  const inputs = {} as Record<InputKey, InputCell>;
  for (const key of INPUT_KEYS) {
    const column = columns.input[key];
    // Absent cells (past the row's end) are empty ones.
    inputs[key] = column
      ? {
          raw: values[column - 1] ?? "",
          text: (display[column - 1] ?? "").trim(),
          formula: formulas[column - 1] ?? "",
        }
      : EMPTY_INPUT;
  }
  const outputs = {} as Record<OutputKey, string>;
  for (const key of OUTPUT_KEYS) {
    const column = columns.output[key];
    outputs[key] = column ? (display[column - 1] ?? "").trim() : "";
  }
  const blank = outputs.payoutId === "" && INPUT_KEYS.every((key) => inputs[key].text === "");
  return { row: sheetRow, inputs, outputs, blank, sheetId: outputs.payoutId };
}

interface ColumnRun {
  column: number;
  keys: [OutputKey, ...OutputKey[]];
}

/** Output columns grouped into runs of adjacent columns (one run after a standard setup). */
export function outputColumnRuns(columns: ColumnMap): ColumnRun[] {
  const placed = OUTPUT_KEYS.filter((key) => columns.output[key])
    .map((key) => ({ key, column: columns.output[key] as number }))
    .sort((a, b) => a.column - b.column);
  const runs: ColumnRun[] = [];
  for (const { key, column } of placed) {
    const last = runs[runs.length - 1];
    if (last && last.column + last.keys.length === column) last.keys.push(key);
    else runs.push({ column, keys: [key] });
  }
  return runs;
}
