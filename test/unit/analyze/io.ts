import { PassThrough, Writable } from 'node:stream';
import type { AnalyzeIo } from '../../../src/commands/analyze/index.js';

/** A stream that keeps what was written. */
export function collector(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return Object.assign(w, { text: () => chunks.join('') });
}

/** Fake terminal: the typed lines are fed up front (ended, like Ctrl-D after them, unless `open`). */
export function fakeIo(lines: string[] | null, { tty = true, open = false } = {}) {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = tty;
  if (lines) stdin.write(lines.map((l) => `${l}\n`).join(''));
  if (!open) stdin.end();
  const stdout = collector();
  const stderr = collector();
  let tick = 0;
  const io: AnalyzeIo = {
    stdin,
    stdout,
    stderr: stderr as unknown as NodeJS.WriteStream,
    now: () => new Date(Date.UTC(2026, 10, 27, 13, 0, tick++)),
  };
  return { io, stdin, stdout, stderr };
}
