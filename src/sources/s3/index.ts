/**
 * `--logs s3://bucket/prefix`: a CloudTrail archive read where it is. The layout is walked with
 * ListObjectsV2 and Delimiter '/' (organization ids, accounts, regions), then only the date prefixes
 * inside the window are listed (4 at a time); objects are downloaded 8 at a time and each goes
 * through the file reader, so a bad object is counted and reported like a bad file.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { createClient, type AwsOptions } from '../../aws/clients.js';
import { awsErrorCode, explainAwsError, isAccessDenied } from '../../aws/errors.js';
import type { CloudTrailRecord } from '../../core/cloudtrail.js';
import type { TimeWindow } from '../../core/time-window.js';
import { AwsCallError } from '../../errors.js';
import { isGzip, notLogFileReason, readLogBytes, readLogStream, type FileSourceOptions } from '../files/index.js';
import { emptyStats, type RecordSource, type SourceStats } from '../types.js';
import { deliveredBefore, locate, parseS3Url, windowDays, type S3Location } from './plan.js';
import { createLister, prefixesAt } from './walk.js';

export { checkLogsArgument, isS3Url, parseRegionFilter, parseS3Url } from './plan.js';

const DOWNLOADS_IN_FLIGHT = 8;
const LISTINGS_IN_FLIGHT = 4;
const BODY_ATTEMPTS = 3;
/**
 * Objects up to this size are downloaded whole, up to 8 ahead (CloudTrail files are kilobytes to a few
 * megabytes), so a body cut off mid-way is simply fetched again; larger ones are streamed one at a time.
 */
const BUFFER_LIMIT = 64 * 1024 * 1024;

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
  /** Called as prefixes are listed and objects read (for a TTY progress line). */
  onProgress?: (p: Readonly<S3Progress>) => void;
  /** Shared with a file source when --logs mixes local paths and S3 URLs. */
  stats?: SourceStats;
  now?: Date;
}

export interface S3Progress {
  /** Date (or other) prefixes listed in full. */
  prefixes: number;
  /** Objects found to read. */
  objects: number;
  /** Objects read. */
  read: number;
}

export interface S3Source extends RecordSource {
  isPartial(): boolean;
}

/** A promise's outcome as a value, so work running ahead never leaves a rejection unhandled. */
const settle = <T>(p: Promise<T>): Promise<{ value: T } | { error: unknown }> => p.then((value) => ({ value }), (error: unknown) => ({ error }));

type Download = { url: string; body: Buffer } | { url: string; error: unknown } | { url: string; large: { bucket: string; key: string } };
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
  // One client, created on the first call (listings run concurrently: share the promise).
  let client: Promise<S3Client> | undefined;
  const s3Client = (): Promise<S3Client> => (client ??= createClient('s3', options.region, options.aws));

  const lister = createLister(s3Client, options.region);
  const scope = { regions: options.regions, days };
  const progress: S3Progress = { prefixes: 0, objects: 0, read: 0 };
  let planned = 0;
  const report = () => {
    // The objects found so far are inputs to read, for a progress bar (shared stats: add, never overwrite).
    stats.unitsPlanned = (stats.unitsPlanned ?? 0) + progress.objects - planned;
    planned = progress.objects;
    options.onProgress?.(progress);
  };

  async function* listings(): AsyncGenerator<{ bucket: string; prefix: string }> {
    for (const { bucket, prefix } of locations) for await (const p of prefixesAt(lister, bucket, locate(prefix), scope)) yield { bucket, prefix: p };
  }

  /** Every object to read, in key order; the date prefixes are listed a few at a time. */
  async function* objects(): AsyncGenerator<S3Object> {
    const listed = ahead(listings(), LISTINGS_IN_FLIGHT, async ({ bucket, prefix }) => ({ bucket, keys: await settle(lister.allKeys(bucket, prefix)) }));
    for await (const { bucket, keys } of listed) {
      if ('error' in keys) throw keys.error;
      progress.prefixes += 1;
      report();
      for (const { key, size } of keys.value) {
        const url = urlOf(bucket, key);
        if (key.endsWith('/')) continue; // a folder marker made by the console
        const notLog = notLogFileReason(key);
        if (notLog !== undefined) stats.skippedFiles.push({ input: url, reason: notLog });
        else if (!deliveredBefore(key, options.window.start)) {
          progress.objects += 1;
          yield { bucket, key, size };
        }
      }
    }
  }

  async function download({ bucket, key, size }: S3Object): Promise<Download> {
    const { GetObjectCommand } = await import('../../aws/sdk/s3.js');
    const url = urlOf(bucket, key);
    if (size > BUFFER_LIMIT) return { url, large: { bucket, key } };
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await (await s3Client()).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
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
    const { GetObjectCommand } = await import('../../aws/sdk/s3.js');
    const s3 = await s3Client();
    let head: Uint8Array;
    let body: Readable;
    try {
      head = (await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=0-1' }))).Body?.transformToByteArray()) ?? new Uint8Array();
      body = (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body as Readable;
    } catch (error) {
      failedDownload({ url, error });
      return;
    }
    yield* readLogStream(url, body, isGzip(head), stats, options.read ?? {}); // counted in stats.unitsRead as it ends
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
        for await (const d of ahead(objects(), DOWNLOADS_IN_FLIGHT, download)) {
          progress.read += 1;
          report();
          if ('error' in d) {
            failedDownload(d);
            continue;
          }
          if ('large' in d) {
            yield* readLarge(d.url, d.large);
            continue;
          }
          yield* readLogBytes(d.url, d.body, stats, options.read); // counted in stats.unitsRead as it ends
        }
      } finally {
        (await client)?.destroy();
      }
    },
  };
}
