/**
 * `sm-ir --help` and `--version` stay light: they never load the AWS SDK (nor zod, which only the
 * commands that read the playbook need). Checked on the module graph, not with timing.
 */
import { describe, expect, it } from 'vitest';
import { cli, modulesLoaded, sourcesOf } from './module-log.js';

describe('start-up', () => {
  for (const args of [['--version'], ['-V'], ['--help'], ['detect', '--help'], ['contain', '--help']]) {
    it(`sm-ir ${args.join(' ')} loads neither @aws-sdk nor zod`, () => {
      const { modules, status, stdout } = cli(args);
      expect(status).toBe(0);
      expect(stdout.length).toBeGreaterThan(0);
      expect(modules.some((m) => m.endsWith('/dist/cli.js'))).toBe(true); // the hook saw the graph
      const sources = sourcesOf(modules);
      // The bundle's chunks map back to sources: the help needs the registry of commands, the version not even that.
      expect(sources.includes('src/commands/registry.ts')).toBe(!/^(--version|-V)$/.test(args[0]!));
      expect(sources.filter((m) => m.includes('/@aws-sdk/') || m.includes('/@smithy/'))).toEqual([]);
      expect(sources.filter((m) => m.includes('node_modules/zod/'))).toEqual([]);
    });
  }

  it('--version alone does not even load the option parser', () => {
    expect(sourcesOf(cli(['--version']).modules).filter((m) => m.includes('node_modules/'))).toEqual([]);
  });

  it('detect --logs loads the playbook (zod) but not the AWS SDK', () => {
    const { modules, status } = cli(['detect', '--logs', 'fixtures/incident', '--since', 'all', '--output', 'json']);
    expect(status).toBe(0);
    const sources = sourcesOf(modules);
    expect(sources.some((m) => m.includes('node_modules/zod/'))).toBe(true);
    expect(sources.filter((m) => m.includes('/@aws-sdk/'))).toEqual([]);
  });

  it('the hook does see the AWS SDK when it is loaded', () => {
    const { modules, status } = modulesLoaded(['--input-type=module', '-e', "import '@aws-sdk/client-sts';"]);
    expect(status).toBe(0);
    expect(modules.some((m) => m.includes('/@aws-sdk/client-sts/'))).toBe(true);
  });
});
