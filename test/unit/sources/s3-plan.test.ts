import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import {
  checkLogsArgument,
  datePrefixes,
  deliveredBefore,
  firstYearDay,
  locate,
  parseRegionFilter,
  parseS3Url,
  regionDatePrefixes,
  windowDays,
} from '../../../src/sources/s3/plan.js';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('parseS3Url', () => {
  it('splits bucket and prefix, and makes the prefix a folder', () => {
    expect(parseS3Url('s3://my-trail-bucket')).toEqual({ bucket: 'my-trail-bucket', prefix: '' });
    expect(parseS3Url('s3://my-trail-bucket/')).toEqual({ bucket: 'my-trail-bucket', prefix: '' });
    expect(parseS3Url('s3://my.trail.bucket/AWSLogs/o-exampleorgid')).toEqual({ bucket: 'my.trail.bucket', prefix: 'AWSLogs/o-exampleorgid/' });
  });

  it.each(['s3://', 's3:///AWSLogs', 's3://UPPER', 's3://under_score', 's3://ab', 's3://-leading', 's3://a..b', 's3://192.168.0.1', 's3://b-ok//x'])(
    'refuses %s',
    (url) => {
      expect(() => parseS3Url(url)).toThrow(UsageError);
    },
  );

  it('refuses other URL schemes given to --logs, and leaves local paths alone', () => {
    expect(() => checkLogsArgument('https://bucket.s3.amazonaws.com/x')).toThrow(/only local paths and s3:\/\/bucket\/prefix URLs/);
    expect(() => checkLogsArgument('S3://bucket/x')).toThrow(UsageError);
    expect(() => checkLogsArgument('./AWSLogs')).not.toThrow();
    expect(() => checkLogsArgument('C:\\logs')).not.toThrow();
  });
});

describe('locate: where a prefix sits in the layout', () => {
  it('above AWSLogs/ (the bucket or the trail key prefix)', () => {
    expect(locate('')).toEqual({ level: 'root', base: '' });
    expect(locate('cloudtrail/')).toEqual({ level: 'root', base: 'cloudtrail/' });
  });
  it('organization trail layout', () => {
    expect(locate('AWSLogs/')).toEqual({ level: 'logs', base: 'AWSLogs/' });
    expect(locate('p/AWSLogs/o-exampleorgid/')).toEqual({ level: 'org', base: 'p/AWSLogs/o-exampleorgid/' });
    expect(locate('AWSLogs/o-exampleorgid/444455556666/')).toEqual({ level: 'trail', base: 'AWSLogs/o-exampleorgid/444455556666/CloudTrail/' });
    expect(locate('AWSLogs/o-exampleorgid/444455556666/CloudTrail/eu-west-1/2026/11/')).toEqual({
      level: 'region',
      base: 'AWSLogs/o-exampleorgid/444455556666/CloudTrail/eu-west-1/',
      region: 'eu-west-1',
      from: day('2026-11-01'),
      to: day('2026-11-30'),
    });
  });
  it('account trail layout', () => {
    expect(locate('AWSLogs/111122223333/CloudTrail/')).toEqual({ level: 'trail', base: 'AWSLogs/111122223333/CloudTrail/' });
    expect(locate('AWSLogs/111122223333/CloudTrail/us-east-1/')).toMatchObject({ level: 'region', region: 'us-east-1', from: null, to: null });
    expect(locate('AWSLogs/111122223333/CloudTrail/us-east-1/2024/02/29/')).toMatchObject({ from: day('2024-02-29'), to: day('2024-02-29') });
    expect(locate('AWSLogs/111122223333/CloudTrail/us-east-1/2025/')).toMatchObject({ from: day('2025-01-01'), to: day('2025-12-31') });
  });
  it('anything else is read as it is', () => {
    expect(locate('AWSLogs/111122223333/CloudTrail-Digest/')).toEqual({ level: 'other', base: 'AWSLogs/111122223333/CloudTrail-Digest/' });
    expect(locate('AWSLogs/not-an-account/')).toEqual({ level: 'other', base: 'AWSLogs/not-an-account/' });
    expect(locate('AWSLogs/111122223333/CloudTrail/us-east-1/2025/02/30/')).toMatchObject({ level: 'other' });
    expect(locate('AWSLogs/111122223333/CloudTrail/us-east-1/2025/13/')).toMatchObject({ level: 'other' });
  });
});

