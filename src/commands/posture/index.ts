/** `sm-ir posture`: resolve the options, read the account (read.ts), judge it (core/posture), render it, pick the exit code. */
import { postureRate } from '../pacing.js';
import { evaluatePosture } from '../../core/posture/evaluate.js';
import type { PostureReport } from '../../core/posture/report.js';
import { ExitCode } from '../../errors.js';
import { parseOutputFormat } from '../../output/formats.js';
import { render } from '../../output/render.js';
import { chalkFor } from '../../output/terminal.js';
import { loadPlaybook } from '../../playbook/load.js';
import { atLeast, type Severity } from '../../playbook/severity.js';
import { resolveRegions } from '../detect/regions.js';
import { resolveAwsContext, type AwsCliOptions } from '../options.js';
import { sdkReadCaller } from './caller.js';
import { iamPermissionsManagementActions } from './iam-actions.js';
import { readInventory } from './read.js';
import { postureModel } from './views.js';

export interface PostureOptions extends AwsCliOptions {
  output: string;
  failOn?: Severity;
}

const say = (line: string): void => {
  process.stderr.write(`sm-ir: ${line}\n`);
};

export async function posture(opts: PostureOptions, now = new Date()): Promise<PostureReport> {
  const pb = loadPlaybook();
  const rate = postureRate(); // a bad SM_IR_POSTURE_RATE is a usage error before any AWS call
  const pacing = rate === undefined ? pb.posture.pacing : Object.fromEntries(Object.keys(pb.posture.pacing).map((service) => [service, rate]));
  const aws = await resolveAwsContext(opts);
  const regions = await resolveRegions(aws, say);
  const caller = sdkReadCaller(aws.client, pacing);
  try {
    const inventory = await readInventory(caller, regions, aws.region, now);
    return evaluatePosture(pb, inventory, caller.stats(), now, await iamPermissionsManagementActions());
  } finally {
    caller.close();
  }
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
