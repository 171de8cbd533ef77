import { GetObjectCommand, ListObjectsV2Command, S3Client, type ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';
import { AwsCallError } from '../../../src/errors.js';
import { createS3Source, type S3Progress, type S3SourceOptions } from '../../../src/sources/s3/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const s3 = mockClient(S3Client);
beforeEach(() => s3.reset());

const NOW = new Date('2026-11-29T01:00:00Z');
const WINDOW = { start: new Date('2026-11-27T09:00:00Z'), end: new Date('2026-11-27T12:00:00Z') };
const TRAIL = 'AWSLogs/o-exampleorgid/444455556666/CloudTrail/';

const rec = (eventID: string, eventTime: string): CloudTrailRecord => ({
  eventVersion: '1.09',
  eventTime,
  eventSource: 'sagemaker.amazonaws.com',
  eventName: 'CreateNotebookInstance',
  awsRegion: 'eu-west-1',
  eventID,
  recipientAccountId: '444455556666',
});
const body = (bytes: Buffer) => ({ Body: { transformToByteArray: async () => new Uint8Array(bytes) } }) as never;
const file = (stamp: string) => `${TRAIL}eu-west-1/2026/11/27/444455556666_CloudTrail_eu-west-1_${stamp}_abcdefghijklmnop.json.gz`;

/** A bucket: delimiter listings from `folders`, key listings from `keys`, two keys per page. */
function serveListings(folders: Record<string, string[]>, keys: Record<string, string[]>) {
  s3.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => {
    const prefix = input.Prefix ?? '';
    if (input.Delimiter) return { CommonPrefixes: (folders[prefix] ?? []).map((f) => ({ Prefix: prefix + f })) };
    const all = keys[prefix] ?? [];
    const from = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
    const more = from + 2 < all.length;
    return { Contents: all.slice(from, from + 2).map((Key) => ({ Key })), IsTruncated: more, ...(more ? { NextContinuationToken: String(from + 2) } : {}) };
  });
}

const source = (urls = ['s3://trail-bucket/AWSLogs/'], regions: Set<string> | null = null, more: Partial<S3SourceOptions> = {}) =>
  createS3Source({ urls, window: WINDOW, regions, region: 'us-east-1', now: NOW, aws: { endpointUrl: 'http://127.0.0.1:9' }, ...more });

async function collect(it: AsyncIterable<CloudTrailRecord>): Promise<string[]> {
  const out: string[] = [];
  for await (const r of it) out.push(r.eventID as string);
  return out;
}

const LAYOUT = {
  'AWSLogs/': ['o-exampleorgid/', 'not-an-account/'],
  'AWSLogs/o-exampleorgid/': ['444455556666/'],
  [TRAIL]: ['eu-west-1/', 'us-east-1/'],
};

