/**
 * `sm-ir --help` and `--version` stay light: they never load the AWS SDK (nor zod, which only the
 * commands that read the playbook need). Checked on the module graph with a resolve hook that logs
 * every module the built binary loads, not with timing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../e2e/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'sm-ir-startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HOOKS = join(tmp, 'hooks.mjs');
writeFileSync(
  HOOKS,
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.SM_IR_MODULE_LOG, r.url + '\\n');
  return r;
}
`,
);
const REGISTER = join(tmp, 'register.mjs');
writeFileSync(REGISTER, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(HOOKS).href)});\n`);

/** The URLs of every module the binary resolved while running these arguments. */
function modulesLoaded(args: string[]): { modules: string[]; status: number | null; stdout: string } {
  const log = join(tmp, `modules-${args.join('_').replace(/[^\w.-]/g, '_')}.txt`);
  writeFileSync(log, '');
  const res = spawnSync(process.execPath, ['--import', pathToFileURL(REGISTER).href, CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', SM_IR_MODULE_LOG: log, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { modules: readFileSync(log, 'utf8').split('\n').filter(Boolean), status: res.status, stdout: res.stdout };
}

describe('start-up', () => {
  for (const args of [['--version'], ['-V'], ['--help'], ['detect', '--help'], ['contain', '--help']]) {
    it(`sm-ir ${args.join(' ')} loads neither @aws-sdk nor zod`, () => {
      const { modules, status, stdout } = modulesLoaded(args);
      expect(status).toBe(0);
      expect(stdout.length).toBeGreaterThan(0);
      expect(modules.some((m) => m.endsWith('/dist/cli.js'))).toBe(true); // the hook saw the graph
      expect(modules.filter((m) => m.includes('/@aws-sdk/') || m.includes('/@smithy/'))).toEqual([]);
      expect(modules.filter((m) => m.includes('/node_modules/zod/'))).toEqual([]);
    });
  }

  it('detect --logs loads the playbook (zod) but not the AWS SDK', () => {
    const { modules, status } = modulesLoaded(['detect', '--logs', 'fixtures/incident', '--since', 'all', '--output', 'json']);
    expect(status).toBe(0);
    expect(modules.some((m) => m.includes('/node_modules/zod/'))).toBe(true);
    expect(modules.filter((m) => m.includes('/@aws-sdk/'))).toEqual([]);
  });

  it('the hook does see the AWS SDK when it is loaded', () => {
    const log = join(tmp, 'control.txt');
    writeFileSync(log, '');
    const res = spawnSync(process.execPath, ['--import', pathToFileURL(REGISTER).href, '--input-type=module', '-e', "import '@aws-sdk/client-sts';"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', SM_IR_MODULE_LOG: log },
    });
    expect(res.status).toBe(0);
    expect(readFileSync(log, 'utf8')).toContain('/@aws-sdk/client-sts/');
  });
});
