/**
 * CloudTrail as sm-ir meets it. LookupEvents as the service behaves: at most one lookup attribute, MaxResults up to 50,
 * newest first, StartTime/EndTime filtering, NextToken valid only with the same parameters, 90 days of
 * management events per region, 2 requests per second per region and account.
 */
import { createHash } from 'node:crypto';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';
import { FakeAwsError, type FakeRequest, type ServiceModule } from '../types.js';
import { createLake } from './cloudtrail-lake.js';

const RETENTION_MS = 90 * 86_400_000;
const ATTRIBUTE_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'];

export interface FakeCloudTrail {
  module: ServiceModule;
  /** Store records; each is served in its awsRegion (us-east-1 when absent) to its recipientAccountId (any when absent). */
  addRecords(records: CloudTrailRecord[]): void;
  /** Every stored record (the Athena fake's table reads them too). */
  records(): readonly CloudTrailRecord[];
  /** CloudTrail Lake: an event data store holding every stored record. */
  addEventDataStore(id: string): void;
  /** CloudTrail Lake: the next query fails with this message. */
  failNextLakeQuery(message: string): void;
}

function username(r: CloudTrailRecord): string | undefined {
  const u = r.userIdentity;
  if (!u) return undefined;
  if (u.userName) return u.userName;
  if (u.type === 'Root') return 'root';
  if (u.type === 'AssumedRole' && u.arn) return u.arn.split('/').pop();
  return u.principalId;
}

function attributeValue(r: CloudTrailRecord, key: string): string | undefined {
  switch (key) {
    case 'EventId': return r.eventID;
    case 'EventName': return r.eventName;
    case 'ReadOnly': return r.readOnly === undefined ? undefined : String(r.readOnly);
    case 'Username': return username(r);
    case 'EventSource': return r.eventSource;
    case 'AccessKeyId': return r.userIdentity?.accessKeyId;
    case 'ResourceType': return r.resources?.map((x) => x.type).join('\n');
    case 'ResourceName': return r.resources?.map((x) => x.ARN).join('\n');
    default: return undefined;
  }
}

function toEvent(r: CloudTrailRecord): Record<string, unknown> {
  return {
    EventId: r.eventID,
    EventName: r.eventName,
    ReadOnly: r.readOnly === undefined ? undefined : String(r.readOnly),
    AccessKeyId: r.userIdentity?.accessKeyId,
    EventTime: new Date(r.eventTime),
    EventSource: r.eventSource,
    Username: username(r),
    Resources: (r.resources ?? []).map((x) => ({ ResourceType: x.type, ResourceName: x.ARN })),
    CloudTrailEvent: JSON.stringify(r),
  };
}

const asTime = (v: unknown, name: string): number | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new FakeAwsError('SerializationException', `${name} must be epoch seconds`);
  return v * 1000;
};

export function createCloudTrail(options: { now?: () => Date } = {}): FakeCloudTrail {
  const now = options.now ?? (() => new Date());
  const records: CloudTrailRecord[] = [];

  function lookupEvents(req: FakeRequest): unknown {
    const { input } = req;
    const attrs = (input.LookupAttributes ?? []) as { AttributeKey?: string; AttributeValue?: string }[];
    if (attrs.length > 1) {
      throw new FakeAwsError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute per request.');
    }
    const attr = attrs[0];
    if (attr && (!ATTRIBUTE_KEYS.includes(attr.AttributeKey ?? '') || !attr.AttributeValue)) {
      throw new FakeAwsError('InvalidLookupAttributesException', `Invalid lookup attribute: ${attr.AttributeKey ?? ''}`);
    }
    const max = input.MaxResults === undefined ? 50 : Number(input.MaxResults);
    if (!Number.isInteger(max) || max < 1 || max > 50) {
      throw new FakeAwsError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
    }
    const nowMs = now().getTime();
    const start = asTime(input.StartTime, 'StartTime');
    const end = asTime(input.EndTime, 'EndTime');
    if (start !== undefined && start > nowMs) throw new FakeAwsError('InvalidTimeRangeException', 'StartTime is in the future.');
    if (start !== undefined && end !== undefined && start > end) {
      throw new FakeAwsError('InvalidTimeRangeException', 'StartTime must be before EndTime.');
    }
    const paramsHash = createHash('sha256')
      .update(JSON.stringify([attr ?? null, input.StartTime ?? null, input.EndTime ?? null, max, input.EventCategory ?? null]))
      .digest('hex')
      .slice(0, 16);
    let offset = 0;
    if (input.NextToken !== undefined) {
      const [hash, off] = Buffer.from(String(input.NextToken), 'base64').toString('utf8').split(':');
      if (hash !== paramsHash || !/^\d+$/.test(off ?? '')) {
        throw new FakeAwsError('InvalidNextTokenException', 'The NextToken is not valid for these request parameters.');
      }
      offset = Number(off);
    }
    const lo = Math.max(start ?? 0, nowMs - RETENTION_MS);
    const hi = end ?? nowMs;
    const matching = records
      .filter((r) => (r.awsRegion ?? 'us-east-1') === req.region)
      .filter((r) => r.recipientAccountId === undefined || r.recipientAccountId === req.accountId)
      .filter((r) => {
        const t = Date.parse(r.eventTime);
        return t >= lo && t <= hi;
      })
      .filter((r) => !attr || attributeValue(r, attr.AttributeKey as string)?.split('\n').includes(attr.AttributeValue as string))
      .sort((a, b) => Date.parse(b.eventTime) - Date.parse(a.eventTime));
    const page = matching.slice(offset, offset + max);
    const next = offset + max < matching.length ? Buffer.from(`${paramsHash}:${offset + max}`).toString('base64') : undefined;
    return { Events: page.map(toEvent), ...(next ? { NextToken: next } : {}) };
  }

  const lake = createLake(() => records);
  return {
    module: {
      service: 'cloudtrail',
      protocol: 'awsJson1_1',
      targetPrefix: 'CloudTrail_20131101',
      handlers: { LookupEvents: lookupEvents, ...lake.handlers },
      rateLimits: { LookupEvents: 2 },
    },
    addRecords(more) {
      records.push(...more);
    },
    records: () => records,
    addEventDataStore: lake.addEventDataStore,
    failNextLakeQuery: lake.failNext,
  };
}
