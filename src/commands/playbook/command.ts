import type { Command } from 'commander';
import { addWrappedHelp } from '../help.js';
import { addOutputOption } from '../options.js';
import { PLAYBOOK_FORMATS } from './formats.js';
import { SECTIONS } from './sections/index.js';

export function define(program: Command): void {
  const cmd = program
    .command('playbook')
    .description('show the playbook as sm-ir holds it: scenarios, sources, rules, questions, SCPs, Config rules, containment steps, best practices')
    .argument('[section]', 'show only this section (default: all)');
  addOutputOption(cmd, PLAYBOOK_FORMATS);
  addWrappedHelp(
    cmd,
    `
Sections:
${SECTIONS.map((s) => `  ${s.name.padEnd(16)} ${s.summary}`).join('\n')}`,
  );
  cmd.action(async (section: string | undefined, opts: { output: string }) => {
    process.exitCode = await (await import('./index.js')).run({ ...(section === undefined ? {} : { section }), output: opts.output });
  });
}
