import { SmIrError } from '../../errors.js';
import type { ChangeRun } from '../change/engine.js';
import type { CallRecorder } from '../change/recorder.js';
import { codeOf, explainFailure, isAccessDenied, isNotFound, requestIdOf, type AwsCaller } from './caller.js';
import type { StepResult } from './documents.js';
import type { Plan, PlanStep, Probe } from './model.js';

export interface ApplyDeps {
  /** Audited: every call it makes is in the log already. */
  caller: AwsCaller;
  /** Where a change skipped because its end state held is recorded. */
  audit: CallRecorder;
  region: string;
  pollMs: number;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  progress: (line: string) => void;
}

/**
 * `underway`: the resource is on its way to the end state (a notebook Stopping toward Stopped, a
 * resource Deleting toward gone), e.g. left so by a run killed mid-transition: wait, do not call again.
 */
type ProbeState = { satisfied: boolean; failed: string | null; underway: boolean };

/** The transitional states AWS reports, and the settled states each leads to. */
const LEADS_TO: Record<string, string[]> = { Stopping: ['Stopped'], Pending: ['InService'], Updating: ['InService', 'Stopped'] };

async function probe(p: Probe, deps: ApplyDeps): Promise<ProbeState> {
  let out: Record<string, unknown>;
  try {
    out = (await deps.caller.call(p.service, p.operation, p.parameters)).output;
  } catch (e) {
    if (isNotFound(e)) return { satisfied: p.gone === true, failed: null, underway: false };
    throw explainFailure(e, `${p.service}:${p.operation}`, deps.region);
  }
  if (p.item) {
    const { list, field, value } = p.item;
    const found = (Array.isArray(out[list]) ? (out[list] as Record<string, unknown>[]) : []).find((x) => x[field] === value);
    if (!found) return { satisfied: p.gone === true, failed: null, underway: false };
    out = found;
  }
  if (p.gone) return { satisfied: false, failed: null, underway: Object.values(out).includes('Deleting') };
  // GetRolePolicy and friends answer flat; Describe* answer flat too.
  let failed: string | null = null;
  let underway = false;
  const satisfied = Object.entries(p.match ?? {}).every(([field, values]) => {
    const v = typeof out[field] === 'string' ? (out[field] as string) : null;
    if (v !== null && /Failed$/.test(v) && !values.includes(v)) failed = `${field} is ${v}`;
    if (v !== null && (LEADS_TO[v] ?? []).some((end) => values.includes(end))) underway = true;
    return values.includes(v);
  });
  return { satisfied, failed, underway };
}

/** A probe's condition for people: "NotebookInstanceStatus Stopped or Failed". */
function inWords(p: Probe): string {
  if (p.gone) return 'gone';
  return Object.entries(p.match ?? {}).map(([field, values]) => `${field} ${values.map((v) => v ?? 'absent').join(' or ')}`).join(', ');
}

async function waitFor(p: Probe, step: PlanStep, what: string, deps: ApplyDeps): Promise<void> {
  const deadline = Date.now() + deps.timeoutMs;
  for (;;) {
    const s = await probe(p, deps);
    if (s.satisfied) return;
    if (s.failed) throw new SmIrError(`step ${step.n} (${step.operation} ${step.target}): ${s.failed}`, { hint: 'inspect the resource; the evidence and audit log are in the case directory' });
    if (Date.now() >= deadline) {
      throw new SmIrError(`step ${step.n} (${step.operation} ${step.target}): timed out after ${Math.round(deps.timeoutMs / 1000)}s waiting for ${what}`, {
        hint: 'run the same command again with the same --case to continue where it stopped',
      });
    }
    deps.progress(`step ${step.n}: ${step.target}: waiting for ${what}`);
    await deps.sleep(deps.pollMs);
  }
}

/**
 * Whether the target is already past this step: the next step of the same target has reached its end
 * state (a resumed disable-root-access whose update is done must not stop the notebook again). Only
 * the next step counts: a restart's end state (InService) also holds before the stop it follows.
 */
async function movedPast(step: PlanStep, next: PlanStep | undefined, deps: ApplyDeps): Promise<boolean> {
  if (next === undefined || next.target !== step.target || !next.done) return false;
  return (await probe(next.done, deps)).satisfied;
}

/**
 * The plan as the change engine's steps, in order. A step whose end state already holds is recorded
 * as already-done, so a second run after a failure or Ctrl-C finishes the job; every call goes to
 * the audit log (the caller is audited).
 */
export function containSteps(plans: Plan[], deps: ApplyDeps): Pick<ChangeRun<StepResult>, 'steps' | 'interruptNotice' | 'interruptedMessage'> {
  const all = plans.flatMap((p) => p.steps);
  return {
    steps: all.map((step, i) => ({ label: `${step.operation} ${step.target}`, apply: () => applyStep(step, i, all, deps) })),
    interruptNotice: 'stopping after the current step (Ctrl-C again to force)',
    interruptedMessage: (i, total, s) => `interrupted before step ${i + 1} of ${total} (${s.label}); ${i} step(s) done. Run the same command with the same --case to continue`,
  };
}

/** One step: skipped when its end state (or the next step's) holds, else called and waited for. */
async function applyStep(step: PlanStep, i: number, all: PlanStep[], deps: ApplyDeps): Promise<StepResult> {
  const alreadyDone = (requestId: string | null, error: { code: string | null; message: string } | null) =>
    deps.audit.record({ service: step.service, operation: step.operation, parameters: step.parameters, outcome: 'already-done', requestId, error });
  const result = (outcome: StepResult['outcome'], requestId: string | null): StepResult => ({ n: i + 1, target: step.target, operation: step.operation, outcome, requestId });
  const now = step.done ? await probe(step.done, deps) : null;
  if (now?.satisfied || (await movedPast(step, all[i + 1], deps))) {
    alreadyDone(null, null);
    return result('already-done', null);
  }
  // On its way to the end state (a re-run after a kill mid-transition, or someone else's change):
  // calling again would be refused for the state; waiting finishes the step.
  if (step.done && now?.underway) {
    await waitFor(step.done, step, step.expect, deps);
    alreadyDone(null, null);
    return result('already-done', null);
  }
  // Planned as already on its way to the end state (Stopping, Deleting): the call is only a
  // safeguard in case that changed, and a refusal for the state means waiting for the end state.
  const underway = step.state === 'already-done';
  if (step.ready && !underway) await waitFor(step.ready, step, inWords(step.ready), deps);
  let requestId: string | null;
  try {
    requestId = (await deps.caller.call(step.service, step.operation, step.parameters)).requestId;
  } catch (e) {
    // Deleted meanwhile, or already in (or on its way to) the end state, e.g. stopped by someone else: done, not an error.
    const gone = /^Delete/.test(step.operation) && isNotFound(e);
    // A refusal (or a 500) answered while the change is under way, ours or another's: wait for its end state.
    if (!gone && step.done && !isAccessDenied(e) && (underway || (await probe(step.done, deps)).underway)) await waitFor(step.done, step, step.expect, deps);
    if (gone || (step.done && (await probe(step.done, deps)).satisfied)) {
      alreadyDone(requestIdOf(e), { code: codeOf(e), message: e instanceof Error ? e.message : String(e) });
      return result('already-done', requestIdOf(e));
    }
    const err = explainFailure(e, step.permission, deps.region);
    throw new SmIrError(`step ${i + 1} of ${all.length} failed: ${err.message}`, {
      hint: err.hint ?? 'fix the cause, then run the same command with the same --case to continue',
      cause: e,
    });
  }
  if (step.done) await waitFor(step.done, step, step.expect, deps);
  return result('ok', requestId);
}
