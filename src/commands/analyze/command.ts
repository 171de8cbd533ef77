import type { Command } from 'commander';
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
  cmd.addHelpText(
    'after',
    `
Statuses: evidence found; nothing found in the logs read (never a "no": the logs read may not be all there is); needs a human.
Exit codes: 0 done, 1 runtime error, 2 usage error (a findings file that is missing, not JSON or not a detect report;
--interactive without --case or without a TTY), 130 interrupted.

Examples:
  sm-ir detect --logs incident/ --since all --output json > findings.json
  sm-ir analyze --findings findings.json
  sm-ir analyze --case case-42 --findings findings.json --interactive
  sm-ir analyze --case case-42 --output markdown --out case-42/report.md
  sm-ir analyze --case case-42 --output html --out case-42/report.html   # one file, no script, no network`,
  );
  cmd.action(async (opts) => {
    process.exitCode = await (await import('./index.js')).run(opts);
  });
}
