/**
 * The issue-3 scenario: 1,000 SageMaker events spread over 3 regions, plus IAM events in us-east-1,
 * CloudTrail and CloudWatch Logs tampering in each region and EC2 events no query may fetch, served
 * by the fake with throttle bursts, a 500 and a dropped connection injected.
 */
import type { CloudTrailRecord } from '../../src/core/cloudtrail.js';
import { record } from './helpers.js';
import { startFakeAws, type FakeAws } from './server.js';
import { createCloudTrail } from './services/cloudtrail.js';
import { createEc2 } from './services/ec2.js';
import { createSts } from './services/sts.js';

export const SCENARIO_REGIONS = { 'us-east-1': 420, 'eu-west-1': 350, 'ap-southeast-2': 230 } as const;
export const SCENARIO_IAM_EVENTS = 37;
export const SCENARIO_UNWATCHED_EVENTS = 60;
export const WATCHED_SOURCES = ['sagemaker.amazonaws.com', 'iam.amazonaws.com', 'cloudtrail.amazonaws.com', 'logs.amazonaws.com'];
/** IAM records its events in us-east-1 only, as playbook/sources.json says. */
export const HOME_REGIONS: Readonly<Record<string, string>> = { 'iam.amazonaws.com': 'us-east-1' };
const NAMES = ['CreateNotebookInstance', 'CreatePresignedNotebookInstanceUrl', 'CreateTrainingJob', 'StopNotebookInstance', 'UpdateNotebookInstance'];

export interface Scenario {
  fake: FakeAws;
  /** The records of watched sources: what a live detect must return, each once. */
  records: CloudTrailRecord[];
  /** Events stored per region and event source. */
  served: Record<string, Record<string, number>>;
}

/**
 * `rateLimits: false` for tests that run the CLI unpaced (UNPACED) and do not check pacing: the injected
 * faults below stay, only the fake's 2/s throttling of LookupEvents goes.
 */
export async function startScenario(now = Date.now(), options: { rateLimits?: boolean } = {}): Promise<Scenario> {
  const ct = createCloudTrail();
  const fake = await startFakeAws(options);
  fake.register(ct.module);
  fake.register(createSts());
  fake.register(createEc2(fake.regions));
  const records: CloudTrailRecord[] = [];
  const served: Record<string, Record<string, number>> = {};
  for (const [region, n] of Object.entries(SCENARIO_REGIONS)) {
    for (let i = 0; i < n; i++) {
      // Spread over the last 20 hours, a few events sharing a second.
      const eventTime = new Date(now - 60_000 - Math.floor((i * 72_000_000) / n / 1000) * 1000).toISOString();
      records.push(record({ eventTime, awsRegion: region, eventName: NAMES[i % NAMES.length] as string }));
    }
    served[region] = { 'sagemaker.amazonaws.com': n };
  }
  for (let i = 0; i < SCENARIO_IAM_EVENTS; i++) {
    const eventTime = new Date(now - 120_000 - i * 600_000).toISOString();
    records.push(
      record({
        eventTime,
        eventSource: 'iam.amazonaws.com',
        eventName: 'AttachRolePolicy',
        awsRegion: 'us-east-1',
        requestParameters: { roleName: 'AmazonSageMaker-ExecutionRole-20260101', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      }),
    );
  }
  (served['us-east-1'] as Record<string, number>)['iam.amazonaws.com'] = SCENARIO_IAM_EVENTS;
  for (const [r, region] of Object.keys(SCENARIO_REGIONS).entries()) {
    const at = (minutes: number): string => new Date(now - (r * 7 + minutes) * 60_000).toISOString();
    const tampering = [
      record({ eventTime: at(30), awsRegion: region, eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: 'management' } }),
      record({ eventTime: at(31), awsRegion: region, eventSource: 'cloudtrail.amazonaws.com', eventName: 'PutEventSelectors', requestParameters: { trailName: 'management' } }),
      record({ eventTime: at(32), awsRegion: region, eventSource: 'logs.amazonaws.com', eventName: 'DeleteLogGroup', requestParameters: { logGroupName: '/aws/sagemaker/NotebookInstances' } }),
      record({ eventTime: at(33), awsRegion: region, eventSource: 'logs.amazonaws.com', eventName: 'DeleteLogStream', requestParameters: { logGroupName: '/aws/sagemaker/TrainingJobs', logStreamName: 'job-1/algo-1' } }),
      record({ eventTime: at(34), awsRegion: region, eventSource: 'logs.amazonaws.com', eventName: 'DeleteLogGroup', requestParameters: { logGroupName: '/app/web' } }),
    ];
    records.push(...tampering);
    Object.assign(served[region] as Record<string, number>, { 'cloudtrail.amazonaws.com': 2, 'logs.amazonaws.com': 3 });
  }
  // Not a watched source: filtering LookupEvents by EventSource must never fetch these.
  const unwatched = Array.from({ length: SCENARIO_UNWATCHED_EVENTS }, (_, i) =>
    record({ eventTime: new Date(now - 90_000 - i * 60_000).toISOString(), eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' }),
  );
  ct.addRecords([...records, ...unwatched]);
  fake.faults.throttle({ operation: 'LookupEvents', region: 'us-east-1' }, 3);
  fake.faults.throttle({ operation: 'LookupEvents', region: 'eu-west-1' }, 2);
  fake.faults.serverError({ operation: 'LookupEvents', region: 'ap-southeast-2' }, 1);
  fake.faults.dropConnection({ operation: 'LookupEvents', region: 'ap-southeast-2' }, 1);
  return { fake, records, served };
}

/** The fewest LookupEvents calls that fetch `n` events of one source: full pages, and one page when empty. */
export const minimumCalls = (n: number): number => Math.max(1, Math.ceil(n / 50));

/** Events of the watched sources stored in one region. */
export const servedIn = (served: Scenario['served'], region: string): number =>
  Object.values(served[region] ?? {}).reduce((a, b) => a + b, 0);

/** Per region: the minimum successful calls for the watched sources (global ones only in us-east-1). */
export function expectedCalls(served: Scenario['served'], sources: string[]): Record<string, number> {
  return Object.fromEntries(
    Object.entries(served).map(([region, counts]) => [
      region,
      sources
        .filter((s) => (HOME_REGIONS[s] ?? region) === region)
        .reduce((sum, s) => sum + minimumCalls(counts[s] ?? 0), 0),
    ]),
  );
}

/**
 * Point the SDK's default credential chain at the example keys, away from any real profile (AWS_PROFILE
 * would make the chain skip the environment keys). Returns a function that restores the environment.
 */
export function useExampleCredentials(): () => void {
  const set: Record<string, string | undefined> = {
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_CONFIG_FILE: '/nonexistent/sm-ir-test-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/sm-ir-test-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const saved = Object.fromEntries(Object.keys(set).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(set);
  return () => apply(saved);
}
