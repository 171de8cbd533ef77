/**
 * The apply side of every command that changes AWS (contain, prepare's SCPs and Config rules, the
 * Athena table). Planning stays pure and lives with each command; the engine takes the shown plan's
 * steps and runs: confirm (--yes, or a TTY prompt; no TTY means no change) → evidence → audit log
 * opened (the reads made while planning first) → the steps in order, each idempotent (a step whose
 * end state already holds is recorded already-done and skipped, which is how a re-run finishes the
 * job) → Ctrl-C honoured between steps, never inside one.
 */
import { InterruptedError } from '../../errors.js';
import type { AuditEntry } from '../audit.js';
import { confirmChange } from '../confirm.js';
import { watchInterrupt, type Interrupt } from './interrupt.js';
import type { CallRecorder } from './recorder.js';

export interface ChangeStep<R = void> {
  /** For progress and messages: "DeleteEndpoint ds-endpoint". */
  label: string;
  /** The end state already holds: skip the call (recorded as already-done by the engine when `skipped` is given). */
  isDone?(): Promise<boolean>;
  /** Makes the change and waits for its end state. Idempotent: a re-run after a failure must finish the job. */
  apply(): Promise<R>;
  /** The result of a step found done, and its audit line (operation and parameters of the skipped change). */
  skipped?: { result: R; audit?: Omit<AuditEntry, 'time' | 'command' | 'region' | 'outcome' | 'requestId' | 'error'> };
}

export interface ChangeRun<R> {
  steps: ChangeStep<R>[];
  /** Asked after the plan was shown: "Apply 3 change(s) in us-east-1?" */
  question: string;
  yes: boolean;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
  recorder: CallRecorder;
  /** Where audit lines go once confirmed (an AuditLog's append). */
  openAudit: () => (e: AuditEntry) => void;
  /** Kept before the first change (contain's case directory); a failure here changes nothing. */
  keepEvidence?: () => void | Promise<void>;
  /** Said once when Ctrl-C comes: "stopping after the current step (Ctrl-C again to force)". */
  interruptNotice: string;
  /** The error message when Ctrl-C stopped the run before step `index` (0-based) of `total`. */
  interruptedMessage: (index: number, total: number, step: ChangeStep<R>) => string;
  /** Tests swap the SIGINT listener. */
  onInterrupt?: () => Interrupt;
  progress?: (line: string) => void;
  /** Called after each step with its result (to stream results, or tally). */
  onStep?: (result: R, index: number) => void;
}

/** confirm → evidence → audit → steps; returns each step's result. */
export async function applyChange<R>(run: ChangeRun<R>): Promise<R[]> {
  await confirmChange({ yes: run.yes, question: run.question, ...(run.input ? { input: run.input } : {}), ...(run.output ? { output: run.output } : {}) });
  await run.keepEvidence?.();
  run.recorder.open(run.openAudit());
  return runSteps(run);
}

/** The steps alone, after confirmation: in order, done ones skipped, stopping between steps on Ctrl-C. */
export async function runSteps<R>(run: Omit<ChangeRun<R>, 'question' | 'yes' | 'openAudit'>): Promise<R[]> {
  const interrupt = (run.onInterrupt ?? (() => watchInterrupt(run.interruptNotice)))();
  const results: R[] = [];
  try {
    for (const [i, step] of run.steps.entries()) {
      if (interrupt.interrupted()) throw new InterruptedError(run.interruptedMessage(i, run.steps.length, step));
      run.progress?.(`step ${i + 1}/${run.steps.length}: ${step.label}`);
      let result: R;
      if (step.isDone && step.skipped && (await step.isDone())) {
        if (step.skipped.audit) run.recorder.record({ ...step.skipped.audit, outcome: 'already-done', requestId: null, error: null });
        result = step.skipped.result;
      } else result = await step.apply();
      results.push(result);
      run.onStep?.(result, i);
    }
  } finally {
    interrupt.dispose();
  }
  return results;
}
