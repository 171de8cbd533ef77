/**
 * The speed-ups change nothing a user sees: over the incident fixture, the bad-input corpus and a
 * generated archive (with tricky records added), detect gives the same report with and without the
 * byte-level prefilter, and with 0 or 2 worker threads. Runs the built binary (npm run build first).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/run-cli.js';
import { generateArchive } from '../bench/generate-archive.js';

const tmp = mkdtempSync(join(tmpdir(), 'sm-ir-equivalence-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ATTACKER = 'arn:aws:iam::111122223333:user/ml-ci-deployer';
const tricky = (n: number, extra: Record<string, unknown>) => ({
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/Alice', accountId: '111122223333', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
  eventTime: `2026-11-20T00:0${n % 10}:00Z`,
  eventSource: 'ec2.amazonaws.com',
  eventName: 'CreateNotebookInstance',
  eventID: `tricky-${n}`,
  requestParameters: { notebookInstanceName: `nb-${n}`, instanceType: 'ml.p4d.24xlarge', roleArn: 'arn:aws:iam::111122223333:role/r' },
  ...extra,
});

beforeAll(() => {
  generateArchive(join(tmp, 'archive'), 3e6, { recordsPerFile: 200 });
  const lines = [
    JSON.stringify(tricky(1, { eventSource: 'sagemaker.amazonaws.com' })),
    JSON.stringify(tricky(2, {})).replace('"ec2.amazonaws.com"', '"sagemaker\\u002eamazonaws.com"'),
    JSON.stringify(tricky(3, {})).replace(/}$/, ',"event\\u0053ource":"sagemaker.amazonaws.com"}'),
    JSON.stringify(tricky(4, { eventSource: 'metrics-sagemaker.amazonaws.com' })),
    JSON.stringify(tricky(5, { eventSource: 'sagemaker.amazonaws.com', eventCategory: 'Insight' })),
    JSON.stringify(tricky(6, { eventTime: 'yesterday' })),
    JSON.stringify(tricky(7, { userIdentity: 'Alice' })),
    JSON.stringify(tricky(8, {})).replace('"CreateNotebookInstance"', 'CreateNotebookInstance'),
    JSON.stringify(tricky(9, { eventSource: 'sagemaker.amazonaws.com', errorCode: 'AccessDenied' })),
    // The planted attacker's own events, for its timeline: one whose name is written with escapes (its bytes
    // do not hold the name the timeline's prefilter looks for), one of a service no rule reads.
    JSON.stringify(tricky(10, { userIdentity: { type: 'IAMUser', arn: ATTACKER } })).replace('ml-ci-deployer', 'ml-ci-deploy\\u0065r'),
    JSON.stringify(tricky(11, { userIdentity: { type: 'IAMUser', arn: ATTACKER }, eventSource: 's3.amazonaws.com', eventName: 'ListBuckets' })),
  ];
  writeFileSync(join(tmp, 'archive', 'tricky.jsonl'), `${lines.join('\n')}\n`);
  // The same events under another path: an organization trail beside an account trail, or saved evidence beside the archive.
  cpSync('fixtures/incident', join(tmp, 'incident-copy'), { recursive: true });
}, 60_000);

/** Each run once: several tests compare the same reports (each run of the binary costs a second of CPU). */
const reports = new Map<string, Promise<Record<string, unknown>>>();
function report(args: string[], workers: string, prefilter: boolean): Promise<Record<string, unknown>> {
  const key = JSON.stringify([args, workers, prefilter]);
  if (!reports.has(key)) reports.set(key, runReport(args, workers, prefilter));
  return reports.get(key)!;
}

async function runReport(args: string[], workers: string, prefilter: boolean): Promise<Record<string, unknown>> {
  const res = await runCli(['detect', ...args, '--output', 'json', ...(prefilter ? [] : ['--no-prefilter'])], { env: { SM_IR_WORKERS: workers } });
  expect(res.stderr.includes('internal error')).toBe(false);
  // 4: an input not read in full (the bad-input corpus) makes the report partial.
  expect(res.code === 0 || res.code === 1 || res.code === 3 || res.code === 4).toBe(true);
  const { generatedAt: _at, ...rest } = JSON.parse(res.stdout) as Record<string, unknown>;
  return rest;
}

