import { describe, expect, it } from 'vitest';
import { FindingLimit, OTHER_ACTORS, parseFindingLimits } from '../../../src/core/classify/finding-limit.js';
import type { Finding } from '../../../src/core/finding.js';

const finding = (rule: string, actor: string, i: number, severity: Finding['severity'] = 'high'): Finding =>
  ({
    id: `${rule}:${actor}:${i}`,
    ruleId: rule,
    scenarios: [`sc-${rule}`],
    severity,
    time: new Date(Date.UTC(2026, 10, 27) + ((i * 7919) % 1000) * 1000).toISOString(),
    eventId: `ev-${actor}-${i}`,
    principal: { key: actor },
  }) as unknown as Finding;

describe('FindingLimit: findings bounded whatever the input (issue 14)', () => {
  it('keeps perActor of a rule by one actor, counts the rest with the earliest and latest, whatever their order', () => {
    const limit = new FindingLimit({ perActor: 3, perRule: 100, groupsPerRule: 10 });
    const kept = Array.from({ length: 10 }, (_, i) => finding('r1', 'mallory', i, i === 7 ? 'critical' : 'high')).filter((f) => limit.keep(f));
    expect(kept.map((f) => f.eventId)).toEqual(['ev-mallory-0', 'ev-mallory-1', 'ev-mallory-2']);
    const [g] = limit.aggregated();
    expect(g).toMatchObject({ ruleId: 'r1', principal: 'mallory', count: 7, maxSeverity: 'critical', scenarios: ['sc-r1'] });
    const times = Array.from({ length: 7 }, (_, k) => finding('r1', 'mallory', k + 3).time).sort();
    expect(g!.first.time).toBe(times[0]);
    expect(g!.last.time).toBe(times[6]);
    // Another actor and another rule have their own allowance.
    expect(limit.keep(finding('r1', 'trent', 0))).toBe(true);
    expect(limit.keep(finding('r2', 'mallory', 0))).toBe(true);
  });

  it('keeps at most perRule of one rule across actors', () => {
    const limit = new FindingLimit({ perActor: 5, perRule: 8, groupsPerRule: 100 });
    const kept = Array.from({ length: 20 }, (_, i) => finding('r1', `actor-${i}`, i)).filter((f) => limit.keep(f));
    expect(kept).toHaveLength(8);
    expect(limit.aggregated()).toHaveLength(12);
    expect(limit.aggregated().every((g) => g.count === 1)).toBe(true);
  });

  it('past groupsPerRule aggregates, further actors share one (*): the aggregates stay bounded too', () => {
    const limit = new FindingLimit({ perActor: 1, perRule: 1, groupsPerRule: 3 });
    for (let i = 0; i < 1000; i++) limit.keep(finding('r1', `actor-${i}`, i));
    const groups = limit.aggregated();
    expect(groups).toHaveLength(4);
    expect(groups[0]).toMatchObject({ principal: OTHER_ACTORS, count: 996 });
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(999);
  });

  it('--list-findings: a whole number from 1, or all', () => {
    expect(parseFindingLimits('100')).toEqual({ perActor: 100, perRule: 2000, groupsPerRule: 1000 });
    expect(parseFindingLimits('all')?.perActor).toBe(Infinity);
    for (const bad of ['0', '-1', '1.5', 'ten', '', '100000000']) expect(parseFindingLimits(bad), bad).toBeUndefined();
  });
});
