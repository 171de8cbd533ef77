import { createInterface } from 'node:readline/promises';
import { InterruptedError, NotConfirmedError } from '../errors.js';

export interface ConfirmOptions {
  /** --yes: confirmed up front (runbooks, automation). */
  yes: boolean;
  /** The question, e.g. "Apply 3 changes to organization o-abc?" */
  question: string;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
}

/**
 * Every change to AWS goes through here after its plan was shown. With --yes it proceeds; on a TTY
 * it asks and only an explicit "y"/"yes" proceeds; without a TTY it refuses rather than hang or guess.
 */
export async function confirmChange({ yes, question, input = process.stdin, output = process.stderr }: ConfirmOptions): Promise<void> {
  if (yes) return;
  if (!input.isTTY) {
    throw new NotConfirmedError('refusing to change AWS without confirmation: no TTY to ask on; review the plan and re-run with --yes');
  }
  const rl = createInterface({ input, output });
  try {
    let answer: string;
    try {
      answer = (await rl.question(`${question} [y/N] `)).trim().toLowerCase();
    } catch (e) {
      // readline rejects the question on Ctrl-C (AbortError): an answer too, not a crash.
      if ((e as { code?: string }).code === 'ABORT_ERR') throw new InterruptedError('interrupted at the confirmation prompt: nothing was changed');
      throw e;
    }
    if (answer !== 'y' && answer !== 'yes') throw new NotConfirmedError('not confirmed: nothing was changed');
  } finally {
    rl.close();
  }
}
