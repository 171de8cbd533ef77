/**
 * Per-flag usage errors, through sm-ir's real parser and validation, in process (one binary launch
 * per case made the end-to-end suite slow). Each case: exit 2, its message, no stack trace, nothing
 * on stdout, and no AWS client even created (the factory is mocked to throw, so reaching AWS would be
 * an internal error, exit 1). The end-to-end files keep one or two cases per command: the binary's contract.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PARAMS, ROOT_ID } from '../../e2e/prepare-fixture.js';
import { NO_AWS, runInProcess } from './in-process.js';

vi.mock('../../../src/aws/clients.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/aws/clients.js')>()),
  createClient: () => {
    throw new Error(NO_AWS);
  },
}));

/** Nothing listens there, and nothing is called: the endpoint only makes the arguments those of the end-to-end tests. */
const ENDPOINT = ['--endpoint-url', 'http://127.0.0.1:9'];

async function refused(args: string[], message: RegExp | string): Promise<void> {
  const r = await runInProcess(args);
  expect(r.stderr, r.stderr).not.toContain(NO_AWS);
  expect(r.code, r.stderr).toBe(2);
  if (typeof message === 'string') expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout).toBe('');
}

describe('detect --logs: usage errors', () => {
  it.each([
    ['zero duration', ['--logs', 'fixtures/incident', '--since', '0h'], /--since: '0h' must be a positive duration/],
    ['bad --until', ['--logs', 'fixtures/incident', '--since', 'all', '--until', '5x'], /--until: cannot read '5x' as a time/],
    ['impossible date', ['--logs', 'fixtures/incident', '--since', '2026-13-45T00:00:00Z'], /--since: cannot read '2026-13-45T00:00:00Z'/],
    ['window backwards', ['--logs', 'fixtures/incident', '--since', '2026-11-28T00:00:00Z', '--until', '2026-11-27T00:00:00Z'], /--since \(2026-11-28T00:00:00\.000Z\) is after --until/],
    ['missing path', ['--logs', 'fixtures/no-such-dir', '--since', 'all'], /--logs fixtures\/no-such-dir: no such file or directory/],
    ['missing path among good ones', ['--logs', 'fixtures/incident', 'nope.json.gz', '--since', 'all'], /--logs nope\.json\.gz: no such file or directory/],
    ['--logs without a path', ['--logs', '--since', 'all'], /--logs: '--since' is an option, not a path[\s\S]*hint: give --logs the files or directories to read first/],
    ['unknown scenario', ['--logs', 'fixtures/incident', '--scenario', 'nope'], /--scenario: unknown scenario 'nope'[\s\S]*known scenarios: data-model-exfiltration/],
    ['unknown severity', ['--logs', 'fixtures/incident', '--min-severity', 'urgent'], /argument 'urgent' is invalid\. Allowed choices are info, low, medium, high, critical/],
    ['unknown --fail-on', ['--logs', 'fixtures/incident', '--fail-on', 'bogus'], /argument 'bogus' is invalid/],
    ['unknown format', ['--logs', 'fixtures/incident', '--output', 'xml'], /argument 'xml' is invalid\. Allowed choices are table, json, jsonl, csv, markdown/],
    ['--region with --regions (issue 14: only --regions was read)', ['--region', 'eu-west-1', '--regions', 'us-east-1'], /--region eu-west-1 and --regions us-east-1 both say which regions to read[\s\S]*hint: give one/],
    ['a bad region in --regions with --logs', ['--logs', 'fixtures/incident', '--regions', 'eu-west-1,mars-1'], /--regions: 'mars-1' is not an AWS region name/],
  ])('%s', (_name, args, message) => refused(['detect', ...args], message));
});

describe('detect --logs s3://: usage errors', () => {
  const detect = (args: string[]) => ['detect', ...ENDPOINT, '--output', 'json', ...args];
  it.each([
    ['s3://Bad_Bucket/AWSLogs/', /not a valid S3 bucket name/],
    ['s3://ab', /not a valid S3 bucket name/],
    ['s3://trail-bucket-example//AWSLogs', /empty folder name/],
    ['https://bucket.s3.amazonaws.com/AWSLogs/', /only local paths and s3:\/\/bucket\/prefix URLs/],
  ])('%s', (url, message) => refused(detect(['--logs', url, '--since', '7d']), message));

  it('--regions with a bad region name', () => refused(detect(['--logs', 's3://trail-bucket-example', '--regions', 'eu-west-1,mars-1']), "'mars-1' is not an AWS region name"));
});

describe('detect --org: usage errors', () => {
  const ROLE = 'SmIrResponder';
  it.each([
    [['--role-name', ROLE], /--role-name goes with --org/],
    [['--org', '--role-name', 'bad name!'], /is not an IAM role name/],
    [['--org', '--role-name', ROLE, '--logs', 'fixtures/incident'], /--org reads every account live/],
    [['--org', '--role-name', ROLE, '--since', '120d'], /LookupEvents holds only the last 90 days/],
  ])('%j', (args, message) => refused(['detect', ...ENDPOINT, '--output', 'json', '--since', '1h', ...args], message));
});

describe('detect --source athena: usage errors', () => {
  const WINDOW = ['--since', '2026-11-26T00:00:00Z', '--until', '2026-11-28T23:59:59Z'];
  it.each([
    ['a database name with a quote', ['--athena-table', 'cloudtrail_logs', '--athena-database', "d'b"], /--athena-database/],
    ['--since all', ['--athena-table', 'cloudtrail_logs', '--since', 'all'], /--source athena needs a start/],
    ['no table', [], /--source athena needs --athena-table/],
    ['a bad output location', ['--athena-table', 'cloudtrail_logs', '--athena-output', 'https://example.com/'], /--athena-output/],
  ])('%s', (_what, flags, message) => refused(['detect', '--source', 'athena', ...WINDOW, ...flags, ...ENDPOINT], message));
});

