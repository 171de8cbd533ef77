import { Option, type Command } from 'commander';
import { addAwsOptions, addOutputOption } from '../options.js';
import type { ContainCliOptions } from './index.js';

/** `sm-ir contain <action> <name|arn>...`: options only; the work is in index.ts, imported when it runs. */
export function define(program: Command): void {
  const cmd = program
    .command('contain')
    .description("the playbook's containment actions: plan, confirm, capture evidence, apply, audit")
    .argument('[action]', 'delete-endpoint | delete-endpoint-config | delete-model | rollback-endpoint | reject-model-package | delete-domain | stop-user-apps | delete-user-profile | disable-root-access | stop-notebook | delete-notebook | detach-lifecycle-config | stop-job | deactivate-access-key | quarantine-user | quarantine-role | revoke-sessions')
    .argument('[targets...]', 'resource names or ARNs (domain ids for delete-domain, DOMAIN/PROFILE for stop-user-apps and delete-user-profile, GROUP/VERSION for reject-model-package, role or user names or ARNs for the IAM actions)')
    .option('--from-findings <file>', "propose a plan from detect's JSON report (sm-ir detect --output json)")
    .option('--yes', 'apply without asking (runbooks); without it a TTY prompt asks, and no TTY means no change', false)
    .option('--dry-run', 'show the plan and stop', false)
    .option('--case <dir>', 'case directory for evidence, plan and audit log; reuse it to resume (default ./sm-ir-case-<UTC time>)')
    .option('--with-config', 'delete-endpoint: also delete its endpoint config if no other endpoint uses it', false)
    .option('--with-models', "delete-endpoint: also delete its config's models if no other endpoint uses them", false)
    .option('--delete-home-efs', "delete-domain: delete the domain's home EFS file system; retained by default", false)
    .option('--restart', 'disable-root-access: restart a running notebook even if a lifecycle configuration is attached (its OnStart script runs as root)')
    .option('--no-restart', 'disable-root-access, detach-lifecycle-config: leave the notebook stopped')
    .option('--delete', 'detach-lifecycle-config: also delete the lifecycle config if no other notebook uses it', false)
    .addOption(new Option('--job-type <type>', 'stop-job: the kind of job').choices(['training', 'processing', 'transform', 'tuning']))
    .option('--access-key-id <id>', 'deactivate-access-key: only this key (repeatable); default: every Active key of the user', (v: string, all: string[] = []) => [...all, v])
    .option('--delete-login-profile', "quarantine-user: also delete the user's console password (its login profile is kept as evidence first)", false)
    .option('--preserve-artifacts <s3-uri>', 'delete-endpoint, delete-model, stop-job, rollback-endpoint: first copy the model data and job output in use (server-side, version pinned) to s3://BUCKET/PREFIX')
    .option('--to-config <config>', 'rollback-endpoint: the known-good endpoint configuration to serve from')
    .option('--space', 'stop-user-apps: the targets are spaces (DOMAIN/SPACE), not user profiles', false)
    .option('--allow-self', 'allow quarantining, revoking or deactivating the role, user or key sm-ir itself runs as', false)
    .option('--timeout <minutes>', 'give up waiting for one step after this long', '30')
    .option('--poll <seconds>', 'seconds between state checks while a step settles', '5');
  addAwsOptions(cmd);
  addOutputOption(cmd, ['table', 'json']);
  // Commander hands over the options declared above, under ContainCliOptions' names (the arguments come first).
  cmd.action(async (action: string | undefined, targets: string[], opts: Omit<ContainCliOptions, 'action' | 'targets'>) => {
    process.exitCode = await (await import('./index.js')).run({ ...opts, action, targets });
  });
}
