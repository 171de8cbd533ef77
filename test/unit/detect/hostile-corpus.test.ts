/**
 * The fuzz pass of issue 14, in process: a generated corpus of hostile files next to a real attack
 * file, read by detect through the file source. The attack is found, every hostile file is counted
 * and reported with its reason, the rest is read, nothing throws, and the report says it is partial.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { beforeAll, describe, expect, it } from 'vitest';
import { detect } from '../../../src/commands/detect/index.js';
import { reportModel } from '../../../src/commands/detect/views/index.js';
import type { DetectReport } from '../../../src/core/report.js';
import { ATTACK, hostileFiles, writeHostileCorpus } from './hostile-corpus.js';

let dir: string;
let report: DetectReport;
beforeAll(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'sm-ir-hostile-')), 'corpus');
  writeHostileCorpus(dir);
  const opts = { logs: [dir], since: 'all', until: '2026-11-28T00:00:00Z', minSeverity: 'info', prefilter: true, output: 'json', athenaDatabase: 'default', auditLog: './sm-ir-audit.jsonl' };
  report = await detect(opts as Parameters<typeof detect>[0], new Date('2026-11-28T00:00:00Z'));
});

describe('detect over a corpus of hostile files beside a real attack (issue 14)', () => {
  it('has at least 20 kinds of hostile file', () => {
    expect(Object.keys(hostileFiles()).length).toBeGreaterThanOrEqual(20);
  });

  it('finds the attack once, however often it was written', () => {
    expect(report.findings.map((f) => [f.ruleId, f.eventId])).toEqual([['log-tampering', ATTACK.eventID]]);
    expect(report.stats.duplicates).toBe(3);
  });

  it('reports each unreadable file with its reason, and the report is partial', () => {
    const reasons = Object.fromEntries(report.stats.errors.map((e) => [e.input.slice(dir.length + 1), e.reason]));
    expect(reasons).toEqual({
      'corrupt-crc.json.gz': 'corrupt gzip (incorrect data check) after 0 records',
      'truncated.json.gz': 'truncated gzip after 0 records',
      'gzip-bomb.json.gz': 'not JSON (binary data) (inside gzip)',
      'invalid.json': 'invalid JSON: file ends inside a record (truncated?) after 0 records', // after its one invalid record, below
      'empty.json': 'empty file',
      'whitespace.json': 'empty file (whitespace only)',
      'endless-line.jsonl': 'not JSON (starts with "xxxxxxxxxxxx")',
      'records-an-object.json': 'not CloudTrail JSON: Records is an object, not an array of records',
      'records-a-string.json': 'not CloudTrail JSON: Records is a string, not an array of records',
      'utf16.json': 'not JSON: UTF-16 text: save it as UTF-8',
      'zip.json': 'not JSON: a zip archive: unzip it first',
      'numbers.json': 'not CloudTrail JSON: not one object in it where records go (a Records array, JSON Lines, an array of records)',
      'nested-arrays.json': 'not CloudTrail JSON: not one object in it where records go (a Records array, JSON Lines, an array of records)',
      loop: 'symbolic link loop',
      'dangling.json': 'dangling symbolic link',
    });
    expect(report.stats.errors.find((e) => e.input.endsWith('invalid.json'))).toMatchObject({ recordsLost: 1 });
    expect(report.stats.skippedFiles).toEqual([{ input: join(dir, 'fifo.json'), reason: 'is a FIFO (named pipe), not a regular file' }]);
    expect(report.partial).toBe(true);
  });

  it('counts the records that are not CloudTrail records, and reads the odd but valid ones', () => {
    // wrong-types (3), invalid-utf8 (an eventName-only object), lookup-events-bad (CloudTrailEvent not a string)
    expect(report.stats.skipped).toEqual({ 'insights-event': 1, 'unwatched-source': 1, 'not-a-cloudtrail-record': 5, 'not-read-by-rules': 5 });
    // huge-string, deep-nesting, bom, proto-keys and ansi-bidi hold one watched record each: read, no rule flags them.
    expect(report.stats.recordsRead).toBe(1 + 3 + 1 + 1 + 3 + 1 + 1 + 5 + 1);
  });

  it('no __proto__ key reaches a prototype, and no control or bidi character reaches the terminal view', () => {
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const shown = reportModel(report).human!(new Chalk({ level: 0 }));
    expect(shown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});
