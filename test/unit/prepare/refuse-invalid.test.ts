/**
 * prepare refuses a policy the service authorization reference does not back (exit 2, statement and
 * key named) before any AWS call. The playbook is altered in memory to hold the deprecated key of
 * the original, then a key the actions do not support, then a misspelt one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as orgSdk from '@aws-sdk/client-organizations';
import { createOrganizationsFake } from '../../fake-aws/services/organizations.js';
import { bridge } from './bridge.js';

const swap = vi.hoisted(() => ({ condition: null as Record<string, Record<string, string>> | null }));
vi.mock('../../../src/playbook/load.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../../src/playbook/load.js')>();
  const loadPlaybookFile = ((name: 'scps') => {
    const d = m.loadPlaybookFile(name);
    if (name !== 'scps' || !swap.condition) return d;
    return { ...d, statements: d.statements.map((s) => (s.id === 'deny-unencrypted-volumes' ? { ...s, condition: swap.condition! } : s)) };
  }) as typeof m.loadPlaybookFile;
  return { ...m, loadPlaybookFile };
});
const { run } = await import('../../../src/commands/prepare/index.js');

beforeEach(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.env.AWS_REGION = 'us-east-1';
});
afterEach(() => vi.restoreAllMocks());

describe('sm-ir prepare refuses keys the reference does not back', () => {
  for (const [key, why] of [
    ['sagemaker:VolumeKmsKey', /DenyUnencryptedVolumes\): condition key sagemaker:VolumeKmsKey is deprecated, replaced by sagemaker:VolumeKmsKeyArn/],
    ['sagemaker:RootAccess', /DenyUnencryptedVolumes\): sagemaker:CreateTrainingJob does not support condition key sagemaker:RootAccess/],
    ['sagemaker:VolumeKmsKeyARN2', /DenyUnencryptedVolumes\): condition key sagemaker:VolumeKmsKeyARN2 is not in the service authorization reference/],
  ] as const) {
    it(`${key}: exit 2 before any AWS call`, async () => {
      const fake = createOrganizationsFake({});
      bridge(orgSdk.OrganizationsClient, orgSdk, fake);
      swap.condition = { Null: { [key]: 'true' } };
      const dir = mkdtempSync(join(tmpdir(), 'sm-ir-refuse-'));
      const attempt = run({ output: 'json', auditLog: join(dir, 'a.jsonl'), target: 'ou-exam-ple12345', applyScps: true, yes: true });
      await expect(attempt).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(why) });
      expect(fake.state.calls).toEqual([]);
    });
  }
});
