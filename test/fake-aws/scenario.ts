/**
 * The issue-3 scenario: 1,000 SageMaker events spread over 3 regions (plus IAM events in us-east-1),
 * served by the fake with throttle bursts, a 500 and a dropped connection injected.
 */
import type { CloudTrailRecord } from '../../src/core/cloudtrail.js';
import { record } from './helpers.js';
import { startFakeAws, type FakeAws } from './server.js';
import { createCloudTrail } from './services/cloudtrail.js';
import { createEc2 } from './services/ec2.js';
import { createSts } from './services/sts.js';

export const SCENARIO_REGIONS = { 'us-east-1': 420, 'eu-west-1': 350, 'ap-southeast-2': 230 } as const;
export const SCENARIO_IAM_EVENTS = 37;
export const WATCHED_SOURCES = ['sagemaker.amazonaws.com', 'iam.amazonaws.com', 'cloudtrail.amazonaws.com', 'logs.amazonaws.com'];
const NAMES = ['CreateNotebookInstance', 'CreatePresignedNotebookInstanceUrl', 'CreateTrainingJob', 'StopNotebookInstance', 'UpdateNotebookInstance'];

export interface Scenario {
  fake: FakeAws;
  records: CloudTrailRecord[];
  /** Events stored per region and event source. */
  served: Record<string, Record<string, number>>;
}

export async function startScenario(now = Date.now()): Promise<Scenario> {
  const ct = createCloudTrail();
  const fake = await startFakeAws();
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
    records.push(record({ eventTime, eventSource: 'iam.amazonaws.com', eventName: 'AttachRolePolicy', awsRegion: 'us-east-1' }));
  }
  (served['us-east-1'] as Record<string, number>)['iam.amazonaws.com'] = SCENARIO_IAM_EVENTS;
  ct.addRecords(records);
  fake.faults.throttle({ operation: 'LookupEvents', region: 'us-east-1' }, 3);
  fake.faults.throttle({ operation: 'LookupEvents', region: 'eu-west-1' }, 2);
  fake.faults.serverError({ operation: 'LookupEvents', region: 'ap-southeast-2' }, 1);
  fake.faults.dropConnection({ operation: 'LookupEvents', region: 'ap-southeast-2' }, 1);
  return { fake, records, served };
}

/** The fewest LookupEvents calls that fetch `n` events of one source: full pages, and one page when empty. */
export const minimumCalls = (n: number): number => Math.max(1, Math.ceil(n / 50));

/** Per region: the minimum successful calls for the watched sources (global ones only in us-east-1). */
export function expectedCalls(served: Scenario['served'], sources: string[]): Record<string, number> {
  return Object.fromEntries(
    Object.entries(served).map(([region, counts]) => [
      region,
      sources
        .filter((s) => s !== 'iam.amazonaws.com' || region === 'us-east-1')
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
