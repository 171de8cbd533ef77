/**
 * The audit log writes each change twice: `sent` before the request and settled (ok, already-done,
 * error) after it, with one callId. Tests that check which changes were made and how they ended read
 * the settled lines; this checks the pairing on the way, so no test can drop a line unnoticed.
 */
import { expect } from 'vitest';

interface Line {
  outcome: string;
  callId?: unknown;
  readOnly?: unknown;
}

/** The changes (reads left out) by their settled lines, after checking every sent line is settled exactly once and every settled call was sent. */
export function settledChanges<L extends Line>(lines: L[]): L[] {
  const writes = lines.filter((e) => e.readOnly !== true);
  const sent = writes.filter((e) => e.outcome === 'sent');
  for (const s of sent) expect(writes.filter((e) => e.callId === s.callId && e.outcome !== 'sent'), `settled line of call ${String(s.callId)}`).toHaveLength(1);
  for (const e of writes.filter((x) => x.outcome !== 'sent' && x.callId !== undefined)) expect(sent.filter((s) => s.callId === e.callId), `sent line of call ${String(e.callId)}`).toHaveLength(1);
  return writes.filter((e) => e.outcome !== 'sent');
}
