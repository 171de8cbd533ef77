import type { Command } from 'commander';

export function define(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of an output model (without an id: list the models)')
    .argument('[id]', 'schema id, e.g. sm-ir/detect-report@1')
    .action(async (id: string | undefined) => {
      process.exitCode = await (await import('./index.js')).run(id);
    });
}
