/** The S3 fake answers the real @aws-sdk/client-s3 over HTTP (restXml), path-style as sm-ir's client factory sets it. */
import { GetObjectCommand, ListObjectsV2Command, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { gzipSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientConfig, OTHER_ACCOUNT } from './helpers.js';
import { startFakeAws, type FakeAws } from './server.js';
import { createS3, type FakeS3 } from './services/s3.js';

let fake: FakeAws;
let s3: FakeS3;
const BUCKET = 'trail-archive';

beforeEach(async () => {
  s3 = createS3();
  fake = await startFakeAws({ modules: [s3.module] });
  s3.createBucket(BUCKET);
});
afterEach(async () => {
  expect(fake.handlerBugs).toEqual([]);
  await fake.close();
});

const client = () => new S3Client({ ...clientConfig(fake.url, 'us-east-1'), forcePathStyle: true });

describe('S3 ListObjectsV2', () => {
  it('groups keys under CommonPrefixes with a delimiter and lists keys without one', async () => {
    for (const k of ['AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/27/a.json.gz', 'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/27/b.json.gz', 'AWSLogs/o-abc/x']) {
      s3.putObject(BUCKET, k, 'x');
    }
    const top = await client().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'AWSLogs/', Delimiter: '/' }));
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['AWSLogs/111122223333/', 'AWSLogs/o-abc/']);
    expect(top.Contents ?? []).toEqual([]);
    const regions = await client().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'AWSLogs/111122223333/CloudTrail/', Delimiter: '/' }));
    expect(regions.CommonPrefixes?.map((p) => p.Prefix)).toEqual([
      'AWSLogs/111122223333/CloudTrail/eu-west-1/',
      'AWSLogs/111122223333/CloudTrail/us-east-1/',
    ]);
    const all = await client().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'AWSLogs/111122223333/' }));
    expect(all.Contents?.map((c) => [c.Key, c.Size])).toEqual([
      ['AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/27/b.json.gz', 1],
      ['AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/27/a.json.gz', 1],
    ]);
    expect(s3.requests.map((r) => [r.prefix, r.delimiter])).toEqual([
      ['AWSLogs/', '/'],
      ['AWSLogs/111122223333/CloudTrail/', '/'],
      ['AWSLogs/111122223333/', undefined],
    ]);
  });

  it('pages at 1,000 entries with continuation tokens the paginator follows', async () => {
    for (let i = 0; i < 2345; i++) s3.putObject(BUCKET, `p/${String(i).padStart(5, '0')}.json`, '{}');
    const pages: number[] = [];
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2({ client: client() }, { Bucket: BUCKET, Prefix: 'p/' })) {
      pages.push(page.KeyCount ?? -1);
      keys.push(...(page.Contents ?? []).map((c) => c.Key as string));
    }
    expect(pages).toEqual([1000, 1000, 345]);
    expect(new Set(keys).size).toBe(2345);
    expect(s3.requests.map((r) => r.continuation)).toEqual([false, true, true]);
  });

  it('answers NoSuchBucket and AccessDenied as S3 does', async () => {
    await expect(client().send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({
      name: 'NoSuchBucket',
      $metadata: { httpStatusCode: 404 },
    });
    s3.createBucket('other-account-bucket', { owner: OTHER_ACCOUNT });
    await expect(client().send(new ListObjectsV2Command({ Bucket: 'other-account-bucket' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
  });
});

describe('S3 GetObject', () => {
  it('returns the stored gzip bytes unchanged (a key with a space and a plus sign)', async () => {
    const body = gzipSync(JSON.stringify({ Records: [{ eventName: 'X' }] }));
    s3.putObject(BUCKET, 'AWSLogs/a b+c.json.gz', body);
    const bytes = async () =>
      Buffer.from(await (await client().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'AWSLogs/a b+c.json.gz' }))).Body!.transformToByteArray());
    expect(gunzipSync(await bytes()).toString()).toContain('"eventName":"X"');
    // The SDK asks for the checksum (x-amz-checksum-mode: ENABLED) and checks the body against it.
    const out = await client().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'AWSLogs/a b+c.json.gz', ChecksumMode: 'ENABLED' }));
    expect(out.ChecksumCRC32).toMatch(/^[A-Za-z0-9+/]{6}==$/);
    expect(s3.requests.at(-1)).toMatchObject({ operation: 'GetObject', key: 'AWSLogs/a b+c.json.gz' });
  });

  it('answers NoSuchKey for a missing key', async () => {
    await expect(client().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'gone.json.gz' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});
