/**
 * `--logs s3://bucket/prefix`: a CloudTrail archive read where it is. The layout is walked with
 * ListObjectsV2 and Delimiter '/' (organization ids, accounts, regions), then only the date prefixes
 * inside the window are listed (4 at a time); objects are downloaded 8 at a time and each goes
 * through the file reader, so a bad object is counted and reported like a bad file.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createClient, type AwsOptions } from '../../aws/clients.js';
import { awsErrorCode, explainAwsError, isAccessDenied } from '../../aws/errors.js';
import type { CloudTrailRecord } from '../../core/cloudtrail.js';
import type { TimeWindow } from '../../core/time-window.js';
import { AwsCallError, SmIrError } from '../../errors.js';
import type { Readable } from 'node:stream';
import { isGzip, notLogFileReason, readLogBytes, readLogStream, type FileSourceOptions } from '../files/index.js';
import { emptyStats, type RecordSource, type SourceStats } from '../types.js';
import {
  ACCOUNT_ID,
  deliveredBefore,
  firstYearDay,
  locate,
  ORG_ID,
  parseS3Url,
  regionDatePrefixes,
  windowDays,
  type LayoutPoint,
  type S3Location,
} from './plan.js';

export { checkLogsArgument, isS3Url, parseRegionFilter, parseS3Url } from './plan.js';

export const DEFAULT_DOWNLOADS_IN_FLIGHT = 8;
const LISTINGS_IN_FLIGHT = 4;
const BODY_ATTEMPTS = 3;
/**
 * Objects up to this size are downloaded whole, up to 8 ahead (CloudTrail files are kilobytes to a few
 * megabytes), so a body cut off mid-way is simply fetched again; larger ones are streamed one at a time.
 */
const BUFFER_LIMIT = 64 * 1024 * 1024;
const REGION_FOLDER = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export interface S3SourceOptions {
  /** s3://bucket[/prefix] URLs; checked when the source is created (UsageError, no call made). */
  urls: string[];
  window: TimeWindow;
  /** Region folders to read; null for all. */
  regions: Set<string> | null;
  /** The client's region; S3 follows a bucket's redirect to its own region. */
  region: string;
  aws?: AwsOptions;
  read?: FileSourceOptions;
  /** Shared with a file source when --logs mixes local paths and S3 URLs. */
  stats?: SourceStats;
  downloadsInFlight?: number;
  now?: Date;
}

export interface S3Source extends RecordSource {
  isPartial(): boolean;
}

/** A promise's outcome as a value, so work running ahead never leaves a rejection unhandled. */
const settle = <T>(p: Promise<T>): Promise<{ value: T } | { error: unknown }> => p.then((value) => ({ value }), (error: unknown) => ({ error }));

type Download = { url: string; body: Buffer } | { url: string; error: unknown } | { url: string; large: { bucket: string; key: string } };
type Listed = { key: string; size: number };
type S3Object = { bucket: string; key: string; size: number };

const urlOf = (bucket: string, key: string) => `s3://${bucket}/${key}`;

/** Yield what `fetch` gives for each item, in order, with up to `limit` fetches running ahead. */
async function* ahead<T, R>(items: AsyncIterable<T>, limit: number, fetch: (t: T) => Promise<R>): AsyncGenerator<R> {
  const queue: Promise<R>[] = [];
  for await (const item of items) {
    queue.push(fetch(item));
    if (queue.length >= limit) yield await (queue.shift() as Promise<R>);
  }
  while (queue.length > 0) yield await (queue.shift() as Promise<R>);
}

