/**
 * Files the user names on the command line (--config, --out, --case): a wrong path is the user's to fix,
 * so it is one line naming the path (exit 2), never "internal error" or a raw ENOENT.
 */
import { accessSync, closeSync, constants, fstatSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/** What went wrong with a path, in words. */
export function pathProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}

/** A configuration file is small: anything larger is not one. */
export const CONFIG_MAX_BYTES = 1024 * 1024;
/** A detect report is read whole (JSON.parse), and a JavaScript string holds at most about 512 MiB. */
export const REPORT_MAX_BYTES = 500 * 1024 * 1024;

/**
 * Reads a regular file the user named, as UTF-8, up to `maxBytes`. The type and size are checked on
 * the open descriptor (fstat), so a FIFO, a device such as /dev/zero, or a file swapped in after a
 * check never hangs the run; O_NONBLOCK keeps the open itself from waiting for a FIFO's writer.
 * Every problem is the user's to fix: one line naming the path (exit 2).
 */
export function readUserFile(path: string, flag: string, maxBytes: number, hint?: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new UsageError(`${flag} ${path}: ${pathProblem(e)}`, hint);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UsageError(`${flag} ${path}: is a directory`, hint);
    if (!st.isFile()) throw new UsageError(`${flag} ${path}: not a regular file (a FIFO, socket or device)`, hint);
    if (st.size > maxBytes) throw new UsageError(`${flag} ${path}: larger than ${maxBytes / 1024 / 1024} MiB, more than sm-ir reads here`, hint);
    // One byte past fstat's size tells a file that grew after it (a log still being written, a swap).
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > st.size) throw new UsageError(`${flag} ${path}: changed while it was read`, hint);
    return buf.subarray(0, n).toString('utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${flag} ${path}: ${pathProblem(e)}`, hint);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a new output file the user named, for writing in pieces: never an existing file (evidence is not
 * overwritten) nor through a symbolic link; a missing directory or a denied write is their path to fix.
 */
export function openNewUserFile(path: string, flag: string): number {
  try {
    return openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ELOOP') throw new UsageError(`${flag} ${path}: already exists; sm-ir does not overwrite it`, 'give a new path');
    throw new UsageError(`${flag} ${path}: cannot write: ${pathProblem(e)}`, 'give a path in an existing directory you can write to');
  }
}

/**
 * Checks, before any work, that an output file the user named can be written where it is to go: its directory
 * exists and is writable, and the path is not a directory (the report is written at the end of the run).
 */
export function checkUserFilePath(path: string, flag: string): void {
  const hint = 'give a path in an existing directory you can write to';
  let st;
  try {
    st = statSync(path);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) throw new UsageError(`${flag} ${path}: is a directory`, 'give a file name');
  try {
    accessSync(dirname(resolve(path)), constants.W_OK);
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot write: ${pathProblem(e)}`, hint);
  }
}

/** Writes an output file the user named; a missing directory or a denied write is their path to fix. */
export function writeUserFile(path: string, text: string, flag: string): void {
  try {
    writeFileSync(path, text, { mode: 0o600 });
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot write: ${pathProblem(e)}`, 'give a path in an existing directory you can write to');
  }
}

/** A case directory: refused if the path is a file; created (0700) when it is to be written to. */
export function checkCaseDir(path: string, flag = '--case'): void {
  let st;
  try {
    st = statSync(path);
  } catch {
    return; // not there yet: created when something is written
  }
  if (!st.isDirectory()) throw new UsageError(`${flag} ${path}: not a directory`, 'give the case directory, not a file in it');
}

/** Creates a case directory, or says in one line why it cannot be. */
export function makeCaseDir(path: string, flag = '--case'): void {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot create the case directory: ${pathProblem(e)}`, 'give a directory you can write to');
  }
}
