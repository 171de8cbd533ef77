import { appendFileSync, mkdirSync } from 'node:fs';
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
 * made; mode 0600 because parameters can name sensitive resources.
 */
export class AuditLog {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  }

  append(entry: Omit<AuditEntry, 'time'> & { time?: string }): void {
    const line = JSON.stringify({ ...entry, time: entry.time ?? new Date().toISOString() });
    appendFileSync(this.path, `${line}\n`, { mode: 0o600 });
  }
}
