/**
 * contain calls AWS by operation name through src/aws/sdk/<service>.ts (the bundle keeps only what those
 * modules name: scripts/build.mjs). Every call the playbook declares for a containment action must
 * be there, or the action would fail at run time with "no <operation> in the <service> SDK".
 */
import { describe, expect, it } from 'vitest';
import { loadPlaybookFile } from '../../../src/playbook/load.js';

const MODULES: Record<string, () => Promise<Record<string, unknown>>> = {
  sagemaker: () => import('../../../src/aws/sdk/sagemaker.js'),
  iam: () => import('../../../src/aws/sdk/iam.js'),
  sts: () => import('../../../src/aws/sdk/sts.js'),
};

describe('the SDK modules name every operation the containment actions declare', () => {
  const calls = loadPlaybookFile('containment').actions.flatMap((a) => [...a.calls, ...a.evidence].map((c) => ({ action: a.id, ...c })));
  it('covers every declared call', async () => {
    const missing: string[] = [];
    for (const c of calls) {
      const load = MODULES[c.service];
      if (!load) missing.push(`${c.action}: no SDK module for service ${c.service}`);
      else if (typeof (await load())[`${c.operation}Command`] !== 'function') missing.push(`${c.action}: ${c.service} ${c.operation}`);
    }
    expect(calls.length).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });
});
