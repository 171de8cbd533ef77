/**
 * What `sm-ir --help` loads (issue 13): dist/cli.js and, lazily, the command registry with every
 * command's options. Read from the bundle's metafile (dist/meta.json, written by scripts/build.mjs),
 * because the bundle is what Node loads: an import() is its own chunk, loaded when a command runs;
 * what the entry chunks reach through static imports must hold neither the AWS SDK nor zod.
 * A violation names the chain of chunks that gets there. test/perf/startup.test.ts checks the same at run time.
 *
 * Usage: node scripts/startup-check.mjs [dist/meta.json]   (npm run lint:deps, after the build)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The sources `--help` loads: the bin and the registry of command definitions. */
export const STARTUP_ENTRIES = ['src/cli.ts', 'src/commands/registry.ts'];

export const FORBIDDEN = [
  { rule: 'help-loads-no-sdk', why: '`sm-ir --help` never loads the AWS SDK: a command imports it lazily, from the code that runs it.', pattern: /(^|\/)node_modules\/@(aws-sdk|smithy)\// },
  { rule: 'help-loads-no-zod', why: 'Nor zod: only the commands that read the playbook validate it.', pattern: /(^|\/)node_modules\/zod\// },
];

/**
 * Every forbidden source reachable by static imports from the outputs of `entries`, as
 * `{ rule, chain: [output, ..., source] }`; externals count by their package path.
 */
export function startupViolations(metafile, entries = STARTUP_ENTRIES) {
  const outputs = metafile.outputs;
  const starts = Object.keys(outputs).filter((o) => entries.includes(outputs[o].entryPoint));
  const missing = entries.filter((e) => !starts.some((o) => outputs[o].entryPoint === e));
  if (missing.length > 0) throw new Error(`no output in the metafile for ${missing.join(', ')}: is dist/ built?`);
  const via = new Map(starts.map((o) => [o, [o]]));
  const queue = [...starts];
  const found = [];
  // One violation per rule and chunk, naming the chunk's first forbidden source: enough to find the import.
  const flag = (chain, sources) => {
    for (const f of FORBIDDEN) {
      const source = sources.find((s) => f.pattern.test(s));
      if (source) found.push({ rule: f.rule, chain: [...chain, source] });
    }
  };
  while (queue.length > 0) {
    const out = queue.shift();
    const chain = via.get(out);
    flag(chain, Object.keys(outputs[out].inputs));
    for (const imp of outputs[out].imports) {
      if (imp.kind !== 'import-statement') continue;
      if (imp.external) flag(chain, [`node_modules/${imp.path}/`]);
      else if (!via.has(imp.path)) {
        via.set(imp.path, [...chain, imp.path]);
        queue.push(imp.path);
      }
    }
  }
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const metafile = JSON.parse(readFileSync(process.argv[2] ?? 'dist/meta.json', 'utf8'));
  const found = startupViolations(metafile);
  for (const v of found) {
    const rule = FORBIDDEN.find((f) => f.rule === v.rule);
    console.error(`${v.rule}: ${v.chain.join(' -> ')}\n  ${rule.why}`);
  }
  if (found.length > 0) process.exit(1);
  console.log(`startup check: ${STARTUP_ENTRIES.join(' and ')} load neither the AWS SDK nor zod`);
}
