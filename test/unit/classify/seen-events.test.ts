import { describe, expect, it } from 'vitest';
import { SeenEvents } from '../../../src/core/classify/seen-events.js';
import { createClassifier } from '../../../src/core/classify/index.js';
import { OTHER_ACCOUNT, ofRule, rec, testPlaybook } from './helpers.js';

describe('SeenEvents: each event once', () => {
  it('knows an event again by eventID, recipientAccountId and eventTime', () => {
    const seen = new SeenEvents();
    const r = rec('CreateEndpoint', {});
    expect(seen.add(r)).toBe('new');
    expect(seen.add({ ...r })).toBe('duplicate');
    // The same id in another account or at another time is another event.
    expect(seen.add({ ...r, recipientAccountId: OTHER_ACCOUNT })).toBe('new');
    expect(seen.add({ ...r, eventTime: '2026-11-27T09:00:01Z' })).toBe('new');
    expect(seen.add({ ...r, recipientAccountId: OTHER_ACCOUNT })).toBe('duplicate');
  });

  it('never takes a record without an eventID for a duplicate', () => {
    const seen = new SeenEvents();
    const { eventID: _id, ...r } = rec('CreateEndpoint', {});
    expect(seen.add(r)).toBe('new');
    expect(seen.add(r)).toBe('new');
  });

  it('remembers every event up to its bound as its table grows, then counts what it could not check', () => {
    const seen = new SeenEvents(50_000);
    const base = rec('CreateEndpoint', {});
    const event = (i: number) => ({ ...base, eventID: `e-${i}` });
    const answers = (from: number, step: number) => {
      const out = new Set<string>();
      for (let i = from; i < 50_000; i += step) out.add(seen.add(event(i)));
      return [...out];
    };
    expect(answers(0, 1)).toEqual(['new']);
    expect(answers(0, 7)).toEqual(['duplicate']);
    expect(seen.add(event(50_000))).toBe('not-checked');
    expect(seen.add(event(50_001))).toBe('not-checked');
    expect(seen.notChecked).toBe(2);
    expect(seen.add(event(3))).toBe('duplicate');
  });
});

describe('classifier: a record read twice is classified once', () => {
  it('returns duplicate for the second copy and gives the findings of one copy', () => {
    const records = [rec('CreateNotebookInstance', { notebookInstanceName: 'nb', instanceType: 'ml.p4d.24xlarge', roleArn: 'arn:aws:iam::111122223333:role/r' })];
    const once = createClassifier(testPlaybook());
    for (const r of records) expect(once.push(r)).toBeUndefined();
    const twice = createClassifier(testPlaybook());
    for (const r of records) expect(twice.push(r)).toBeUndefined();
    for (const r of records) expect(twice.push(structuredClone(r))).toBe('duplicate');
    expect(twice.finish()).toEqual(once.finish());
    expect(twice.notCheckedForDuplicates()).toBe(0);
  });

  it('counts distinct failed calls in a burst: four calls read twice do not cross a threshold of five', () => {
    const denied = (name: string, t: string) =>
      rec(name, {}, { eventTime: `2026-11-27T${t}Z`, errorCode: 'AccessDenied', errorMessage: `User is not authorized to perform: sagemaker:${name}` });
    const calls = [denied('ListNotebookInstances', '13:00:00'), denied('DescribeTrainingJob', '13:00:20'), denied('ListEndpoints', '13:01:00'), denied('ListModels', '13:02:00')];
    const c = createClassifier(testPlaybook());
    for (const r of [...calls, ...calls.map((r) => structuredClone(r))]) c.push(r);
    expect(ofRule(c.finish(), 'failed-call-burst')).toEqual([]);
  });

  it('does not check records no rule reads (the prefilter skips those unparsed, so the counts agree with it on or off)', () => {
    const c = createClassifier(testPlaybook());
    const r = rec('ListBuckets', {}, { eventSource: 's3.amazonaws.com' });
    expect(c.push(r)).toBe('unwatched-source');
    expect(c.push(structuredClone(r))).toBe('unwatched-source');
  });
});
