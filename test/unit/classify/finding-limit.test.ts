import { describe, expect, it } from 'vitest';
import { FindingLimit, OTHER_ACTORS, parseFindingLimits, type FindingLimits } from '../../../src/core/classify/finding-limit.js';
import type { Finding } from '../../../src/core/finding.js';

const finding = (rule: string, actor: string, i: number, severity: Finding['severity'] = 'high'): Finding =>
  ({
    id: `${rule}:${actor}:${String(i).padStart(4, '0')}`,
    ruleId: rule,
    scenarios: [`sc-${rule}`],
    severity,
    time: new Date(Date.UTC(2026, 10, 27) + i * 1000).toISOString(),
    eventId: `ev-${actor}-${i}`,
    principal: { key: actor },
  }) as unknown as Finding;

/** A deterministic shuffle (the order a live source or another archive layout gives). */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function run(limits: FindingLimits, findings: Finding[]) {
  const limit = new FindingLimit(limits);
  for (const f of findings) limit.add(f);
  return { listed: limit.listed().map((f) => f.id).sort(), aggregated: limit.aggregated() };
}

describe('FindingLimit: findings bounded whatever the input (issue 14)', () => {
  it('lists the earliest perActor of a rule by one actor, counts the rest with the first and last', () => {
    const all = Array.from({ length: 10 }, (_, i) => finding('r1', 'mallory', i, i === 7 ? 'critical' : 'high'));
    const { listed, aggregated } = run({ perActor: 3, perRule: 100, groupsPerRule: 10 }, shuffled(all, 1));
    expect(listed).toEqual(['r1:mallory:0000', 'r1:mallory:0001', 'r1:mallory:0002']);
    expect(aggregated).toEqual([
      { ruleId: 'r1', principal: 'mallory', count: 7, maxSeverity: 'critical', scenarios: ['sc-r1'], first: { time: all[3]!.time, eventId: 'ev-mallory-3' }, last: { time: all[9]!.time, eventId: 'ev-mallory-9' } },
    ]);
  });

  it('gives the same listing and counts in any order of arrival', () => {
    const all = [...Array.from({ length: 300 }, (_, i) => finding('r1', `actor-${i % 7}`, i)), ...Array.from({ length: 50 }, (_, i) => finding('r2', 'mallory', i))];
    const limits = { perActor: 10, perRule: 40, groupsPerRule: 100 };
    const first = run(limits, all);
    expect(first.listed).toHaveLength(40 + 10);
    for (const seed of [2, 3, 4, 5]) expect(run(limits, shuffled(all, seed))).toEqual(first);
    expect(run(limits, [...all].reverse())).toEqual(first);
    // Of r1, the 40 earliest (each actor within its 10).
    expect(first.listed.filter((id) => id.startsWith('r1:'))).toEqual(all.slice(0, 40).map((f) => f.id).sort());
  });

  it('keeps at most perRule of one rule across actors, another rule having its own', () => {
    const { listed, aggregated } = run({ perActor: 5, perRule: 8, groupsPerRule: 100 }, [...Array.from({ length: 20 }, (_, i) => finding('r1', `actor-${i}`, i)), finding('r2', 'actor-0', 0)]);
    expect(listed.filter((id) => id.startsWith('r1:'))).toHaveLength(8);
    expect(listed).toContain('r2:actor-0:0000');
    expect(aggregated).toHaveLength(12);
  });

  it('past groupsPerRule aggregates, further actors share one (*): memory stays bounded', () => {
    const limit = new FindingLimit({ perActor: 1, perRule: 1, groupsPerRule: 3 });
    for (let i = 0; i < 5000; i++) limit.add(finding('r1', `actor-${i}`, i));
    const groups = limit.aggregated();
    expect(limit.listed()).toHaveLength(1);
    expect(groups).toHaveLength(4);
    expect(groups[0]).toMatchObject({ principal: OTHER_ACTORS, count: 4996 });
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(4999);
  });

  it('holds a bounded number of entries however many actors flood one rule, in any order', () => {
    const all = Array.from({ length: 20_000 }, (_, i) => finding('r1', `actor-${i}`, i));
    for (const order of [all, [...all].reverse(), shuffled(all, 9)]) {
      const limit = new FindingLimit({ perActor: 2, perRule: 5, groupsPerRule: 10 });
      let most = 0;
      for (const f of order) {
        limit.add(f);
        most = Math.max(most, limit.held());
      }
      expect(most).toBeLessThan(100);
      expect(limit.listed().map((f) => f.id).sort()).toEqual(all.slice(0, 5).map((f) => f.id).sort());
    }
  });

  it('--list-findings: a whole number from 1, or all', () => {
    expect(parseFindingLimits('100')).toEqual({ perActor: 100, perRule: 2000, groupsPerRule: 1000 });
    expect(parseFindingLimits('all')?.perActor).toBe(Infinity);
    for (const bad of ['0', '-1', '1.5', 'ten', '', '100000000']) expect(parseFindingLimits(bad), bad).toBeUndefined();
  });
});
