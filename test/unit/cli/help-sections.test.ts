import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../../../src/program.js';
import { HELP, helpKey } from '../../../src/commands/help.js';

const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];

/** An example as the shell would split it, up to a pipe or a redirection (which are the shell's). */
function argvOf(example: string): string[] {
  const words = example.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  const end = words.findIndex((w) => w === '|' || w.startsWith('>'));
  return (end === -1 ? words : words.slice(0, end)).map((w) => w.replace(/^["']|["']$/g, ''));
}

describe("every command's --help has Exit codes and Examples, from src/commands/help.ts", () => {
  it('each command and subcommand has an entry, and its help shows both sections', async () => {
    const program = await buildProgram();
    for (const cmd of all(program)) {
      const key = helpKey(cmd);
      expect(HELP[key], `no help entry for ${key}`).toBeDefined();
      let text = '';
      cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: () => {} });
      cmd.outputHelp();
      expect(text, key).toMatch(/\nExit codes:\n +0  done\n/);
      expect(text, key).toMatch(/\nExamples:\n {2}sm-ir /);
    }
    expect(Object.keys(HELP).sort()).toEqual(all(program).map(helpKey).sort());
  });

  it('every example parses: its command, options and choices exist (actions replaced, nothing runs)', async () => {
    const program = await buildProgram();
    for (const cmd of all(program)) cmd.action(() => {}).exitOverride();
    program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
    for (const [key, help] of Object.entries(HELP)) {
      for (const example of help.examples) {
        const argv = argvOf(example);
        expect(argv[0], example).toBe('sm-ir');
        if (key !== 'sm-ir') expect(argv.slice(1).filter((w) => !w.startsWith('-')).slice(0, key.split(' ').length).join(' '), example).toBe(key);
        await expect(program.parseAsync(['node', ...argv]), example).resolves.toBeDefined();
      }
    }
  });
});
