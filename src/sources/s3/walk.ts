/**
 * The S3 side of planning: ListObjectsV2 calls (every page, errors explained) and the walk of
 * CloudTrail's layout from a point (plan.ts) down to the date prefixes of the window.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { awsErrorCode, explainAwsError, isAccessDenied } from '../../aws/errors.js';
import { AwsCallError, SmIrError } from '../../errors.js';
import { ACCOUNT_ID, firstYearDay, ORG_ID, regionDatePrefixes, type LayoutPoint, type WindowDays } from './plan.js';

const REGION_FOLDER = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export type Listed = { key: string; size: number };

export interface Lister {
  /** The sub-folder names under a prefix ("eu-west-1/"), every page. */
  folders(bucket: string, prefix: string): Promise<string[]>;
  /** Every key under a prefix, every page, in key order. */
  allKeys(bucket: string, prefix: string): Promise<Listed[]>;
}

export function createLister(client: () => Promise<S3Client>, region: string): Lister {
  const listFailure = (err: unknown, bucket: string, prefix: string): SmIrError => {
    if (awsErrorCode(err) === 'NoSuchBucket') {
      return new AwsCallError('s3', 'ListObjectsV2', `bucket ${bucket} does not exist`, {
        awsCode: 'NoSuchBucket',
        hint: "check the name: a trail's bucket is its S3BucketName in `aws cloudtrail describe-trails`",
        cause: err,
      });
    }
    const e = explainAwsError(err, 's3', 'ListObjectsV2', 's3:ListBucket', region);
    if (!isAccessDenied(err)) return e;
    return new AwsCallError('s3', 'ListObjectsV2', `access denied listing s3://${bucket}/${prefix}`, {
      awsCode: awsErrorCode(err) as string,
      hint: `the caller needs s3:ListBucket on arn:aws:s3:::${bucket} (identity policy, bucket policy and SCPs must all allow it)`,
      cause: err,
    });
  };

  /** One page after another under `prefix`: the keys, and the sub-prefixes when a delimiter is given. */
  async function* list(bucket: string, prefix: string, delimiter?: string): AsyncGenerator<{ keys: Listed[]; folders: string[] }> {
    const { ListObjectsV2Command } = await import('../../aws/sdk/s3.js');
    const s3 = await client();
    let token: string | undefined;
    do {
      let out;
      try {
        out = await s3.send(
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

  return { folders, allKeys };
}

/**
 * The prefixes to list in full under one layout point, in key order: the layout is walked with
 * delimiter listings, and only the window's date prefixes (in the --regions folders) come out.
 */
export async function* prefixesAt(
lister: Lister,
bucket: string,
point: LayoutPoint,
scope: { regions: Set<string> | null; days: WindowDays },
listed?: string[],
): AsyncGenerator<string> {
  switch (point.level) {
    case 'root': {
      const logs = `${point.base}AWSLogs/`;
      const below = await lister.folders(bucket, logs);
      if (below.length > 0) yield* prefixesAt(lister, bucket, { level: 'logs', base: logs }, scope, below);
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
      for (const f of listed ?? (await lister.folders(bucket, point.base))) {
        const name = f.replace(/\/$/, '');
        if (point.level === 'logs' && ORG_ID.test(name)) yield* prefixesAt(lister, bucket, { level: 'org', base: point.base + f }, scope);
        else if (ACCOUNT_ID.test(name)) yield* prefixesAt(lister, bucket, { level: 'trail', base: `${point.base}${f}CloudTrail/` }, scope);
      }
      return;
    case 'trail':
      for (const f of await lister.folders(bucket, point.base)) {
        const region = f.replace(/\/$/, '');
        if (REGION_FOLDER.test(region)) yield* prefixesAt(lister, bucket, { level: 'region', base: point.base + f, region, from: null, to: null }, scope);
      }
      return;
    case 'region': {
      if (scope.regions && !scope.regions.has(point.region)) return;
      const first = scope.days.first ?? point.from ?? firstYearDay(await lister.folders(bucket, point.base));
      if (first === null) return;
      for (const p of regionDatePrefixes(point, { ...scope.days, first })) yield point.base + p;
      return;
    }
    case 'other':
      yield point.base;
  }
}
