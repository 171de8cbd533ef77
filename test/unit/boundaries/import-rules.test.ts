import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run lint:deps` (run by `npm test`) must fail on a forbidden import. This runs the same
 * dependency-cruiser CLI with the project's own config on a small tree that breaks each rule once,
 * next to allowed imports that must pass, and checks exactly which imports it reports.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

const TREE: Record<string, string> = {
  'src/errors.ts': 'export class UsageError extends Error {}\n',
  'src/aws/clients.ts': 'export interface Client { send(): void }\nexport const region = "us-east-1";\n',
  'src/sources/files.ts': "import { region } from '../aws/clients.js';\nimport { plan } from '../core/plan.js';\nexport const read = () => [region, plan];\n",
  'src/output/render.ts': "import { printable } from '../view/printable.js';\nexport const render = printable;\n",
  'src/view/printable.ts': 'export const printable = (s: string) => s;\n',
  'src/playbook/severity.ts': "export const SEVERITIES = ['low', 'high'] as const;\n",
  'src/core/plan.ts': "import { SEVERITIES } from '../playbook/severity.js';\nimport { printable } from '../view/printable.js';\nimport { UsageError } from '../errors.js';\nexport const plan = [SEVERITIES, printable, UsageError];\n",
  'src/commands/detect.ts': "import { region } from '../aws/clients.js';\nimport { read } from '../sources/files.js';\nimport { render } from '../output/render.js';\nimport { plan } from '../core/plan.js';\nexport const detect = [region, read, render, plan];\n",
  'src/cli.ts': "import { detect } from './commands/detect.js';\nimport { SSOClient } from '@aws-sdk/client-sso';\nexport const run = [detect, SSOClient];\n",
  // One forbidden import per rule. The first is type-only: it still ties core to the AWS layer.
  'src/core/bad-aws.ts': "import type { Client } from '../aws/clients.js';\nexport type Wrapped = { client: Client };\n",
  'src/core/bad-sources.ts': "import { read } from '../sources/files.js';\nexport const r = read;\n",
  'src/core/bad-output.ts': "import { render } from '../output/render.js';\nexport const r = render;\n",
  'src/core/bad-commands.ts': "import { detect } from '../commands/detect.js';\nexport const d = detect;\n",
  'src/playbook/bad-sdk.ts': "import { STSClient } from '@aws-sdk/client-sts';\nexport const c = STSClient;\n",
  'src/playbook/bad-core.ts': "import { plan } from '../core/plan.js';\nexport const p = plan;\n",
  'src/view/bad-output.ts': "import { render } from '../output/render.js';\nexport const r = render;\n",
  'src/sources/bad-commands.ts': "import { detect } from '../commands/detect.js';\nexport const d = detect;\n",
  'src/sources/bad-dynamic-sdk.ts': "export const load = async () => (await import('@aws-sdk/client-sts')).STSClient;\n",
  'src/aws/sdk/sts.ts': "export { STSClient } from '@aws-sdk/client-sts';\n",
  'src/sources/good-dynamic-sdk.ts': "export const load = async () => (await import('../aws/sdk/sts.js')).STSClient;\n",
  'src/cycle/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
  'src/cycle/b.ts': "import type { a } from './a.js';\nexport const b = (f: typeof a) => f;\n",
};

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

let dir: string;
let violations: Violation[];

/** Runs dependency-cruiser in the fixture tree and returns the violations it reports. */
async function cruise(args: string[]): Promise<Violation[]> {
  // Exit code 1 with violations is the expected outcome: read the JSON report either way.
  const run = promisify(execFile)(process.execPath, [CLI, ...args, '--output-type', 'json'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  const stdout = await run.then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? '',
  );
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

/** A package resolves to a path inside node_modules (through the symlink): name it by the package. */
const target = (to: string): string => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(to)?.[1] ?? to;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sm-ir-boundaries-'));
  for (const [path, text] of Object.entries(TREE)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  for (const config of ['.dependency-cruiser.cjs', 'tsconfig.json']) copyFileSync(join(ROOT, config), join(dir, config));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // The same command as `npm run lint:deps` (its start-up half: test/unit/boundaries/startup-check.test.ts).
  violations = await cruise(['src', '--config', '.dependency-cruiser.cjs']);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('import boundaries (npm run lint:deps)', () => {
  it('reports each forbidden import, type-only ones included, and no allowed one', () => {
    const found = violations.filter((v) => v.rule.name !== 'no-circular').map((v) => `${v.rule.name}: ${v.from} -> ${target(v.to)}`);
    expect(found.sort()).toEqual(
      [
        'cli-loads-no-sdk: src/cli.ts -> @aws-sdk/client-sso',
        'core-is-pure: src/core/bad-aws.ts -> src/aws/clients.ts',
        'core-is-pure: src/core/bad-commands.ts -> src/commands/detect.ts',
        'core-is-pure: src/core/bad-output.ts -> src/output/render.ts',
        'core-is-pure: src/core/bad-sources.ts -> src/sources/files.ts',
        'playbook-is-data: src/playbook/bad-core.ts -> src/core/plan.ts',
        'playbook-loads-no-sdk: src/playbook/bad-sdk.ts -> @aws-sdk/client-sts',
        'sources-below-commands: src/sources/bad-commands.ts -> src/commands/detect.ts',
        'sdk-import-is-named: src/sources/bad-dynamic-sdk.ts -> @aws-sdk/client-sts',
        'view-is-shared: src/view/bad-output.ts -> src/output/render.ts',
      ].sort(),
    );
  });

  it('reports an import cycle closed by a type-only import', () => {
    const cycles = violations.filter((v) => v.rule.name === 'no-circular').map((v) => `${v.from} -> ${v.to}`);
    expect(cycles).toEqual(['src/cycle/a.ts -> src/cycle/b.ts']);
  });
});
