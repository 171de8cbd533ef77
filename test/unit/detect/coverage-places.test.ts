import { describe, expect, it } from 'vitest';
import { CoverageTally, MAX_PLACES, PlaceCounts } from '../../../src/core/coverage.js';

describe('coverage: records per region and account (issue 14)', () => {
  it('counts parsed records and merged counts of skipped ones alike, most first; no region or account is null', () => {
    const tally = new CoverageTally();
    tally.add({ eventTime: '2026-11-27T10:00:00Z', awsRegion: 'us-east-1', recipientAccountId: '111122223333' });
    tally.add({ eventTime: '2026-11-27T10:00:01Z', awsRegion: 'eu-west-1', recipientAccountId: '111122223333' });
    tally.add({ eventTime: '2026-11-27T10:00:02Z' } as never);
    const skipped = new PlaceCounts();
    skipped.add('us-east-1', '111122223333', 5);
    skipped.add('us-east-1', '444455556666');
    tally.places.merge(skipped.counts);
    expect(tally.finish(['x']).records).toEqual([
      { region: 'us-east-1', account: '111122223333', records: 6 },
      { region: null, account: null, records: 1 },
      { region: 'eu-west-1', account: '111122223333', records: 1 },
      { region: 'us-east-1', account: '444455556666', records: 1 },
    ]);
  });

  it('a region or account of another type counts as none', () => {
    const tally = new CoverageTally();
    tally.add({ eventTime: '2026-11-27T10:00:00Z', awsRegion: 42, recipientAccountId: { a: 1 } } as never);
    expect(tally.finish([]).records).toEqual([{ region: null, account: null, records: 1 }]);
  });

  it('stays bounded: past MAX_PLACES pairs, the rest are counted under *', () => {
    const places = new PlaceCounts();
    for (let i = 0; i < MAX_PLACES + 500; i++) places.add('us-east-1', String(i).padStart(12, '0'));
    const list = places.list();
    expect(list).toHaveLength(MAX_PLACES + 1);
    expect(list[0]).toEqual({ region: '*', account: '*', records: 500 });
  });
});
