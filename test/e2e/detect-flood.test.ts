/**
 * A flood of matching events (issue 14): an attacker who can write events (failed calls cost nothing)
 * must not make detect hold a finding per event. Past --list-findings of a rule by one actor, findings
 * are counted in the report's `aggregated`, every view says so, and --fail-on still sees them.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DetectReport } from '../../src/core/report.js';
import { runCli } from './run-cli.js';

const ACCOUNT = '111122223333';
const stopLogging = (i: number, user: string) => ({
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAIOSFODNN7EXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/${user}`, accountId: ACCOUNT, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: user },
  eventTime: new Date(Date.UTC(2026, 10, 27, 10) + i * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StopLogging',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
  requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events` },
  responseElements: null,
  requestID: `flood-req-${user}-${i}`,
  eventID: `flood-${user}-${String(i).padStart(6, '0')}`,
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: ACCOUNT,
  eventCategory: 'Management',
});

const dir = mkdtempSync(join(tmpdir(), 'sm-ir-flood-'));
const file = join(dir, 'flood.json.gz');
beforeAll(() => {
  // 250 by mallory, 3 by trent: mallory's past 100 are counted, trent's all listed.
  const records = [...Array.from({ length: 250 }, (_, i) => stopLogging(i, 'mallory')), ...Array.from({ length: 3 }, (_, i) => stopLogging(i, 'trent'))];
  writeFileSync(file, gzipSync(JSON.stringify({ Records: records })));
});

describe('a flood of matching events is counted, not held (issue 14)', () => {
  it('lists --list-findings per rule and actor, counts the rest with the first and last, and says so', async () => {
    const r = await runCli(['detect', '--logs', file, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as DetectReport;
    const byActor = (user: string) => report.findings.filter((f) => f.principal.key.endsWith(`user/${user}`)).length;
    expect(byActor('mallory')).toBe(100);
    expect(byActor('trent')).toBe(3);
    expect(report.aggregated).toEqual([
      {
        ruleId: 'log-tampering',
        scenarios: expect.any(Array),
        principal: `arn:aws:iam::${ACCOUNT}:user/mallory`,
        maxSeverity: expect.any(String),
        count: 150,
        first: { time: '2026-11-27T10:01:40Z', eventId: 'flood-mallory-000100' },
        last: { time: '2026-11-27T10:04:09Z', eventId: 'flood-mallory-000249' },
      },
    ]);
    // The duplicates and matched counts still cover every event read.
    expect(report.stats.recordsRead).toBe(253);
  });

  it('the table says how many were counted and where to find them', async () => {
    const r = await runCli(['detect', '--logs', file], { env: { COLUMNS: '400' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('103 findings');
    expect(r.stdout).toMatch(/aggregated: 150 more findings counted, not listed .*150 \w+ log-tampering by arn:aws:iam::111122223333:user\/mallory \(2026-11-27T10:01:40Z \.\. 2026-11-27T10:04:09Z\)/);
  });

  it('--list-findings all lists every one; a bad value is a usage error before anything is read', async () => {
    const all = await runCli(['detect', '--logs', file, '--output', 'json', '--list-findings', 'all']);
    const report = JSON.parse(all.stdout) as DetectReport;
    expect(report.findings).toHaveLength(253);
    expect(report.aggregated).toEqual([]);
    for (const bad of ['0', '-1', 'many', '1.5']) {
      const r = await runCli(['detect', '--logs', file, '--list-findings', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`--list-findings: expected a whole number from 1 or all, got '${bad}'`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--fail-on sees the counted findings too; jsonl says on stderr what it counted', async () => {
    const r = await runCli(['detect', '--logs', file, '--output', 'jsonl', '--list-findings', '1', '--principal', 'mallory', '--fail-on', 'low']);
    expect(r.code).toBe(3);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('aggregated: 249 more findings counted');
  });
});

describe('--aggregated-ids: the counted findings written out when asked (issue 14)', () => {
  it('writes each aggregated finding once to a new file, and never overwrites one', async () => {
    const out = join(dir, 'aggregated.jsonl');
    const r = await runCli(['detect', '--logs', file, '--output', 'json', '--aggregated-ids', out]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { ruleId: string; principal: string; eventId: string; time: string; severity: string });
    expect(lines).toHaveLength(150);
    expect(new Set(lines.map((l) => l.eventId))).toEqual(new Set(Array.from({ length: 150 }, (_, i) => `flood-mallory-${String(i + 100).padStart(6, '0')}`)));
    expect(new Set(lines.map((l) => `${l.ruleId} ${l.principal}`))).toEqual(new Set([`log-tampering arn:aws:iam::${ACCOUNT}:user/mallory`]));
    const again = await runCli(['detect', '--logs', file, '--aggregated-ids', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`--aggregated-ids ${out}: already exists; sm-ir does not overwrite it`);
    const all = await runCli(['detect', '--logs', file, '--list-findings', 'all', '--aggregated-ids', join(dir, 'none.jsonl')]);
    expect(all.code).toBe(2);
    expect(all.stderr).toContain('--aggregated-ids: with --list-findings all no finding is aggregated');
    expect(existsSync(join(dir, 'none.jsonl'))).toBe(false);
  });
});
