/**
 * Progress on stderr: on a terminal, a bar per phase redrawn in place; otherwise (a pipe, CI, a
 * log file) one plain line per phase when it ends, and its notes.
 */

export interface Progress {
  /** A phase begins; `total` is how many steps it has when known. */
  start(phase: string, total?: number): void;
  /** Steps done so far in the current phase, with an optional short note. */
  update(done: number, note?: string): void;
  /** The phase ends with a one-line result. */
  end(result: string): void;
  /** A line worth keeping in the log (a recovery, a fault). */
  note(text: string): void;
}

export const silentProgress: Progress = {
  start: () => undefined,
  update: () => undefined,
  end: () => undefined,
  note: () => undefined,
};

/** Records phases and notes (tests). */
export function recordingProgress(lines: string[]): Progress {
  let phase = "";
  return {
    start: (name) => {
      phase = name;
    },
    update: () => undefined,
    end: (result) => lines.push(`${phase}: ${result}`),
    note: (text) => lines.push(`  ${text}`),
  };
}

const WIDTH = 24;

/** What progress and reports are written to: process.stderr, process.stdout, or a test sink. */
export interface TextOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function streamProgress(stream: TextOutput): Progress {
  const tty = !!stream.isTTY;
  let phase = "";
  let total: number | undefined;
  let startedAt = 0;
  let drawn = false;
  const label = () => phase.padEnd(10);
  const draw = (done: number, note = "") => {
    const columns = stream.columns || 100;
    let line: string;
    if (total !== undefined && total > 0) {
      const share = Math.min(1, done / total);
      const filled = Math.round(share * WIDTH);
      line = `${label()} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${done}/${total} ${note}`;
    } else {
      line = `${label()} ${note}`;
    }
    stream.write(`\r${line.slice(0, columns - 1).padEnd(Math.min(columns - 1, 100))}`);
    drawn = true;
  };
  const clear = () => {
    if (tty && drawn) stream.write(`\r${" ".repeat(Math.min((stream.columns || 100) - 1, 100))}\r`);
    drawn = false;
  };
  return {
    start(name, steps) {
      phase = name;
      total = steps;
      startedAt = Date.now();
      if (tty) draw(0, "...");
    },
    update(done, note) {
      if (tty) draw(done, note);
    },
    end(result) {
      clear();
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      stream.write(`${label()} ${result} (${seconds} s)\n`);
    },
    note(text) {
      clear();
      stream.write(`${" ".repeat(11)}${text}\n`);
    },
  };
}
