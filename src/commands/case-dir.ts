/**
 * contain's case directory is sm-ir's alone. Its plan steers later runs and its evidence and audit log
 * are what a responder shows afterwards, so a folder someone else can write in, or a link planted in
 * it (to a victim file elsewhere, or a dangling one where sm-ir will create a file), would let them
 * steer sm-ir's writes or its reads. Hence: the directory is created 0700 and an existing one must be
 * the user's own and not writable by others; every entry is checked with lstat before any AWS call
 * and a link or special file anywhere is refused, named; files are opened with O_NOFOLLOW (new ones
 * with O_EXCL too, and plan.json and manifest.json replaced by renaming a new file over them), so a
 * link swapped in later is refused by the kernel rather than followed.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { SmIrError, UsageError } from '../errors.js';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;

const ALTERED = 'the case directory is not sm-ir\'s alone: use another --case directory, or remove what was planted';

/** Why a path could not be used, in words (ELOOP is O_NOFOLLOW meeting a link). */
function problem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'it is a symbolic link';
  if (code === 'EEXIST') return 'it already exists';
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UsageError(`--case ${path}: ${problem(e)}`);
  }
}

const sha256 = (content: string | Buffer): string => createHash('sha256').update(content).digest('hex');

export class CaseDir {
  private constructor(
    readonly path: string,
    /** This run made the directory: it is removed again if the run leaves nothing in it. */
    readonly created: boolean,
  ) {}

  /** An existing case directory, checked; null when there is none (a dry run creates nothing). */
  static inspect(path: string): CaseDir | null {
    const st = lstatOrNull(path);
    if (st === null) return null;
    const dir = new CaseDir(path, false);
    dir.check(st);
    return dir;
  }

  /** The case directory, created 0700 (its parents as needed) when missing, else checked. */
  static open(path: string): CaseDir {
    const existing = CaseDir.inspect(path);
    if (existing) return existing;
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      mkdirSync(path, { mode: 0o700 });
    } catch (e) {
      // Made meanwhile (another run on the same case): checked like any existing one.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return CaseDir.open(path);
      throw new UsageError(`--case ${path}: cannot create the case directory: ${problem(e)}`, 'give a directory you can write to');
    }
    return new CaseDir(path, true);
  }

  /** The directory itself is the user's own and closed to others; nothing in it is a link or a special file. */
  private check(st: Stats): void {
    if (st.isSymbolicLink()) throw new UsageError(`--case ${this.path} is a symbolic link; refusing to use it`, ALTERED);
    if (!st.isDirectory()) throw new UsageError(`--case ${this.path}: not a directory`, 'give the case directory, not a file in it');
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) throw new UsageError(`--case ${this.path} belongs to another user (uid ${st.uid}); refusing to use it`, ALTERED);
    if ((st.mode & 0o022) !== 0) {
      throw new UsageError(`--case ${this.path} is writable by other users (mode ${(st.mode & 0o777).toString(8)}); refusing to use it`, 'chmod 700 it if it is yours alone, or use another --case directory');
    }
    this.checkEntries(this.path);
  }

  private checkEntries(dir: string): void {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      // A file gone meanwhile (another run's temporary file, before it is refused by the lock) is no threat.
      const st = lstatOrNull(path);
      if (st === null) continue;
      if (st.isSymbolicLink()) throw new UsageError(`${path} is a symbolic link: sm-ir never reads or writes a case through links; nothing was read or changed`, ALTERED);
      if (st.isDirectory()) this.checkEntries(path);
      else if (!st.isFile()) throw new UsageError(`${path} is not a regular file; nothing was read or changed`, ALTERED);
    }
  }

  /** `rel` inside the case, refused if it would lead out of it (a manifest naming ../../x). */
  file(rel: string): string {
    const clean = normalize(rel);
    if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`)) throw new UsageError(`${this.path}: '${rel}' is outside the case directory`, ALTERED);
    return join(this.path, clean);
  }

  exists(rel: string): boolean {
    return lstatOrNull(this.file(rel)) !== null;
  }

  /** A regular file of the case, never through a link (O_NOFOLLOW; the type checked on the open descriptor). */
  read(rel: string): Buffer {
    const path = this.file(rel);
    let fd: number;
    try {
      fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    } catch (e) {
      throw new UsageError(`${path}: cannot read: ${problem(e)}`, ALTERED);
    }
    try {
      if (!fstatSync(fd).isFile()) throw new UsageError(`${path} is not a regular file`, ALTERED);
      const chunks: Buffer[] = [];
      const buf = Buffer.alloc(64 * 1024);
      for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) chunks.push(Buffer.from(buf.subarray(0, n)));
      return Buffer.concat(chunks);
    } finally {
      closeSync(fd);
    }
  }

  /** A new file, mode 0600: O_CREAT | O_EXCL | O_NOFOLLOW, so nothing there already (link or file) is written through. Returns its SHA-256. */
  writeNew(rel: string, content: string | Buffer): string {
    const path = this.file(rel);
    let fd: number;
    try {
      fd = openSync(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    } catch (e) {
      throw new SmIrError(`cannot create ${path}: ${problem(e)}`, { exitCode: 2, hint: ALTERED });
    }
    try {
      writeAll(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return sha256(content);
  }

  /** Replaces a file whole: a new file renamed over it (rename replaces a link itself, never its target). Returns its SHA-256. */
  replace(rel: string, content: string): string {
    const tmp = `${rel}.${process.pid}.tmp`;
    const hash = this.writeNew(tmp, content);
    renameSync(this.file(tmp), this.file(rel));
    return hash;
  }

  /** A folder of the case, created 0700 when missing; `fresh`: it must not exist yet. */
  dir(rel: string, fresh = false): void {
    const path = this.file(rel);
    try {
      mkdirSync(path, { mode: 0o700 });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || fresh) throw new SmIrError(`cannot create ${path}: ${problem(e)}`, { exitCode: 2, hint: ALTERED });
    }
    if (!lstatSync(path).isDirectory()) throw new UsageError(`${path} is not a directory (a link or a file took its place)`, ALTERED);
  }

  remove(rel: string): void {
    try {
      unlinkSync(this.file(rel));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }

  /** Removes the directory if this run made it and left nothing in it (a declined or empty run). */
  removeIfUnused(): void {
    if (!this.created) return;
    try {
      if (readdirSync(this.path).length === 0) rmdirSync(this.path);
    } catch {
      // Left as it is: an empty folder is no harm.
    }
  }
}

function writeAll(fd: number, content: string | Buffer): void {
  const buf = typeof content === 'string' ? Buffer.from(content) : content;
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
}
