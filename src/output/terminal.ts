import { Chalk, type ChalkInstance } from 'chalk';
import { formatBytes } from '../view/units.js';

/**
 * What the command line asked of the terminal (--color/--no-color, --quiet), set once by the program before a
 * command runs; undefined: decided per stream, as below.
 */
const preferences: { color?: boolean; quiet?: boolean } = {};

export function setTerminalPreferences(p: { color?: boolean | undefined; quiet?: boolean | undefined }): void {
  if (p.color !== undefined) preferences.color = p.color;
  if (p.quiet !== undefined) preferences.quiet = p.quiet;
}

/** Back to deciding per stream (tests, and a program run in process after another). */
export function resetTerminalPreferences(): void {
  delete preferences.color;
  delete preferences.quiet;
}

export const isQuiet = (): boolean => preferences.quiet === true;

/**
 * Colour goes to a stream only when it is a TTY; --no-color or NO_COLOR (any non-empty value) turns it off,
 * --color or FORCE_COLOR turns it on. Decided per stream, so piping stdout keeps stderr coloured.
 */
export function colorEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (preferences.color !== undefined) return preferences.color;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function chalkFor(stream: NodeJS.WriteStream): ChalkInstance {
  return new Chalk({ level: colorEnabled(stream) ? 1 : 0 });
}

/** A line for the person at the terminal (what was read, what was skipped, what it cost): on stderr, unless --quiet. */
export function notice(line: string, stream: NodeJS.WritableStream = process.stderr): void {
  if (!isQuiet()) stream.write(`sm-ir: ${line}\n`);
}

/** Progress on stderr, only on a TTY and without --quiet; a no-op otherwise so scripts see nothing extra. */
export interface Progress {
  /** Whether anything is drawn (a TTY, not --quiet): callers skip work that only feeds progress. */
  readonly active: boolean;
  update(line: string): void;
  done(line?: string): void;
}

/** How often progress is redrawn at most: 10 times a second; SM_IR_PROGRESS_MS sets it (tests redraw every millisecond). */
export function progressPeriodMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.SM_IR_PROGRESS_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 100;
}

export function progressOnStderr(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || isQuiet()) return { active: false, update: () => {}, done: () => {} };
  let last = 0;
  const period = progressPeriodMs();
  return {
    active: true,
    update(line) {
      const now = Date.now();
      if (now - last < period) return;
      last = now;
      // A terminal of unknown size reports 0 columns.
      stream.write(`\r\x1b[2K${line.slice(0, (stream.columns || 120) - 1)}`);
    },
    done(line) {
      stream.write('\r\x1b[2K');
      if (line) stream.write(`${line}\n`);
    },
  };
}

const humanCount = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)}k` : String(Math.round(n)));

/**
 * A scan's progress line: a bar when the number of inputs is known, with the bytes (decompressed) and records
 * read, and their rates since the start: `[########------------]  42%  120 of 284 files  1.7 GB (310 MB/s)  6.1M records (1.1M/s)`
 */
export function scanProgressLine(p: { bytes: number; records: number; units: number; totalUnits?: number; unitName: string; elapsedMs: number }, width = 20): string {
  const secs = Math.max(p.elapsedMs / 1000, 0.001);
  const rate = `${formatBytes(p.bytes)} (${formatBytes(p.bytes / secs)}/s)  ${humanCount(p.records)} records (${humanCount(p.records / secs)}/s)`;
  if (!p.totalUnits) return `read ${p.units} ${p.unitName}  ${rate}`;
  const share = Math.min(p.units / p.totalUnits, 1);
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${p.units} of ${p.totalUnits} ${p.unitName}  ${rate}`;
}
