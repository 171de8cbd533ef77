/** `sm-ir posture`: resolve the options, read the account (read.ts), judge it (core/posture), render it, pick the exit code. */
import { postureRate } from '../pacing.js';
import { evaluatePosture } from '../../core/posture/evaluate.js';
import type { PostureReport } from '../../core/posture/report.js';
import { parseOutputFormat } from '../../output/formats.js';
import { render } from '../../output/render.js';
import { chalkFor } from '../../output/terminal.js';
import { loadPlaybook } from '../../playbook/load.js';
import { atLeast, type Severity } from '../../playbook/severity.js';
import { resolveRegions } from '../detect/regions.js';
import { checkOrgOptions } from '../detect/org.js';
import { mergeAccountReports, type AccountPart } from '../../core/posture/merge.js';
import { ExitCode, SmIrError } from '../../errors.js';
import type { AwsOptions } from '../../aws/clients.js';
import { notice, progressOnStderr } from '../../output/terminal.js';
import { discoverRegions } from '../../sources/lookup-events/index.js';
import { assumeRole, callerAccount, listActiveAccounts, roleArn } from '../../sources/org/index.js';
import { resolveAwsContext, type AwsCliOptions } from '../options.js';
import { sdkReadCaller } from './caller.js';
import { iamPermissionsManagementActions } from './iam-actions.js';
import { readInventory } from './read.js';
import { postureModel } from './views.js';

export interface PostureOptions extends AwsCliOptions {
  output: string;
  failOn?: Severity;
  /** Every active account of the organization, through the role --role-name in each member account. */
  org?: boolean;
  roleName?: string;
}

const say = (line: string): void => notice(line);

/** Accounts read at once with --org (each reads its regions in parallel, each paced on its own). */
const ACCOUNTS_IN_PARALLEL = 2;

export async function posture(opts: PostureOptions, now = new Date()): Promise<PostureReport> {
  checkOrgOptions(opts);
  const pb = loadPlaybook();
  const rate = postureRate(); // a bad SM_IR_POSTURE_RATE is a usage error before any AWS call
  const pacing = rate === undefined ? pb.posture.pacing : Object.fromEntries(Object.keys(pb.posture.pacing).map((service) => [service, rate]));
  const ctx = await resolveAwsContext(opts);
  const iamActions = await iamPermissionsManagementActions();
  /** One account read and judged, with these credentials. */
  const readAccount = async (aws: AwsOptions, regions: string[]): Promise<PostureReport> => {
    const caller = sdkReadCaller(aws, pacing);
    try {
      return evaluatePosture(pb, await readInventory(caller, regions, ctx.region, now), caller.stats(), now, iamActions);
    } finally {
      caller.close();
    }
  };
  if (!opts.org) return readAccount(ctx.client, await resolveRegions(ctx, say));

  // --org: the caller's own account with its credentials, every other through the role.
  const explicit = ctx.regions !== undefined && ctx.regions.trim() !== 'all' ? await resolveRegions(ctx, say) : ctx.regionGiven && ctx.regions === undefined ? [ctx.region] : undefined;
  const [self, accounts] = await Promise.all([callerAccount(ctx.client, ctx.region), listActiveAccounts(ctx.client, ctx.region)]);
  const progress = progressOnStderr();
  const parts: AccountPart[] = [];
  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const account = accounts[next++]!;
      let session: Awaited<ReturnType<typeof assumeRole>> | undefined;
      try {
        if (account !== self) session = await assumeRole(ctx.client, ctx.region, roleArn(account, opts.roleName as string));
        const aws: AwsOptions = { ...ctx.client, ...(session ? { credentials: session.credentials } : {}) };
        parts.push({ account, report: await readAccount(aws, explicit ?? (await discoverRegions(aws, ctx.region))), error: null });
      } catch (e) {
        const error = e instanceof SmIrError ? `${e.message}${e.hint ? ` (${e.hint})` : ''}` : e instanceof Error ? e.message : String(e);
        parts.push({ account, report: null, error });
        say(`account ${account} not read: ${error}`);
      } finally {
        session?.close();
      }
      progress.update(`posture: ${parts.length}/${accounts.length} accounts done`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ACCOUNTS_IN_PARALLEL, accounts.length) }, worker));
  progress.done();
  if (parts.every((p) => p.report === null)) throw new SmIrError(`no account of the organization could be read; the first: ${parts[0]?.error ?? 'none listed'}`, { hint: `the role ${opts.roleName} must exist in each member account and trust the caller` });
  return mergeAccountReports(parts.sort((a, b) => a.account.localeCompare(b.account)), now);
}

export async function run(opts: PostureOptions): Promise<number> {
  const format = parseOutputFormat(opts.output);
  const report = await posture(opts);
  process.stdout.write(render(postureModel(report), format, chalkFor(process.stdout)));
  if (format !== 'table' && report.errors.length > 0) {
    // Structured output carries the gaps; say so where a person will see it too.
    say(`${report.errors.length} read(s) failed: the result is partial (see errors)`);
    for (const e of report.errors.slice(0, 5)) say(`  ${e.region} ${e.operation}${e.resourceName ? ` ${e.resourceName}` : ''}: ${e.code ?? 'error'} (needs ${e.permission})`);
  }
  if (opts.failOn && report.findings.some((f) => atLeast(f.severity, opts.failOn as Severity))) return ExitCode.findings;
  return report.partial ? ExitCode.partial : ExitCode.ok;
}
