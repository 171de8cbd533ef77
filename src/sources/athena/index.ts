/**
 * detect --source athena: one SELECT over the CloudTrail table in Athena (the organization trail's S3
 * archive, queried where it lies), polled to the end, its rows paged back into CloudTrail records.
 * Reports what Athena scanned (its bill) and how long it took.
 */
import type { AthenaClient, QueryExecution, TableMetadata } from '@aws-sdk/client-athena';
import { createClient, type AwsOptions } from '../../aws/clients.js';
import type { QueryFilter } from '../../core/classify/interest.js';
import { explainAwsError } from '../../aws/errors.js';
import type { CloudTrailRecord } from '../../core/cloudtrail.js';
import { SmIrError, UsageError } from '../../errors.js';
import { recordsFromRows } from '../query/columns.js';
import type { QueryScope, ActorScope } from '../query/sql.js';
import { pollUntil, scanCostUsd, stopOnInterrupt, type PollOptions } from '../query/poll.js';
import { emptyStats, type QueryScan, type RecordSource } from '../types.js';
import { checkHeader, recordFromAthenaRow, rowValues } from './rows.js';
import { buildAthenaQuery, DEFAULT_DATE_FORMAT, type DatePartition } from './sql.js';

export { buildAthenaQuery } from './sql.js';

const CATALOG = 'AwsDataCatalog';
const PAGE_SIZE = 1000; // GetQueryResults' maximum
/** Athena bills at least 10 MB per query. */
export const ATHENA_MINIMUM_BILLED_BYTES = 10 * 1024 * 1024;

export interface AthenaTarget {
  region: string;
  aws?: AwsOptions;
  database: string;
  table: string;
  workgroup?: string;
  /** s3://bucket/prefix/ for the results; without it the workgroup's setting is used. */
  outputLocation?: string;
  poll?: PollOptions;
}

export interface AthenaSourceOptions extends AthenaTarget {
  window: { start: Date; end: Date };
  filter: QueryFilter;
  scope?: QueryScope;
  /** Every record of these actors instead of the records rules read (detect's activity pass). */
  actors?: ActorScope;
  onState?: (state: string, queryId: string) => void;
}

/** The table's day partition: the one projected as a date, else one named `timestamp` (AWS's documented table). */
export function datePartitionOf(meta: TableMetadata | undefined, table: string): DatePartition {
  const keys = meta?.PartitionKeys ?? [];
  const params = meta?.Parameters ?? {};
  for (const k of keys) {
    const name = k.Name ?? '';
    if (params[`projection.${name}.type`] === 'date') return { column: name, format: params[`projection.${name}.format`] ?? DEFAULT_DATE_FORMAT };
  }
  const ts = keys.find((k) => k.Name === 'timestamp');
  if (ts) return { column: 'timestamp', format: DEFAULT_DATE_FORMAT };
  throw new UsageError(
    `table ${table} has no date partition (${keys.map((k) => k.Name).join(', ') || 'no partitions'}): a query could not be limited to the window's days`,
    'create a table with partition projection: sm-ir detect --athena-create-table --trail-bucket s3://BUCKET/AWSLogs/ACCOUNT_OR_ORG/',
  );
}

/** Why Athena failed the query, with the permission most often behind it. */
export function queryFailure(q: QueryExecution | undefined, id: string): SmIrError {
  const state = q?.Status?.State ?? 'UNKNOWN';
  const reason = q?.Status?.AthenaError?.ErrorMessage ?? q?.Status?.StateChangeReason ?? 'no reason given';
  const denied = /access ?denied|not authorized|forbidden/i.test(reason);
  return new SmIrError(`Athena query ${id} ${state === 'CANCELLED' ? 'was cancelled' : 'failed'}: ${reason}`, {
    ...(denied
      ? { hint: 'the caller needs s3:GetObject and s3:ListBucket on the trail bucket, s3:PutObject on the output location, and glue:GetTable/GetDatabase on the table (plus kms:Decrypt if the trail is encrypted)' }
      : {}),
  });
}

async function call<T>(operation: string, region: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    throw explainAwsError(err, 'athena', operation, `athena:${operation}`, region);
  }
}

