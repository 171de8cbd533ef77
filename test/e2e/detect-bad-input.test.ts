/**
 * `sm-ir detect --logs fixtures/bad-input` through the built binary: every kind of bad input is
 * counted and reported with its file, the rest is read, the report is partial with exit 4 (3 with --fail-on), and
 * no stack trace reaches the user. See fixtures/bad-input/README.md for the corpus.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DetectReport } from '../../src/core/report.js';
import { runCli, type CliResult } from './run-cli.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const CORPUS = 'fixtures/bad-input';
const DIGEST =
  'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/111122223333_CloudTrail-Digest_us-east-1_management_us-east-1_20240501T100000Z.json.gz';
const INSIGHTS = 'AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/05/01/111122223333_CloudTrail-Insight_us-east-1_20240501T1010Z_EXAMPLEinsight01.json.gz';

function noStack(r: CliResult): void {
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.stderr).not.toContain('internal error');
}

async function detect(paths: string[], extra: string[] = [], code = 0): Promise<{ report: DetectReport; r: CliResult }> {
  const r = await runCli(['detect', '--logs', ...paths.map((p) => (p === CORPUS ? p : `${CORPUS}/${p}`)), '--since', 'all', '--output', 'json', ...extra]);
  noStack(r);
  expect(r.code, r.stderr).toBe(code);
  return { report: JSON.parse(r.stdout) as DetectReport, r };
}

/** The corpus's errors by file (relative to the corpus). */
const errorsOf = (rep: DetectReport) => Object.fromEntries(rep.stats.errors.map((e) => [e.input.slice(CORPUS.length + 1), e]));

let corpus: DetectReport;
let corpusRun: CliResult;
beforeAll(async () => {
  ({ report: corpus, r: corpusRun } = await detect([CORPUS], [], 4));
});

