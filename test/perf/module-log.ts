/**
 * Which modules the built binary loads, seen by a module resolve hook (node --import) that logs
 * every URL it resolves, in worker threads too. For start-up and worker checks that do not rely on timing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, ROOT } from '../e2e/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sm-ir-modules-'));
const HOOKS = join(dir, 'hooks.mjs');
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
export const REGISTER = pathToFileURL(join(dir, 'register.mjs')).href;
writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(HOOKS).href)});\n`);

let runs = 0;

/** Run node with the hook on `args` (the CLI's path included or not) and return the module URLs it resolved. */
export function modulesLoaded(nodeArgs: string[], env: Record<string, string> = {}): { modules: string[]; status: number | null; stdout: string } {
  const log = join(dir, `modules-${++runs}.txt`);
  writeFileSync(log, '');
  const res = spawnSync(process.execPath, ['--import', REGISTER, ...nodeArgs], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env, SM_IR_MODULE_LOG: log },
    encoding: 'utf8',
  });
  return { modules: readFileSync(log, 'utf8').split('\n').filter(Boolean), status: res.status, stdout: res.stdout };
}

export const cli = (args: string[], env: Record<string, string> = {}) => modulesLoaded([CLI, ...args], env);

type Metafile = { outputs: Record<string, { inputs: Record<string, unknown> }> };
let metafile: Metafile | undefined;

/**
 * The sources behind loaded modules: the built binary is a bundle (scripts/build.mjs), so a dist/ chunk
 * stands for the sources its metafile entry lists (`node_modules/@aws-sdk/...`, `src/...`); any other
 * module URL stands for itself.
 */
export function sourcesOf(modules: string[]): string[] {
  metafile ??= JSON.parse(readFileSync(join(ROOT, 'dist/meta.json'), 'utf8')) as Metafile;
  const dist = pathToFileURL(join(ROOT, 'dist/')).href;
  return modules.flatMap((m) => {
    if (!m.startsWith(dist)) return [m];
    const output = metafile!.outputs[`dist/${m.slice(dist.length)}`];
    if (!output) throw new Error(`${m} is not in dist/meta.json: rebuild`);
    return Object.keys(output.inputs);
  });
}
