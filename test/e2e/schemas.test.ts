/**
 * Every JSON output model, produced by the built binary, checked against the JSON Schema that
 * `sm-ir schema <id>` prints: a field added, dropped or retyped in the output fails here.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { createConfigFake } from '../fake-aws/services/config.js';
import { createEc2 } from '../fake-aws/services/ec2.js';
import { createIam } from '../fake-aws/services/iam.js';
import { createOrganizationsFake } from '../fake-aws/services/organizations.js';
import { createAccessAnalyzerFake } from '../fake-aws/services/access-analyzer.js';
import { createSageMaker } from '../fake-aws/services/sagemaker.js';
import { createSts } from '../fake-aws/services/sts.js';
import { schemaDocument } from '../../src/commands/schema/index.js';
import { validate } from './json-schema.js';
import { startPostureWorld } from './posture-fixture.js';
import { CLI, ROOT, UNPACED, runCli } from './run-cli.js';
import { incidentReport } from './incident-report.js';

// Many spawns of the binary per test on a shared 2-core machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const SECTIONS = ['scenarios', 'sources', 'rules', 'attack', 'questions', 'scps', 'config-rules', 'containment', 'best-practices', 'posture'];
const IDS = [
  'sm-ir/detect-report@1',
  'sm-ir/finding@1',
  'sm-ir/analysis@1',
  'sm-ir/case-analysis@1',
  'sm-ir/prepare-scp-plan@1',
  'sm-ir/prepare-config-rules@1',
  'sm-ir/contain-plan@1',
  'sm-ir/contain-result@1',
  'sm-ir/contain-manifest@1',
  'sm-ir/athena-table-plan@1',
  'sm-ir/posture-report@1',
  'sm-ir/posture-finding@1',
  'sm-ir/playbook@1',
  ...SECTIONS.map((s) => `sm-ir/playbook-${s}@1`),
];

const schemas = new Map<string, Record<string, unknown>>();
let tmp: string;
let report: string;

// Unpaced: the fakes answer at once, and the pace has tests of its own.
async function json(args: string[], code = 0): Promise<Record<string, unknown>> {
  const r = await runCli(args, { env: UNPACED });
  expect(r.stderr.includes('    at '), r.stderr).toBe(false);
  expect(r.code, r.stderr).toBe(code);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

function expectFits(id: string, doc: unknown): void {
  const schema = schemas.get(id);
  expect(schema, id).toBeDefined();
  expect(validate(schema!, doc), id).toEqual([]);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sm-ir-schemas-'));
  // In process: the same code the binary runs (one run of it is compared below), thirty runs fewer.
  for (const id of IDS) schemas.set(id, JSON.parse(JSON.stringify(schemaDocument(id))) as Record<string, unknown>);
  report = join(tmp, 'findings.json');
  const r = await incidentReport();
  expect(r.code).toBe(0);
  writeFileSync(report, r.stdout);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('sm-ir schema', () => {
  it('lists every model id with what writes it', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => l.split('\t')[0])).toEqual(IDS);
    for (const line of r.stdout.trimEnd().split('\n')) expect(line.split('\t')[1]?.length).toBeGreaterThan(5);
  });

  it('prints each as a draft 2020-12 JSON Schema under its id, closed to unknown fields', () => {
    for (const [id, s] of schemas) {
      expect(s.$id).toBe(id);
      expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      // Documents name their schema; a finding (one jsonl line, detect's or posture's) is an item and does not.
      if (id !== 'sm-ir/finding@1' && id !== 'sm-ir/posture-finding@1') expect((s.properties as { schema: { const: string } }).schema.const).toBe(id);
      expect(s.additionalProperties).toBe(false);
    }
  });

  it('prints the schema it documents', async () => {
    expect(await json(['schema', 'sm-ir/detect-report@1'])).toEqual(schemas.get('sm-ir/detect-report@1'));
  });

  it('refuses an unknown id with exit 2 and the list of known ones', async () => {
    const r = await runCli(['schema', 'sm-ir/nope@1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown schema 'sm-ir/nope@1'");
    expect(r.stderr).toContain('sm-ir/contain-plan@1');
  });

  it('the check fails on drift: an extra field, a missing one, a wrong type or value', () => {
    const doc = JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown> & { findings: Record<string, unknown>[] };
    expectFits('sm-ir/detect-report@1', doc);
    const s = schemas.get('sm-ir/detect-report@1')!;
    const f0 = doc.findings[0]!;
    expect(validate(s, { ...doc, extra: 1 })).toEqual(['$: unexpected property extra']);
    const { partial: _, ...noPartial } = doc;
    expect(validate(s, noPartial)).toEqual(['$: missing partial']);
    expect(validate(s, { ...doc, findings: [{ ...f0, severity: 'urgent' }] })[0]).toMatch(/^\$\.findings\[0\]\.severity: "urgent" is not one of/);
    expect(validate(s, { ...doc, findings: [{ ...f0, resources: 'nb-1' }] })).toEqual(['$.findings[0].resources: expected array, got string']);
  });

  it('the check fails on drift deep inside a document too (a pattern)', async () => {
    const rules = await json(['playbook', 'rules', '--output', 'json']) as { rules: { mitre: string[] }[] };
    const s = schemas.get('sm-ir/playbook-rules@1')!;
    expect(validate(s, rules)).toEqual([]);
    const bad = { ...rules, rules: [{ ...rules.rules[0], mitre: ['T15'] }, ...rules.rules.slice(1)] };
    expect(validate(s, bad)[0]).toMatch(/^\$\.rules\[0\]\.mitre\[0\]: "T15" does not match/);
  });
});

describe('detect', () => {
  it('--output json fits sm-ir/detect-report@1, and each --output jsonl line fits sm-ir/finding@1', async () => {
    const doc = JSON.parse(readFileSync(report, 'utf8')) as { findings: unknown[] };
    expectFits('sm-ir/detect-report@1', doc);
    const r = await runCli(['detect', '--logs', 'fixtures/incident', '--since', 'all', '--output', 'jsonl']);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines.length).toBe(doc.findings.length);
    for (const l of lines) expectFits('sm-ir/finding@1', l);
  });

  it('the bad-input corpus report (errors, skipped files) fits too', async () => {
    expectFits('sm-ir/detect-report@1', await json(['detect', '--logs', 'fixtures/bad-input', '--since', 'all', '--output', 'json'], 4));
  });
});

describe('analyze', () => {
  it('--output json fits sm-ir/analysis@1, with findings and as the bare checklist', async () => {
    const withFindings = await json(['analyze', '--findings', report, '--output', 'json']);
    expect((withFindings.questions as { status: string }[]).some((q) => q.status === 'evidence-found')).toBe(true);
    expectFits('sm-ir/analysis@1', withFindings);
    expectFits('sm-ir/analysis@1', await json(['analyze', '--output', 'json']));
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('<case>/analysis.json written by --interactive (on a pseudo-terminal) fits sm-ir/case-analysis@1', async () => {
    const caseDir = join(tmp, 'case-analysis');
    const cmd = [process.execPath, CLI, 'analyze', '--interactive', '--case', caseDir, '--findings', report].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TERM: 'dumb' } });
    child.stdout.resume();
    child.stdin.write('stolen access key of ml-ci-deployer\nkey deactivated\nq\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const doc = JSON.parse(readFileSync(join(caseDir, 'analysis.json'), 'utf8')) as { answers: Record<string, { answer: string }> };
    expect(doc.answers.q1?.answer).toBe('stolen access key of ml-ci-deployer');
    expectFits('sm-ir/case-analysis@1', doc);
  });
});

describe('prepare, contain (against the wire-level fake AWS)', () => {
  let fake: FakeAws;
  const endpoint = () => ['--endpoint-url', fake.url];

  beforeAll(async () => {
    fake = await startFakeAws();
    fake.register(createSts());
    fake.register(createEc2(fake.regions));
    fake.register(createOrganizationsFake());
    // A finding that does not stop the deployment, so the applied plan's validation block has one to describe.
    const analyzer = createAccessAnalyzerFake();
    analyzer.stage({ findingType: 'SUGGESTION', issueCode: 'EMPTY_OBJECT_CONDITION', path: ['Statement', 0, 'Condition'] });
    fake.register(analyzer);
    fake.register(createConfigFake({ regions: { 'us-east-1': { recorder: { name: 'default', recording: true } } } }));
    const iam = createIam();
    iam.seed.role('ml-exec-role');
    fake.register(iam.module);
    fake.register(createSageMaker().module);
  });
  afterAll(async () => {
    expect(fake.handlerBugs).toEqual([]);
    await fake.close();
  });

  it('prepare --output json fits sm-ir/prepare-scp-plan@1: documents (no AWS call) and a plan against the organization; an unknown change kind does not', async () => {
    const docs = await json(['prepare', '--allowed-ip', '198.51.100.0/24', '--output', 'json']);
    expect(docs.mode).toBe('documents');
    expectFits('sm-ir/prepare-scp-plan@1', docs);
    const plan = await json(['prepare', '--target', 'r-examplerootid111', '--allowed-ip', '198.51.100.0/24', '--output', 'json', ...endpoint()]);
    expect(plan.mode).toBe('plan');
    expect((plan.changes as unknown[]).length).toBeGreaterThan(0);
    expectFits('sm-ir/prepare-scp-plan@1', plan);
    // A change of an unknown kind fits no branch of the tagged union.
    const [first, ...rest] = plan.changes as Record<string, unknown>[];
    const drifted = validate(schemas.get('sm-ir/prepare-scp-plan@1')!, { ...plan, changes: [{ ...first, action: 'explode' }, ...rest] });
    expect(drifted).toEqual([expect.stringMatching(/^\$\.changes\[0\]: fits (0 of oneOf|none of anyOf)/)]);
  });

  it('prepare --apply-scps and --remove --output json fit sm-ir/prepare-scp-plan@1 (create, attach, detach, delete steps)', async () => {
    const audit = ['--audit-log', join(tmp, 'prepare-audit.jsonl')];
    const applied = await json(['prepare', '--target', 'r-examplerootid111', '--allowed-ip', '198.51.100.0/24', '--apply-scps', '--yes', '--output', 'json', ...audit, ...endpoint()]);
    expect(applied.mode).toBe('apply');
    expect((applied.validation as { findings: unknown[] }).findings).toHaveLength(1);
    expectFits('sm-ir/prepare-scp-plan@1', applied);
    const removed = await json(['prepare', '--remove', '--yes', '--output', 'json', ...audit, ...endpoint()]);
    expect(removed.mode).toBe('remove');
    expect(new Set((removed.changes as { action: string }[]).map((c) => c.action))).toEqual(new Set(['detach', 'delete']));
    expectFits('sm-ir/prepare-scp-plan@1', removed);
  });

  it('prepare --config-rules --output json fits sm-ir/prepare-config-rules@1, as a report and when applied', async () => {
    const doc = await json(['prepare', '--config-rules', '--regions', 'us-east-1', '--output', 'json', ...endpoint()]);
    expect((doc.regions as unknown[]).length).toBe(1);
    expectFits('sm-ir/prepare-config-rules@1', doc);
    const audit = ['--audit-log', join(tmp, 'config-audit.jsonl')];
    const applied = await json(['prepare', '--apply-config-rules', '--yes', '--regions', 'us-east-1', '--output', 'json', ...audit, ...endpoint()]);
    expect(applied.mode).toBe('apply');
    expect((applied.changes as unknown[]).length).toBe(6);
    expectFits('sm-ir/prepare-config-rules@1', applied);
  });

  it('contain: the plan (--dry-run), the result (--yes), and the case manifest and plan fit their schemas', async () => {
    const plan = await json(['contain', 'quarantine-role', 'ml-exec-role', '--dry-run', '--output', 'json', ...endpoint()]);
    expect((plan.plans as unknown[]).length).toBe(1);
    expectFits('sm-ir/contain-plan@1', plan);
    const caseDir = join(tmp, 'contain-case');
    const result = await json(['contain', 'quarantine-role', 'ml-exec-role', '--yes', '--case', caseDir, '--output', 'json', ...endpoint()]);
    expect((result.results as { outcome: string }[]).map((r) => r.outcome)).toEqual(['ok']);
    expectFits('sm-ir/contain-result@1', result);
    expectFits('sm-ir/contain-manifest@1', JSON.parse(readFileSync(join(caseDir, 'manifest.json'), 'utf8')));
    expectFits('sm-ir/contain-plan@1', JSON.parse(readFileSync(join(caseDir, 'plan.json'), 'utf8')));
  });
});

describe('posture', () => {
  it('--output json fits sm-ir/posture-report@1, and each --output jsonl line sm-ir/posture-finding@1', async () => {
    const w = await startPostureWorld();
    try {
      const args = ['posture', '--endpoint-url', w.fake.url, '--regions', 'us-east-1,eu-west-1'];
      const doc = await json([...args, '--output', 'json']);
      expect((doc.findings as unknown[]).length).toBeGreaterThan(0);
      expectFits('sm-ir/posture-report@1', doc);
      const lines = (await runCli([...args, '--output', 'jsonl'], { env: UNPACED })).stdout.trim().split('\n');
      expect(lines.length).toBe((doc.findings as unknown[]).length);
      for (const l of lines) expectFits('sm-ir/posture-finding@1', JSON.parse(l));
    } finally {
      await w.fake.close();
    }
  });
});

describe('playbook', () => {
  it('--output json fits sm-ir/playbook@1, and each section alone fits its own schema', async () => {
    expectFits('sm-ir/playbook@1', await json(['playbook', '--output', 'json']));
    for (const s of SECTIONS) expectFits(`sm-ir/playbook-${s}@1`, await json(['playbook', s, '--output', 'json']));
  });
});
