import { Option, type Command } from 'commander';
import { addWrappedHelp } from '../help.js';
import { addAwsOptions, addOutputOption } from '../options.js';
import { SEVERITIES } from '../../playbook/severity.js';

export function define(program: Command): void {
  const cmd = program
    .command('posture')
    .description("check the account's SageMaker resources against the playbook's best practices, and find planted lifecycle scripts (read-only)")
    .addOption(new Option('--fail-on <severity>', 'exit 3 when a check fails at or above this severity').choices([...SEVERITIES]));
  cmd
    .option('--org', 'every active account of the organization (run from the management account or a delegated administrator)')
    .option('--role-name <name>', 'with --org: the role assumed in each member account (needs the read permissions posture lists)');
  addAwsOptions(cmd, { multiRegion: true });
  addOutputOption(cmd);
  addWrappedHelp(
    cmd,
    `
Reads notebook instances, Studio domains, the endpoints' configurations and models, and every notebook and Studio
lifecycle configuration in every region enabled in the account (or --regions); decodes every lifecycle script and runs it through detect's analyser (the same indicators and severity as the
lifecycle-script-suspicious rule) and the secret patterns; each check names its Security Hub control and Prowler
check where one exists, and the sm-ir command that fixes or prevents it. Only reads: the IAM permissions it needs
are listed by \`sm-ir playbook posture\` and docs/commands/posture.md.`,
  );
  cmd.action(async (opts) => {
    process.exitCode = await (await import('./index.js')).run(opts);
  });
}
