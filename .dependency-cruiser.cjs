// Import boundaries (issue 13): the pure core, the entry point and the playbook loader stay free of
// AWS, I/O and command code, and nothing in src imports in a circle. `npm run lint:deps` checks them;
// `npm test` runs it. Type-only imports count: a type import still ties one layer to another.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core plans, classifies and renders; AWS adapters, sources, output and commands call it, never the reverse.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(aws|sources|output|commands)/' },
    },
    {
      name: 'cli-loads-no-sdk',
      comment: 'src/cli.ts and src/program.ts only wire commands; `sm-ir --help` must never load the AWS SDK.',
      severity: 'error',
      from: { path: '^src/(cli|program)\\.ts$' },
      to: { path: '(^|/)node_modules/@(aws-sdk|smithy)/|^@(aws-sdk|smithy)/' },
    },
    {
      name: 'sdk-import-is-named',
      comment: 'import() of an SDK package keeps every operation of its service in the bundle (scripts/build.mjs): load the SDK lazily through src/aws/sdk/<service>.ts, which names what sm-ir calls.',
      severity: 'error',
      from: { pathNot: '^src/aws/sdk/' },
      to: { path: '(^|/)node_modules/@aws-sdk/|^@aws-sdk/', dependencyTypes: ['dynamic-import'] },
    },
    {
      name: 'playbook-loads-no-sdk',
      comment: 'Loading and validating the playbook data needs no AWS SDK.',
      severity: 'error',
      from: { path: '^src/playbook/' },
      to: { path: '(^|/)node_modules/@(aws-sdk|smithy)/|^@(aws-sdk|smithy)/' },
    },
    {
      name: 'playbook-is-data',
      comment: 'The playbook schema and loader sit below everything that reads them (core and commands import them, never the reverse). The one exception is the rules\' metadata: pure data kept next to each rule\'s code (rules/<id>/meta.ts), which imports nothing.',
      severity: 'error',
      from: { path: '^src/playbook/' },
      to: { path: '^src/(core|aws|sources|output|commands|view)/', pathNot: '^src/core/classify/rules/(metadata|[^/]+/meta)\\.ts$' },
    },
    {
      name: 'view-is-shared',
      comment: 'src/view (printable text, the output model type) is what core and output share, so it imports neither.',
      severity: 'error',
      from: { path: '^src/view/' },
      to: { path: '^src/(core|aws|sources|output|commands)/' },
    },
    {
      name: 'sources-below-commands',
      comment: 'Record sources are used by commands; they never reach up into a command.',
      severity: 'error',
      from: { path: '^src/sources/' },
      to: { path: '^src/commands/' },
    },
    {
      name: 'no-circular',
      comment: 'Modules in src import each other in one direction only.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
  },
};