describe('detect --logs fixtures/bad-input: the whole corpus', () => {
  it('exits 4 (partial: issue 14, it was 0) with the report, says on stderr that some inputs could not be read in full', () => {
    expect(corpus.partial).toBe(true);
    expect(corpus.stats.unitsRead).toBe(22);
    expect(corpus.stats.recordsRead).toBe(126);
    expect(corpus.stats.skipped).toEqual({ 'insights-event': 2, 'not-a-cloudtrail-record': 4, 'unwatched-source': 4 });
    expect(corpusRun.stderr).toBe(`sm-ir: ${corpus.stats.errors.length} input(s) could not be read in full (see stats.errors)\n`);
  });

  it('reports each unreadable file with its reason, and the records read around the damage', () => {
    const errors = errorsOf(corpus);
    expect(Object.keys(errors).sort()).toEqual(
      [
        'binary-not-gzip.json',
        'corrupt-crc.json.gz',
        'digest-renamed.json',
        'empty.json',
        'empty.json.gz',
        'invalid-json.json',
        'jsonl-with-bad-line.jsonl',
        'loop',
        'one-invalid-record.json',
        'package-not-cloudtrail.json',
        'truncated-plain.json',
        'truncated.json.gz',
        'utf16.json',
        'whitespace-only.json',
      ].sort(),
    );
    // truncated gzip: the records before the cut are kept
    expect(errors['truncated.json.gz']?.reason).toBe('truncated gzip after 78 records');
    expect(errors['corrupt-crc.json.gz']?.reason).toBe('corrupt gzip (incorrect data check) after 0 records');
    // invalid JSON: whole files, single records and lines
    expect(errors['invalid-json.json']?.reason).toMatch(/^not JSON \(starts with "/);
    expect(errors['binary-not-gzip.json']?.reason).toBe('not JSON (binary data)');
    expect(errors['utf16.json']?.reason).toBe('not JSON: UTF-16 text: save it as UTF-8');
    expect(errors['truncated-plain.json']?.reason).toMatch(/file ends inside a record \(truncated\?\) after 1 records/);
    expect(errors['one-invalid-record.json']).toMatchObject({ reason: expect.stringMatching(/^1 record\(s\) with invalid JSON skipped/), recordsLost: 1 });
    expect(errors['jsonl-with-bad-line.jsonl']).toMatchObject({ reason: expect.stringMatching(/^1 record\(s\) with invalid JSON skipped/), recordsLost: 1 });
    // empty files
    expect(errors['empty.json']?.reason).toBe('empty file');
    expect(errors['empty.json.gz']?.reason).toBe('empty file (gzip holds no data)');
    expect(errors['whitespace-only.json']?.reason).toBe('empty file (whitespace only)');
    // non-CloudTrail JSON, reported as such even though the prefilter is on
    expect(errors['package-not-cloudtrail.json']?.reason).toMatch(/^not CloudTrail JSON: an object with keys name, version, scripts/);
    expect(errors['digest-renamed.json']?.reason).toMatch(/^not CloudTrail JSON: a CloudTrail digest file/);
    expect(errors['loop']?.reason).toMatch(/^symbolic link loop/);
  });

  it('lists the files it did not read, with why', () => {
    expect(corpus.stats.skippedFiles.map((f) => [f.input.slice(CORPUS.length + 1), f.reason])).toEqual([
      [DIGEST, 'CloudTrail digest file (integrity hashes, no events)'],
      ['README.md', 'not a log file name (.json, .jsonl, .ndjson, .gz)'],
      ['athena-export.csv', 'not a log file name (.json, .jsonl, .ndjson, .gz)'],
      ['generate.ts', 'not a log file name (.json, .jsonl, .ndjson, .gz)'],
      ['notes.txt', 'not a log file name (.json, .jsonl, .ndjson, .gz)'],
    ]);
  });

  it('the byte-level prefilter changes nothing: same report with --no-prefilter', async () => {
    const { report } = await detect([CORPUS], ['--no-prefilter'], 4);
    expect(report.stats).toEqual(corpus.stats);
    expect(report.findings).toEqual(corpus.findings);
  });

  it('the terminal table names each problem file too', async () => {
    const r = await runCli(['detect', '--logs', CORPUS, '--since', 'all'], { env: { COLUMNS: '400' } });
    expect(r.code).toBe(4);
    noStack(r);
    for (const e of corpus.stats.errors) expect(r.stdout).toContain(`input problem: ${e.input}: ${e.reason}`);
    expect(r.stdout).toContain('not read: 5 file(s) that are not CloudTrail logs');
  });

  it('--fail-on: exit 3 when the records that were read hold a finding at or above it, 4 (partial) when not', async () => {
    expect(corpus.findings.some((f) => f.severity === 'high')).toBe(true);
    expect(corpus.findings.some((f) => f.severity === 'critical')).toBe(false);
    const { report } = await detect([CORPUS], ['--fail-on', 'high'], 3);
    expect(report.stats.errors.length).toBe(corpus.stats.errors.length);
    await detect([CORPUS], ['--fail-on', 'critical'], 4);
  });
});

describe('each kind of bad input, file by file', () => {
  it('Insights events (no top-level eventName): counted as insights-event, not an error', async () => {
    const { report } = await detect([INSIGHTS]);
    expect(report.stats).toMatchObject({ unitsRead: 1, recordsRead: 2, skipped: { 'insights-event': 2 }, errors: [] });
    expect(report.findings).toEqual([]);
  });

  it('look-alike sources: read, never classified, even with a scenario event name (metrics-sagemaker.amazonaws.com)', async () => {
    const { report } = await detect(['look-alike-sources.jsonl']);
    expect(report.stats).toMatchObject({ recordsRead: 5, skipped: { 'unwatched-source': 4 }, errors: [] });
    expect(report.findings.map((f) => [f.ruleId, f.eventSource])).toEqual([['presigned-url-access', 'sagemaker.amazonaws.com']]);
    expect(report.findings.some((f) => f.eventSource !== 'sagemaker.amazonaws.com')).toBe(false);
  });

  it('null requestParameters and responseElements: a valid record, read without error', async () => {
    const { report } = await detect(['null-request-parameters.json']);
    expect(report.stats).toMatchObject({ unitsRead: 1, recordsRead: 1, skipped: {}, errors: [] });
  });

  it('wrong types (eventName a number, eventTime not a date, userIdentity a string, eventSource null): skipped per record', async () => {
    // Not one CloudTrail record: exit 5 "no input" (issue 14), the report still written.
    const { report } = await detect(['wrong-types.json'], [], 5);
    expect(report.stats).toMatchObject({ unitsRead: 1, recordsRead: 4, skipped: { 'not-a-cloudtrail-record': 4 }, errors: [] });
    expect(report.findings).toEqual([]);
  });

  it('a truncated gzip keeps and classifies its first 78 records', async () => {
    const { report } = await detect(['truncated.json.gz'], [], 4);
    expect(report.stats.recordsRead).toBe(78);
    expect(report.stats.errors).toEqual([{ input: `${CORPUS}/truncated.json.gz`, reason: 'truncated gzip after 78 records' }]);
    expect(report.findings.length).toBe(78);
  });

  it('bad files given by name are reported the same way; exit 5 (no input, issue 14: it was 0)', async () => {
    const { report, r } = await detect(['empty.json', 'package-not-cloudtrail.json', 'invalid-json.json'], [], 5);
    expect(r.stderr).toContain(`${CORPUS}/package-not-cloudtrail.json: `);
    expect(report.stats.errors.map((e) => e.input)).toEqual([`${CORPUS}/empty.json`, `${CORPUS}/package-not-cloudtrail.json`, `${CORPUS}/invalid-json.json`]);
    expect(report.stats.recordsRead).toBe(0);
  });
});

describe('attacker-controlled strings', () => {
  // A CloudTrail record whose ARN, user agent and notebook name carry terminal escape sequences.
  const record = {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::111122223333:user/evil\u001b[2J\u001b[31m', accountId: '111122223333', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'evil' },
    eventTime: '2026-11-27T09:00:00Z',
    eventSource: 'sagemaker.amazonaws.com',
    eventName: 'CreatePresignedNotebookInstanceUrl',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    userAgent: 'ua\u001b]0;pwned\u0007',
    requestParameters: { notebookInstanceName: 'nb\u001b[5m\u202Eblink' },
    responseElements: null,
    requestID: 'r1',
    // Markdown and HTML a report must not let out (issue 15): a forged row and heading, raw HTML, links, U+061C.
    eventID: 'e1\n| inj | row |\n# forged\n<script>alert(1)</script>`[x](javascript:alert(1))![](http://x)\u061c',
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
  };
  /**
   * What must never appear in a rendered report: raw controls and bidi marks, a forged line, and in
   * markdown live HTML or links (a backslash before `<`, `[` or `!` makes them text, as CommonMark says,
   * and so does a code span on one line).
   */
  const brokeOut = (text: string, format: string): string[] => {
    const found: string[] = [];
    if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u202e]/.test(text)) found.push('raw control or bidi character');
    if (/^\s*(\| (inj|forged)|#+ forged)/m.test(text)) found.push('forged line');
    if (format !== 'markdown') return found;
    const prose = text.replace(/`[^`\n]*`/g, '');
    if (/(^|[^\\])<(script|img)/i.test(prose)) found.push('raw HTML');
    if (/(^|[^\\])\]\((javascript|http)/.test(prose) || /(^|[^\\])!\[/.test(prose)) found.push('live link or image');
    return found;
  };

  it('never reach the terminal or a report raw: table, markdown and csv show escapes; JSON keeps them exact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sm-ir-escapes-'));
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, `${JSON.stringify(record)}\n`);
    for (const format of ['table', 'markdown', 'csv']) {
      const r = await runCli(['detect', '--logs', file, '--since', 'all', '--output', format]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      if (format !== 'csv') expect(brokeOut(r.stdout, format), format).toEqual([]);
      // Markdown also escapes its own syntax (backslash, brackets), so the rendered page shows the same escapes.
      expect(r.stdout).toContain(format === 'markdown' ? 'evil\\\\u001b\\[2J\\\\u001b\\[31m' : 'evil\\u001b[2J\\u001b[31m');
    }
    const json = await runCli(['detect', '--logs', file, '--since', 'all', '--output', 'json']);
    const report = JSON.parse(json.stdout) as DetectReport;
    expect(report.findings[0]!.principal.arn).toBe(record.userIdentity.arn);
    const findings = join(dir, 'findings.json');
    writeFileSync(findings, json.stdout);
    for (const format of ['table', 'markdown']) {
      const a = await runCli(['analyze', '--findings', findings, '--output', format]);
      expect(a.code, a.stderr).toBe(0);
      expect(a.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      expect(brokeOut(a.stdout, format), format).toEqual([]);
    }
    // A findings file passed around, crafted: headings, HTML and links in the fields analyze shows.
    const crafted = JSON.parse(json.stdout) as { findings: Record<string, unknown>[]; generatedAt: string };
    const hostile = '\n# forged\n<img src=http://x>[x](javascript:alert(1))\u061c';
    Object.assign(crafted.findings[0]!, { title: `t${hostile}`, reason: `r${hostile}`, time: `2026-11-27T09:00:00Z${hostile}` });
    crafted.generatedAt += hostile;
    writeFileSync(findings, JSON.stringify(crafted));
    const a = await runCli(['analyze', '--findings', findings, '--output', 'markdown']);
    if (a.code === 0) expect(brokeOut(a.stdout, 'markdown')).toEqual([]);
    else expect(a.code, a.stderr).toBe(2);
    // A log file's name is shown when it cannot be read: a newline or a pipe in it forges nothing.
    const named = join(dir, 'bad\n| forged | row |\u061c.json');
    writeFileSync(named, 'not json');
    const md = await runCli(['detect', '--logs', dir, '--since', 'all', '--output', 'markdown']);
    expect(md.stdout).toContain('forged');
    expect(brokeOut(md.stdout, 'markdown')).toEqual([]);
  });
});
