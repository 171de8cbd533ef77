import { closeSync, constants, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { dirname } from 'node:path';

/** One line of the audit log: a call to AWS, or a change skipped because its end state already held. */
export interface AuditEntry {
  time: string;
  command: string;
  region: string | null;
  service: string;
  operation: string;
  parameters: unknown;
  outcome: 'ok' | 'already-done' | 'error';
  requestId: string | null;
  error: { code: string | null; message: string } | null;
  /** true: a read (Describe, List, Get), evidence or a check of a resource's state; false or absent: a change. */
  readOnly?: boolean;
}

/**
 * Append-only JSON Lines, written synchronously so a crash or Ctrl-C never loses an entry that was
 * made; mode 0600 because parameters can name sensitive resources. The file is opened once with
 * O_NOFOLLOW and checked to be a regular file: audit lines are never appended through a link to a
 * file elsewhere (a link planted where the log goes is refused, exit 2, before any change).
 */
export class AuditLog {
  private readonly fd: number;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW, O_NONBLOCK } = constants;
    const refuse = (why: string) => new UsageError(`audit log ${path}: ${why}; nothing was changed`, 'sm-ir appends its audit log only to a regular file, never through a link');
    try {
      this.fd = openSync(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0o600);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw refuse(code === 'ELOOP' ? 'it is a symbolic link' : `cannot open it (${code ?? String(e)})`);
    }
    if (!fstatSync(this.fd).isFile()) {
      closeSync(this.fd);
      throw refuse('not a regular file');
    }
  }

  append(entry: Omit<AuditEntry, 'time'> & { time?: string }): void {
    const line = Buffer.from(`${JSON.stringify({ ...entry, time: entry.time ?? new Date().toISOString() })}\n`);
    // One write per line: O_APPEND keeps each line whole and at the end.
    for (let off = 0; off < line.length; ) off += writeSync(this.fd, line, off, line.length - off);
  }

  close(): void {
    closeSync(this.fd);
  }
}
