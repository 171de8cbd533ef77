/**
 * kill -9 at each step of `contain disable-root-access`, then the same command at once: it finishes
 * the job (exit 0), and the audit log shows every change once as sent and once as settled. The kill
 * is deterministic: the fake applies the step's call and withholds its answer (faults.hold), and the
 * test kills the binary once the change is made, while it waits for AWS.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog, contain, startWorld, type ContainWorld } from './contain-fake.js';

vi.setConfig({ testTimeout: 60_000 });

let w: ContainWorld;
beforeAll(async () => {
  w = await startWorld(30);
});
afterAll(async () => {
  expect(w.fake.handlerBugs).toEqual([]);
  await w.fake.close();
});

const STEPS = ['StopNotebookInstance', 'UpdateNotebookInstance', 'StartNotebookInstance'];

describe('kill -9 at each step of disable-root-access, then an immediate re-run', () => {
  it.each(STEPS)('killed while AWS holds %s: the re-run finishes, every change sent once and settled once', async (operation) => {
    const notebook = `nb-${operation.slice(0, -'NotebookInstance'.length).toLowerCase()}`;
    const caseDir = `${w.caseDir}-${notebook}`;
    w.sm.seed.notebook(notebook);
    const args = ['disable-root-access', notebook, '--yes', '--case', caseDir, '--output', 'json'];

    let killed = false;
    const first = await contain(w, args, {
      onSpawn: (child) => {
        w.fake.faults.hold({ operation }, () => {
          killed = true;
          child.kill('SIGKILL');
        });
      },
    });
    expect(killed).toBe(true);
    expect(first.code).toBeNull(); // killed by a signal
    // The change in flight at the kill left its trace: sent, never settled.
    const atKill = auditLog(caseDir).filter((e) => e.readOnly !== true);
    expect(atKill.at(-1)).toMatchObject({ operation, outcome: 'sent' });

    const again = await contain(w, args);
    expect(again.code, again.stderr).toBe(0);
    expect(w.sm.state.notebooks.get(notebook)).toMatchObject({ status: 'InService', rootAccess: 'Disabled' });

    const changes = auditLog(caseDir).filter((e) => e.readOnly !== true);
    const sent = changes.filter((e) => e.outcome === 'sent');
    // Each step's change was sent exactly once, across both runs (the killed one is not sent again).
    expect(sent.map((e) => e.operation).sort()).toEqual([...STEPS].sort());
    for (const s of sent) {
      const settled = changes.filter((e) => e.callId === s.callId && e.outcome !== 'sent');
      expect(settled, `${s.operation} settled once`).toHaveLength(1);
      // The killed one is settled by the re-run as unanswered; the re-run then finds its end state in place.
      if (s.operation === operation) expect(settled[0]).toMatchObject({ outcome: 'error', error: { code: 'NoAnswer' } });
      else expect(settled[0]!.outcome).toBe('ok');
    }
    expect(changes.filter((e) => e.operation === operation && e.outcome === 'already-done')).toHaveLength(1);
    expect(changes.filter((e) => e.outcome === 'error' && e.error?.code !== 'NoAnswer')).toEqual([]);
  });
});

describe('a change AWS applied but answered with a 500', () => {
  it.each(STEPS)('%s: recorded as applied once its end state is read, never as failed', async (operation) => {
    const notebook = `nb-500-${operation.slice(0, -'NotebookInstance'.length).toLowerCase()}`;
    const caseDir = `${w.caseDir}-${notebook}`;
    w.sm.seed.notebook(notebook);
    // Every attempt (the SDK retries a 500) is applied and answered 500.
    w.fake.faults.appliedServerError({ operation }, 20);
    const r = await contain(w, ['disable-root-access', notebook, '--yes', '--case', caseDir, '--output', 'json']);
    w.fake.faults.clear();
    expect(r.code, r.stderr).toBe(0);
    expect(w.sm.state.notebooks.get(notebook)).toMatchObject({ status: 'InService', rootAccess: 'Disabled' });
    const results = (JSON.parse(r.stdout) as { results: { operation: string; outcome: string }[] }).results;
    expect(results.find((x) => x.operation === operation)?.outcome).toBe('already-done');
    const settled = auditLog(caseDir).filter((e) => e.readOnly !== true && e.operation === operation && e.outcome !== 'sent');
    expect(settled.map((e) => e.outcome)).toEqual(['error', 'already-done']);
  });
});
