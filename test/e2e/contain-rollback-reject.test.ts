/**
 * The non-destructive containments (issue 18): `rollback-endpoint NAME --to-config CONFIG` points an
 * endpoint back at a known-good configuration, `reject-model-package GROUP/VERSION` takes a version
 * out of approved deployments. Through the built binary against the fake.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditLog, contain, startWorld, writeCalls, type ContainWorld } from './contain-fake.js';
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
const changes = (caseDir = w.caseDir) => settledChanges(auditLog(caseDir)).map((e) => `${e.operation}:${e.outcome}`);

describe('rollback-endpoint', () => {
  beforeEach(() => {
    w.sm.seed.model('m-good');
    w.sm.seed.model('m-poisoned');
    w.sm.seed.endpointConfig('cfg-good', ['m-good']);
    w.sm.seed.endpointConfig('cfg-poisoned', ['m-poisoned']);
    w.sm.seed.endpoint('fraud', 'cfg-poisoned');
  });

  it('switches the endpoint to the known-good configuration, keeping the other; a re-run is already-done', async () => {
    const r = await contain(w, ['rollback-endpoint', 'fraud', '--to-config', 'cfg-good', '--yes', '--case', w.caseDir, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(w.sm.state.endpoints.get('fraud')).toMatchObject({ status: 'InService', configName: 'cfg-good' });
    expect(w.sm.state.endpointConfigs.has('cfg-poisoned')).toBe(true);
    expect(changes()).toEqual(['UpdateEndpoint:ok']);
    // Both configurations and their models were kept as evidence before the change.
    const reads = auditLog(w.caseDir).filter((e) => e.readOnly === true).map((e) => `${e.operation} ${JSON.stringify(e.parameters)}`);
    for (const what of ['DescribeEndpointConfig {"EndpointConfigName":"cfg-poisoned"}', 'DescribeEndpointConfig {"EndpointConfigName":"cfg-good"}', 'DescribeModel {"ModelName":"m-poisoned"}']) expect(reads).toContain(what);
    const before = writeCalls(w).length;
    const again = await contain(w, ['rollback-endpoint', 'fraud', '--to-config', 'cfg-good', '--yes', '--case', w.caseDir, '--output', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(writeCalls(w)).toHaveLength(before);
  });

  it('refuses without --to-config, with it on another action, and a configuration that does not exist, changing nothing', async () => {
    const none = await contain(w, ['rollback-endpoint', 'fraud', '--yes', '--case', w.caseDir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('rollback-endpoint needs --to-config CONFIG');
    const misplaced = await contain(w, ['delete-endpoint', 'fraud', '--to-config', 'cfg-good', '--yes', '--case', w.caseDir]);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('--to-config is for rollback-endpoint');
    const missing = await contain(w, ['rollback-endpoint', 'fraud', '--to-config', 'cfg-typo', '--yes', '--case', w.caseDir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("endpoint configuration 'cfg-typo' not found");
    expect(writeCalls(w)).toEqual([]);
    expect(w.sm.state.endpoints.get('fraud')?.configName).toBe('cfg-poisoned');
  });
});

describe('reject-model-package', () => {
  it('sets an approved version to Rejected with a reason, by GROUP/VERSION or ARN; a re-run is already-done; a missing version is an error', async () => {
    const arn = w.sm.seed.modelPackage('fraud-models', 3);
    const r = await contain(w, ['reject-model-package', 'fraud-models/3', '--yes', '--case', w.caseDir, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(w.sm.state.modelPackages.get(arn)).toMatchObject({ approval: 'Rejected', approvalDescription: expect.stringContaining('Rejected by sm-ir contain') });
    expect(changes()).toEqual(['UpdateModelPackage:ok']);
    const before = writeCalls(w).length;
    const again = await contain(w, ['reject-model-package', arn, '--yes', '--case', w.caseDir, '--output', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(writeCalls(w)).toHaveLength(before);
    const typo = await contain(w, ['reject-model-package', 'fraud-models/4', '--yes', '--case', `${w.caseDir}-typo`]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("model package 'fraud-models/4' not found");
    const bad = await contain(w, ['reject-model-package', 'fraud-models/../x', '--yes', '--case', `${w.caseDir}-bad`]);
    expect(bad.code).toBe(2);
  });
});
