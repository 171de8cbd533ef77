import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { loadPlaybook } from '../../../src/playbook/load.js';
import { run } from '../../../src/commands/playbook/index.js';
import { SECTIONS } from '../../../src/commands/playbook/sections/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const pb = loadPlaybook();

/** run() into a non-TTY stream; returns what it printed, without colour codes. */
async function output(opts: { section?: string; output: string }): Promise<{ code: number; text: string }> {
  let text = '';
  const out = { isTTY: false, write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream;
  const code = await run(opts, out);
  // eslint-disable-next-line no-control-regex
  return { code, text: text.replace(/\x1b\[[0-9;]*m/g, '') };
}

describe('sm-ir playbook', () => {
  it('prints every section as one JSON document, each section being its validated data', async () => {
    const { code, text } = await output({ output: 'json' });
    expect(code).toBe(0);
    const doc = JSON.parse(text);
    expect(doc.schema).toBe('sm-ir/playbook@1');
    expect(Object.keys(doc.sections)).toEqual(SECTIONS.map((s) => s.name));
    expect(doc.sections.scenarios.schema).toBe('sm-ir/playbook-scenarios@1');
    expect(doc.sections.scenarios.scenarios).toEqual(pb.scenarios.scenarios);
    expect(doc.sections.sources.lookAlikes).toEqual(pb.sources.lookAlikes);
    expect(doc.sections['best-practices'].groups).toEqual(pb.bestPractices.groups);
    expect(doc.attribution).toMatch(/CC-BY-4\.0.*aws-samples\/aws-customer-playbook-framework/);
  });

  it('shows one section alone, with its own schema id', async () => {
    const doc = JSON.parse((await output({ section: 'sources', output: 'json' })).text);
    expect(doc.schema).toBe('sm-ir/playbook-sources@1');
    expect(doc.sources.map((s: { source: string }) => s.source)).toEqual(pb.sources.sources.map((s) => s.source));
    expect(doc.scenarios).toBeUndefined();
  });

  it('lists every scenario with its event names in the table, marking the names that are not real operations', async () => {
    const { text } = await output({ section: 'scenarios', output: 'table' });
    for (const s of pb.scenarios.scenarios) {
      expect(text).toContain(s.id);
      for (const e of s.events) expect(text).toContain(e.name);
    }
    const marked = text.split('\n').filter((l) => l.includes('[not a real operation'));
    expect(marked.join('\n')).toContain('GetModelPackageModelMetrics [not a real operation -> DescribeModelPackage, BatchDescribeModelPackage]');
    expect(marked.join('\n')).toContain('PutModelPackageModelMetrics [not a real operation');
    expect(marked.join('\n')).toContain('UpdateEndpointConfig [not a real operation');
    expect(text).not.toMatch(/\bDescribeTrainingJob \[not a real/);
    expect(text).toContain('iam.amazonaws.com: CreateRole, UpdateRole');
  });

  it('writes markdown with every best practice link and the attribution', async () => {
    const { text } = await output({ output: 'markdown' });
    expect(text).toContain('~~`UpdateEndpointConfig`~~ **not a real operation**');
    expect(text).toContain('[T1562.008](https://attack.mitre.org/techniques/T1562/008/)');
    for (const g of pb.bestPractices.groups) {
      expect(text).toContain(`### ${g.title}`);
      for (const p of g.practices) if (p.url) expect(text).toContain(`](${p.url})`);
    }
    expect(text).toMatch(/CC-BY-4\.0/);
  });

  it('refuses an unknown section with a usage error that lists the valid ones', async () => {
    const err = await output({ section: 'scps-typo', output: 'table' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as UsageError).hint).toBe(`use one of: ${SECTIONS.map((s) => s.name).join(', ')}`);
  });

  it('refuses formats that do not fit documents', async () => {
    await expect(output({ output: 'csv' })).rejects.toBeInstanceOf(UsageError);
  });

  it('exits 2 from the command line on an unknown section, naming the valid ones on stderr', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'playbook', 'nope'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown playbook section 'nope'");
    expect(r.stderr).toContain(`use one of: ${SECTIONS.map((s) => s.name).join(', ')}`);
  });
});
