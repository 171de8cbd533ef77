import { describe, expect, it } from 'vitest';
import { ActivityCollector } from '../../../src/core/activity.js';
import { attacker, keyUser, rec } from '../../../src/core/classify/rules/fixture-kit.js';

describe('ActivityCollector: an actor\'s timeline, bounded', () => {
  const times = Array.from({ length: 10 }, (_, i) => `2026-11-27T09:0${i}:00Z`);
  const records = times.map((t, i) => rec(i % 2 ? 'ListDomains' : 'ListUsers', null, { eventTime: t, eventID: `e${i}`, ...(i === 3 ? { errorCode: 'AccessDenied' } : {}) }));

  it('keeps every event of the actors asked for, in time order, whatever order they come in; flags cited ones; skips others and repeats', () => {
    const c = new ActivityCollector(['arn:aws:iam::111122223333:role/DataScientist/mallory'], new Set(['e3']));
    for (const r of [...records].reverse()) c.add(r);
    c.add(records[0]!); // delivered twice
    c.add(rec('ListUsers', null, { userIdentity: keyUser }));
    const [a, ...rest] = c.finish();
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ actor: `${attacker.sessionContext!.sessionIssuer!.arn}/mallory`, total: 10, denied: 1, omitted: 0 });
    expect(a!.events.map((e) => e.time)).toEqual(times);
    expect(a!.events.filter((e) => e.flagged).map((e) => e.eventId)).toEqual(['e3']);
  });

  it('past the cap keeps the earliest events and counts the rest', () => {
    const c = new ActivityCollector(['arn:aws:iam::111122223333:role/DataScientist/mallory'], new Set(), 3);
    for (const r of [...records].reverse()) c.add(r);
    const [a] = c.finish();
    expect(a).toMatchObject({ total: 10, omitted: 7 });
    expect(a!.events.map((e) => e.eventId)).toEqual(['e0', 'e1', 'e2']);
  });
});