export function createS3Source(options: S3SourceOptions): S3Source {
  const locations: S3Location[] = options.urls.map(parseS3Url);
  const stats = options.stats ?? emptyStats();
  const now = options.now ?? new Date();
  const days = windowDays(options.window, now);
  let incomplete = false;
  let client: S3Client | undefined;

  const listFailure = (err: unknown, bucket: string, prefix: string): SmIrError => {
    if (awsErrorCode(err) === 'NoSuchBucket') {
      return new AwsCallError('s3', 'ListObjectsV2', `bucket ${bucket} does not exist`, {
        awsCode: 'NoSuchBucket',
        hint: "check the name: a trail's bucket is its S3BucketName in `aws cloudtrail describe-trails`",
        cause: err,
      });
    }
    const e = explainAwsError(err, 's3', 'ListObjectsV2', 's3:ListBucket', options.region);
    if (!isAccessDenied(err)) return e;
    return new AwsCallError('s3', 'ListObjectsV2', `access denied listing s3://${bucket}/${prefix}`, {
      awsCode: awsErrorCode(err) as string,
      hint: `the caller needs s3:ListBucket on arn:aws:s3:::${bucket} (identity policy, bucket policy and SCPs must all allow it)`,
      cause: err,
    });
  };

  /** One page after another under `prefix`: the keys, and the sub-prefixes when a delimiter is given. */
  async function* list(bucket: string, prefix: string, delimiter?: string): AsyncGenerator<{ keys: Listed[]; folders: string[] }> {
    const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    client ??= await createClient('s3', options.region, options.aws);
    let token: string | undefined;
    do {
      let out;
      try {
        out = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(delimiter ? { Delimiter: delimiter } : {}), ...(token ? { ContinuationToken: token } : {}) }),
        );
      } catch (err) {
        throw listFailure(err, bucket, prefix);
      }
      yield {
        keys: (out.Contents ?? []).flatMap((c) => (typeof c.Key === 'string' ? [{ key: c.Key, size: c.Size ?? 0 }] : [])),
        folders: (out.CommonPrefixes ?? []).map((p) => p.Prefix).filter((p): p is string => typeof p === 'string'),
      };
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
  }

  async function folders(bucket: string, prefix: string): Promise<string[]> {
    const out: string[] = [];
    for await (const page of list(bucket, prefix, '/')) out.push(...page.folders.map((f) => f.slice(prefix.length)));
    return out;
  }

  async function allKeys(bucket: string, prefix: string): Promise<Listed[]> {
    const keys: Listed[] = [];
    for await (const page of list(bucket, prefix)) keys.push(...page.keys);
    return keys;
  }

  /**
   * The prefixes to list in full under one layout point, in key order: the layout is walked with
   * delimiter listings, and only the window's date prefixes come out.
   */
  async function* prefixesAt(bucket: string, point: LayoutPoint, listed?: string[]): AsyncGenerator<string> {
    switch (point.level) {
      case 'root': {
        const logs = `${point.base}AWSLogs/`;
        const below = await folders(bucket, logs);
        if (below.length > 0) yield* prefixesAt(bucket, { level: 'logs', base: logs }, below);
        else if (point.base !== '') yield point.base; // a copy of some logs, not a trail's layout: read what is there
        else {
          throw new SmIrError(`s3://${bucket} has no AWSLogs/ folder: it is not where a trail delivers, and the whole bucket is not read`, {
            hint: "give the trail's key prefix (S3KeyPrefix in `aws cloudtrail describe-trails`) or the folder that holds the logs: s3://BUCKET/PREFIX/",
          });
        }
        return;
      }
      case 'logs':
      case 'org':
        for (const f of listed ?? (await folders(bucket, point.base))) {
          const name = f.replace(/\/$/, '');
          if (point.level === 'logs' && ORG_ID.test(name)) yield* prefixesAt(bucket, { level: 'org', base: point.base + f });
          else if (ACCOUNT_ID.test(name)) yield* prefixesAt(bucket, { level: 'trail', base: `${point.base}${f}CloudTrail/` });
        }
        return;
      case 'trail':
        for (const f of await folders(bucket, point.base)) {
          const region = f.replace(/\/$/, '');
          if (REGION_FOLDER.test(region)) yield* prefixesAt(bucket, { level: 'region', base: point.base + f, region, from: null, to: null });
        }
        return;
      case 'region': {
        if (options.regions && !options.regions.has(point.region)) return;
        const first = days.first ?? point.from ?? firstYearDay(await folders(bucket, point.base));
        if (first === null) return;
        for (const p of regionDatePrefixes(point, { ...days, first })) yield point.base + p;
        return;
      }
      case 'other':
        yield point.base;
    }
  }

  async function* listings(): AsyncGenerator<{ bucket: string; prefix: string }> {
    for (const { bucket, prefix } of locations) for await (const p of prefixesAt(bucket, locate(prefix))) yield { bucket, prefix: p };
  }

  /** Every object to read, in key order; the date prefixes are listed a few at a time. */
  async function* objects(): AsyncGenerator<S3Object> {
    const listed = ahead(listings(), LISTINGS_IN_FLIGHT, async ({ bucket, prefix }) => ({ bucket, keys: await settle(allKeys(bucket, prefix)) }));
    for await (const { bucket, keys } of listed) {
      if ('error' in keys) throw keys.error;
      for (const { key, size } of keys.value) {
        const url = urlOf(bucket, key);
        if (key.endsWith('/')) continue; // a folder marker made by the console
        const notLog = notLogFileReason(key);
        if (notLog !== undefined) stats.skippedFiles.push({ input: url, reason: notLog });
        else if (!deliveredBefore(key, options.window.start)) yield { bucket, key, size };
      }
    }
  }

  async function download({ bucket, key, size }: S3Object): Promise<Download> {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const url = urlOf(bucket, key);
    if (size > BUFFER_LIMIT) return { url, large: { bucket, key } };
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await (client as S3Client).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!out.Body) return { url, body: Buffer.alloc(0) };
        return { url, body: Buffer.from(await out.Body.transformToByteArray()) };
      } catch (err) {
        // The SDK retries the request (errors with $metadata); a body cut off mid-way is retried here.
        const sdkError = typeof err === 'object' && err !== null && '$metadata' in err;
        if (sdkError || attempt >= BODY_ATTEMPTS) return { url, error: err };
      }
    }
  }

  /**
   * An object too large to hold in memory: its first two bytes (a ranged GET) tell gzip or not, then its
   * body is read as a stream, as a local file is. A body cut off mid-way is reported, not retried.
   */
  async function* readLarge(url: string, { bucket, key }: { bucket: string; key: string }): AsyncGenerator<CloudTrailRecord> {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const s3 = client as S3Client;
    let head: Uint8Array;
    let body: Readable;
    try {
      head = (await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=0-1' }))).Body?.transformToByteArray()) ?? new Uint8Array();
      body = (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body as Readable;
    } catch (error) {
      failedDownload({ url, error });
      return;
    }
    stats.unitsRead++;
    yield* readLogStream(url, body, isGzip(head), stats, options.read ?? {});
  }

  function failedDownload(d: { url: string; error: unknown }): void {
    if (isAccessDenied(d.error)) {
      throw new AwsCallError('s3', 'GetObject', `access denied reading ${d.url}`, {
        awsCode: awsErrorCode(d.error) as string,
        hint: "the caller needs s3:GetObject on the bucket's objects (and kms:Decrypt on the trail's KMS key when the logs are SSE-KMS encrypted)",
        cause: d.error,
      });
    }
    incomplete = true;
    const code = awsErrorCode(d.error);
    const reason =
      code === 'NoSuchKey'
        ? 'deleted after it was listed (NoSuchKey)'
        : code === 'InvalidObjectState'
          ? 'archived in an S3 Glacier storage class: restore it first (InvalidObjectState)'
          : `download failed: ${explainAwsError(d.error, 's3', 'GetObject', 's3:GetObject').message}`;
    stats.errors.push({ input: d.url, reason });
  }

  return {
    kind: 's3',
    stats,
    inputs: options.urls,
    isPartial: () => incomplete,
    async *records(): AsyncGenerator<CloudTrailRecord> {
      try {
        for await (const d of ahead(objects(), options.downloadsInFlight ?? DEFAULT_DOWNLOADS_IN_FLIGHT, download)) {
          if ('error' in d) {
            failedDownload(d);
            continue;
          }
          if ('large' in d) {
            yield* readLarge(d.url, d.large);
            continue;
          }
          stats.unitsRead++;
          yield* readLogBytes(d.url, d.body, stats, options.read);
        }
      } finally {
        client?.destroy();
      }
    },
  };
}