/** A fixed end, so reports made a few seconds apart compare equal. */
const UNTIL = '2099-01-01T00:00:00Z';
/** Against the base run (no worker, no prefilter): the prefilter in the main thread, and in the workers with and without it. */
const EVERY_PATH = [['0', true], ['2', false], ['2', true]] as const;
/**
 * Each path the prefilter and the workers take, with fewer runs of the binary: the prefilter in the main
 * thread and in the workers. Workers without it are run over the two inputs above.
 */
const PREFILTER_PATHS = [['0', true], ['2', true]] as const;
const INPUTS: [string, string[], typeof EVERY_PATH | typeof PREFILTER_PATHS][] = [
  ['the incident fixture', ['--logs', 'fixtures/incident', '--since', 'all', '--until', UNTIL], EVERY_PATH],
  ['the bad-input corpus', ['--logs', 'fixtures/bad-input', '--since', 'all', '--until', UNTIL], PREFILTER_PATHS],
  ['a generated archive', ['--logs', join(tmp, 'archive'), '--since', 'all', '--until', UNTIL], EVERY_PATH],
  ['a generated archive within a window', ['--logs', join(tmp, 'archive'), '--since', '2026-11-20T00:01:30Z', '--until', '2026-11-20T00:04:10Z'], PREFILTER_PATHS],
  ['the incident fixture, one region', ['--logs', 'fixtures/incident', '--regions', 'eu-west-1', '--since', 'all', '--until', UNTIL], PREFILTER_PATHS],
  ['the incident fixture read twice', ['--logs', 'fixtures/incident', join(tmp, 'incident-copy'), '--since', 'all', '--until', UNTIL], PREFILTER_PATHS],
];

describe('detect gives the same report whatever the speed-ups', () => {
  for (const [what, args, paths] of INPUTS) {
    it(`over ${what}: prefilter on/off, 0 or 2 worker threads`, async () => {
      const base = await report(args, '0', false);
      const stats = base.stats as { recordsRead: number; skipped: Record<string, number> };
      expect(stats.recordsRead).toBeGreaterThan(0);
      if (args.includes('--until') && !args.includes(UNTIL)) expect(stats.skipped['outside-window']).toBeGreaterThan(0);
      for (const [workers, prefilter] of paths) {
        expect(await report(args, workers, prefilter), `workers ${workers}, prefilter ${prefilter}`).toEqual(base);
      }
    }, 60_000);
  }

  it('finds the planted attack in the generated archive and skips the background', async () => {
    const r = (await report(INPUTS[2]![1], '2', true)) as { findings: { ruleId: string }[]; stats: { skipped: Record<string, number>; recordsRead: number } };
    expect(r.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['lifecycle-script-suspicious', 'large-instance-type', 'log-tampering']));
    expect(r.stats.skipped['unwatched-source']).toBeGreaterThan(r.stats.recordsRead / 2);
    // Its timeline holds its events however they are written, including those no rule reads.
    const activity = (r as unknown as { activity: { actor: string; events: { eventId: string }[] }[] }).activity;
    const ids = activity.find((a) => a.actor === ATTACKER)?.events.map((e) => e.eventId);
    expect(ids).toEqual(expect.arrayContaining(['tricky-10', 'tricky-11']));
  }, 60_000);

  it('reads the incident fixture twice and gives exactly the findings of reading it once, duplicates counted', async () => {
    type Report = { findings: unknown[]; principals: unknown[]; stats: { recordsRead: number; duplicates: number; recordsMatched: number } };
    const once = (await report(INPUTS[0]![1], '0', true)) as Report;
    for (const workers of ['0', '2']) {
      const twice = (await report(INPUTS[5]![1], workers, true)) as Report;
      expect(twice.findings).toEqual(once.findings);
      expect(twice.principals).toEqual(once.principals);
      expect(twice.stats.recordsRead).toBe(2 * once.stats.recordsRead);
      expect(twice.stats.recordsMatched).toBe(once.stats.recordsMatched);
      // Every record a rule reads, read the second time: 666 of the fixture's 2,708.
      expect(twice.stats.duplicates).toBe(666);
    }
    expect(once.stats.duplicates).toBe(0);
  }, 60_000);
});
