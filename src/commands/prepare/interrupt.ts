import { InterruptedError } from '../../errors.js';

/**
 * Ctrl-C during an apply stops between calls, never inside one, and says how far it got. A second
 * Ctrl-C finds no listener and ends the process at once (Node's default).
 */
export function interruptible(total: number): { check(done: number): void; dispose(): void } {
  let hit = false;
  const onSigint = () => {
    hit = true;
    process.stderr.write('\nsm-ir: stopping after the current call (Ctrl-C again to force)\n');
  };
  process.once('SIGINT', onSigint);
  return {
    check(done) {
      if (hit) throw new InterruptedError(`interrupted after ${done} of ${total} change(s); re-run to finish (the plan starts from what is there)`);
    },
    dispose: () => process.removeListener('SIGINT', onSigint),
  };
}
