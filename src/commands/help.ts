/**
 * Every command's Exit codes and Examples, in one place: the same layout in each --help, and a test checks
 * that every command has both and that each example names its command. What each code means to a script
 * is errors.ts' EXIT_CODE_MEANINGS (docs/reference/exit-codes.md); here, what it means for this command.
 */
import type { Command } from 'commander';
import { terminalWidth } from '../view/fit.js';

interface CommandHelp {
  /** Exit codes beyond 0, 1 and 2 (which every command has), with what they mean here. */
  exitCodes?: Record<number, string>;
  examples: string[];
}

const COMMON: Record<number, string> = { 0: 'done', 1: 'runtime error (the message says what, a hint what to do)', 2: 'usage error, found before any AWS call' };
const INTERRUPTED = { 130: 'interrupted (Ctrl-C) between steps or at a prompt' };

export const HELP: Record<string, CommandHelp> = {
  'sm-ir': {
    exitCodes: { 3: 'detect, posture: findings at or above --fail-on', 4: 'partial result: a region, account, input or step was not done', 5: 'detect --logs: no CloudTrail record was read', ...INTERRUPTED },
    examples: [
      'sm-ir detect --logs ./AWSLogs --since 7d',
      'sm-ir --profile ir --region eu-west-1 detect --since 24h --output json --out findings.json',
      'sm-ir analyze --case case-42 --findings findings.json --output html --out case-42/report.html',
      'sm-ir contain --from-findings findings.json --region us-east-1 --case case-42 --dry-run',
      'sm-ir completion bash > /etc/bash_completion.d/sm-ir',
    ],
  },
  prepare: {
    exitCodes: { 4: 'partial result: a policy or rule was not deployed (the output says which)', ...INTERRUPTED },
    examples: [
      'sm-ir prepare',
      'sm-ir prepare --explain --output markdown > guardrails.md',
      'sm-ir prepare --apply-scps --target ou-exam-ple12345',
      'sm-ir prepare --apply-scps --target ou-exam-ple12345 --yes',
      'sm-ir prepare --config-rules --regions us-east-1,eu-west-1',
    ],
  },
  'prepare athena-table': {
    examples: [
      'sm-ir prepare athena-table --trail-bucket s3://trail-bucket/AWSLogs/o-exampleorgid/ --accounts 111122223333,444455556666',
      'sm-ir prepare athena-table --trail-bucket s3://trail-bucket/AWSLogs/111122223333/ --athena-output s3://athena-results/sm-ir/ --yes',
    ],
  },
  posture: {
    exitCodes: { 3: 'a check failed at or above --fail-on', 4: 'partial result: a region or a kind of resource could not be read (the output names the call and the IAM permission)' },
    examples: [
      'sm-ir posture',
      'sm-ir posture --regions us-east-1,eu-west-1 --fail-on high',
      'sm-ir posture --output json > posture.json',
      'sm-ir posture --org --role-name OrganizationAccountAccessRole --regions us-east-1,eu-west-1 --fail-on high',
    ],
  },
  detect: {
    exitCodes: {
      3: 'findings at or above --fail-on',
      4: 'partial result: a region, an account, an S3 listing or download could not be read (unreadable files and objects with bad content are reported, not partial)',
      5: '--logs read not one CloudTrail record: never "no findings"',
    },
    examples: [
      'sm-ir detect --logs ./AWSLogs --since 7d',
      'sm-ir detect --logs s3://my-trail-bucket/AWSLogs/o-exampleorgid/ --since 7d --regions us-east-1,eu-west-1',
      'sm-ir detect --since 24h --regions all --output json --out findings.json',
      'sm-ir detect --org --role-name OrganizationAccountAccessRole --since 24h --regions us-east-1,eu-west-1',
      'sm-ir detect --logs incident/ --since all --fail-on high --output jsonl',
      'sm-ir detect --logs incident/ --since all --rule lifecycle-script-suspicious studio-lifecycle-attached',
      'sm-ir detect --logs incident/ --since all --output ocsf > findings.ocsf.jsonl',
      'sm-ir detect --logs incident/ --since all --output asff | while read -r b; do aws securityhub batch-import-findings --cli-input-json "$b"; done',
      'sm-ir detect --logs incident/ --since 2026-11-27T00:00:00Z --baseline 14d --output html --out report.html',
    ],
  },
  analyze: {
    exitCodes: { 2: 'usage error: a findings file that is missing, not JSON or not a detect report; --interactive without --case or a TTY', ...INTERRUPTED },
    examples: [
      'sm-ir analyze --findings findings.json',
      'sm-ir analyze --case case-42 --findings findings.json --interactive',
      'sm-ir analyze --case case-42 --output markdown --out case-42/report.md',
      'sm-ir analyze --case case-42 --output html --out case-42/report.html',
    ],
  },
  contain: {
    exitCodes: { 2: 'usage error, or a change refused: no --yes and no TTY to ask on', 4: 'partial result: a step failed after others were done (re-run with the same --case to finish)', ...INTERRUPTED },
    examples: [
      'sm-ir contain --from-findings findings.json --region us-east-1 --case case-42 --dry-run',
      'sm-ir contain --from-findings findings.json --region us-east-1 --case case-42 --yes',
      'sm-ir contain delete-endpoint fraud-detector-prod --with-config --preserve-artifacts s3://ir-evidence/case-42/ --region us-east-1',
      'sm-ir contain disable-root-access ml-ci-nb --region us-east-1 --case case-42',
      'sm-ir contain revoke-sessions AmazonSageMaker-ExecutionRole-MlCi --case case-42',
    ],
  },
  playbook: {
    examples: ['sm-ir playbook scenarios', 'sm-ir playbook --output markdown > PLAYBOOK.md', 'sm-ir playbook containment --output json'],
  },
  schema: {
    examples: ['sm-ir schema', 'sm-ir schema sm-ir/detect-report@1 > detect-report.schema.json'],
  },
  completion: {
    examples: ['sm-ir completion bash > /etc/bash_completion.d/sm-ir', 'sm-ir completion zsh > "${fpath[1]}/_sm-ir"', 'sm-ir completion fish > ~/.config/fish/completions/sm-ir.fish'],
  },
};

