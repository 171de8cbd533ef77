import { Option, type Command } from 'commander';
import { addAwsOptions, addOutputOption } from '../options.js';
import { refuseTogether } from '../conflicts.js';

/** `sm-ir prepare`: options only; the work (and the AWS SDK) is imported when it runs. */
export function define(program: Command): void {
  const cmd = program
    .command('prepare')
    .description("deploy the playbook's preventive SCPs to an organization and check its detective AWS Config rules (plan first, then apply)")
    .option('--target <id>', 'root (r-xxxx), OU (ou-xxxx-xxxxxxxx) or account (123456789012) to attach the SCPs to')
    .option('--apply-scps', 'create, update and attach the SCPs on --target (after confirmation)')
    .option('--remove', "detach and delete sm-ir's SCPs (only those tagged and named by sm-ir); with --target, detach them from that target only")
    .option('--allowed-ip <cidr...>', 'public CIDRs allowed to create notebook pre-signed URLs (RestrictUrlToIp)')
    .option('--allowed-instance-types <type...>', 'instance types allowed for notebook instances (SageMakerLimitInstanceTypes)')
    .option('--allowed-studio-instance-types <type...>', "instance types allowed for Studio apps, spaces, user profiles and domains; 'system' is always kept")
    .option('--allowed-vpce <id...>', 'VPC endpoints through which pre-signed URLs may be created (adds RestrictUrlToVpce)')
    .option('--exempt-role <arn...>', 'break-glass role ARNs every guardrail exempts (aws:PrincipalArn, wildcards allowed)')
    .option('--guardrails <id...>', 'opt-in guardrails to add (restrict-domain-url-to-ip, allowed-lifecycle-configs, lifecycle-config-admins, require-imdsv2, studio-vpc-only, ...)')
    .option('--lifecycle-admin-roles <arn...>', 'roles that may write notebook lifecycle configurations (lifecycle-config-admins)')
    .option('--allowed-lifecycle-configs <arn...>', 'lifecycle configuration ARNs notebook instances may use (allowed-lifecycle-configs)')
    .option('--allow-broad', 'accept 0.0.0.0/0, ::/0 and instance-type patterns that match every type')
    .option('--explain', 'also print, for each statement, what it denies and lets through (compliant, non-compliant, omitted field, VPC endpoint, AWS service, break-glass role)')
    .option('--only <id...>', 'deploy only these statements (id or Sid from playbook/scps.json)')
    .option('--except <id...>', 'leave these statements out')
    .option('--config <file>', 'JSON file with the same parameters ({"allowed-ip": [...], "only": [...], ...}); flags win')
    .option('--accept-findings <id...>', "with --apply-scps: deploy despite these IAM Access Analyzer SECURITY_WARNING findings (<policy>/<ISSUE_CODE>, ISSUE_CODE, or 'all'); an ERROR finding always stops")
    .option('--enable-policy-type', 'enable the SERVICE_CONTROL_POLICY type on the root if it is off (part of the plan)')
    .option('--config-rules', "report, per region, the recorder and the playbook's AWS Config managed rules")
    .addOption(new Option('--apply-config-rules', 'create the missing Config rules (after confirmation)').implies({ configRules: true }))
    .addOption(
      new Option('--add-config-rules <name...>', "also cover these opt-in Config rules AWS added since the playbook (names from `sm-ir playbook config-rules`, or all)").implies({ configRules: true }),
    )
    .option('--notebook-platform-versions <id...>', 'platform identifiers notebook instances may use (sagemaker-notebook-instance-platform-version; e.g. notebook-al2-v3)')
    .option('--yes', 'confirm the change without asking (runbooks)')
    .option('--audit-log <path>', 'append every change to this JSON Lines file', './sm-ir-audit.jsonl');
  addAwsOptions(cmd, { multiRegion: true });
  addOutputOption(cmd, ['table', 'json', 'markdown']);
  const separate = '--apply-scps, --remove and --config-rules/--apply-config-rules are separate runs: pick one';
  refuseTogether(cmd, '--apply-scps', ['--remove', '--config-rules', '--apply-config-rules'], separate);
  refuseTogether(cmd, '--remove', ['--config-rules', '--apply-config-rules'], separate);
  refuseTogether(cmd, '--target', ['--config-rules', '--apply-config-rules', '--add-config-rules'], '--target applies to SCPs; Config rules are per region (--regions)');
  refuseTogether(cmd, '--add-config-rules', ['--apply-scps', '--remove'], separate);
  cmd.action(async (opts) => {
    process.exitCode = await (await import('./index.js')).run(opts);
  });
  const table = cmd
    .command('athena-table')
    .description('create the Athena table over a trail\'s S3 prefix (partition projection) that detect --source athena reads: plan, confirm, audit')
    .option('--trail-bucket <s3uri>', 'the trail prefix: s3://BUCKET/AWSLogs/ACCOUNT/ or s3://BUCKET/AWSLogs/o-ORG/')
    .option('--athena-table <name>', 'the table to create (default: cloudtrail_logs)')
    .option('--athena-database <name>', 'its database', 'default')
    .option('--athena-workgroup <name>', 'the workgroup to run in (default: primary)')
    .option('--athena-output <s3uri>', "where Athena writes results (default: the workgroup's setting)")
    .option('--accounts <list>', 'over an organization prefix: the member accounts, comma-separated')
    .option('--yes', 'confirm without asking (runbooks)')
    .option('--audit-log <path>', 'append every AWS call to this JSON Lines file', './sm-ir-audit.jsonl');
  addAwsOptions(table, { multiRegion: true });
  addOutputOption(table, ['table', 'json']);
  table.action(async (opts) => {
    process.exitCode = await (await import('./athena-table.js')).createAthenaTable(opts);
  });
}
