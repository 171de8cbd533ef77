/** The change engine on in-memory fakes: confirmation, resume, Ctrl-C between steps, audit lines. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/core/audit.js';
import { applyChange, type ChangeRun, type ChangeStep } from '../../../src/core/change/engine.js';
import { CallRecorder } from '../../../src/core/change/recorder.js';
import { InterruptedError, NotConfirmedError } from '../../../src/errors.js';

const clock = () => new Date('2026-01-02T03:04:05.000Z');

/** A world of named resources that exist or not; a step creates one and records its call. */
function world(existing: string[] = []) {
  const have = new Set(existing);
  const recorder = new CallRecorder('test change', 'us-east-1', clock);
  const written: AuditEntry[] = [];
  const applied: string[] = [];
  const step = (name: string): ChangeStep<string> => ({
    label: `Create ${name}`,
    isDone: async () => {
      recorder.record({ service: 'fake', operation: 'DescribeThing', parameters: { name }, outcome: 'ok', requestId: `r-read-${name}`, error: null, readOnly: true });
      return have.has(name);
    },
    apply: async () => {
      have.add(name);
      applied.push(name);
      recorder.record({ service: 'fake', operation: 'CreateThing', parameters: { name }, outcome: 'ok', requestId: `r-${name}`, error: null, readOnly: false });
      return `created ${name}`;
    },
    skipped: { result: `had ${name}`, audit: { service: 'fake', operation: 'CreateThing', parameters: { name } } },
  });
  const run = (names: string[], o: Partial<ChangeRun<string>> = {}): Promise<string[]> =>
    applyChange({
      steps: names.map(step),
      question: 'Apply?',
      yes: true,
      recorder,
      openAudit: () => (e) => written.push(e),
      interruptNotice: 'stopping after the current step',
      interruptedMessage: (i, total) => `interrupted before step ${i + 1} of ${total}`,
      onInterrupt: () => ({ interrupted: () => false, dispose: () => {} }),
      ...o,
    });
  return { have, recorder, written, applied, run };
}

const notTty = () => Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream;

describe('change engine', () => {
  it('refuses to prompt without a TTY: no evidence, no audit line, no change', async () => {
    const w = world();
    w.recorder.record({ service: 'fake', operation: 'ListThings', parameters: {}, outcome: 'ok', requestId: 'r-0', error: null, readOnly: true });
    let evidence = false;
    await expect(w.run(['a'], { yes: false, input: notTty(), keepEvidence: () => { evidence = true; } })).rejects.toBeInstanceOf(NotConfirmedError);
    expect(evidence).toBe(false);
    expect(w.applied).toEqual([]);
    expect(w.written).toEqual([]);
  });

  it('with --yes: evidence first, then the reads made while planning, then each step in order', async () => {
    const w = world();
    const order: string[] = [];
    w.recorder.record({ service: 'fake', operation: 'ListThings', parameters: {}, outcome: 'ok', requestId: 'r-0', error: null, readOnly: true });
    const results = await w.run(['a', 'b'], { keepEvidence: () => { order.push(`evidence, ${w.written.length} line(s) written`); } });
    expect(order).toEqual(['evidence, 0 line(s) written']);
    expect(results).toEqual(['created a', 'created b']);
    expect(w.written.map((e) => `${e.operation}:${e.outcome}:${e.readOnly === true ? 'read' : 'change'}:${e.requestId}`)).toEqual([
      'ListThings:ok:read:r-0',
      'DescribeThing:ok:read:r-read-a',
      'CreateThing:ok:change:r-a',
      'DescribeThing:ok:read:r-read-b',
      'CreateThing:ok:change:r-b',
    ]);
    expect(w.written[0]).toMatchObject({ time: '2026-01-02T03:04:05.000Z', command: 'test change', region: 'us-east-1', service: 'fake', parameters: {} });
  });

  it('resumes: a step whose end state holds is skipped and recorded already-done', async () => {
    const w = world(['a']);
    expect(await w.run(['a', 'b'])).toEqual(['had a', 'created b']);
    expect(w.applied).toEqual(['b']);
    expect(w.written.filter((e) => e.readOnly !== true).map((e) => `${e.operation} ${(e.parameters as { name: string }).name}:${e.outcome}`)).toEqual([
      'CreateThing a:already-done',
      'CreateThing b:ok',
    ]);
  });

  it('Ctrl-C stops between steps, never inside one, and says where', async () => {
    const w = world();
    let hit = false;
    const steps = ['a', 'b', 'c'];
    const onStep = (_r: string, i: number) => {
      if (i === 0) hit = true; // Ctrl-C while step 1 ran
    };
    await expect(w.run(steps, { onStep, onInterrupt: () => ({ interrupted: () => hit, dispose: () => {} }) })).rejects.toThrow(
      new InterruptedError('interrupted before step 2 of 3'),
    );
    expect(w.applied).toEqual(['a']);
  });

  it('listens for SIGINT while the steps run, and no longer after', async () => {
    const before = process.listenerCount('SIGINT');
    const w = world();
    let during = -1;
    await w.run(['a'], { onInterrupt: undefined, onStep: () => (during = process.listenerCount('SIGINT')) } as Partial<ChangeRun<string>>);
    expect(during).toBe(before + 1);
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
