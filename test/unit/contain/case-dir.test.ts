import { lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CaseDir } from '../../../src/commands/case-dir.js';
import { AuditLog } from '../../../src/core/audit.js';
import { UsageError } from '../../../src/errors.js';

let root: string;
let victim: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sm-ir-case-dir-'));
  victim = join(root, 'victim.txt');
  writeFileSync(victim, 'precious\n');
});

describe('CaseDir', () => {
  it('refuses a path that leads out of the case (a manifest naming ../../x)', () => {
    const dir = CaseDir.open(join(root, 'case'));
    expect(() => dir.file('../victim.txt')).toThrow(UsageError);
    expect(() => dir.read('evidence/../../victim.txt')).toThrow(/outside the case directory/);
    expect(() => dir.file('/etc/passwd')).toThrow(/outside the case directory/);
    expect(dir.file('evidence/r1/plan.json')).toBe(join(root, 'case', 'evidence', 'r1', 'plan.json'));
  });

  it('never writes or reads through a link planted after the check', () => {
    const dir = CaseDir.open(join(root, 'case'));
    symlinkSync(victim, join(root, 'case', 'new.json'));
    expect(() => dir.writeNew('new.json', 'x')).toThrow(/it already exists/);
    expect(() => dir.read('new.json')).toThrow(/symbolic link/);
    // replace() renames over the link itself: the victim keeps its bytes.
    symlinkSync(victim, join(root, 'case', 'plan.json'));
    dir.replace('plan.json', '{}\n');
    expect(lstatSync(join(root, 'case', 'plan.json')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(root, 'case', 'plan.json'), 'utf8')).toBe('{}\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('removes a directory it made when the run left nothing in it, never one it found', () => {
    const made = CaseDir.open(join(root, 'made'));
    made.removeIfUnused();
    expect(() => lstatSync(join(root, 'made'))).toThrow();
    mkdirSync(join(root, 'found'), { mode: 0o700 });
    CaseDir.open(join(root, 'found')).removeIfUnused();
    expect(lstatSync(join(root, 'found')).isDirectory()).toBe(true);
  });
});

describe('AuditLog', () => {
  it('refuses to append through a link (exit 2), and appends whole lines to a regular file', () => {
    const link = join(root, 'audit-link.jsonl');
    symlinkSync(victim, link);
    expect(() => new AuditLog(link)).toThrow(/audit log .* it is a symbolic link; nothing was changed/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    const log = new AuditLog(join(root, 'audit.jsonl'));
    log.append({ command: 'c', region: null, service: 's', operation: 'O', parameters: {}, outcome: 'ok', requestId: null, error: null });
    log.close();
    expect(JSON.parse(readFileSync(join(root, 'audit.jsonl'), 'utf8'))).toMatchObject({ operation: 'O', outcome: 'ok' });
    expect(lstatSync(join(root, 'audit.jsonl')).mode & 0o777).toBe(0o600);
  });
});
