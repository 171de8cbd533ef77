/**
 * The start-up half of `npm run lint:deps` (scripts/startup-check.mjs): on the bundle's metafile, what
 * `sm-ir --help` loads through static imports holds neither the AWS SDK nor zod; import() chunks are
 * a command's work and do not count. A small metafile breaks each rule once next to allowed cases.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no declarations
import { startupViolations } from '../../../scripts/startup-check.mjs';

type Import = { path: string; kind: string; external?: boolean };
const out = (inputs: string[], imports: Import[] = [], entryPoint?: string) => ({
  inputs: Object.fromEntries(inputs.map((i) => [i, { bytesInOutput: 1 }])),
  imports,
  ...(entryPoint ? { entryPoint } : {}),
});
const METAFILE = {
  outputs: {
    'dist/cli.js': out(['src/cli.ts', 'src/errors.ts'], [
      { path: 'dist/chunks/registry.js', kind: 'dynamic-import' },
      { path: 'dist/chunks/shared.js', kind: 'import-statement' },
    ], 'src/cli.ts'),
    'dist/chunks/shared.js': out(['src/view/printable.ts']),
    'dist/chunks/registry.js': out(['src/commands/registry.ts'], [
      // Allowed: a command's work behind import(), SDK and all.
      { path: 'dist/chunks/contain.js', kind: 'dynamic-import' },
      // Forbidden: the SDK two static imports away, and zod as an external package.
      { path: 'dist/chunks/eager.js', kind: 'import-statement' },
      { path: 'zod', kind: 'import-statement', external: true },
    ], 'src/commands/registry.ts'),
    'dist/chunks/contain.js': out(['src/commands/contain/index.ts', 'node_modules/@aws-sdk/client-sagemaker/dist-es/SageMakerClient.js'], [], 'src/commands/contain/index.ts'),
    'dist/chunks/eager.js': out(['src/aws/eager.ts'], [{ path: 'dist/chunks/s3.js', kind: 'import-statement' }]),
    'dist/chunks/s3.js': out(['node_modules/@smithy/core/dist-es/index.js']),
  },
};

describe('start-up check (npm run lint:deps)', () => {
  it('reports what `sm-ir --help` would load statically, with its chain, and not what a command imports lazily', () => {
    const found = (startupViolations(METAFILE) as { rule: string; chain: string[] }[]).map((v) => `${v.rule}: ${v.chain.join(' -> ')}`);
    expect(found.sort()).toEqual([
      'help-loads-no-sdk: dist/chunks/registry.js -> dist/chunks/eager.js -> dist/chunks/s3.js -> node_modules/@smithy/core/dist-es/index.js',
      'help-loads-no-zod: dist/chunks/registry.js -> node_modules/zod/',
    ]);
  });

  it('refuses a metafile without the entries (not built, or renamed) instead of passing', () => {
    expect(() => startupViolations({ outputs: {} })).toThrow(/no output in the metafile for src\/cli.ts, src\/commands\/registry.ts/);
  });
});
