/**
 * detect --source lake: the same query through CloudTrail Lake (StartQuery, DescribeQuery until
 * FINISHED, GetQueryResults pages). CloudTrail Lake is closed to new customers since 2026-05-31;
 * this is for those who already have an event data store.
 */
import type { CloudTrailClient, QueryStatistics } from '@aws-sdk/client-cloudtrail';
import { createClient, type AwsOptions } from '../../aws/clients.js';
import type { QueryFilter } from '../../core/classify/interest.js';
import { explainAwsError } from '../../aws/errors.js';
import type { CloudTrailRecord } from '../../core/cloudtrail.js';
import { SmIrError } from '../../errors.js';
import { recordsFromRows } from '../query/columns.js';
import type { QueryScope, ActorScope } from '../query/sql.js';
import { pollUntil, scanCostUsd, stopOnInterrupt, type PollOptions } from '../query/poll.js';
import { emptyStats, type QueryScan, type RecordSource } from '../types.js';
import { recordFromLakeRow } from './rows.js';
import { buildLakeQuery, type EventDataStore } from './sql.js';

export { parseEventDataStore } from './sql.js';

const PAGE_SIZE = 1000;

export interface LakeSourceOptions {
  region: string;
  aws?: AwsOptions;
  store: EventDataStore;
  /** The value given (id or ARN), for the report. */
  input: string;
  window: { start: Date; end: Date };
  filter: QueryFilter;
  scope?: QueryScope;
  /** Every record of these actors instead of the records rules read (detect's activity pass). */
  actors?: ActorScope;
  poll?: PollOptions;
  onState?: (state: string, queryId: string) => void;
}

async function call<T>(operation: string, region: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    throw explainAwsError(err, 'cloudtrail', operation, `cloudtrail:${operation}`, region);
  }
}

export function createLakeSource(options: LakeSourceOptions): RecordSource {
  const stats = emptyStats();
  let scan: QueryScan | undefined;
  return {
    kind: 'lake',
    stats,
    inputs: [options.input],
    scan: () => scan,
    async *records(): AsyncGenerator<CloudTrailRecord> {
      const { StartQueryCommand, DescribeQueryCommand, GetQueryResultsCommand, CancelQueryCommand } = await import('../../aws/sdk/cloudtrail.js');
      const client: CloudTrailClient = await createClient('cloudtrail', options.region, options.aws);
      try {
        const startedAt = Date.now();
        const sql = buildLakeQuery(options);
        const started = await call('StartQuery', options.region, () => client.send(new StartQueryCommand({ QueryStatement: sql })));
        const id = started.QueryId as string;
        let last = '';
        const check = async (): Promise<QueryStatistics | undefined> => {
          const q = await call('DescribeQuery', options.region, () => client.send(new DescribeQueryCommand({ QueryId: id })));
          const state = q.QueryStatus ?? 'UNKNOWN';
          if (state !== last) options.onState?.(state, id);
          last = state;
          if (state === 'FINISHED') return q.QueryStatistics ?? {};
          if (state === 'FAILED' || state === 'CANCELLED' || state === 'TIMED_OUT') {
            throw new SmIrError(`CloudTrail Lake query ${id} ${state === 'FAILED' ? 'failed' : `ended ${state}`}: ${q.ErrorMessage ?? 'no reason given'}`);
          }
          return undefined;
        };
        const tooLong = (): SmIrError => new SmIrError(`CloudTrail Lake query ${id} did not finish in time`, { hint: `aws cloudtrail describe-query --query-id ${id}` });
        const statistics = await stopOnInterrupt(
          (interrupted) => pollUntil(check, { ...options.poll, interrupted }, tooLong),
          () => client.send(new CancelQueryCommand({ QueryId: id })),
        );
        let nextToken: string | undefined;
        do {
          const page = await call('GetQueryResults', options.region, () =>
            client.send(new GetQueryResultsCommand({ QueryId: id, MaxQueryResults: PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}) })),
          );
          stats.unitsRead += 1;
          yield* recordsFromRows(page.QueryResultRows ?? [], recordFromLakeRow, stats);
          nextToken = page.NextToken;
        } while (nextToken);
        const bytes = statistics.BytesScanned ?? 0;
        scan = { engine: 'lake', queryId: id, bytesScanned: bytes, costUsd: scanCostUsd(bytes), elapsedMs: Date.now() - startedAt };
      } finally {
        client.destroy();
      }
    },
  };
}
