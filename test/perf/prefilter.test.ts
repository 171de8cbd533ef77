import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/core/cloudtrail.js';
import { inWindow, type TimeWindow } from '../../src/core/time-window.js';
import { FileTally } from '../../src/sources/files/read-file.js';
import { prefilterSpec } from '../../src/sources/files/prefilter.js';
import { JsonRecordScanner } from '../../src/sources/files/scanner.js';
import { emptyStats, countSkip } from '../../src/sources/types.js';

const WATCHED = ['sagemaker.amazonaws.com', 'iam.amazonaws.com', 'sts.amazonaws.com'];
const WINDOW: TimeWindow = { start: new Date('2024-05-01T00:00:00Z'), end: new Date('2024-05-02T00:00:00Z') };

/**
 * What detect ends with for this text: the file source's counts plus detect's own window and
 * watched-source checks on the records it yields, and the ids of the records left to classify.
 */
function detectCounts(text: string, chunk: number, prefilter: boolean) {
  const stats = emptyStats();
  const tally = new FileTally(stats, prefilter ? prefilterSpec(WATCHED, WINDOW) : undefined);
  const scanner = new JsonRecordScanner(tally);
  const buf = Buffer.from(text, 'utf8');
  for (let k = 0; k < buf.length; k += chunk) scanner.push(Buffer.from(buf.subarray(k, k + chunk)));
  const classified: string[] = [];
  for (const r of tally.out as CloudTrailRecord[]) {
    if (!inWindow(WINDOW, r.eventTime)) countSkip(stats, 'outside-window');
    else if (!WATCHED.includes(r.eventSource)) countSkip(stats, 'unwatched-source');
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
  'numbers and literals': JSON.stringify(rec({ readOnly: true, managementEvent: false, responseElements: null, n: -1.5e3, a: [] })),
};

describe('byte-level prefilter', () => {
  for (const [name, value] of Object.entries(cases)) {
    it(`gives detect's counts for: ${name}`, () => {
      for (const text of [`{"Records":[${value}]}`, value, `[${value},${value}]`, `${value}\n${value}\n`]) {
        const full = detectCounts(text, 1 << 20, false);
        for (const chunk of [1 << 20, 1, 7, 100]) expect(detectCounts(text, chunk, true)).toEqual({ ...full, parsed: expect.any(Number) });
      }
    });
  }

  it('skips parsing unwatched and out-of-window records, but not look-alikes of nothing or watched ones', () => {
    const text = `{"Records":[${[cases['unwatched source'], cases['before the window'], cases['watched source'], cases['look-alike metrics-sagemaker']].join(',')}]}`;
    const out = detectCounts(text, 1 << 20, true);
    expect(out.parsed).toBe(1);
    expect(out.skipped).toEqual({ 'unwatched-source': 2, 'outside-window': 1 });
    expect(out.classified).toHaveLength(1);
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