/** Run one statement and wait for its end; returns the final QueryExecution (SUCCEEDED) or throws. */
export async function runStatement(
  client: AthenaClient,
  target: AthenaTarget,
  sql: string,
  onState?: (state: string, queryId: string) => void,
): Promise<{ id: string; execution: QueryExecution; startedAt: number }> {
  const { StartQueryExecutionCommand, GetQueryExecutionCommand, StopQueryExecutionCommand } = await import('../../aws/sdk/athena.js');
  const startedAt = Date.now();
  const started = await call('StartQueryExecution', target.region, () =>
    client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        QueryExecutionContext: { Catalog: CATALOG, Database: target.database },
        ...(target.workgroup ? { WorkGroup: target.workgroup } : {}),
        ...(target.outputLocation ? { ResultConfiguration: { OutputLocation: target.outputLocation } } : {}),
      }),
    ),
  ).catch((err: unknown) => {
    if (err instanceof SmIrError && !err.hint && /output location/i.test(err.message)) {
      throw new SmIrError(err.message, { hint: 'pass --athena-output s3://BUCKET/PREFIX/, or set a query result location on the workgroup' });
    }
    throw err;
  });
  const id = started.QueryExecutionId as string;
  let last = '';
  const check = async (): Promise<QueryExecution | undefined> => {
    const out = await call('GetQueryExecution', target.region, () => client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })));
    const state = out.QueryExecution?.Status?.State ?? 'UNKNOWN';
    if (state !== last) onState?.(state, id);
    last = state;
    if (state === 'SUCCEEDED') return out.QueryExecution as QueryExecution;
    if (state === 'FAILED' || state === 'CANCELLED') throw queryFailure(out.QueryExecution, id);
    return undefined;
  };
  const tooLong = (): SmIrError =>
    new SmIrError(`Athena query ${id} did not finish in time`, { hint: `it may still be running: aws athena get-query-execution --query-execution-id ${id}` });
  const execution = await stopOnInterrupt(
    (interrupted) => pollUntil(check, { ...target.poll, interrupted }, tooLong),
    () => client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })),
  );
  return { id, execution, startedAt };
}

export function createAthenaSource(options: AthenaSourceOptions): RecordSource {
  const stats = emptyStats();
  let scan: QueryScan | undefined;
  return {
    kind: 'athena',
    stats,
    inputs: [`${options.database}.${options.table}`],
    scan: () => scan,
    async *records(): AsyncGenerator<CloudTrailRecord> {
      const { GetTableMetadataCommand, GetQueryResultsCommand } = await import('../../aws/sdk/athena.js');
      const client = await createClient('athena', options.region, options.aws);
      try {
        const meta = await call('GetTableMetadata', options.region, () =>
          client.send(new GetTableMetadataCommand({ CatalogName: CATALOG, DatabaseName: options.database, TableName: options.table })),
        );
        const partition = datePartitionOf(meta.TableMetadata, `${options.database}.${options.table}`);
        const partitionKeys = (meta.TableMetadata?.PartitionKeys ?? []).map((k) => k.Name ?? '');
        const sql = buildAthenaQuery({ ...options, partition, partitionKeys });
        const { id, execution, startedAt } = await runStatement(client, options, sql, options.onState);
        let nextToken: string | undefined;
        let first = true;
        do {
          const page = await call('GetQueryResults', options.region, () =>
            client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}) })),
          );
          stats.unitsRead += 1;
          const rows = page.ResultSet?.Rows ?? [];
          if (first) checkHeader(rowValues(rows.shift() ?? {}));
          first = false;
          yield* recordsFromRows(rows, (row) => recordFromAthenaRow(rowValues(row)), stats);
          nextToken = page.NextToken;
        } while (nextToken);
        const bytes = execution.Statistics?.DataScannedInBytes ?? 0;
        scan = { engine: 'athena', queryId: id, bytesScanned: bytes, costUsd: scanCostUsd(bytes, ATHENA_MINIMUM_BILLED_BYTES), elapsedMs: Date.now() - startedAt };
      } finally {
        client.destroy();
      }
    },
  };
}
