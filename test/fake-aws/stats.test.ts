import { describe, expect, it } from 'vitest';
import { Stats } from './stats.js';

const at = (times: number[]): Stats => {
  const s = new Stats();
  for (const t of times) s.record({ service: 'cloudtrail', operation: 'LookupEvents', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', at: t, outcome: 'ok', requestId: 'r' });
  return s;
};

describe('bucketExcess: calls a 2/s token bucket would not admit', () => {
  it('is 0 for calls paced at 1.6/s, even when one is delayed onto the next', () => {
    expect(at([0, 625, 1250, 1875, 2500, 3125, 3750, 4375]).bucketExcess({}, 2)).toBe(0);
    expect(at([0, 625, 1240, 1250, 2500, 3125, 3750, 4375]).bucketExcess({}, 2)).toBe(0);
  });

  it('counts the calls of a run that does not pace', () => {
    expect(at([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]).bucketExcess({}, 2)).toBe(8);
    expect(at(Array.from({ length: 20 }, (_, i) => i * 250)).bucketExcess({}, 2)).toBe(9);
  });
});
