import type { Readable } from 'node:stream';

/**
 * The chunks of a stream, then its error if any. Unlike the stream's own async iterator, chunks
 * decoded before an error (a truncated or corrupt gzip) are all delivered before the error is thrown.
 */
export async function* chunks(stream: Readable): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let done = false;
  let error: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  stream.on('data', (b: Buffer) => {
    queue.push(b);
    if (queue.length >= 4) stream.pause(); // bounded read-ahead
    notify();
  });
  stream.on('end', () => {
    done = true;
    notify();
  });
  stream.on('error', (e) => {
    error ??= e;
    done = true;
    notify();
  });
  for (;;) {
    const b = queue.shift();
    if (b !== undefined) {
      if (queue.length === 0 && !done) stream.resume();
      yield b;
    } else if (done) {
      if (error !== undefined) throw error;
      return;
    } else await new Promise<void>((resolve) => (wake = resolve));
  }
}