describe('S3 source', () => {
  it('walks org, account and region folders, lists the window days page by page, and reads objects in key order', async () => {
    const day27 = [file('20261127T0830Z'), file('20261127T0905Z'), file('20261127T1010Z'), `${TRAIL}eu-west-1/2026/11/27/notes.txt`, file('20261127T1130Z')];
    serveListings(LAYOUT, { [`${TRAIL}eu-west-1/2026/11/27/`]: day27 });
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
      const stamp = /_(\d{8}T\d{4}Z)_/.exec(input.Key)?.[1] as string;
      const t = `2026-11-27T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:00Z`;
      return body(gzipSync(JSON.stringify({ Records: [rec(`ev-${stamp}`, t)] })));
    });
    const seen: S3Progress[] = [];
    const src = source(undefined, new Set(['eu-west-1']), { onProgress: (p) => seen.push({ ...p }) });
    expect(await collect(src.records())).toEqual(['ev-20261127T0905Z', 'ev-20261127T1010Z', 'ev-20261127T1130Z']);
    expect(seen.at(-1)).toEqual({ prefixes: 2, objects: 3, read: 3 });

    const calls = s3.commandCalls(ListObjectsV2Command).map((c) => `${c.args[0].input.Prefix}|${c.args[0].input.Delimiter ?? ''}|${c.args[0].input.ContinuationToken ?? ''}`);
    // Discovery first, in order; the date prefixes are listed several at a time, so their calls interleave.
    expect(calls.slice(0, 3)).toEqual(['AWSLogs/|/|', 'AWSLogs/o-exampleorgid/|/|', `${TRAIL}|/|`]);
    expect(calls.sort()).toEqual([
      'AWSLogs/|/|',
      'AWSLogs/o-exampleorgid/|/|',
      `${TRAIL}|/|`,
      `${TRAIL}eu-west-1/2026/11/27/||`,
      `${TRAIL}eu-west-1/2026/11/27/||2`,
      `${TRAIL}eu-west-1/2026/11/27/||4`,
      `${TRAIL}eu-west-1/2026/11/28/||`,
    ].sort());
    // 08:30 was delivered before the window: not downloaded.
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key)).toEqual([file('20261127T0905Z'), file('20261127T1010Z'), file('20261127T1130Z')]);
    expect(src.stats.unitsRead).toBe(3);
    expect(src.stats.skippedFiles).toEqual([{ input: `s3://trail-bucket/${TRAIL}eu-west-1/2026/11/27/notes.txt`, reason: 'not a log file name (.json, .jsonl, .ndjson, .gz)' }]);
    expect(src.isPartial()).toBe(false);
  });

  it('an object deleted after listing is an error and makes the result partial; bad content is an error but not partial', async () => {
    serveListings(LAYOUT, { [`${TRAIL}eu-west-1/2026/11/27/`]: [file('20261127T0905Z'), file('20261127T1010Z')] });
    s3.on(GetObjectCommand, { Key: file('20261127T0905Z') }).rejects(Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey', $metadata: {} }));
    s3.on(GetObjectCommand, { Key: file('20261127T1010Z') }).resolves(body(Buffer.from('{"Records": [')));
    const src = source(undefined, new Set(['eu-west-1']));
    expect(await collect(src.records())).toEqual([]);
    expect(src.stats.errors).toEqual([
      { input: `s3://trail-bucket/${file('20261127T0905Z')}`, reason: 'deleted after it was listed (NoSuchKey)' },
      { input: `s3://trail-bucket/${file('20261127T1010Z')}`, reason: expect.stringContaining('file ends inside a record') },
    ]);
    expect(src.isPartial()).toBe(true);
  });

  it('retries a body cut off mid-way (the SDK retries only the request)', async () => {
    serveListings(LAYOUT, { [`${TRAIL}eu-west-1/2026/11/27/`]: [file('20261127T0905Z')] });
    let attempts = 0;
    s3.on(GetObjectCommand).callsFake(() => ({
      Body: {
        transformToByteArray: async () => {
          attempts += 1;
          if (attempts === 1) throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
          return new Uint8Array(gzipSync(JSON.stringify({ Records: [rec('ok', '2026-11-27T09:04:00Z')] })));
        },
      },
    }));
    const src = source(undefined, new Set(['eu-west-1']));
    expect(await collect(src.records())).toEqual(['ok']);
    expect(attempts).toBe(2);
    expect(src.stats.errors).toEqual([]);
  });

  it('AccessDenied on listing names s3:ListBucket; on GetObject names s3:GetObject and kms:Decrypt', async () => {
    s3.on(ListObjectsV2Command).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    await expect(collect(source().records())).rejects.toThrow(AwsCallError);
    await expect(collect(source().records())).rejects.toMatchObject({ hint: expect.stringContaining('s3:ListBucket on arn:aws:s3:::trail-bucket') });

    s3.reset();
    serveListings(LAYOUT, { [`${TRAIL}eu-west-1/2026/11/27/`]: [file('20261127T0905Z')] });
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    await expect(collect(source(undefined, new Set(['eu-west-1'])).records())).rejects.toMatchObject({
      message: expect.stringContaining('access denied reading s3://trail-bucket/'),
      hint: expect.stringMatching(/s3:GetObject.*kms:Decrypt/),
    });
  });

  it('NoSuchBucket is named', async () => {
    s3.on(ListObjectsV2Command).rejects(Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } }));
    await expect(collect(source().records())).rejects.toThrow('bucket trail-bucket does not exist');
  });

  it('an object too large to hold in memory is read as a stream, gzip told by a ranged GET of its first bytes', async () => {
    const day = `${TRAIL}eu-west-1/2026/11/27/`;
    s3.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) =>
      input.Delimiter
        ? { CommonPrefixes: (LAYOUT[input.Prefix as keyof typeof LAYOUT] ?? []).map((f) => ({ Prefix: input.Prefix + f })) }
        : { Contents: input.Prefix === day ? [{ Key: file('20261127T0905Z'), Size: 200 * 1024 * 1024 }] : [] },
    );
    const gz = gzipSync(JSON.stringify({ Records: [rec('big-1', '2026-11-27T09:01:00Z'), rec('big-2', '2026-11-27T09:02:00Z')] }));
    s3.on(GetObjectCommand, { Range: 'bytes=0-1' }).resolves(body(gz.subarray(0, 2)));
    s3.on(GetObjectCommand, { Range: undefined }).resolves({ Body: Readable.from([gz.subarray(0, 10), gz.subarray(10)]) } as never);
    const src = source(undefined, new Set(['eu-west-1']));
    expect(await collect(src.records())).toEqual(['big-1', 'big-2']);
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Range)).toEqual(['bytes=0-1', undefined]);
    expect(src.stats.unitsRead).toBe(1);
  });

  it('a bucket without AWSLogs/ is not read whole', async () => {
    serveListings({}, {});
    await expect(collect(source(['s3://trail-bucket']).records())).rejects.toThrow('s3://trail-bucket has no AWSLogs/ folder');
    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.Prefix)).toEqual(['AWSLogs/']);
  });

  it('a prefix without AWSLogs/ under it is read as it is', async () => {
    serveListings({}, { 'incident-copy/': ['incident-copy/a.json', 'incident-copy/b.json'] });
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => body(Buffer.from(JSON.stringify(rec(input.Key, '2026-11-27T10:00:00Z')))));
    expect(await collect(source(['s3://trail-bucket/incident-copy']).records())).toEqual(['incident-copy/a.json', 'incident-copy/b.json']);
  });
});
