/**
 * `detect --org --role-name NAME`: the live LookupEvents source in every active account of the
 * organization. Each account is read with the role assumed in it (the caller's own account with the
 * caller's credentials), a few accounts at a time; an account that cannot be read (role denied,
 * every region failing) is reported in stats.errors while the others complete. When no account can
 * be read, the first account's error is thrown.
 */
import type { AwsOptions } from '../../aws/clients.js';
import type { CloudTrailRecord } from '../../core/cloudtrail.js';
import type { TimeWindow } from '../../core/time-window.js';
import { SmIrError } from '../../errors.js';
import { createLookupEventsSource, discoverRegions } from '../lookup-events/index.js';
import type { LookupQuery } from '../lookup-events/plan.js';
import { emptyStats, type RecordSource, type SourceStats } from '../types.js';
import { assumeRole, roleArn } from './assume-role.js';

export { listActiveAccounts, callerAccount } from './accounts.js';
export { assumeRole, isValidRoleName, roleArn, SESSION_NAME } from './assume-role.js';

/** Accounts read at once; each reads its regions in parallel, each region paced on its own. */
export const DEFAULT_ACCOUNTS_IN_PARALLEL = 4;

export interface AccountOutcome {
  account: string;
  state: 'done' | 'failed';
  events: number;
  /** Regions that failed in an account that was otherwise read. */
  regionErrors: number;
  error?: string;
}

export interface OrgLookupOptions {
  accounts: string[];
  /** Read with the caller's own credentials: the management account usually has no member role. */
  callerAccount: string;
  roleName: string;
  /** The same regions in every account, or undefined for each account's enabled regions (ec2:DescribeRegions with the role). */
  regions?: string[];
  /** Region for STS and DescribeRegions calls. */
  home: string;
  eventSources: string[];
  window: TimeWindow;
  now?: Date;
  aws?: AwsOptions;
  accountsInParallel?: number;
  requestsPerSecond?: number;
  onAccount?: (outcome: AccountOutcome) => void;
  /** Fetch only these access keys' and user names' events, per account, in every region (the actors' timelines). */
  actors?: Record<string, NonNullable<LookupQuery['attribute']>[]>;
}

const byTime = (a: CloudTrailRecord, b: CloudTrailRecord): number =>
  Date.parse(a.eventTime) - Date.parse(b.eventTime) || (a.eventID ?? '').localeCompare(b.eventID ?? '');

function describe(err: unknown): string {
  if (err instanceof SmIrError) return `${err.message}${err.hint ? ` (${err.hint})` : ''}`;
  return err instanceof Error ? err.message : String(err);
}

function mergeStats(into: SourceStats, from: SourceStats, account: string): void {
  into.unitsRead += from.unitsRead;
  into.recordsRead += from.recordsRead;
  for (const [k, v] of Object.entries(from.skipped)) into.skipped[k as keyof SourceStats['skipped']] = (into.skipped[k as keyof SourceStats['skipped']] ?? 0) + v;
  for (const e of from.errors) into.errors.push({ ...e, input: `account ${account} ${e.input}` });
}

export function createOrgLookupSource(options: OrgLookupOptions): RecordSource {
  const stats = emptyStats();
  const accounts = [...new Set(options.accounts)].sort();

  async function readAccount(account: string): Promise<CloudTrailRecord[]> {
    let session: Awaited<ReturnType<typeof assumeRole>> | undefined;
    try {
      if (account !== options.callerAccount) session = await assumeRole(options.aws ?? {}, options.home, roleArn(account, options.roleName));
      const aws: AwsOptions = { ...options.aws, ...(session ? { credentials: session.credentials } : {}) };
      const regions = options.regions ?? (await discoverRegions(aws, options.home));
      const source = createLookupEventsSource({
        regions,
        eventSources: options.eventSources,
        window: options.window,
        aws,
        ...(options.actors ? { actors: options.actors[account] ?? [] } : {}),
        ...(options.now ? { now: options.now } : {}),
        ...(options.requestsPerSecond ? { requestsPerSecond: options.requestsPerSecond } : {}),
      });
      const records: CloudTrailRecord[] = [];
      for await (const r of source.records()) records.push(r);
      mergeStats(stats, source.stats, account);
      options.onAccount?.({ account, state: 'done', events: records.length, regionErrors: source.stats.errors.length });
      return records;
    } finally {
      session?.close();
    }
  }

  async function readAll(): Promise<CloudTrailRecord[]> {
    const results: CloudTrailRecord[][] = [];
    const failures: { account: string; err: unknown }[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < accounts.length) {
        const account = accounts[next++] as string;
        try {
          results.push(await readAccount(account));
        } catch (err) {
          failures.push({ account, err });
          stats.errors.push({ input: `account ${account}`, reason: describe(err) });
          options.onAccount?.({ account, state: 'failed', events: 0, regionErrors: 0, error: describe(err) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.accountsInParallel ?? DEFAULT_ACCOUNTS_IN_PARALLEL, accounts.length) }, worker));
    if (accounts.length > 0 && failures.length === accounts.length) {
      const first = failures.sort((a, b) => a.account.localeCompare(b.account))[0] as { account: string; err: unknown };
      if (first.err instanceof SmIrError) throw first.err;
      throw new SmIrError(`no account of the organization could be read; account ${first.account}: ${describe(first.err)}`, { cause: first.err });
    }
    return results.flat().sort(byTime);
  }

  return {
    kind: 'org-lookup-events',
    stats,
    inputs: accounts,
    async *records() {
      yield* await readAll();
    },
  };
}