describe('windowDays and datePrefixes', () => {
  const now = new Date('2026-11-29T01:00:00Z');
  it('reads the day after the window end (late deliveries), but not past today', () => {
    expect(windowDays({ start: new Date('2026-11-27T09:00:00Z'), end: new Date('2026-11-27T12:00:00Z') }, now)).toEqual({
      first: day('2026-11-27'),
      last: day('2026-11-28'),
      openEnd: false,
    });
    expect(windowDays({ start: new Date('2026-11-28T09:00:00Z'), end: now }, now)).toEqual({ first: day('2026-11-28'), last: day('2026-11-29'), openEnd: true });
    expect(windowDays({ start: null, end: now }, now).first).toBeNull();
  });

  it('lists single days inside a month', () => {
    expect(datePrefixes(day('2026-11-27'), day('2026-11-28'))).toEqual(['2026/11/27/', '2026/11/28/']);
  });

  it('crosses month and year boundaries day by day', () => {
    expect(datePrefixes(day('2026-01-30'), day('2026-02-02'))).toEqual(['2026/01/30/', '2026/01/31/', '2026/02/01/', '2026/02/02/']);
    expect(datePrefixes(day('2025-12-31'), day('2026-01-01'))).toEqual(['2025/12/31/', '2026/01/01/']);
    expect(datePrefixes(day('2024-02-28'), day('2024-03-01'))).toEqual(['2024/02/28/', '2024/02/29/', '2024/03/01/']);
  });

  it('lists a whole month and a whole year as one prefix each', () => {
    expect(datePrefixes(day('2026-10-30'), day('2026-12-02'))).toEqual(['2026/10/30/', '2026/10/31/', '2026/11/', '2026/12/01/', '2026/12/02/']);
    expect(datePrefixes(day('2024-12-31'), day('2026-02-01'))).toEqual(['2024/12/31/', '2025/', '2026/01/', '2026/02/01/']);
  });

  it('intersects the window with the days a prefix names', () => {
    const nov = { from: day('2026-11-01'), to: day('2026-11-30') };
    const closed = { openEnd: false };
    expect(regionDatePrefixes(nov, { ...closed, first: day('2026-10-31'), last: day('2026-11-02') })).toEqual(['2026/11/01/', '2026/11/02/']);
    expect(regionDatePrefixes(nov, { ...closed, first: day('2026-12-01'), last: day('2026-12-02') })).toEqual([]);
    expect(regionDatePrefixes({ from: null, to: null }, { ...closed, first: day('2026-11-01'), last: day('2026-11-30') })).toEqual(['2026/11/']);
  });

  it('a window reaching today lists whole months or years when that takes fewer listings', () => {
    const any = { from: null, to: null };
    // --since all from 2024 to today (29 Nov 2026): one prefix per year, not 10 months and 29 days.
    expect(regionDatePrefixes(any, { first: day('2024-01-01'), last: day('2026-11-29'), openEnd: true })).toEqual(['2024/', '2025/', '2026/']);
    // --since 7d: the days themselves are fewer.
    expect(regionDatePrefixes(any, { first: day('2026-11-22'), last: day('2026-11-29'), openEnd: true })).toEqual(
      ['22', '23', '24', '25', '26', '27', '28', '29'].map((d) => `2026/11/${d}/`),
    );
    // Within a prefix naming one month, never past it.
    expect(regionDatePrefixes({ from: day('2026-11-01'), to: day('2026-11-30') }, { first: day('2026-11-01'), last: day('2026-11-29'), openEnd: true })).toEqual(['2026/11/']);
  });

  it('starts an unbounded window at the first year folder', () => {
    expect(firstYearDay(['2025/', '2024/', 'README/'])).toBe(day('2024-01-01'));
    expect(firstYearDay([])).toBeNull();
  });
});

describe('deliveredBefore', () => {
  const key = (stamp: string) => `AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/27/111122223333_CloudTrail_us-east-1_${stamp}_xWDSZj1R2wkOx2kA.json.gz`;
  it('skips a file delivered (to the minute) before the window starts, never one that may hold a window event', () => {
    const start = new Date('2026-11-27T09:00:30Z');
    expect(deliveredBefore(key('20261127T0858Z'), start)).toBe(true);
    expect(deliveredBefore(key('20261127T0859Z'), start)).toBe(true); // delivered by 08:59:59
    expect(deliveredBefore(key('20261127T0900Z'), start)).toBe(false); // may hold 09:00:45
    expect(deliveredBefore(key('20261127T1000Z'), start)).toBe(false);
    expect(deliveredBefore(key('20261127T0858Z'), null)).toBe(false);
    expect(deliveredBefore('copies/events.json.gz', start)).toBe(false);
  });
});

describe('parseRegionFilter', () => {
  it('reads a list, or all', () => {
    expect(parseRegionFilter(undefined)).toBeNull();
    expect(parseRegionFilter('all')).toBeNull();
    expect([...(parseRegionFilter('eu-west-1, us-east-1,eu-west-1') ?? [])]).toEqual(['eu-west-1', 'us-east-1']);
    expect(() => parseRegionFilter('eu-west-1,mars')).toThrow(/'mars' is not an AWS region name/);
    expect(() => parseRegionFilter(' , ')).toThrow(UsageError);
  });
});
