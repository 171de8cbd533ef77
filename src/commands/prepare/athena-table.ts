/**
 * `sm-ir prepare athena-table` (and, for one release, the deprecated detect --athena-create-table): the CloudTrail table over the trail's S3 prefix, with partition
 * projection so nothing is loaded. A change to AWS like any other: the plan (the DDL, where it runs,
 * the permissions) first, then the change engine: --yes or a TTY prompt, then the statement, every call in the audit log.
 */
import { createClient } from '../../aws/clients.js';
import { explainAwsError } from '../../aws/errors.js';
import { ATHENA_TABLE_PLAN_SCHEMA_ID, type AthenaTablePlan } from '../../core/athena-table-plan.js';
import { auditedClient } from '../../aws/audited-client.js';
import { AuditLog } from '../../core/audit.js';
import { applyChange } from '../../core/change/engine.js';
import { CallRecorder } from '../../core/change/recorder.js';
import { ExitCode, UsageError } from '../../errors.js';
import { runStatement } from '../../sources/athena/index.js';
import { buildCreateTable, parseTrailLocation } from '../../sources/athena/ddl.js';
import { discoverRegions } from '../../sources/lookup-events/index.js';
import { validateName } from '../../sources/query/sql.js';
import { validateRegion } from '../../aws/clients.js';
import type { OutputFormat } from '../../output/formats.js';
import { resolveAwsContext, type AwsCliOptions, type AwsContext } from '../options.js';
import { validateOutputLocation, validateWorkgroup } from '../athena-options.js';

/** The options creating the table reads (prepare athena-table's, or detect's deprecated flag's). */
export interface AthenaTableOptions extends AwsCliOptions {
  trailBucket?: string;
  athenaTable?: string;
  athenaDatabase: string;
  athenaWorkgroup?: string;
  athenaOutput?: string;
  accounts?: string;
  yes?: boolean;
  auditLog: string;
  /** json: the plan as sm-ir/athena-table-plan@1; anything else: the plan for people. */
  output: OutputFormat | string;
  /** The command line named in the audit log. */
  command?: string;
}
/** CloudTrail began in November 2013: no trail has older folders. */
const PROJECTION_START = '2013/11/01';
export const CREATE_TABLE_PERMISSIONS = ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetTableMetadata', 'glue:CreateTable', 'glue:GetDatabase', 'glue:GetTable', 's3:PutObject (query results location)'];

const ACCOUNT = /^\d{12}$/;

function parseAccounts(value: string | undefined, organizationId: string | undefined): string[] | undefined {
  if (!organizationId) {
    if (value) throw new UsageError('--accounts goes with an organization trail prefix (s3://BUCKET/AWSLogs/o-ORG_ID/)');
    return undefined;
  }
  const list = [...new Set((value ?? '').split(',').map((a) => a.trim()).filter((a) => a !== ''))];
  if (list.length === 0) throw new UsageError(`--accounts: the table over ${organizationId} needs its member account ids`, 'aws organizations list-accounts --query "Accounts[].Id" --output text');
  for (const a of list) if (!ACCOUNT.test(a)) throw new UsageError(`--accounts: '${a}' is not a 12-digit account id`);
  return list.sort();
}

async function trailRegions(ctx: AwsContext): Promise<string[]> {
  const requested = ctx.regions?.trim();
  if (requested === undefined || requested === 'all') return discoverRegions(ctx.client, ctx.region);
  const list = [...new Set(requested.split(',').map((r) => r.trim()).filter((r) => r !== ''))];
  if (list.length === 0) throw new UsageError("--regions: give a comma-separated list of regions, or 'all'");
  return list.map((r) => validateRegion(r, '--regions'));
}

export async function createAthenaTable(opts: AthenaTableOptions): Promise<number> {
  const command = opts.command ?? 'prepare athena-table';
  if (!opts.trailBucket) throw new UsageError(`${command === 'prepare athena-table' ? command : '--athena-create-table'} needs --trail-bucket s3://BUCKET/AWSLogs/ACCOUNT_OR_ORG/`);
  const location = parseTrailLocation(opts.trailBucket);
  const table = validateName(opts.athenaTable ?? 'cloudtrail_logs', '--athena-table');
  const database = validateName(opts.athenaDatabase, '--athena-database');
  const workgroup = opts.athenaWorkgroup ? validateWorkgroup(opts.athenaWorkgroup) : undefined;
  const outputLocation = opts.athenaOutput ? validateOutputLocation(opts.athenaOutput) : undefined;
  const accounts = parseAccounts(opts.accounts, location.organizationId);
  const ctx = await resolveAwsContext(opts);
  const { region, client: aws } = ctx;
  const regions = await trailRegions(ctx);
  const ddl = buildCreateTable({ database, table, location, regions, ...(accounts ? { accounts } : {}), since: PROJECTION_START });

  const { GetTableMetadataCommand } = await import('../../aws/sdk/athena.js');
  const recorder = new CallRecorder(command, region);
  const client = auditedClient(await createClient('athena', region, aws), 'athena', region, recorder);
  try {
    const exists = await client.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: database, TableName: table })).then(
      () => true,
      (err: unknown) => {
        if (/not found|EntityNotFound/i.test(String((err as Error).message))) return false;
        throw explainAwsError(err, 'athena', 'GetTableMetadata', 'athena:GetTableMetadata', region);
      },
    );
    const plan: AthenaTablePlan = {
      schema: ATHENA_TABLE_PLAN_SCHEMA_ID,
      action: exists ? 'none: the table exists' : 'create table',
      region,
      workgroup: workgroup ?? 'primary',
      table: `${database}.${table}`,
      location: `s3://${location.bucket}/${location.prefix}`,
      regions,
      ...(accounts ? { accounts } : {}),
      iamPermissions: CREATE_TABLE_PERMISSIONS,
      statement: ddl,
    };
    if (opts.output === 'json') process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    else {
      process.stdout.write(
        [
          `Plan: ${plan.action} ${plan.table} in Athena (${region}, workgroup ${plan.workgroup})`,
          `  over ${plan.location}: ${accounts ? `${accounts.length} account(s), ` : ''}${regions.length} region(s), days projected from ${PROJECTION_START}`,
          `  needs: ${CREATE_TABLE_PERMISSIONS.join(', ')}`,
          '',
          ddl,
          '',
        ].join('\n'),
      );
    }
    if (exists) {
      process.stderr.write(`sm-ir: table ${database}.${table} exists; nothing to do\n`);
      return ExitCode.ok;
    }
    await applyChange({
      steps: [{ label: `CREATE EXTERNAL TABLE ${database}.${table}`, apply: async () => void (await runStatement(client, { region, aws, database, table, ...(workgroup ? { workgroup } : {}), ...(outputLocation ? { outputLocation } : {}) }, ddl)) }],
      question: `Create table ${database}.${table} in Athena (${region})?`,
      yes: opts.yes ?? false,
      recorder,
      openAudit: () => {
        const log = new AuditLog(opts.auditLog);
        return (e) => log.append(e);
      },
      interruptNotice: 'stopping after the current statement (Ctrl-C again to force)',
      interruptedMessage: () => 'interrupted before the table was created; nothing was changed',
    });
    process.stderr.write(
      `sm-ir: created ${database}.${table}; audit log: ${opts.auditLog}\n` +
        `sm-ir: query it with: sm-ir detect --source athena --athena-database ${database} --athena-table ${table} --since 7d\n`,
    );
    return ExitCode.ok;
  } finally {
    client.destroy();
  }
}
