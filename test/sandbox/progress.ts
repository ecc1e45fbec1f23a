/**
 * Progress of a sandbox run. On a terminal each phase with a known size shows a cli-progress bar
 * while it runs; every phase ends with one plain line (what it did, how long it took) and notes
 * (a recovery, a simulated fault) stay as lines of their own. Without a terminal (a pipe, CI, the
 * `--log` file) only the plain lines are written.
 */
import { SingleBar } from "cli-progress";

export interface Progress {
  /** A phase begins; `total` is how many steps it has when known. */
  start(phase: string, total?: number): void;
  /** Steps done so far in the current phase, with an optional short note. */
  update(done: number, note?: string): void;
  /** The phase ends with a one-line result. */
  end(result: string): void;
  /** A line worth keeping in the log (a recovery, a fault, a refused row). */
  note(text: string): void;
}

export const silentProgress: Progress = {
  start: () => undefined,
  update: () => undefined,
  end: () => undefined,
  note: () => undefined,
};

/** Records phases and notes (tests): "phase: result" and "  note". */
export function recordingProgress(lines: string[]): Progress {
  let phase = "";
  let pending: string[] | undefined;
  return {
    start: (name) => {
      phase = name;
      pending = [];
    },
    update: () => undefined,
    end: (result) => {
      lines.push(`${phase}: ${result}`, ...(pending ?? []).map((text) => `  ${text}`));
      pending = undefined;
    },
    note: (text) => (pending ? pending.push(text) : lines.push(`  ${text}`)),
  };
}

/** What progress and reports are written to: process.stderr, process.stdout, a file, a test sink. */
export interface TextOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const LABEL = 10;

export function streamProgress(stream: TextOutput): Progress {
  const tty = !!stream.isTTY;
  let phase = "";
  let startedAt = 0;
  let bar: SingleBar | undefined;
  /** Notes of the running phase: written after its line, so each phase reads top-down. */
  let pending: string[] | undefined;
  const writeNote = (text: string) => stream.write(`${" ".repeat(LABEL + 1)}${text}\n`);
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    start(name, total) {
      stopBar();
      phase = name;
      startedAt = Date.now();
      pending = [];
      if (tty && total !== undefined && total > 0) {
        bar = new SingleBar({
          stream: stream as NodeJS.WritableStream,
          format: `${name.padEnd(LABEL)} [{bar}] {value}/{total} {note}`,
          barsize: 24,
          // The run is synchronous between phases: a Ctrl-C handler could not restore a
          // hidden cursor, so the cursor is left alone.
          hideCursor: false,
          clearOnComplete: true,
          linewrap: false,
        });
        bar.start(total, 0, { note: "" });
      }
    },
    update(done, note) {
      bar?.update(done, { note: note ?? "" });
    },
    end(result) {
      stopBar();
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      stream.write(`${phase.padEnd(LABEL)} ${result} (${seconds} s)\n`);
      for (const text of pending ?? []) writeNote(text);
      pending = undefined;
    },
    note(text) {
      if (pending) pending.push(text);
      else writeNote(text);
    },
  };
}
