/**
 * One run at a time per case directory: two runs on one case would interleave their evidence, plans,
 * manifest and audit lines, and each would plan from a state the other is changing. The lock is the
 * file `lock` (pid, host, start time, command), made whole before it appears: written to a new file
 * (O_EXCL) and hard-linked to its name, which fails if a lock is there. A second run is refused and
 * told who holds it. A lock left by a run that died (its pid no longer runs on this host, e.g. after
 * kill -9) is taken over, and said so on stderr; a lock from another host cannot be checked and is
 * never broken by sm-ir: the user removes it.
 */
import { randomUUID } from 'node:crypto';
import { linkSync } from 'node:fs';
import { hostname } from 'node:os';
import { SmIrError } from '../errors.js';
import type { CaseDir } from './case-dir.js';

const LOCK = 'lock';
/** Held while a stale lock is being taken over, so two runs never take over the same one. */
const TAKEOVER = 'lock.takeover';

export interface LockHolder {
  pid: number;
  host: string;
  started: string;
  command: string;
  /** Tells this run's lock from an earlier one of the same pid. */
  nonce: string;
}

export interface CaseLock {
  /** Removes the lock if it is still this run's. */
  release(): void;
}

function isHolder(v: unknown): v is LockHolder {
  const h = v as Partial<LockHolder> | null;
  return typeof h === 'object' && h !== null && Number.isInteger(h.pid) && typeof h.host === 'string' && typeof h.started === 'string' && typeof h.command === 'string' && typeof h.nonce === 'string';
}

/** Whether `pid` is a running process on this host (EPERM: it runs, as someone else). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(dir: CaseDir, rel: string): LockHolder | null | 'gone' {
  if (!dir.exists(rel)) return 'gone';
  try {
    const v: unknown = JSON.parse(dir.read(rel).toString('utf8'));
    return isHolder(v) ? v : null;
  } catch {
    return null;
  }
}

const same = (a: LockHolder, b: LockHolder) => a.nonce === b.nonce && a.pid === b.pid && a.host === b.host;

/** Links a complete lock file to `rel`; false if something is there already. */
function link(dir: CaseDir, rel: string, holder: LockHolder): boolean {
  const tmp = `${rel}.${holder.pid}.${holder.nonce}.tmp`;
  dir.writeNew(tmp, `${JSON.stringify(holder)}\n`);
  try {
    linkSync(dir.file(tmp), dir.file(rel));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new SmIrError(`cannot lock ${dir.file(rel)}: ${e instanceof Error ? e.message : String(e)}`, { exitCode: 2 });
  } finally {
    dir.remove(tmp);
  }
}

function busy(dir: CaseDir, holder: LockHolder | null): SmIrError {
  const path = dir.file(LOCK);
  if (holder === null) {
    return new SmIrError(`${dir.path} is locked by another sm-ir run (${path} cannot be read as a lock); nothing was read or changed`, {
      hint: `if no sm-ir run uses this case, delete ${path} and run again`,
    });
  }
  const who = `sm-ir run pid ${holder.pid} on ${holder.host}, started ${holder.started} (${holder.command})`;
  const local = holder.host === hostname();
  return new SmIrError(`${dir.path} is in use by ${who}; nothing was read or changed`, {
    hint: local ? 'wait for it to finish, then run again' : `wait for it to finish; if that run has ended, delete ${path} and run again`,
  });
}

/**
 * Takes the case's lock for this run, or throws (exit 1) naming who holds it. `notice` says when a
 * stale lock (a dead pid of this host) is taken over.
 */
export function lockCase(dir: CaseDir, command: string, notice: (line: string) => void, now: () => Date = () => new Date()): CaseLock {
  const mine: LockHolder = { pid: process.pid, host: hostname(), started: now().toISOString(), command, nonce: randomUUID() };
  if (!link(dir, LOCK, mine)) takeOverStale(dir, mine, notice);
  return {
    release() {
      const held = readHolder(dir, LOCK);
      if (held !== 'gone' && held !== null && same(held, mine)) dir.remove(LOCK);
    },
  };
}

/** The lock is there: refused unless its holder is a dead process of this host, whose lock is then replaced by ours. */
function takeOverStale(dir: CaseDir, mine: LockHolder, notice: (line: string) => void): void {
  const stale = readHolder(dir, LOCK);
  if (stale === 'gone') {
    // Released between our attempt and this read: try once more, as any run would.
    if (link(dir, LOCK, mine)) return;
    throw busy(dir, readHolderOrNull(dir));
  }
  if (stale === null || stale.host !== mine.host || running(stale.pid)) throw busy(dir, stale);
  if (!link(dir, TAKEOVER, mine)) {
    const other = readHolderOrNull(dir, TAKEOVER);
    throw new SmIrError(`${dir.path}: another sm-ir run is taking over its stale lock${other ? ` (pid ${other.pid})` : ''}; nothing was read or changed`, {
      hint: `run again once it is done; if no sm-ir run uses this case, delete ${dir.file(TAKEOVER)}`,
    });
  }
  try {
    // Under the takeover lock, the stale lock is removed only if it is still the one judged stale.
    const now = readHolder(dir, LOCK);
    if (now === null || (now !== 'gone' && !same(now, stale))) throw busy(dir, now);
    dir.remove(LOCK);
    if (!link(dir, LOCK, mine)) throw busy(dir, readHolderOrNull(dir));
  } finally {
    dir.remove(TAKEOVER);
  }
  notice(`sm-ir: took over the lock of ${dir.path} left by sm-ir run pid ${stale.pid}, started ${stale.started} (${stale.command}), which is no longer running\n`);
}

function readHolderOrNull(dir: CaseDir, rel = LOCK): LockHolder | null {
  const h = readHolder(dir, rel);
  return h === 'gone' ? null : h;
}
