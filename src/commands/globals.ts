/**
 * Options accepted before the command as after it, as AWS CLI and Prowler users type them:
 * `sm-ir --profile ir --region eu-west-1 detect ...`, `sm-ir --no-color --quiet posture`. The terminal ones
 * (--color/--no-color, --quiet) every command takes; the AWS and output ones go to the command that declares
 * them, and one that does not is refused, not ignored. Given on both sides with different values: refused.
 */
import type { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { resetTerminalPreferences, setTerminalPreferences } from '../output/terminal.js';

/** Options the program takes before a command, handed to the command that runs (attribute name, flag). */
const HANDED_DOWN: [string, string][] = [
  ['profile', '--profile'],
  ['region', '--region'],
  ['endpointUrl', '--endpoint-url'],
  ['output', '--output'],
];

function addTerminalOptions(cmd: Command): void {
  cmd
    .option('--color', 'colour the output even off a terminal (as FORCE_COLOR)')
    .option('--no-color', 'no colour (as NO_COLOR)')
    .option('-q, --quiet', 'the result only: no progress and no notes on stderr (errors still are)');
}

const allCommands = (cmd: Command): Command[] => cmd.commands.flatMap((c) => [c, ...allCommands(c)]);

export function addGlobalOptions(program: Command): void {
  program
    .option('--profile <name>', 'named AWS profile, for the command that follows')
    .option('--region <region>', 'AWS region, for the command that follows')
    .option('--endpoint-url <url>', 'AWS endpoint, for the command that follows')
    .option('-o, --output <format>', "output format, for the command that follows (its --help lists which)");
  addTerminalOptions(program);
  for (const cmd of allCommands(program)) if (!cmd.options.some((o) => o.long === '--quiet')) addTerminalOptions(cmd);

  program.hook('preAction', (_root, action) => {
    const given = program.opts<Record<string, unknown>>();
    const chain = [...ancestors(action), action];
    const pick = (name: string) => chain.reduceRight<unknown>((v, c) => v ?? (c.getOptionValueSource(name) === 'cli' ? c.getOptionValue(name) : undefined), undefined);
    resetTerminalPreferences(); // a program run in process (tests) starts from the environment's defaults
    setTerminalPreferences({ color: pick('color') as boolean | undefined, quiet: pick('quiet') as boolean | undefined });
    for (const [name, flag] of HANDED_DOWN) {
      const value = given[name];
      if (value === undefined) continue;
      const option = action.options.find((o) => o.attributeName() === name);
      if (!option) throw new UsageError(`${flag} does not apply to sm-ir ${commandPath(action)}`, `see sm-ir ${commandPath(action)} --help`);
      if (action.getOptionValueSource(name) === 'cli' && action.getOptionValue(name) !== value) {
        throw new UsageError(`${flag} given twice: ${String(value)} before the command, ${String(action.getOptionValue(name))} after it`, 'give it once');
      }
      checkChoice(option, flag, value, action);
      action.setOptionValueWithSource(name, value, 'cli');
    }
  });
}

function checkChoice(option: Option, flag: string, value: unknown, action: Command): void {
  const choices = (option as Option & { argChoices?: string[] }).argChoices;
  if (choices && !choices.includes(String(value))) {
    throw new UsageError(`${flag} ${String(value)}: sm-ir ${commandPath(action)} writes ${choices.join(', ')}`);
  }
}

function ancestors(cmd: Command): Command[] {
  const out: Command[] = [];
  for (let c = cmd.parent; c; c = c.parent) out.unshift(c);
  return out;
}

const commandPath = (cmd: Command): string => [...ancestors(cmd).slice(1), cmd].map((c) => c.name()).join(' ');
