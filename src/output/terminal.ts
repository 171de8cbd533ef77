import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Colour and progress go to a stream only when it is a TTY; NO_COLOR (any non-empty value) turns
 * colour off, FORCE_COLOR turns it on. Decided per stream, so piping stdout keeps stderr coloured.
 */
export function colorEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function chalkFor(stream: NodeJS.WriteStream): ChalkInstance {
  return new Chalk({ level: colorEnabled(stream) ? 1 : 0 });
}

/** Progress lines on stderr, only on a TTY; a no-op otherwise so scripts see nothing extra. */
export interface Progress {
  update(line: string): void;
  done(line?: string): void;
}

export function progressOnStderr(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  return {
    update(line) {
      const now = Date.now();
      if (now - last < 100) return; // redraw at most 10 times a second
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
