import { describe, expect, it, vi } from 'vitest';
import { conflictWords } from '../../../src/commands/conflicts.js';
import { NO_AWS, runInProcess } from './in-process.js';

vi.mock('../../../src/aws/clients.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/aws/clients.js')>()),
  createClient: () => {
    throw new Error(NO_AWS);
  },
}));

describe('options refused together (commander conflicts), in sm-ir words', () => {
  it.each([
    ['detect', ['--logs', 'fixtures/incident', '--save-events', 'out'], ['sm-ir: --save-events goes with the live source, not with --logs']],
    [
      'detect',
      ['--org', '--role-name', 'R', '--logs', 'fixtures/incident'],
      ['sm-ir: --org reads every account live (LookupEvents), not --logs', "  hint: an organization trail's archive already holds every account: --logs s3://BUCKET/AWSLogs/o-ORGID/"],
    ],
    ['prepare', ['--apply-scps', '--remove', '--target', 'r-abcd'], ['sm-ir: --apply-scps, --remove and --config-rules/--apply-config-rules are separate runs: pick one']],
    ['prepare', ['--remove', '--apply-config-rules'], ['sm-ir: --apply-scps, --remove and --config-rules/--apply-config-rules are separate runs: pick one']],
    ['prepare', ['--config-rules', '--apply-scps'], ['sm-ir: --apply-scps, --remove and --config-rules/--apply-config-rules are separate runs: pick one']],
    ['prepare', ['--target', 'r-abcd', '--config-rules'], ['sm-ir: --target applies to SCPs; Config rules are per region (--regions)']],
    ['prepare', ['--target', 'r-abcd', '--apply-config-rules'], ['sm-ir: --target applies to SCPs; Config rules are per region (--regions)']],
    ['prepare', ['--target', 'r-abcd', '--add-config-rules', 'all'], ['sm-ir: --target applies to SCPs; Config rules are per region (--regions)']],
    ['prepare', ['--add-config-rules', 'all', '--apply-scps'], ['sm-ir: --apply-scps, --remove and --config-rules/--apply-config-rules are separate runs: pick one']],
    ['prepare', ['--add-config-rules', 'all', '--remove'], ['sm-ir: --apply-scps, --remove and --config-rules/--apply-config-rules are separate runs: pick one']],
  ])('%s %j: exit 2 with the reason', async (command, args, lines) => {
    const r = await runInProcess([command, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, lines.length)).toEqual(lines);
    expect(r.stderr).not.toContain('cannot be used with');
    expect(r.stdout).toBe('');
  });

  it('leaves any other commander error as commander words it, prefixed sm-ir:', () => {
    expect(conflictWords("error: unknown option '--nope'\n")).toBeUndefined();
    expect(conflictWords("error: option '--a' cannot be used with option '--b'\n")).toBeUndefined(); // no words declared
  });

  it('--add-config-rules implies --config-rules; --notebook-platform-versions alone is refused before any AWS call', async () => {
    const r = await runInProcess(['prepare', '--add-config-rules', 'sagemaker-model-in-vpc', '--regions', 'mars-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--regions: 'mars-1' is not an AWS region name");
    const alone = await runInProcess(['prepare', '--notebook-platform-versions', 'notebook-al2-v3']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('sm-ir: --notebook-platform-versions fills a Config rule');
    expect(alone.stderr).not.toContain(NO_AWS);
  });

  it('--apply-config-rules implies --config-rules (one mode, not two)', async () => {
    const r = await runInProcess(['prepare', '--apply-config-rules', '--regions', 'mars-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--regions: 'mars-1' is not an AWS region name");
  });
});
