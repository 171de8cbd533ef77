import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { dirname } from 'node:path';

/**
 * One line of the audit log: a call to AWS, or a change skipped because its end state already held.
 * A change is written twice: `sent` before the request (so a kill leaves a trace of the change in
 * flight) and settled (`ok`, `already-done` or `error`) after it, both with the same callId.
 */
export interface AuditEntry {
  time: string;
  command: string;
  region: string | null;
  service: string;
  operation: string;
  parameters: unknown;
  outcome: 'sent' | 'ok' | 'already-done' | 'error';
  /** Pairs a change's `sent` line with its settled one; absent on reads and on skipped steps. */
  callId?: string;
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
    const { O_RDWR, O_APPEND, O_CREAT, O_NOFOLLOW, O_NONBLOCK } = constants;
    const refuse = (why: string) => new UsageError(`audit log ${path}: ${why}; nothing was changed`, 'sm-ir appends its audit log only to a regular file, never through a link');
    try {
      this.fd = openSync(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0o600);
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
    this.write(`${JSON.stringify({ ...entry, time: entry.time ?? new Date().toISOString() })}\n`);
  }

  private write(text: string): void {
    const line = Buffer.from(text);
    // One write per line: O_APPEND keeps each line whole and at the end.
    for (let off = 0; off < line.length; ) off += writeSync(this.fd, line, off, line.length - off);
  }

  /**
   * Changes an earlier run sent but never settled (it was killed while AWS had the request): each is
   * settled now as an error with no answer, so every change shows once as sent and once as settled;
   * the re-run's own steps then check the end state and say whether it holds. Only for a log that one
   * run holds at a time (contain's case directory, under its lock): another live run's change in
   * flight would look the same.
   */
  settleUnanswered(now: () => Date = () => new Date()): AuditEntry[] {
    const text = readFileSync(this.fd, 'utf8');
    const lines = parseAuditLines(text).entries;
    const unanswered = unsettledCalls(lines);
    if (text.length > 0 && !text.endsWith('\n')) this.write('\n'); // a line cut by the kill stays apart
    for (const sent of unanswered) {
      this.append({
        ...sent,
        time: now().toISOString(),
        outcome: 'error',
        requestId: null,
        error: { code: 'NoAnswer', message: 'the run that sent this change stopped before AWS answered; a later run checked its end state' },
      });
    }
    return unanswered;
  }

  close(): void {
    closeSync(this.fd);
  }
}

function isAuditEntry(v: unknown): v is Partial<AuditEntry> & Pick<AuditEntry, 'time' | 'command' | 'service' | 'operation' | 'outcome'> {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return ['time', 'command', 'service', 'operation', 'outcome'].every((k) => typeof e[k] === 'string');
}

/** An audit log's entries; lines that are not audit entries (cut by a kill, edited) are counted by number, not fatal. */
export function parseAuditLines(text: string): { entries: AuditEntry[]; unreadableLines: number[] } {
  const entries: AuditEntry[] = [];
  const unreadableLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const v: unknown = JSON.parse(line);
      if (isAuditEntry(v)) entries.push({ region: null, parameters: null, requestId: null, error: null, ...v });
      else unreadableLines.push(i + 1);
    } catch {
      unreadableLines.push(i + 1);
    }
  });
  return { entries, unreadableLines };
}

/** `sent` lines with no settled line of the same callId, in order. */
export function unsettledCalls(entries: readonly AuditEntry[]): AuditEntry[] {
  const settled = new Set(entries.filter((e) => e.outcome !== 'sent' && e.callId !== undefined).map((e) => e.callId));
  return entries.filter((e) => e.outcome === 'sent' && !settled.has(e.callId));
}
