import type { Command } from 'commander';
import { addWrappedHelp } from '../help.js';
import { addOutputOption } from '../options.js';

export function define(program: Command): void {
  const cmd = program
    .command('analyze')
    .description("the playbook's 15 analysis questions as a checklist, with the evidence detect's findings hold")
    .option('--findings <file>', "detect report (sm-ir detect --output json); default: the one the case's answers were given against, else <case>/findings.json")
    .option('--case <dir>', 'case directory: answers go to analysis.json; audit.jsonl (containment) goes into the report')
    .option('--interactive', 'walk the questions one by one on a TTY, record answers in the case directory, resume where it stopped')
    .option('--out <file>', 'write the output to this file instead of stdout');
  addOutputOption(cmd, ['table', 'json', 'markdown', 'html']);
  addWrappedHelp(
    cmd,
    `
Statuses: evidence found; nothing found in the logs read (never a "no": the logs read may not be all there is); needs a human.`,
  );
  cmd.action(async (opts) => {
    process.exitCode = await (await import('./index.js')).run(opts);
  });
}
