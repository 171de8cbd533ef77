// What `sm-ir --help` loads (issue 13): dist/cli.js and, lazily, the command registry with every
// command's options. Cruised on the build, because that is what Node loads: type-only imports are
// gone and import() is still import() (on src, dependency-cruiser either follows type imports or
// transpiles to CommonJS, where import() becomes a static require). Dynamic imports are dropped:
// they are a command's work, loaded when it runs. What remains must not reach the AWS SDK or zod;
// a violation shows the chain of imports that gets there.
// `npm run lint:deps` runs this after the src rules and reads dist/, so build first (`npm test`'s
// pretest does). test/perf/startup.test.ts checks the same at run time.
const ENTRY = '^dist/(cli|commands/registry)\\.js$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'help-loads-no-sdk',
      comment: '`sm-ir --help` never loads the AWS SDK: a command imports it lazily, from the code that runs it.',
      severity: 'error',
      from: { path: ENTRY },
      to: { path: '(^|/)node_modules/@(aws-sdk|smithy)/', reachable: true },
    },
    {
      name: 'help-loads-no-zod',
      comment: 'Nor zod: only the commands that read the playbook validate it.',
      severity: 'error',
      from: { path: ENTRY },
      to: { path: '(^|/)node_modules/zod/', reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { dynamic: true },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default'],
      extensions: ['.js', '.mjs', '.cjs', '.json'],
    },
  },
};
