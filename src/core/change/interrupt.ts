/**
 * Ctrl-C, caught once for every command: a change stops between steps (never inside a call) and a
 * query stops between polls. The first Ctrl-C sets the flag and removes the listener, so a second one
 * finds none and ends the process at once (Node's default).
 */
export interface Interrupt {
  interrupted(): boolean;
  dispose(): void;
}

/** Starts listening for SIGINT; `notice` (if any) is written to stderr when it comes. */
export function watchInterrupt(notice?: string, stderr: { write(s: string): unknown } = process.stderr): Interrupt {
  let hit = false;
  const onSigint = (): void => {
    hit = true;
    if (notice) stderr.write(`\nsm-ir: ${notice}\n`);
    process.removeListener('SIGINT', onSigint);
  };
  process.on('SIGINT', onSigint);
  return { interrupted: () => hit, dispose: () => process.removeListener('SIGINT', onSigint) };
}
