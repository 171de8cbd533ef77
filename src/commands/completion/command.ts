import { Argument, type Command } from 'commander';
import { SHELLS } from './shells.js';

export function define(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script: commands, options, their values (scenario and rule ids, containment actions, formats)')
    .addArgument(new Argument('<shell>', 'the shell').choices([...SHELLS]))
    .action(async (shell: (typeof SHELLS)[number], _opts: unknown, command: Command) => {
      process.exitCode = await (await import('./index.js')).run(shell, command.parent as Command);
    });
}
