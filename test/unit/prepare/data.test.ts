import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { loadPlaybookFile } from '../../../src/playbook/load.js';
import { ConfigRulesFile } from '../../../src/playbook/schema.js';
import { CONFIG_RULE_FLAGS } from '../../../src/playbook/config-rule-flags.js';
import { define as defineCommand } from '../../../src/commands/prepare/command.js';

const scps = loadPlaybookFile('scps');
const rules = loadPlaybookFile('configRules');

describe('playbook/scps.json', () => {
  it("holds the original's nine statements, each with its Sid, then sm-ir's additions", () => {
    expect(scps.statements.filter((s) => s.original).map((s) => s.sid)).toEqual([
      'VPCDeployment', 'DenyUnencryptedVolumes', 'DenyUnencryptedTraffic', 'DenyNotIsolated', 'RestrictUrlToIp',
      'DenyDirectInternet', 'SageMakerDenyRootAccess', 'SageMakerDenyRootAccessUpdate', 'SageMakerLimitInstanceTypes', 'SageMakerAllowedInstanceTypes',
    ]);
    // Additions have no original and say so in their description.
    for (const s of scps.statements.filter((x) => !x.original)) expect(s.description).toMatch(/sm-ir addition/);
  });

  it('records a correction wherever the deployed condition differs from the original', () => {
    for (const s of scps.statements.filter((x) => x.original)) {
      const differs = JSON.stringify(s.condition) !== JSON.stringify(s.original);
      expect({ sid: s.sid, hasCorrection: s.correction !== undefined }).toEqual({ sid: s.sid, hasCorrection: differs });
    }
  });

  it('declares every parameter a statement refers to, and keeps the original placeholders only in `original`', () => {
    const declared = new Set(scps.parameters.map((p) => p.id));
    for (const s of scps.statements) {
      for (const [, ref] of JSON.stringify(s.condition).matchAll(/\{\{([a-z-]+)\}\}/g)) expect(declared.has(ref!)).toBe(true);
      expect(JSON.stringify(s.condition)).not.toMatch(/\[[A-Z_]+\]/);
    }
  });
});

describe('playbook/config-rules.json', () => {
  it("holds the playbook's six managed rules with their AWS identifiers", () => {
    expect(rules.rules.filter((r) => !r.optIn).map((r) => r.name)).toEqual([
      'sagemaker-endpoint-configuration-kms-key-configured', 'sagemaker-endpoint-config-prod-instance-count',
      'sagemaker-notebook-instance-inside-vpc', 'sagemaker-notebook-instance-kms-key-configured',
      'sagemaker-notebook-instance-root-access-check', 'sagemaker-notebook-no-direct-internet-access',
    ]);
    for (const r of rules.rules) expect(r.identifier).toBe(r.name.toUpperCase().replace(/-/g, '_'));
  });

  it('holds, opt-in, the SageMaker managed rules AWS Config added since the playbook, with AWS parameter names', () => {
    expect(rules.rules.filter((r) => r.optIn).map((r) => r.name)).toEqual([
      'sagemaker-endpoint-config-kms-key-required', 'sagemaker-model-in-vpc', 'sagemaker-model-isolation-enabled',
      'sagemaker-model-private-registry-required', 'sagemaker-model-multicontainer-private-registry', 'sagemaker-domain-in-vpc',
      'sagemaker-notebook-instance-platform-version', 'sagemaker-data-quality-job-isolation', 'sagemaker-model-quality-job-definition-isolation',
      'sagemaker-model-bias-job-isolation', 'sagemaker-model-explainability-job-network-isolation', 'sagemaker-featuregroup-online-store-encryption',
    ]);
    expect(rules.rules.find((r) => r.name === 'sagemaker-endpoint-configuration-kms-key-configured')!.parameters.map((p) => p.name)).toEqual(['kmsKeyArns']);
    // AWS Config's page for the rule: kmsKeyArns (String, optional), not keyArns.
    expect(rules.rules.find((r) => r.name === 'sagemaker-notebook-instance-kms-key-configured')!.parameters).toEqual([expect.objectContaining({ name: 'kmsKeyArns', type: 'String', optional: true })]);
  });

  it('fills every required parameter from a flag `sm-ir prepare` declares; a required parameter without one fails to load', () => {
    const program = new Command();
    defineCommand(program);
    const declared = new Set(program.commands.find((c) => c.name() === 'prepare')!.options.map((o) => o.long));
    const flagged = rules.rules.flatMap((r) => r.parameters.filter((p) => p.flag));
    expect(flagged.map((p) => p.name)).toEqual(['supportedPlatformIdentifierVersions']);
    for (const p of flagged) expect(declared.has(p.flag!), p.flag).toBe(true);
    for (const r of rules.rules) for (const p of r.parameters) expect(p.optional || p.flag !== undefined, `${r.name}.${p.name}`).toBe(true);
    const platform = rules.rules.find((r) => r.name === 'sagemaker-notebook-instance-platform-version')!;
    const withoutFlag = { ...rules, rules: [{ ...platform, parameters: platform.parameters.map(({ flag: _flag, ...p }) => p) }] };
    expect(ConfigRulesFile.safeParse(withoutFlag).success).toBe(false);
    // A flag prepare does not declare fails when the file is loaded, not when the rule is selected at run time.
    const unknownFlag = { ...rules, rules: [{ ...platform, parameters: platform.parameters.map((p) => ({ ...p, flag: '--no-such-flag' })) }] };
    expect(ConfigRulesFile.safeParse(unknownFlag).success).toBe(false);
    for (const flag of CONFIG_RULE_FLAGS) expect(declared.has(flag), flag).toBe(true);
  });
});
