import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/core/cloudtrail.js';
import { inWindow, type TimeWindow } from '../../src/core/time-window.js';
import { FileTally } from '../../src/sources/files/tally.js';
import { prefilterSpec } from '../../src/sources/files/prefilter.js';
import { wantedBy, type QueryFilter } from '../../src/core/classify/interest.js';
import { JsonRecordScanner } from '../../src/sources/files/scanner.js';
import { emptyStats, countSkip } from '../../src/sources/types.js';
import { inRegions, type RegionFilter } from '../../src/core/region-filter.js';

const WATCHED = ['sagemaker.amazonaws.com', 'iam.amazonaws.com', 'sts.amazonaws.com'];
/** As rules declare it: every SageMaker event, some IAM names, STS only for its failed calls; denied calls from anywhere. */
const INTEREST: QueryFilter = {
  sources: [
    { source: 'iam.amazonaws.com', names: ['AttachRolePolicy', 'PutRolePolicy'] },
    { source: 'sagemaker.amazonaws.com', names: '*' },
    { source: 'sts.amazonaws.com', names: [] },
  ],
  errorCodes: ['AccessDenied'],
};
const READ = wantedBy(INTEREST);
const WINDOW: TimeWindow = { start: new Date('2024-05-01T00:00:00Z'), end: new Date('2024-05-02T00:00:00Z') };

/**
 * What detect ends with for this text: the file source's counts plus detect's own window and
 * watched-source checks on the records it yields, and the ids of the records left to classify.
 */
function detectCounts(text: string, chunk: number, prefilter: boolean, regions?: RegionFilter) {
  const stats = emptyStats();
  const tally = new FileTally(stats, prefilter ? prefilterSpec(INTEREST, WINDOW, regions) : undefined);
  const scanner = new JsonRecordScanner(tally);
  const buf = Buffer.from(text, 'utf8');
  for (let k = 0; k < buf.length; k += chunk) scanner.push(Buffer.from(buf.subarray(k, k + chunk)));
  const classified: string[] = [];
  for (const r of tally.out as CloudTrailRecord[]) {
    if (!inWindow(WINDOW, r.eventTime)) countSkip(stats, 'outside-window');
    else if (regions && !inRegions(regions, r.awsRegion)) countSkip(stats, 'outside-regions');
    else if (!READ(r)) countSkip(stats, WATCHED.includes(r.eventSource) ? 'not-read-by-rules' : 'unwatched-source');
    else classified.push(`${r.eventID}`);
  }
  return { recordsRead: stats.recordsRead, skipped: stats.skipped, invalid: tally.invalidCount, classified, parsed: tally.out.length };
}

let n = 0;
const rec = (extra: Record<string, unknown> = {}) => ({
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/Alice', accountId: '111122223333', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
  eventTime: '2024-05-01T10:00:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'DescribeInstances',
  requestParameters: { filter: 'a"}]},{"eventSource":"sagemaker.amazonaws.com"' },
  eventID: `id-${++n}`,
  ...extra,
});

