import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { checkCaseDir, checkUserFilePath, makeCaseDir, readUserFile, writeUserFile } from '../../../src/commands/user-files.js';

const dir = mkdtempSync(join(tmpdir(), 'sm-ir-user-files-'));

/** The UsageError a call throws (exit 2, one line), or fails the test. */
function usageError(f: () => unknown): UsageError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('files the user names are the user\'s to fix: one line with the path (issue 14)', () => {
  it('reads a small regular file', () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, '{"only":["deny-root-access"]}');
    expect(readUserFile(file, '--config', 1024)).toBe('{"only":["deny-root-access"]}');
  });

  it('refuses, without hanging, what is not a regular file: a FIFO with no writer, a device, a directory', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(usageError(() => readUserFile(fifo, '--config', 1024)).message).toBe(`--config ${fifo}: not a regular file (a FIFO, socket or device)`);
    expect(usageError(() => readUserFile('/dev/zero', '--config', 1024)).message).toBe('--config /dev/zero: not a regular file (a FIFO, socket or device)');
    expect(usageError(() => readUserFile(dir, '--findings', 1024)).message).toBe(`--findings ${dir}: is a directory`);
  });

  it('refuses a missing file and one past the size limit, with the hint given', () => {
    const e = usageError(() => readUserFile(join(dir, 'nope.json'), '--config', 1024, 'give a JSON file'));
    expect(e.message).toBe(`--config ${join(dir, 'nope.json')}: no such file or directory`);
    expect(e.hint).toBe('give a JSON file');
    const big = join(dir, 'big.json');
    writeFileSync(big, Buffer.alloc(2 * 1024 * 1024 + 1, 0x20));
    expect(usageError(() => readUserFile(big, '--config', 2 * 1024 * 1024)).message).toBe(`--config ${big}: larger than 2 MiB, more than sm-ir reads here`);
  });

  it('an output file in a missing directory, and a case path that is a file', () => {
    const out = join(dir, 'no-such-dir', 'r.md');
    expect(usageError(() => writeUserFile(out, 'x', '--out')).message).toBe(`--out ${out}: cannot write: no such file or directory`);
    const file = join(dir, 'case.txt');
    writeFileSync(file, '{}');
    expect(usageError(() => checkCaseDir(file)).message).toBe(`--case ${file}: not a directory`);
    expect(usageError(() => makeCaseDir(join(file, 'sub'))).message).toBe(`--case ${join(file, 'sub')}: cannot create the case directory: a part of the path is not a directory`);
    mkdirSync(join(dir, 'case'));
    expect(() => checkCaseDir(join(dir, 'case'))).not.toThrow();
    expect(() => checkCaseDir(join(dir, 'not-yet'))).not.toThrow();
  });
});

describe('an --out path is checked before the run, not after it', () => {
  it('a missing directory or a directory given as the file is refused; a new or existing file in a writable one is not', () => {
    expect(usageError(() => checkUserFilePath(join(dir, 'missing', 'report.html'), '--out')).message).toBe(`--out ${join(dir, 'missing', 'report.html')}: cannot write: no such file or directory`);
    expect(usageError(() => checkUserFilePath(dir, '--out')).message).toBe(`--out ${dir}: is a directory`);
    expect(() => checkUserFilePath(join(dir, 'report.html'), '--out')).not.toThrow();
  });
});
