import { Option, type Command } from 'commander';
import { addWrappedHelp } from '../help.js';
import { addAwsOptions, addOutputOption } from '../options.js';
import { REPORT_FORMATS } from '../../output/formats.js';
import { refuseTogether } from '../conflicts.js';
import { SEVERITIES } from '../../playbook/severity.js';
import { FINDING_LIMITS, PER_RULE_FACTOR } from '../../core/classify/finding-limit.js';

export function define(program: Command): void {
  const cmd = program
    .command('detect')
    .description("find the playbook's threat scenarios in CloudTrail: live (LookupEvents), log files (--logs, local or s3://), Athena or CloudTrail Lake (--source)")
    .option('--logs <paths...>', 'read CloudTrail log files or directories (.json, .json.gz, JSON Lines, lookup-events output), or a trail\'s archive in S3 (s3://bucket/prefix), instead of the live API')
    .option('--since <when>', 'start of the window: 30m, 24h, 7d, 2w, an ISO-8601 time, or all (default: 24h; with --logs: all)', '24h')
    .option('--until <when>', 'end of the window: a duration before now, an ISO-8601 time, or now', 'now')
    .option('--scenario <ids...>', 'only findings of these scenarios (see `sm-ir playbook scenarios`)')
    .option('--rule <ids...>', 'only findings of these rules (see `sm-ir playbook rules`)')
    .addOption(new Option('--min-severity <severity>', 'only findings at or above this severity').choices([...SEVERITIES]).default('info'))
    .option('--principal <text...>', 'only findings whose principal ARN, key or access key id contains this text')
    .addOption(new Option('--fail-on <severity>', 'exit 3 when a finding is at or above this severity').choices([...SEVERITIES]))
    .option('--list-findings <n|all>', `findings listed one by one per rule and actor, a rule at most ${PER_RULE_FACTOR} times that; the rest are counted in the report's aggregated (all: every one, memory grows with them)`, String(FINDING_LIMITS.perActor))
    .option('--aggregated-ids <file>', 'write each finding counted in aggregated, not listed, to this new file (JSON Lines: rule, principal, time, event id, severity)')
    .option('--suppress <file>', 'known-good activity to leave out of the views and --fail-on (JSON or YAML: rule, actor, resource, eventName, reason, expires); kept in JSON under suppressed. Default: .sm-ir/suppress.yaml (or .yml, .json) in the working directory when present')
    .option('--no-suppress', 'read no suppression file, not even .sm-ir/suppress.yaml')
    .addOption(new Option('--group <by>', "the table's findings: one row per rule, actor and event name (event), or one per finding (none)").choices(['event', 'none']).default('event'))
    .option('--baseline <duration>', "also read this period before --since (14d, 2w): a principal's source IP, user agent or passed role seen there lowers its findings one level, a new one raises it")
    .option('--no-activity', "skip the actors' timelines (a second read of the logs or the S3 archive; LookupEvents calls by access key live)")
    .option('--org', 'live source: every active account of the organization (run from the management account or a delegated administrator)')
    .option('--role-name <name>', 'with --org: the role assumed in each member account (needs cloudtrail:LookupEvents, ec2:DescribeRegions)')
    .option('--save-events <dir>', 'live source: also write the fetched events as CloudTrail log files (for --logs re-runs)')
    .addOption(new Option('--source <kind>', 'where events come from: live (LookupEvents, default), athena or lake (see "at scale" below)').choices(['live', 'athena', 'lake']))
    .option('--athena-table <name>', 'athena: the CloudTrail table (created by sm-ir prepare athena-table: cloudtrail_logs)')
    .option('--athena-database <name>', 'athena: its database', 'default')
    .option('--athena-workgroup <name>', 'athena: the workgroup to run in (default: primary)')
    .option('--athena-output <s3uri>', "athena: where Athena writes results (default: the workgroup's setting)")
    .option('--athena-create-table', 'deprecated, goes in the next release: use sm-ir prepare athena-table (same options)')
    .option('--trail-bucket <s3uri>', 'the trail prefix for --athena-create-table: s3://BUCKET/AWSLogs/ACCOUNT/ or s3://BUCKET/AWSLogs/o-ORG/')
    .option('--accounts <list>', "athena, lake: only these accounts' events; --athena-create-table over an organization prefix: the member accounts")
    .option('--event-data-store <id|arn>', 'lake: the CloudTrail Lake event data store')
    .option('--yes', 'confirm --athena-create-table without asking')
    .option('--audit-log <path>', 'append every change to this JSON Lines file', './sm-ir-audit.jsonl')
    .addOption(new Option('--no-prefilter', 'parse every record (the byte-level prefilter is proven equivalent; for checks)').hideHelp());
  addAwsOptions(cmd, { multiRegion: true });
  addOutputOption(cmd, REPORT_FORMATS);
  cmd.option('--out <file>', 'write the report to this file (in the --output format), and a summary to the terminal');
  refuseTogether(cmd, '--save-events', ['--logs'], '--save-events goes with the live source, not with --logs');
  refuseTogether(cmd, '--org', ['--logs'], '--org reads every account live (LookupEvents), not --logs', "an organization trail's archive already holds every account: --logs s3://BUCKET/AWSLogs/o-ORGID/");
  addWrappedHelp(
    cmd,
    `
At scale (an organization's archive): query it where it lies and classify what comes back.
  sm-ir prepare athena-table --trail-bucket s3://trail-bucket/AWSLogs/o-exampleorgid/ --accounts 111122223333,444455556666
  sm-ir detect --source athena --athena-table cloudtrail_logs --since 30d --athena-output s3://athena-results/sm-ir/
  sm-ir detect --source lake --event-data-store EVENT_DATA_STORE_ID --since 30d
Both bill $5 per TB scanned (Athena: at least 10 MB a query); the query is limited to the window's days and
the watched event sources, and what it scanned is reported. CloudTrail Lake is closed to new customers since 2026-05-31.`,
  );
  cmd.action(async (opts, command: Command) => {
    const sinceGiven = command.getOptionValueSource('since') !== 'default';
    const groupGiven = command.getOptionValueSource('group') !== 'default';
    process.exitCode = await (await import('./index.js')).run({ ...opts, sinceGiven, groupGiven });
  });
}
