/**
 * The safety of `sm-ir contain` through the built binary: refusals before any AWS call, nothing
 * changed when evidence cannot be captured, a failed or interrupted run finished by running it again,
 * plans shown without applying, and --from-findings on detect's own report.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContainPlanDocumentSchema } from '../../src/core/contain/documents.js';
import { HAS_SCRIPT, auditLog, contain, containOnTty, startWorld, writeCalls, type ContainWorld } from './contain-fake.js';
import { runCli } from './run-cli.js';
import { incidentReport } from './incident-report.js';
import { settledChanges } from '../support/audit-lines.js';

vi.setConfig({ testTimeout: 60_000 });

let w: ContainWorld;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(async () => {
  expect(w.fake.handlerBugs).toEqual([]);
  await w.fake.close();
});

/** The changes by their settled lines (each change is also logged as sent before its request; settledChanges checks the pairs). */
const changes = (caseDir = w.caseDir) => settledChanges(auditLog(caseDir)).map((e) => `${e.operation}:${e.outcome}`);
const outcomes = (stdout: string) =>
  (JSON.parse(stdout) as { results: { operation: string; target: string; outcome: string }[] }).results.map((x) => `${x.operation} ${x.target}: ${x.outcome}`);

describe('refusals before any AWS call (exit 2)', () => {
  it('no TTY and no --yes: refuses without reading or changing anything', async () => {
    w.sm.seed.notebook('nb1');
    const r = await contain(w, ['stop-notebook', 'nb1', '--case', w.caseDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing to change AWS without confirmation: no TTY to ask on and no --yes');
    expect(w.fake.stats.calls).toEqual([]);
    expect(existsSync(w.caseDir)).toBe(false);
    expect(w.sm.state.notebooks.get('nb1')?.status).toBe('InService');
  });

  it.each([
    [['nuke-everything', 'x'], "unknown action 'nuke-everything'"],
    [['delete-endpoint', 'ep1', '--region', 'mars-1'], "--region: 'mars-1' is not an AWS region name"],
    // An ARN of another partition names a resource this region's endpoint cannot hold: never looked up by its name here.
    [['delete-endpoint', 'arn:aws-cn:sagemaker:us-east-1:111122223333:endpoint/ep1'], 'is in partition aws-cn, but region us-east-1 is in aws'],
    [['quarantine-role', 'arn:aws-cn:iam::111122223333:role/Victim'], 'is in partition aws-cn, but region us-east-1 is in aws'],
    // The name after the type is the whole rest: never a path that ends in another resource's name.
    [['delete-endpoint', 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/../../ep1'], "'../../ep1' is not a valid endpoint name"],
  ])('%j: %s', async (args, message) => {
    w.sm.seed.endpoint('ep1', 'cfg');
    const r = await contain(w, [...args, '--yes', '--case', w.caseDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(w.fake.stats.calls).toEqual([]);
  });

  it('an ARN of another account is refused once the caller is known, before any read of it', async () => {
    const r = await contain(w, ['delete-endpoint', 'arn:aws:sagemaker:us-east-1:444455556666:endpoint/ep1', '--yes', '--case', w.caseDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ep1 is in account 444455556666, but the credentials are for account 111122223333');
    expect(w.fake.stats.calls.map((c) => c.operation)).toEqual(['GetCallerIdentity']);
  });
});

describe.skipIf(!HAS_SCRIPT)('on a terminal, without --yes', () => {
  it('shows the plan and asks; anything but yes changes nothing', async () => {
    w.sm.seed.notebook('nb1');
    const r = await containOnTty(w, ['stop-notebook', 'nb1', '--case', w.caseDir], 'n');
    expect(r.asked).toBe(true);
    expect(r.code).toBe(2);
    expect(r.screen).toContain('StopNotebookInstance │ sagemaker:StopNotebookInstance');
    expect(r.screen).toContain('Apply 1 change(s) in us-east-1 (account 111122223333)? [y/N]');
    expect(r.screen).toContain('not confirmed: nothing was changed');
    expect(writeCalls(w)).toEqual([]);
    expect(existsSync(join(w.caseDir, 'manifest.json'))).toBe(false);
  });

  it('Ctrl-C at the prompt is an answer, not a crash: nothing changed, exit 130', async () => {
    w.sm.seed.notebook('nb1');
    const r = await containOnTty(w, ['stop-notebook', 'nb1', '--case', w.caseDir], '\x03');
    expect(r.code).toBe(130);
    expect(r.screen).toContain('interrupted at the confirmation prompt: nothing was changed');
    expect(r.screen).not.toContain('internal error');
    expect(writeCalls(w)).toEqual([]);
  });

  it('"y" applies it, with progress on the terminal', async () => {
    w.sm.seed.notebook('nb1');
    const r = await containOnTty(w, ['stop-notebook', 'nb1', '--case', w.caseDir], 'y');
    expect(r.code).toBe(0);
    expect(r.screen).toContain('step 1/1: StopNotebookInstance notebook/nb1');
    expect(w.sm.state.notebooks.get('nb1')?.status).toBe('Stopped');
    expect(changes()).toEqual(['StopNotebookInstance:ok']);
  });
});

describe('evidence first', () => {
  it.each([
    ['ListTags', ['delete-endpoint', 'ep1', '--with-config', '--with-models']],
    ['DescribeEndpointConfig', ['delete-endpoint', 'ep1', '--with-config']],
    ['ListApps', ['delete-domain', 'd-abc123def456']],
    ['DescribeNotebookInstanceLifecycleConfig', ['delete-notebook', 'nb1']],
    ['ListRolePolicies', ['quarantine-role', 'MlRole']],
  ])('capturing fails (AccessDenied on %s): nothing is changed, the missing permission is named', async (operation, args) => {
    w.sm.seed.model('m1');
    w.sm.seed.endpointConfig('cfg1', ['m1']);
    w.sm.seed.endpoint('ep1', 'cfg1');
    w.sm.seed.domain('d-abc123def456');
    w.sm.seed.lifecycleConfig('lcc', ['echo hi']);
    w.sm.seed.notebook('nb1', { lifecycleConfigName: 'lcc' });
    w.iam.seed.role('MlRole');
    w.fake.faults.denyAccess({ operation });
    const r = await contain(w, [...args, '--yes', '--case', w.caseDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('access denied');
    const service = operation === 'ListRolePolicies' ? 'iam' : 'sagemaker';
    expect(r.stderr).toContain(`hint: the caller needs the IAM permission ${service}:${operation}`);
    expect(writeCalls(w)).toEqual([]);
    expect(existsSync(join(w.caseDir, 'manifest.json'))).toBe(false);
  });
});

describe('evidence that cannot be written', () => {
  it('a case directory that cannot be created stops the run before any AWS call', async () => {
    w.sm.seed.notebook('nb1');
    const r = await contain(w, ['stop-notebook', 'nb1', '--yes', '--case', '/dev/null/case']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sm-ir: --case /dev/null/case: a part of the path is not a directory');
    expect(w.fake.stats.calls).toEqual([]);
    expect(writeCalls(w)).toEqual([]);
  });

  it('evidence that cannot be written (a file where its folder goes) stops the run after the reads, before any change', async () => {
    w.sm.seed.notebook('nb1');
    mkdirSync(w.caseDir, { mode: 0o700 });
    // A case of an earlier run (its manifest), where a file now stands where the evidence folder goes.
    const caller = { account: '111122223333', arn: 'arn:aws:iam::111122223333:user/responder', userId: 'AIDAEXAMPLE' };
    writeFileSync(join(w.caseDir, 'manifest.json'), JSON.stringify({ schema: 'sm-ir/contain-manifest@1', caller, region: 'us-east-1', runs: [], files: [] }), { mode: 0o600 });
    writeFileSync(join(w.caseDir, 'evidence'), 'not a folder');
    const r = await contain(w, ['stop-notebook', 'nb1', '--yes', '--case', w.caseDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(w.caseDir, 'evidence')} is not a directory`);
    expect(r.stderr).toContain('nothing was changed');
    expect(w.fake.stats.calls.length).toBeGreaterThan(0);
    expect(writeCalls(w)).toEqual([]);
    expect(w.sm.state.notebooks.get('nb1')?.status).toBe('InService');
  });
});

describe('failures, resuming and Ctrl-C', () => {
  const D = 'd-abc123def456';

  it('a run stopped by AccessDenied on one step is finished by the same command with the same --case', async () => {
    w.sm.seed.domain(D);
    w.sm.seed.userProfile(D, 'alice');
    w.sm.seed.space(D, 'alice-private', 'alice');
    w.sm.seed.app({ domainId: D, appType: 'JupyterServer', appName: 'default', userProfileName: 'alice', spaceName: null });
    w.sm.seed.app({ domainId: D, appType: 'JupyterLab', appName: 'default', userProfileName: null, spaceName: 'alice-private' });
    w.fake.faults.denyAccess({ operation: 'DeleteUserProfile' });

    const first = await contain(w, ['delete-domain', D, '--yes', '--case', w.caseDir, '--output', 'json']);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('step 4 of 5 failed: sagemaker:DeleteUserProfile failed: access denied');
    expect(first.stderr).toContain('hint: the caller needs the IAM permission sagemaker:DeleteUserProfile');
    expect(first.stderr).toContain(`Evidence and audit log: ${w.caseDir}`);
    expect(w.sm.state.domains.get(D)?.status).toBe('InService');
    expect(changes()).toEqual(['DeleteApp:ok', 'DeleteApp:ok', 'DeleteSpace:ok', 'DeleteUserProfile:error']);
    const denied = settledChanges(auditLog(w.caseDir)).find((e) => e.operation === 'DeleteUserProfile')!;
    expect(denied.error).toMatchObject({ code: 'AccessDeniedException' });
    expect(denied.error?.message).toContain('not authorized to perform: sagemaker:DeleteUserProfile');
    expect(denied.requestId).toBe(w.fake.stats.select({ operation: 'DeleteUserProfile' })[0]?.requestId);

    w.fake.faults.clear();
    const second = await contain(w, ['delete-domain', D, '--yes', '--case', w.caseDir, '--output', 'json']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`Resuming the run saved in ${w.caseDir}`);
    // Derived from the state now: the apps and the space are gone, what is left is planned and done.
    expect(outcomes(second.stdout)).toEqual([
      `DeleteUserProfile user-profile/${D}/alice: ok`,
      `DeleteDomain domain/${D}: ok`,
    ]);
    expect(w.sm.state.domains.has(D)).toBe(false);
    expect(changes().slice(4)).toEqual(['DeleteUserProfile:ok', 'DeleteDomain:ok']);
    const manifest = JSON.parse(readFileSync(join(w.caseDir, 'manifest.json'), 'utf8')) as { runs: unknown[] };
    expect(manifest.runs).toHaveLength(2);
  });

  it('Ctrl-C stops after the current step, says where (exit 130), and the same command finishes the job', async () => {
    await w.fake.close();
    // Event-driven, not timed: the notebook stays Stopping until the test settles it, which it does
    // only once the CLI has said on stderr that it saw Ctrl-C; so the interrupt always lands mid-step.
    w = await startWorld({ afterCalls: Infinity });
    w.sm.seed.notebook('nb1');
    let sent = false;
    let settled = false;
    const r = await contain(w, ['disable-root-access', 'nb1', '--yes', '--case', w.caseDir], {
      onSpawn: (child) => {
        let stderr = '';
        child.stderr!.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (!settled && stderr.includes('stopping after the current step')) {
            settled = true;
            w.sm.settle();
          }
        });
        const timer = setInterval(() => {
          // Once the stop was sent: the run is waiting for Stopped, between two calls of the plan.
          if (!sent && w.fake.stats.count({ operation: 'StopNotebookInstance' }) > 0) {
            sent = true;
            child.kill('SIGINT');
          }
        }, 10);
        child.on('close', () => clearInterval(timer));
      },
    });
    expect(sent).toBe(true);
    expect(settled).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('stopping after the current step');
    expect(r.stderr).toContain('interrupted before step 2 of 3 (UpdateNotebookInstance notebook/nb1); 1 step(s) done');
    // The step under way was finished: stopped, not left Stopping; nothing after it was sent.
    expect(w.sm.state.notebooks.get('nb1')).toMatchObject({ status: 'Stopped', rootAccess: 'Enabled' });
    expect(writeCalls(w)).toEqual(['StopNotebookInstance:ok']);

    // The re-runs need not see states under way: every transition settles as soon as it starts.
    const settling = {
      onSpawn: (child: ChildProcess) => {
        const timer = setInterval(() => w.sm.settle(), 10);
        child.on('close', () => clearInterval(timer));
      },
    };
    const again = await contain(w, ['disable-root-access', 'nb1', '--yes', '--case', w.caseDir, '--output', 'json'], settling);
    expect(again.code, again.stderr).toBe(0);
    expect(outcomes(again.stdout)).toEqual(['StopNotebookInstance notebook/nb1: already-done', 'UpdateNotebookInstance notebook/nb1: ok', 'StartNotebookInstance notebook/nb1: ok']);
    expect(w.sm.state.notebooks.get('nb1')).toMatchObject({ status: 'InService', rootAccess: 'Disabled' });

    // Once more after it finished: derived from the state, the update and the restart are done; the notebook is not stopped again.
    const done = writeCalls(w);
    const third = await contain(w, ['disable-root-access', 'nb1', '--yes', '--case', w.caseDir, '--output', 'json'], settling);
    expect(third.code, third.stderr).toBe(0);
    expect(outcomes(third.stdout)).toEqual(['UpdateNotebookInstance notebook/nb1: already-done', 'StartNotebookInstance notebook/nb1: already-done']);
    expect(writeCalls(w)).toEqual(done);
    expect(w.sm.state.notebooks.get('nb1')).toMatchObject({ status: 'InService', rootAccess: 'Disabled' });
  });

  it('a step that does not settle in --timeout fails with a hint to resume', async () => {
    await w.fake.close();
    w = await startWorld({ afterCalls: Infinity });
    w.sm.seed.job('training', 'stuck');
    const r = await contain(w, ['stop-job', 'stuck', '--job-type', 'training', '--timeout', '0.01', '--yes', '--case', w.caseDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('timed out after 1s waiting for Stopped');
    expect(r.stderr).toContain('run the same command again with the same --case');
  });
});

describe('plans without applying', () => {
  it('--dry-run --output json prints the plan with each call and its IAM permission, and changes nothing', async () => {
    w.sm.seed.model('m1');
    w.sm.seed.endpointConfig('cfg1', ['m1']);
    w.sm.seed.endpoint('ep1', 'cfg1');
    const r = await contain(w, ['delete-endpoint', 'ep1', '--with-config', '--with-models', '--dry-run', '--output', 'json', '--case', w.caseDir]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { schema: string; caseDir: null; plans: { action: string; steps: { n: number; operation: string; permission: string; target: string; state: string; parameters: unknown }[] }[] };
    expect(doc.schema).toBe('sm-ir/contain-plan@1');
    ContainPlanDocumentSchema.parse(doc);
    expect(doc.plans[0]?.steps.map((s) => [s.n, s.operation, s.permission, s.target, s.state])).toEqual([
      [1, 'DeleteEndpoint', 'sagemaker:DeleteEndpoint', 'endpoint/ep1', 'pending'],
      [2, 'DeleteEndpointConfig', 'sagemaker:DeleteEndpointConfig', 'endpoint-config/cfg1', 'pending'],
      [3, 'DeleteModel', 'sagemaker:DeleteModel', 'model/m1', 'pending'],
    ]);
    expect(doc.plans[0]?.steps[0]?.parameters).toEqual({ EndpointName: 'ep1' });
    expect(writeCalls(w)).toEqual([]);
    expect(existsSync(w.caseDir)).toBe(false);

    const table = await contain(w, ['delete-endpoint', 'ep1', '--dry-run']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Plan: 1 step(s), 1 to apply, 0 already done (region us-east-1)');
    expect(table.stdout).toContain('sagemaker:DeleteEndpoint');
  });
});

describe('--from-findings', () => {
  it("proposes a plan from detect's report of the sample incident, refuses without confirmation, applies with --yes", async () => {
    const detect = await incidentReport();
    expect([0, 3]).toContain(detect.code);
    const findings = join(w.caseDir, '..', 'findings.json');
    writeFileSync(findings, detect.stdout);

    // The incident's us-east-1 resources, as the attacker left them: the leaked CI user's key, and a
    // second key of that user which the findings never show.
    w.iam.seed.user('ml-ci-deployer', { keys: ['AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE'] });
    w.iam.seed.role('AmazonSageMaker-ExecutionRole-MlCi', { path: '/service-role/' });
    w.iam.seed.role('sagemaker-ops-automation');
    w.sm.seed.lifecycleConfig('ml-ci-bootstrap', ['#!/bin/bash\ncurl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/\n']);
    w.sm.seed.notebook('ml-ci-runner', { lifecycleConfigName: 'ml-ci-bootstrap', instanceType: 'ml.p3.2xlarge' });
    w.sm.seed.notebook('ds-forecasting', { lifecycleConfigName: 'ml-ci-bootstrap' });
    w.sm.seed.job('processing', 'feature-export-20261127');
    w.sm.seed.job('transform', 'fraud-rescore-20261127');
    w.sm.seed.model('fraud-detector-v4');
    w.sm.seed.endpointConfig('fraud-detector-v4-config', ['fraud-detector-v4']);
    w.sm.seed.endpointConfig('fraud-detector-v4-config-b', ['fraud-detector-v4']);
    // As the incident left them: production on the config that captures to the attacker's bucket.
    w.sm.seed.endpoint('fraud-detector-prod', 'fraud-detector-v4-config-b');
    w.sm.seed.endpoint('fraud-detector-shadow', 'fraud-detector-v4-config');
    // The version the attacker registered (from a foreign image) and approved.
    const pkg = w.sm.seed.modelPackage('fraud-detector', 4);

    const dry = await contain(w, ['--from-findings', findings, '--dry-run', '--output', 'json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/proposal\(s\) for region eu-west-1 left out: run again with --region eu-west-1/);
    const plans = (JSON.parse(dry.stdout) as { plans: { action: string; targets: string[]; skipped: unknown[]; kept: unknown[] }[] }).plans;
    // The leaked key first; the notebook detached before anything restarts; the execution role
    // quarantined only after the endpoints and jobs that run as it (DeleteEndpoint API reference).
    expect(plans.map((p) => `${p.action} ${p.targets.join(',')}`)).toEqual([
      'deactivate-access-key ml-ci-deployer',
      'quarantine-user ml-ci-deployer',
      // The backdoor role the stolen session created and then used itself (issue 19).
      'revoke-sessions AmazonSageMaker-ExecutionRole-MlCi,sagemaker-ops-automation',
      'stop-job feature-export-20261127',
      'stop-job fraud-rescore-20261127',
      'reject-model-package fraud-detector/4',
      'detach-lifecycle-config ds-forecasting',
      'stop-notebook ml-ci-runner',
      'delete-endpoint fraud-detector-prod,fraud-detector-shadow',
      'delete-endpoint-config fraud-detector-v4-config,fraud-detector-v4-config-b',
      'delete-model fraud-detector-v4', // named by execution-role-passed on its CreateModel (4c2851d)
      'quarantine-role AmazonSageMaker-ExecutionRole-MlCi,sagemaker-ops-automation',
    ]);
    expect(plans[0]!.kept).toEqual([{ target: 'access-key/ml-ci-deployer/AKIAI44QH8DHBEXAMPLE', reason: expect.stringMatching(/^Active and not named/) }]);
    // The model the attacker created is named by execution-role-passed on its CreateModel, so the
    // cross-account-artifact proposal naming it only by its foreign image is not also left out as unparsable.
    expect(plans.flatMap((p) => p.skipped)).toEqual([]);
    expect(dry.stderr).not.toMatch(/proposal left out/);
    expect(writeCalls(w)).toEqual([]);

    w.fake.stats.reset();
    const refused = await contain(w, ['--from-findings', findings, '--case', w.caseDir]);
    expect(refused.code).toBe(2);
    expect(w.fake.stats.calls).toEqual([]);

    const applied = await contain(w, ['--from-findings', findings, '--yes', '--case', w.caseDir, '--output', 'json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(outcomes(applied.stdout).every((o) => o.endsWith(': ok'))).toBe(true);
    // Call by call, as the audit log has the changes.
    expect(settledChanges(auditLog(w.caseDir)).map((e) => `${e.operation} ${Object.values(e.parameters as Record<string, unknown>).filter((v) => typeof v === 'string' && !v.startsWith('{')).join(' ')}:${e.outcome}`)).toEqual([
      'UpdateAccessKey ml-ci-deployer AKIAIOSFODNN7EXAMPLE Inactive:ok',
      'PutUserPolicy ml-ci-deployer sm-ir-quarantine:ok',
      'PutRolePolicy AmazonSageMaker-ExecutionRole-MlCi AWSRevokeOlderSessions:ok',
      'PutRolePolicy sagemaker-ops-automation AWSRevokeOlderSessions:ok',
      'StopProcessingJob feature-export-20261127:ok',
      'StopTransformJob fraud-rescore-20261127:ok',
      expect.stringMatching(new RegExp(`^UpdateModelPackage ${pkg} Rejected Rejected by sm-ir contain during incident response \\(.+\\):ok$`)),
      'StopNotebookInstance ds-forecasting:ok',
      'UpdateNotebookInstance ds-forecasting:ok',
      'StartNotebookInstance ds-forecasting:ok',
      'StopNotebookInstance ml-ci-runner:ok',
      'DeleteEndpoint fraud-detector-prod:ok',
      'DeleteEndpoint fraud-detector-shadow:ok',
      'DeleteEndpointConfig fraud-detector-v4-config:ok',
      'DeleteEndpointConfig fraud-detector-v4-config-b:ok',
      'DeleteModel fraud-detector-v4:ok',
      'PutRolePolicy AmazonSageMaker-ExecutionRole-MlCi sm-ir-quarantine:ok',
      'PutRolePolicy sagemaker-ops-automation sm-ir-quarantine:ok',
    ]);
    expect(w.iam.state.users.get('ml-ci-deployer')!.keys.map((k) => `${k.id} ${k.status}`)).toEqual(['AKIAIOSFODNN7EXAMPLE Inactive', 'AKIAI44QH8DHBEXAMPLE Active']);
    expect([...w.iam.state.users.get('ml-ci-deployer')!.inline.keys()]).toEqual(['sm-ir-quarantine']);
    const role = w.iam.state.roles.get('AmazonSageMaker-ExecutionRole-MlCi')!;
    expect([...role.inline.keys()].sort()).toEqual(['AWSRevokeOlderSessions', 'sm-ir-quarantine']);
    expect(w.sm.state.jobs.get('processing/feature-export-20261127')?.status).toBe('Stopped');
    expect(w.sm.state.jobs.get('transform/fraud-rescore-20261127')?.status).toBe('Stopped');
    expect(w.sm.state.notebooks.get('ml-ci-runner')?.status).toBe('Stopped');
    expect(w.sm.state.notebooks.get('ds-forecasting')).toMatchObject({ status: 'InService', lifecycleConfigName: null });
    expect(w.sm.state.endpoints.size).toBe(0);
    expect(w.sm.state.modelPackages.get(pkg)?.approval).toBe('Rejected');
    expect(w.sm.state.endpointConfigs.size).toBe(0);
    expect(auditLog(w.caseDir)[0]).toMatchObject({ command: 'contain --from-findings', operation: 'GetCallerIdentity' });

    // analyze's case report ends with what contain changed, the reads counted apart.
    const report = await runCli(['analyze', '--findings', findings, '--case', w.caseDir, '--output', 'markdown']);
    expect(report.code, report.stderr).toBe(0);
    const section = report.stdout.split('## Containment audit log')[1]!;
    expect(section).toMatch(/: 18 changes\. \d+ read-only calls \(evidence, state checks\) in the log, not shown\./);
    expect(section).toContain('sagemaker:DeleteEndpointConfig | {"EndpointConfigName":"fraud-detector-v4-config"} | ok |');
  });

  it('--region picks the proposals of that region; targets already gone are listed as skipped, not fatal', async () => {
    const detect = await incidentReport();
    const findings = join(w.caseDir, '..', 'findings.json');
    writeFileSync(findings, detect.stdout);
    w.sm.seed.job('training', 'llm-finetune-bench-01');
    const r = await contain(w, ['--from-findings', findings, '--region', 'eu-west-1', '--dry-run', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const plans = (JSON.parse(r.stdout) as { plans: { action: string; targets: string[]; steps: { target: string }[]; skipped: { target: string; reason: string }[] }[] }).plans;
    const training = plans.find((p) => p.action === 'stop-job' && p.targets.includes('llm-finetune-bench-01'))!;
    expect(training.targets).toHaveLength(12);
    expect(training.steps.map((s) => s.target)).toEqual(['training-job/llm-finetune-bench-01']);
    expect(training.skipped).toContainEqual({ target: 'llm-finetune-bench-12', reason: "training job 'llm-finetune-bench-12' not found (looked in eu-west-1, account 111122223333); nothing was changed" });
    expect(plans.map((p) => `${p.action} ${p.targets.length}`)).toEqual(expect.arrayContaining(['stop-job 1', 'stop-notebook 1']));
    expect(r.stderr).toMatch(/proposal\(s\) for region us-east-1 left out/);
  });
});
