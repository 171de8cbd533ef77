/**
 * `sm-ir prepare --config-rules` / `--apply-config-rules` through the built binary against the fake
 * AWS Config: the per-region report, creating only the missing managed rules with their source
 * identifier and SageMaker scope, a re-run that changes nothing, and the refusals.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigFakeOptions } from '../fake-aws/services/config.js';
import { ConfigRulesSchema } from '../../src/core/prepare/schema.js';
import { E2E_TIMEOUT, closeFixtures, documented, startPrepareFake } from './prepare-fixture.js';

afterEach(async () => {
  expect(await closeFixtures()).toEqual([]);
});

/** The playbook's six rules with the identifier, scope and trigger of the AWS Config managed rules reference. */
const RULES: Record<string, { identifier: string; scope: string; periodic: boolean }> = {
  'sagemaker-endpoint-configuration-kms-key-configured': { identifier: 'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED', scope: 'AWS::SageMaker::EndpointConfig', periodic: true },
  'sagemaker-endpoint-config-prod-instance-count': { identifier: 'SAGEMAKER_ENDPOINT_CONFIG_PROD_INSTANCE_COUNT', scope: 'AWS::SageMaker::EndpointConfig', periodic: true },
  'sagemaker-notebook-instance-inside-vpc': { identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC', scope: 'AWS::SageMaker::NotebookInstance', periodic: false },
  'sagemaker-notebook-instance-kms-key-configured': { identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED', scope: 'AWS::SageMaker::NotebookInstance', periodic: true },
  'sagemaker-notebook-instance-root-access-check': { identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_ROOT_ACCESS_CHECK', scope: 'AWS::SageMaker::NotebookInstance', periodic: false },
  'sagemaker-notebook-no-direct-internet-access': { identifier: 'SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS', scope: 'AWS::SageMaker::NotebookInstance', periodic: true },
};
const REGIONS = 'us-east-1,eu-west-1,ap-southeast-2';

/** us-east-1 records and has two of the rules (one under its own name) plus an unrelated one; eu-west-1's recorder is stopped; ap-southeast-2 has none. */
const ACCOUNT: ConfigFakeOptions = {
  regions: {
    'us-east-1': {
      rules: [
        { name: 'sagemaker-notebook-instance-inside-vpc', identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC', compliance: 'COMPLIANT' },
        { name: 'team-root-access', identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_ROOT_ACCESS_CHECK', compliance: 'NON_COMPLIANT' },
        { name: 's3-bucket-versioning-enabled', identifier: 'S3_BUCKET_VERSIONING_ENABLED', compliance: 'COMPLIANT' },
      ],
    },
    'eu-west-1': { recorder: { name: 'default', recording: false } },
  },
};

const puts = (f: Awaited<ReturnType<typeof startPrepareFake>>) => f.fake.stats.select({ operation: 'PutConfigRule' });

describe('sm-ir prepare --config-rules', { timeout: E2E_TIMEOUT }, () => {
  it('reports per region: the recorder, which of the six rules exist (under any name) and their compliance; no change', async () => {
    const f = await startPrepareFake({ config: ACCOUNT });
    const r = await f.run(['--config-rules', '--regions', REGIONS, '--output', 'json']);
    expect(r.code).toBe(0);
    const doc = documented(ConfigRulesSchema, r.stdout);
    expect(doc.schema).toBe('sm-ir/prepare-config-rules@1');
    expect(doc.mode).toBe('report');
    const [us, eu, ap] = doc.regions;
    expect(us!.recorderRunning).toBe(true);
    expect(us!.rules.map((x) => [x.name, x.existingName, x.compliance])).toEqual([
      ['sagemaker-endpoint-configuration-kms-key-configured', null, null],
      ['sagemaker-endpoint-config-prod-instance-count', null, null],
      ['sagemaker-notebook-instance-inside-vpc', 'sagemaker-notebook-instance-inside-vpc', 'COMPLIANT'],
      ['sagemaker-notebook-instance-kms-key-configured', null, null],
      ['sagemaker-notebook-instance-root-access-check', 'team-root-access', 'NON_COMPLIANT'],
      ['sagemaker-notebook-no-direct-internet-access', null, null],
    ]);
    expect(eu).toMatchObject({ region: 'eu-west-1', recorderRunning: false, recorderName: 'default', missing: Object.keys(RULES) });
    expect(ap).toMatchObject({ region: 'ap-southeast-2', recorderRunning: false, recorderName: null });
    expect(doc.changes).toEqual([]);
    expect(r.stderr).toContain('eu-west-1: the configuration recorder is not running');
    expect(r.stderr).toContain('ap-southeast-2: no configuration recorder: set up AWS Config here first');
    expect(puts(f)).toEqual([]);
    expect(new Set(f.fake.stats.calls.map((c) => c.region))).toEqual(new Set(REGIONS.split(',')));
  });

  it('prints the report as a table', async () => {
    const f = await startPrepareFake({ config: ACCOUNT });
    // Wide enough that no cell wraps (the table fits COLUMNS, issue 20).
    const r = await f.run(['--config-rules', '--regions', REGIONS], { env: { COLUMNS: '200' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('AWS Config managed rules');
    expect(r.stdout).toMatch(/eu-west-1\s+│ STOPPED/);
    expect(r.stdout).toMatch(/ap-southeast-2\s+│ NONE/);
    expect(r.stdout).toContain('16 rule(s) missing; --apply-config-rules creates the 10 in regions with a configuration recorder; 6 wait for a recorder.');
    expect(r.stdout).toContain('as team-root-access');
    expect(r.stdout).toContain('NON_COMPLIANT');
  });

  it('--apply-config-rules creates only the missing rules, with the managed source identifier and SageMaker scope; a re-run changes nothing', async () => {
    const f = await startPrepareFake({ config: ACCOUNT });
    const r = await f.run(['--apply-config-rules', '--regions', REGIONS, '--yes', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('created 10 Config rule(s)');
    expect(r.stderr).toContain('ap-southeast-2: no configuration recorder: set up AWS Config here first (no rule is created in this region)');
    const doc = documented(ConfigRulesSchema, r.stdout);
    expect(doc.changes.map((c) => `${c.region} ${c.rule.ConfigRuleName}`)).toEqual([
      ...['sagemaker-endpoint-configuration-kms-key-configured', 'sagemaker-endpoint-config-prod-instance-count', 'sagemaker-notebook-instance-kms-key-configured', 'sagemaker-notebook-no-direct-internet-access'].map((n) => `us-east-1 ${n}`),
      ...Object.keys(RULES).map((n) => `eu-west-1 ${n}`),
    ]);
    expect(puts(f).map((c) => c.region)).toEqual([...Array(4).fill('us-east-1'), ...Array(6).fill('eu-west-1')]);
    for (const { region, rule: { ConfigRuleName: name } } of doc.changes) {
      const rule = f.config.state.regions.get(region)!.rules.get(name)!;
      const ref = RULES[name]!;
      expect(rule.Source).toEqual({ Owner: 'AWS', SourceIdentifier: ref.identifier });
      expect(rule.Scope).toEqual({ ComplianceResourceTypes: [ref.scope] });
      expect(rule.MaximumExecutionFrequency).toBe(ref.periodic ? 'TwentyFour_Hours' : undefined);
    }
    // Already there as team-root-access: not duplicated.
    expect(f.config.state.regions.get('us-east-1')!.rules.has('sagemaker-notebook-instance-root-access-check')).toBe(false);
    expect(f.config.state.regions.get('ap-southeast-2')!.rules.size).toBe(0);
    expect(f.audit().filter((a) => a.operation === 'PutConfigRule' && a.outcome === 'ok')).toHaveLength(10);

    f.fake.stats.reset();
    const again = await f.run(['--apply-config-rules', '--regions', REGIONS, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No change: the 6 missing rule(s) are in regions without a configuration recorder.');
    expect(again.stderr).toContain('nothing to change');
    expect(puts(f)).toEqual([]);
  });

  it('--add-config-rules creates the named opt-in rules too; the platform-version rule carries --notebook-platform-versions as its parameter, and is refused without it', async () => {
    const f = await startPrepareFake({ config: { regions: { 'us-east-1': {} } } });
    const platform = 'sagemaker-notebook-instance-platform-version';
    const refused = await f.run(['--apply-config-rules', '--add-config-rules', platform, '--regions', 'us-east-1', '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`sm-ir: ${platform} needs --notebook-platform-versions`);
    expect(f.fake.stats.calls).toEqual([]);
    const r = await f.run(['--apply-config-rules', '--add-config-rules', platform, 'sagemaker-model-isolation-enabled', '--notebook-platform-versions', 'notebook-al2-v2', 'notebook-al2-v3', '--regions', 'us-east-1', '--yes', '--output', 'json']);
    expect(r.code).toBe(0);
    const doc = documented(ConfigRulesSchema, r.stdout);
    expect(doc.changes.map((c) => c.rule.ConfigRuleName)).toEqual([...Object.keys(RULES), 'sagemaker-model-isolation-enabled', platform]);
    const created = f.config.state.regions.get('us-east-1')!.rules;
    expect(created.get(platform)).toMatchObject({
      Source: { Owner: 'AWS', SourceIdentifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_PLATFORM_VERSION' },
      Scope: { ComplianceResourceTypes: ['AWS::SageMaker::NotebookInstance'] },
      InputParameters: '{"supportedPlatformIdentifierVersions":"notebook-al2-v2,notebook-al2-v3"}',
    });
    expect(created.get('sagemaker-model-isolation-enabled')?.Source.SourceIdentifier).toBe('SAGEMAKER_MODEL_ISOLATION_ENABLED');
  });

  it("--regions all covers every region the account has enabled, opted-in ones included, and no other", async () => {
    const f = await startPrepareFake({ config: ACCOUNT, optedIn: ['af-south-1'] });
    const r = await f.run(['--config-rules', '--regions', 'all', '--output', 'json']);
    expect(r.code).toBe(0);
    const regions = (documented(ConfigRulesSchema, r.stdout)).regions.map((x) => x.region);
    const enabled = f.fake.regions.filter((x) => x.optIn !== 'not-opted-in').map((x) => x.name).sort();
    expect(regions).toEqual(enabled);
    expect(regions).toContain('af-south-1');
    expect(regions).not.toContain('me-south-1');
    expect(f.fake.stats.count({ service: 'config' }, 'ok')).toBe(f.fake.stats.count({ service: 'config' }));
  });

  it('refuses a region the account has not enabled (exit 2) before any Config call', async () => {
    const f = await startPrepareFake({ config: ACCOUNT });
    const r = await f.run(['--config-rules', '--regions', 'us-east-1,me-south-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--regions: me-south-1 is not a region enabled for this account');
    expect(f.fake.stats.count({ service: 'config' })).toBe(0);
  });

  it('shows the plan and refuses without --yes and without a TTY (exit 2), creating nothing', async () => {
    const f = await startPrepareFake({ config: ACCOUNT });
    const r = await f.run(['--apply-config-rules', '--regions', 'us-east-1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('1. us-east-1: PutConfigRule sagemaker-endpoint-configuration-kms-key-configured (SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED)');
    expect(r.stderr).toContain('no TTY to ask on');
    expect(puts(f)).toEqual([]);
  });

  it('reports the regions it could read when one fails, with the partial-result exit code', async () => {
    const f = await startPrepareFake({ config: ACCOUNT });
    f.fake.faults.denyAccess({ service: 'config', region: 'eu-west-1' });
    const r = await f.run(['--config-rules', '--regions', 'us-east-1,eu-west-1', '--output', 'json']);
    expect(r.code).toBe(4);
    expect((documented(ConfigRulesSchema, r.stdout)).regions.map((x) => x.region)).toEqual(['us-east-1']);
    expect(r.stderr).toMatch(/eu-west-1: .*config:DescribeConfigurationRecorderStatus/);
  });

  it('stops at a denied PutConfigRule, naming the action and how far it got; the audit log has the failure', async () => {
    const f = await startPrepareFake({ config: ACCOUNT });
    f.fake.faults.denyAccess({ operation: 'PutConfigRule', region: 'eu-west-1' });
    const r = await f.run(['--apply-config-rules', '--regions', 'us-east-1,eu-west-1', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('config:PutConfigRule');
    expect(r.stderr).toContain('(after 4 of 10 change(s); fix the cause and re-run');
    expect(f.audit().map((a) => a.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'error']);
  });

  it('Ctrl-C between PutConfigRule calls stops, says how far it got (exit 130); a re-run creates the rest', async () => {
    const f = await startPrepareFake({ config: ACCOUNT });
    let child: ChildProcess | undefined;
    let stderr = '';
    const real = f.config.handlers.PutConfigRule!;
    let first = true;
    f.config.handlers.PutConfigRule = async (req) => {
      if (first) {
        first = false;
        child!.kill('SIGINT');
        for (let i = 0; i < 500 && !stderr.includes('stopping after the current call'); i++) await new Promise((res) => setTimeout(res, 20));
      }
      return real(req);
    };
    const r = await f.run(['--apply-config-rules', '--regions', 'us-east-1', '--yes'], {
      onSpawn: (c) => {
        child = c;
        c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('interrupted after 1 of 4 change(s)');
    expect(puts(f)).toHaveLength(1);

    f.fake.stats.reset();
    expect((await f.run(['--apply-config-rules', '--regions', 'us-east-1', '--yes'])).code).toBe(0);
    expect(puts(f)).toHaveLength(3);
  });
});
