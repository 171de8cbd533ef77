/**
 * `sm-ir posture` through the built binary against the wire-level fake: every check fires on its
 * failing resource and not on its passing one; a planted lifecycle script is found with detect's
 * indicators; a denied service in one region is reported with its permission while the rest is read.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PostureFindingSchema, PostureReportSchema, type PostureReport } from '../../src/core/posture/report.js';
import { loadPlaybook } from '../../src/playbook/load.js';
import { markdownText } from '../../src/view/markdown.js';
import { EXPECTED, PLANTED_SCRIPT, startPostureWorld, type PostureWorld } from './posture-fixture.js';
import { ROOT, runCli, UNPACED } from './run-cli.js';

vi.setConfig({ testTimeout: 60_000 });

let w: PostureWorld;
const stop = async () => {
  expect(w.fake.handlerBugs).toEqual([]);
  await w.fake.close();
};

// Unpaced: the fake answers at once (the pace itself: test/unit/posture, test/bench/posture-scale.ts).
const posture = (args: string[]) => runCli(['posture', '--endpoint-url', w.fake.url, '--regions', 'us-east-1,eu-west-1', ...args], { env: UNPACED });
async function report(): Promise<PostureReport> {
  const r = await posture(['--output', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return PostureReportSchema.parse(JSON.parse(r.stdout));
}
const failing = (r: PostureReport, check: string) => r.findings.filter((f) => f.checkId === check).map((f) => `${f.region}/${f.resourceName}`).sort();

describe('sm-ir posture against the fixture account', () => {
  // One world and one JSON run for the tests that only read it (each run of the binary takes seconds on a loaded machine).
  let r: PostureReport;
  let json: string;
  let used: Set<string>;
  beforeAll(async () => {
    w = await startPostureWorld();
    const run = await posture(['--output', 'json']);
    expect(run.code, run.stderr).toBe(0);
    json = run.stdout;
    r = PostureReportSchema.parse(JSON.parse(json));
    used = new Set(w.fake.stats.calls.filter((c) => c.operation !== 'GetCallerIdentity').map((c) => `${c.service}:${c.operation}`));
  });
  afterAll(stop);

  it('every check fires on its failing resources and on none of its passing ones', () => {
    const ids = loadPlaybook().posture.checks.map((c) => c.id);
    // The fixture covers every check of the playbook.
    expect(Object.keys(EXPECTED).sort()).toEqual([...ids].sort());
    for (const [check, { fails, passes }] of Object.entries(EXPECTED)) {
      expect(failing(r, check), check).toEqual([...fails].sort());
      for (const p of passes) expect(failing(r, check), `${check} on ${p}`).not.toContain(p);
    }
    expect(r.account).toBe('111122223333');
    expect(r.resources).toEqual({
      'notebook-instance': 12, 'notebook-lifecycle-config': 4, 'studio-lifecycle-config': 3, domain: 6, 'endpoint-config': 10, model: 10,
      'user-profile': 2, space: 2, job: 17, 'execution-role': 8, 'model-package-group': 3,
    });
    expect(r.partial).toBe(false);
    expect(r.errors).toEqual([]);
    // Each check says how many it judged: a check that judged nothing would be no evidence.
    for (const c of r.checks) expect(c.evaluated, c.id).toBeGreaterThan(0);
  });

  it('finds the planted lifecycle script with the indicators and severity detect reports for the same script', async () => {
    const planted = r.findings.find((f) => f.checkId === 'lifecycle-script-suspicious' && f.resourceName === 'lcc-planted')!;
    // What detect says when it sees the same script being created.
    const dir = mkdtempSync(join(tmpdir(), 'sm-ir-e2e-posture-'));
    const record = {
      eventVersion: '1.08',
      eventTime: '2026-01-05T09:00:00Z',
      eventSource: 'sagemaker.amazonaws.com',
      eventName: 'CreateNotebookInstanceLifecycleConfig',
      awsRegion: 'us-east-1',
      eventID: '11111111-2222-3333-4444-555555555555',
      recipientAccountId: '111122223333',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/dev', accountId: '111122223333', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      requestParameters: { notebookInstanceLifecycleConfigName: 'lcc-planted', onStart: [{ content: Buffer.from(PLANTED_SCRIPT).toString('base64') }] },
    };
    writeFileSync(join(dir, 'trail.json'), JSON.stringify({ Records: [record] }));
    const d = await runCli(['detect', '--logs', dir, '--output', 'json']);
    expect(d.code, d.stderr).toBe(0);
    const found = (JSON.parse(d.stdout) as { findings: { ruleId: string; severity: string; reason: string; evidence: Record<string, unknown> }[] }).findings.find(
      (f) => f.ruleId === 'lifecycle-script-suspicious',
    )!;
    expect(planted.severity).toBe(found.severity);
    expect(planted.reason).toBe(found.reason);
    expect(planted.evidence.indicators).toEqual(found.evidence.indicators);
    expect(planted.evidence.matchingLines).toEqual(found.evidence.matchingLines);
    expect(planted.evidence.usedBy).toEqual(['nb-planted']);
    // The fix is the command that detaches it from the notebook that runs it.
    expect(planted.fixes.map((f) => f.command)).toContain('sm-ir contain detach-lifecycle-config nb-planted --region us-east-1');
  });

  it('shows a secret masked, never in full', () => {
    expect(json).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(json).not.toContain('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    const secret = r.findings.find((f) => f.checkId === 'lifecycle-script-secret')!;
    expect(secret.evidence.secrets).toEqual([
      { hook: 'OnStart', kind: 'AWS access key id', masked: 'AKIA************MPLE', line: 'export AWS_ACCESS_KEY_ID=AKIA************MPLE' },
      { hook: 'OnStart', kind: 'AWS secret access key', masked: 'wJal********************************EKEY', line: 'export AWS_SECRET_ACCESS_KEY=wJal********************************EKEY' },
    ]);
  });

  it('jsonl: one finding a line, each the documented model; csv, markdown and the table carry every finding, none a secret', async () => {
    const [jsonl, csv, markdown, table] = await Promise.all(['jsonl', 'csv', 'markdown', 'table'].map((f) => posture(['--output', f])));
    const lines = jsonl!.stdout.trim().split('\n');
    expect(lines).toHaveLength(r.findings.length);
    for (const l of lines) PostureFindingSchema.parse(JSON.parse(l));
    expect(csv!.stdout.trim().split('\n')).toHaveLength(r.findings.length + 1);
    for (const f of r.findings) expect(markdown!.stdout, f.id).toContain(markdownText(f.resourceArn));
    expect(table!.stdout).toContain('lcc-planted');
    // The table wraps the reason at the terminal's width: its words are there.
    for (const word of ['reverse shell:', '/dev/tcp', 'redirection']) expect(table!.stdout).toContain(word);
    for (const out of [jsonl, csv, markdown, table]) {
      expect(out!.code).toBe(0);
      expect(out!.stdout).not.toContain('AKIAIOSFODNN7EXAMPLE');
    }
  });

  it('--fail-on critical: exit 3 (the planted scripts are critical)', async () => {
    expect((await posture(['--fail-on', 'critical', '--output', 'json'])).code).toBe(3);
  });

  it('the documented permissions are exactly the calls made, in the playbook and in the README', () => {
    // sts:GetCallerIdentity needs no permission (AWS answers it for any valid credentials).
    expect([...used].sort()).toEqual([...loadPlaybook().posture.permissions].sort());
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('IAM permissions posture needs'));
    const listed = [...section.slice(0, section.indexOf('\n\n')).matchAll(/`([a-z0-9-]+:[A-Za-z]+)`/g)].map((m) => m[1]).filter((p) => p !== 'sts:GetCallerIdentity');
    expect(listed.sort()).toEqual([...used].sort());
  });
});

describe('what cannot be read is said, and the rest is read', () => {
  beforeEach(async () => {
    w = await startPostureWorld();
  });
  afterEach(stop);

  it('--fail-on below the worst readable failure: a partial read exits 4, never 0', async () => {
    w.fake.faults.denyAccess({ operation: 'ListNotebookInstanceLifecycleConfigs' });
    w.fake.faults.denyAccess({ operation: 'ListStudioLifecycleConfigs' });
    w.fake.faults.denyAccess({ operation: 'GetPolicyVersion' });
    // Without the lifecycle configurations and the managed policies (the admin role's), the worst failure is high, below critical: the partial exit stands.
    const r = await posture(['--fail-on', 'critical', '--output', 'json']);
    expect(r.code).toBe(4);
    const doc = PostureReportSchema.parse(JSON.parse(r.stdout));
    // The notebook that runs the planted script could not be judged: its check says where.
    expect(doc.checks.find((c) => c.id === 'notebook-runs-suspicious-script')!.notReadIn).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('AccessDenied on notebook listing in one region: named with its permission, exit 4, the other region and the lifecycle configurations still checked', async () => {
    w.fake.faults.denyAccess({ operation: 'ListNotebookInstances', region: 'eu-west-1' });
    const r = await posture(['--output', 'json']);
    expect(r.code, r.stderr).toBe(4);
    const doc = PostureReportSchema.parse(JSON.parse(r.stdout));
    expect(doc.partial).toBe(true);
    expect(doc.errors).toEqual([
      expect.objectContaining({ region: 'eu-west-1', resourceType: 'notebook-instance', resourceName: null, operation: 'ListNotebookInstances', permission: 'sagemaker:ListNotebookInstances', code: 'AccessDeniedException' }),
    ]);
    expect(doc.checks.find((c) => c.id === 'notebook-root-access')!.notReadIn).toEqual(['eu-west-1']);
    expect(failing(doc, 'notebook-root-access')).toEqual([...EXPECTED['notebook-root-access']!.fails].sort());
    expect(failing(doc, 'lifecycle-script-suspicious')).toEqual([...EXPECTED['lifecycle-script-suspicious']!.fails].sort());
    expect(r.stderr).toContain('needs sagemaker:ListNotebookInstances');
  });

  it('one describe denied: that resource is named, every other is judged', async () => {
    w.fake.faults.denyAccess({ operation: 'DescribeNotebookInstanceLifecycleConfig', region: 'eu-west-1' });
    const r = await posture(['--output', 'json']);
    expect(r.code).toBe(4);
    const doc = PostureReportSchema.parse(JSON.parse(r.stdout));
    expect(doc.errors.map((e) => `${e.region} ${e.operation} ${e.resourceName} ${e.permission}`)).toEqual(['eu-west-1 DescribeNotebookInstanceLifecycleConfig lcc-eu-miner sagemaker:DescribeNotebookInstanceLifecycleConfig']);
    expect(failing(doc, 'lifecycle-script-suspicious')).toEqual(['us-east-1/lcc-planted']);
  });

  it('throttling is retried and counted; the result is complete', async () => {
    w.fake.faults.throttle({ operation: 'DescribeNotebookInstance', region: 'us-east-1' }, 3);
    const doc = await report();
    expect(doc.calls.throttled).toBe(3);
    expect(failing(doc, 'notebook-root-access')).toEqual([...EXPECTED['notebook-root-access']!.fails].sort());
  });
});