/** Every shape the prefilter must either judge exactly as the full path does, or leave to JSON.parse. */
const cases: Record<string, string> = {
  'unwatched source': JSON.stringify(rec()),
  'watched source': JSON.stringify(rec({ eventSource: 'sagemaker.amazonaws.com' })),
  'look-alike metrics-sagemaker': JSON.stringify(rec({ eventSource: 'metrics-sagemaker.amazonaws.com' })),
  'look-alike sagemaker prefix': JSON.stringify(rec({ eventSource: 'sagemaker.amazonaws.com.evil' })),
  'watched name only inside a string': JSON.stringify(rec({ userAgent: '"eventSource":"sagemaker.amazonaws.com"' })),
  'before the window': JSON.stringify(rec({ eventTime: '2024-04-30T23:59:59Z', eventSource: 'sagemaker.amazonaws.com' })),
  'after the window, unwatched': JSON.stringify(rec({ eventTime: '2024-05-02T00:00:01Z' })),
  'window edge': JSON.stringify(rec({ eventTime: '2024-05-02T00:00:00.000Z' })),
  'escaped source naming a watched one': JSON.stringify(rec()).replace('"ec2.amazonaws.com"', '"sagemaker\\u002eamazonaws.com"'),
  'escaped key naming eventSource': JSON.stringify(rec()).replace(/}$/, ',"event\\u0053ource":"sagemaker.amazonaws.com"}'),
  'duplicate eventSource, last watched': JSON.stringify(rec()).replace(/}$/, ',"eventSource":"iam.amazonaws.com"}'),
  'duplicate eventSource, last unwatched': JSON.stringify(rec({ eventSource: 'iam.amazonaws.com' })).replace(/}$/, ',"eventSource":"s3.amazonaws.com"}'),
  'non-ASCII source': JSON.stringify(rec({ eventSource: 'sägemaker.amazonaws.com' })),
  'eventTime not a date': JSON.stringify(rec({ eventTime: 'yesterday' })),
  'eventTime a number': JSON.stringify(rec({ eventTime: 1714557600 })),
  'eventName missing': JSON.stringify({ ...rec(), eventName: undefined }),
  'eventName null': JSON.stringify(rec({ eventName: null })),
  'eventSource null': JSON.stringify(rec({ eventSource: null })),
  'userIdentity a string': JSON.stringify(rec({ userIdentity: 'Alice' })),
  'Insights event': JSON.stringify(rec({ eventCategory: 'Insight' })),
  'insightDetails object': JSON.stringify(rec({ insightDetails: { state: 'Start', eventSource: 'ec2.amazonaws.com' } })),
  'escaped eventCategory': JSON.stringify(rec({ eventCategory: 'Insight' })).replace('"Insight"', '"Insigh\\u0074"'),
  'invalid top-level value': JSON.stringify(rec()).replace('"DescribeInstances"', 'DescribeInstances'),
  'trailing comma': JSON.stringify(rec()).replace(/}$/, ',}'),
  'missing comma': JSON.stringify(rec()).replace(',"eventName"', '"eventName"'),
  'pretty-printed': JSON.stringify(rec(), null, 2),
  'empty object': '{}',
  'watched source, a name some rule reads': JSON.stringify(rec({ eventSource: 'iam.amazonaws.com', eventName: 'PutRolePolicy' })),
  'watched source, a name no rule reads': JSON.stringify(rec({ eventSource: 'iam.amazonaws.com', eventName: 'ListRoles' })),
  'watched source read only for failed calls': JSON.stringify(rec({ eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole' })),
  'watched source, a failed call a rule counts': JSON.stringify(rec({ eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', errorCode: 'AccessDenied' })),
  'unwatched source, a failed call a rule counts': JSON.stringify(rec({ errorCode: 'AccessDenied' })),
  'unwatched source, another error': JSON.stringify(rec({ errorCode: 'ThrottlingException' })),
  'escaped event name of a watched source': JSON.stringify(rec({ eventSource: 'iam.amazonaws.com', eventName: 'ListRoles' })).replace('"ListRoles"', '"ListRole\\u0073"'),
  'escaped error code': JSON.stringify(rec({ errorCode: 'AccessDenied' })).replace('"AccessDenied"', '"AccessDenie\\u0064"'),
  'error code null': JSON.stringify(rec({ eventSource: 'iam.amazonaws.com', eventName: 'ListRoles', errorCode: null })),
  'numbers and literals': JSON.stringify(rec({ readOnly: true, managementEvent: false, responseElements: null, n: -1.5e3, a: [] })),
  'a region, watched source': JSON.stringify(rec({ eventSource: 'sagemaker.amazonaws.com', awsRegion: 'eu-west-1' })),
  'a region, unwatched source': JSON.stringify(rec({ awsRegion: 'eu-west-1' })),
  'another region, watched source': JSON.stringify(rec({ eventSource: 'sagemaker.amazonaws.com', awsRegion: 'us-east-1' })),
  'a region prefixed by another': JSON.stringify(rec({ eventSource: 'sagemaker.amazonaws.com', awsRegion: 'eu-west-10' })),
  'escaped region': JSON.stringify(rec({ eventSource: 'sagemaker.amazonaws.com', awsRegion: 'eu-west-1' })).replace('"eu-west-1"', '"eu-west\u002d1"'),
  'region a number': JSON.stringify(rec({ eventSource: 'sagemaker.amazonaws.com', awsRegion: 1 })),
  'region null': JSON.stringify(rec({ eventSource: 'sagemaker.amazonaws.com', awsRegion: null })),
  'duplicate region, last in': JSON.stringify(rec({ eventSource: 'sagemaker.amazonaws.com', awsRegion: 'us-east-1' })).replace(/}$/, ',"awsRegion":"eu-west-1"}'),
  'duplicate region, last out': JSON.stringify(rec({ eventSource: 'sagemaker.amazonaws.com', awsRegion: 'eu-west-1' })).replace(/}$/, ',"awsRegion":"us-east-1"}'),
};
/** --regions eu-west-1 with --logs. */
const REGIONS: RegionFilter = { regions: ['eu-west-1'] };

describe('byte-level prefilter', () => {
  for (const [name, value] of Object.entries(cases)) {
    it(`gives detect's counts for: ${name}`, () => {
      for (const text of [`{"Records":[${value}]}`, value, `[${value},${value}]`, `${value}\n${value}\n`]) {
        const full = detectCounts(text, 1 << 20, false);
        for (const chunk of [1 << 20, 1, 7, 100]) expect(detectCounts(text, chunk, true)).toEqual({ ...full, parsed: expect.any(Number) });
      }
    });
  }

  for (const [name, value] of Object.entries(cases)) {
    it(`gives detect's counts with --regions for: ${name}`, () => {
      for (const text of [`{"Records":[${value}]}`, `${value}\n${value}\n`]) {
        const full = detectCounts(text, 1 << 20, false, REGIONS);
        for (const chunk of [1 << 20, 1, 7]) expect(detectCounts(text, chunk, true, REGIONS)).toEqual({ ...full, parsed: expect.any(Number) });
      }
    });
  }

  it('skips parsing records of other regions (or none), and parses what it cannot judge', () => {
    const names = ['a region, watched source', 'another region, watched source', 'unwatched source', 'a region prefixed by another', 'escaped region'];
    const out = detectCounts(`{"Records":[${names.map((n) => cases[n]).join(',')}]}`, 1 << 20, true, REGIONS);
    expect(out.skipped).toEqual({ 'outside-regions': 3 });
    expect(out.parsed).toBe(2);
    expect(out.classified).toHaveLength(2);
  });

  it('skips parsing unwatched and out-of-window records, but not look-alikes of nothing or watched ones', () => {
    const text = `{"Records":[${[cases['unwatched source'], cases['before the window'], cases['watched source'], cases['look-alike metrics-sagemaker']].join(',')}]}`;
    const out = detectCounts(text, 1 << 20, true);
    expect(out.parsed).toBe(1);
    expect(out.skipped).toEqual({ 'unwatched-source': 2, 'outside-window': 1 });
    expect(out.classified).toHaveLength(1);
  });

  it('skips parsing watched records no rule reads, but not the names or failed calls some rule reads', () => {
    const names = ['watched source, a name some rule reads', 'watched source, a name no rule reads', 'watched source read only for failed calls', 'watched source, a failed call a rule counts', 'unwatched source, a failed call a rule counts', 'unwatched source, another error'];
    const out = detectCounts(`{"Records":[${names.map((n) => cases[n]).join(',')}]}`, 1 << 20, true);
    expect(out.parsed).toBe(3);
    expect(out.skipped).toEqual({ 'not-read-by-rules': 2, 'unwatched-source': 1 });
    expect(out.classified).toHaveLength(3);
  });

  it('parses what it cannot judge from bytes: escapes, a split record, bad top-level syntax', () => {
    for (const name of ['escaped source naming a watched one', 'escaped key naming eventSource', 'invalid top-level value', 'non-ASCII source']) {
      expect(detectCounts(`{"Records":[${cases[name]}]}`, 1 << 20, true).parsed + detectCounts(`{"Records":[${cases[name]}]}`, 1 << 20, true).invalid).toBe(1);
    }
    // Split across chunks: parsed, never judged from a partial view.
    expect(detectCounts(`{"Records":[${cases['unwatched source']}]}`, 50, true).parsed).toBe(1);
  });

  it('counts every record of a long mixed stream split across chunks of every size the same way', () => {
    const all = Object.values(cases).filter((v) => v !== '{}');
    const text = `{"Records":[${all.join(',')},${all.join(',')}]}`;
    const full = detectCounts(text, 1 << 20, false);
    for (const chunk of [1, 3, 64, 333, 4096]) expect(detectCounts(text, chunk, true)).toEqual({ ...full, parsed: expect.any(Number) });
  });
});
