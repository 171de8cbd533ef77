import { describe, expect, it } from 'vitest';
import type { ReadCaller } from '../../../src/commands/posture/caller.js';
import { readInventory } from '../../../src/commands/posture/read.js';

type Answer = (input: Record<string, unknown>) => Record<string, unknown>;
const denied = () => Object.assign(new Error('User is not authorized to perform: sagemaker:ListNotebookInstances'), { name: 'AccessDeniedException' });

/** A ReadCaller over a table of answers by `region operation`, recording each call. */
function fakeCaller(answers: Record<string, Answer>): ReadCaller & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async call(service, region, operation, input = {}) {
      calls.push(`${region} ${operation} ${JSON.stringify(input)}`);
      if (operation === 'GetCallerIdentity') return { Account: '111122223333' };
      const answer = answers[`${region} ${operation}`] ?? answers[operation];
      if (!answer) return {};
      return answer(input);
    },
  };
}

const names = (n: number) => Array.from({ length: n }, (_, i) => ({ NotebookInstanceName: `nb-${String(i).padStart(3, '0')}` }));

describe('readInventory', () => {
  it('follows NextToken to the last page and describes every item', async () => {
    const all = names(250);
    const caller = fakeCaller({
      ListNotebookInstances: (input) => {
        const start = Number(input.NextToken ?? 0);
        return { NotebookInstances: all.slice(start, start + 100), ...(start + 100 < all.length ? { NextToken: String(start + 100) } : {}) };
      },
      DescribeNotebookInstance: (input) => ({ NotebookInstanceName: input.NotebookInstanceName, NotebookInstanceArn: `arn:${String(input.NotebookInstanceName)}`, RootAccess: 'Disabled' }),
    });
    const inv = await readInventory(caller, ['us-east-1'], 'us-east-1');
    expect(inv.notebookInstances).toHaveLength(250);
    expect(caller.calls.filter((c) => c.includes('ListNotebookInstances '))).toEqual([
      'us-east-1 ListNotebookInstances {"MaxResults":100}',
      'us-east-1 ListNotebookInstances {"MaxResults":100,"NextToken":"100"}',
      'us-east-1 ListNotebookInstances {"MaxResults":100,"NextToken":"200"}',
    ]);
    expect(inv.gaps).toEqual([]);
  });

  it('a denied listing in one region is a gap naming the permission; the other region is read', async () => {
    const caller = fakeCaller({
      'eu-west-1 ListNotebookInstances': () => {
        throw denied();
      },
      ListNotebookInstances: () => ({ NotebookInstances: names(1) }),
      DescribeNotebookInstance: (input) => ({ NotebookInstanceName: input.NotebookInstanceName, NotebookInstanceArn: 'arn:x' }),
    });
    const inv = await readInventory(caller, ['us-east-1', 'eu-west-1'], 'us-east-1');
    expect(inv.notebookInstances.map((n) => n.region)).toEqual(['us-east-1']);
    expect(inv.gaps).toEqual([
      { resource: 'notebook-instance', region: 'eu-west-1', service: 'sagemaker', operation: 'ListNotebookInstances', permission: 'sagemaker:ListNotebookInstances', code: 'AccessDeniedException', message: expect.stringContaining('not authorized') },
    ]);
  });

  it('credentials that fail stop the run with the explanation, instead of a report of gaps', async () => {
    const caller = fakeCaller({
      ListNotebookInstances: () => {
        throw Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' });
      },
    });
    await expect(readInventory(caller, ['us-east-1'], 'us-east-1')).rejects.toThrow('the security token has expired in us-east-1');
  });

  it('keeps lifecycle scripts as AWS returns them, OnCreate then OnStart', async () => {
    const caller = fakeCaller({
      ListNotebookInstanceLifecycleConfigs: () => ({ NotebookInstanceLifecycleConfigs: [{ NotebookInstanceLifecycleConfigName: 'lc' }] }),
      DescribeNotebookInstanceLifecycleConfig: () => ({ NotebookInstanceLifecycleConfigName: 'lc', NotebookInstanceLifecycleConfigArn: 'arn:lc', OnStart: [{ Content: 'b24tc3RhcnQ=' }], OnCreate: [{ Content: 'b24tY3JlYXRl' }] }),
    });
    const inv = await readInventory(caller, ['us-east-1'], 'us-east-1');
    expect(inv.notebookLifecycleConfigs).toEqual([
      { region: 'us-east-1', name: 'lc', arn: 'arn:lc', scripts: [{ hook: 'OnCreate', content: 'b24tY3JlYXRl' }, { hook: 'OnStart', content: 'b24tc3RhcnQ=' }] },
    ]);
  });
});
