import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { UsageError } from '../../errors.js';
import type { SourceStats } from '../types.js';

/** One entry of the walk: a file to read, or a path not read and why. */
export type WalkEntry = { path: string; read: true } | { path: string; read: false; reason: string; error?: boolean };

/** Count an entry not read: an error (cannot access, loop) or a file deliberately skipped. */
export function recordNotRead(entry: Extract<WalkEntry, { read: false }>, stats: SourceStats): void {
  if (entry.error === true) stats.errors.push({ input: entry.path, reason: entry.reason });
  else stats.skippedFiles.push({ input: entry.path, reason: entry.reason });
}

/** Names read inside directories; a file named on the command line is always read (format comes from content). */
const LOG_NAME = /\.(json|jsonl|ndjson)(\.gz)?$|\.gz$/i;
const DIGEST = /(^|[\\/])CloudTrail-Digest([\\/]|$)|_CloudTrail-Digest_/;

/** Why a file found inside a directory (or under an S3 prefix) is not read as a log, or undefined when it is. */
export function notLogFileReason(path: string): string | undefined {
  if (DIGEST.test(path)) return 'CloudTrail digest file (integrity hashes, no events)';
  if (!LOG_NAME.test(path)) return 'not a log file name (.json, .jsonl, .ndjson, .gz)';
  return undefined;
}

export function specialKind(s: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string | undefined {
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return undefined;
}

/** Check the command-line paths before anything is read: missing or special files are usage errors. */
export function checkPaths(paths: string[]): void {
  if (paths.length === 0) throw new UsageError('--logs needs at least one file or directory');
  for (const p of paths) {
    let s;
    try {
      s = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`--logs ${p}: no such file or directory`);
      if (code === 'ELOOP') throw new UsageError(`--logs ${p}: symbolic link loop`);
      throw new UsageError(`--logs ${p}: cannot access (${code ?? String(e)})`);
    }
    const kind = specialKind(s);
    if (kind !== undefined) throw new UsageError(`--logs ${p}: is ${kind}, not a file or directory`);
  }
}

/**
 * Every file under the given paths, depth first, names in code-point order so runs are repeatable.
 * Symlinks are followed; a directory already on the current path (a loop) and a file already seen
 * (through another link or path) are reported, not read twice.
 */
export async function* walkLogFiles(paths: string[]): AsyncGenerator<WalkEntry> {
  const seenFiles = new Map<string, string>();
  for (const p of paths) yield* visit(p, true, [], seenFiles);
}

async function* visit(path: string, named: boolean, ancestors: string[], seen: Map<string, string>): AsyncGenerator<WalkEntry> {
  let s;
  let real: string;
  try {
    s = await stat(path);
    real = await realpath(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const dangling = code === 'ENOENT' && (await lstat(path).then((l) => l.isSymbolicLink(), () => false));
    const reason = dangling ? 'dangling symbolic link' : code === 'ELOOP' ? 'symbolic link loop' : `cannot access (${code ?? String(e)})`;
    yield { path, read: false, reason, error: true };
    return;
  }
  if (s.isDirectory()) {
    if (ancestors.includes(real)) {
      yield { path, read: false, reason: `symbolic link loop (back to ${real})`, error: true };
      return;
    }
    let names: string[];
    try {
      names = (await readdir(path)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    } catch (e) {
      yield { path, read: false, reason: `cannot list directory (${(e as NodeJS.ErrnoException).code ?? String(e)})`, error: true };
      return;
    }
    const inner = [...ancestors, real];
    for (const name of names) yield* visit(join(path, name), false, inner, seen);
    return;
  }
  const kind = specialKind(s);
  if (kind !== undefined) {
    yield { path, read: false, reason: `is ${kind}, not a regular file` };
    return;
  }
  const notLog = named ? undefined : notLogFileReason(path.split(sep).join('/'));
  if (notLog !== undefined) {
    yield { path, read: false, reason: notLog };
    return;
  }
  const first = seen.get(real);
  if (first !== undefined) {
    yield { path, read: false, reason: `same file as ${first}` };
    return;
  }
  seen.set(real, path);
  yield { path, read: true };
}