/** The command's path as HELP keys it: `detect`, `prepare athena-table`, `sm-ir` for the program. */
export function helpKey(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.length === 0 ? 'sm-ir' : names.join(' ');
}

/** Words laid out in `width` columns: the first line after `first`, the rest after `rest`, each ending with `end` when continued. */
function wrap(words: string[], width: number, first: string, rest: string, end = ''): string[] {
  const lines: string[] = [];
  let line = first;
  for (const w of words) {
    const start = line === first || line === rest;
    if (!start && line.length + 1 + w.length + end.length > width) {
      lines.push(`${line}${end}`);
      line = rest + w;
    } else line += (start ? '' : ' ') + w;
  }
  lines.push(line);
  return lines;
}

/** The two sections, laid out for the terminal (an example too long for it continues on the next line after a backslash). */
export function helpSections(key: string, width = 80): string {
  const help = HELP[key];
  if (!help) return '';
  const codes = { ...COMMON, ...help.exitCodes };
  const exit = Object.entries(codes).flatMap(([code, meaning]) => wrap(meaning.split(' '), width, `  ${code.padStart(3)}  `, '        '));
  const examples = help.examples.flatMap((e) => wrap(e.split(' '), width, '  ', '      ', ' \\'));
  return `\nExit codes:\n${exit.join('\n')}\n\nExamples:\n${examples.join('\n')}`;
}

/** A command's own notes (addHelpText 'after'), laid out for the terminal like the sections: prose wrapped, commands continued. */
export function addWrappedHelp(cmd: Command, text: string, width = terminalWidth()): void {
  const lines = text.split('\n').flatMap((line) => {
    const indent = /^ */.exec(line)?.[0] ?? '';
    const words = line.trim().split(' ').filter(Boolean);
    if (words.length === 0) return [''];
    return words[0] === 'sm-ir' ? wrap(words, width, indent, `${indent}    `, ' \\') : wrap(words, width, indent, indent);
  });
  cmd.addHelpText('after', lines.join('\n'));
}

/** Adds the sections to the program and every command that has an entry. */
export function addHelpSections(program: Command, width = terminalWidth()): void {
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const cmd of all(program)) {
    const text = helpSections(helpKey(cmd), width);
    if (text) cmd.addHelpText('after', text);
  }
}