describe('prepare: usage errors', () => {
  it.each([
    ['an account id of the wrong length', ['--target', '12345678901'], /is not a root, OU or account id/],
    ['an IP without prefix length', ['--allowed-ip', '203.0.113.7', '--target', ROOT_ID], /--allowed-ip: '203.0.113.7' is not a CIDR/],
    ['an impossible CIDR', ['--allowed-ip', '300.0.0.0/8', '--target', ROOT_ID], /is not a CIDR/],
    ['an instance type without ml.', ['--allowed-instance-types', 'm5.large', '--target', ROOT_ID], /'m5.large' is not a SageMaker instance type/],
    ['a Studio instance type that is none', ['--allowed-studio-instance-types', 'big', '--target', ROOT_ID], /--allowed-studio-instance-types: 'big'/],
    ['an unknown statement', ['--only', 'nope', '--target', ROOT_ID], /--only: unknown statement 'nope'/],
    ['--apply-scps without --target', ['--apply-scps', '--yes'], /--apply-scps needs --target/],
    ['a bad region for Config', ['--config-rules', '--regions', 'us-east-1,mars-1'], /--regions: 'mars-1' is not an AWS region name/],
    ['a bad output format', ['--output', 'yaml'], /yaml/],
    ['a selection that leaves nothing to deploy', ['--only', 'restrict-url-to-vpce', '--target', ROOT_ID], /every statement was skipped: nothing to deploy/],
    // Issue 14: the same statement in both (by id and by Sid) is a contradiction, said as one, with or without --target.
    ['the same statement in --only and --except', ['--only', 'restrict-url-to-ip', '--except', 'RestrictUrlToIp', '--target', ROOT_ID], /--only and --except both name restrict-url-to-ip/],
    ['the same statement in --only and --except, documents only', ['--only', 'deny-root-access', '--except', 'deny-root-access'], /--only and --except both name deny-root-access/],
    ['--region with --regions for Config (issue 14: --region was ignored)', ['--config-rules', '--region', 'eu-west-1', '--regions', 'us-east-1'], /--region eu-west-1 and --regions us-east-1 both say which regions to read/],
    ['a missing --config file', ['--config', 'no-such-config.json'], /^sm-ir: --config no-such-config\.json: no such file or directory$/m],
    ['a device as --config (it used to hang)', ['--config', '/dev/zero'], /--config \/dev\/zero: not a regular file/],
    ['a directory as --config', ['--config', 'fixtures'], /--config fixtures: is a directory/],
  ])('%s', (_what, args, message) => refused(['prepare', ...PARAMS, ...args, ...ENDPOINT, '--audit-log', join(mkdtempSync(join(tmpdir(), 'sm-ir-usage-')), 'audit.jsonl')], message));
});

describe('contain: usage errors', () => {
  it.each([
    [['delete-endpoint', 'bad_name'], "'bad_name' is not a valid endpoint name"],
    [['delete-endpoint', 'ends-with-hyphen-'], 'is not a valid endpoint name'],
    [['delete-endpoint', 'e'.repeat(64)], 'longer than 63 characters'],
    [['delete-model', 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/ep1'], 'is not the ARN of a model'],
    [['delete-endpoint', 'arn:aws:sagemaker:eu-west-1:111122223333:endpoint/ep1'], 'is in region eu-west-1, not us-east-1'],
    [['delete-domain', 'D-UPPERCASE'], 'is not a valid domain name'],
    [['delete-notebook', 'arn:aws:iam::111122223333:role/Admin'], 'is not the ARN of a notebook'],
    [['stop-job', 't'.repeat(33), '--job-type', 'tuning'], 'longer than 32 characters'],
    [['stop-job', 'arn:aws:sagemaker:us-east-1:111122223333:training-job/j1', '--job-type', 'processing'], 'is not the ARN of a job'],
    [['quarantine-role', 'role with spaces'], 'is not a valid role name'],
    [['revoke-sessions', 'arn:aws:iam::111122223333:user/alice'], 'is not the ARN of a role'],
    [['stop-job', 'j1'], 'stop-job needs --job-type'],
    [['stop-job', 'j1', '--job-type', 'batch'], "argument 'batch' is invalid"],
    [['delete-endpoint'], 'needs at least one endpoint name or ARN'],
    [['delete-endpoint', 'ep1', '--timeout', 'soon'], "--timeout: 'soon' is not a positive number of minutes"],
    [['delete-endpoint', 'ep1', '--poll', '0'], "--poll: '0' is not a positive number of seconds"],
    [['deactivate-access-key', 'alice', '--delete-login-profile'], '--delete-login-profile is for quarantine-user, not deactivate-access-key'],
    [['quarantine-user', 'alice smith', '--delete-login-profile'], 'is not a valid user name'],
    [['--from-findings', 'findings.json', '--delete-login-profile'], '--delete-login-profile is for quarantine-user USER, not --from-findings'],
  ])('%j: %s', (args, message) => {
    const caseDir = join(mkdtempSync(join(tmpdir(), 'sm-ir-usage-')), 'case');
    return refused(['contain', ...ENDPOINT, '--poll', '0.05', ...args, '--yes', '--case', caseDir], message);
  });
});
