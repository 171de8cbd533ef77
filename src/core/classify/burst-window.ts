import type { CloudTrailRecord, UserIdentity } from '../cloudtrail.js';
import { principalOf } from './principal.js';
import { bursts, PrincipalStamps, recordOf, type Stamp } from './stamps.js';

export interface Burst {
  stamps: Stamp[];
  first: Stamp;
  last: Stamp;
  /** The burst's span in whole minutes, at least 1. */
  minutes: number;
  /** A body-less record of the burst's first event, with its principal's identity: what the finding is made from. */
  firstRecord: CloudTrailRecord;
}

/** Per-principal counting of events in a sliding window, shared by the burst rules (creation-burst, failed-call-burst). */
export class BurstWindow {
  private readonly seen = new PrincipalStamps();

  constructor(
    private readonly threshold: number,
    private readonly windowMinutes: number,
  ) {}

  add(r: CloudTrailRecord): void {
    this.seen.add(principalOf(r).key, r);
  }

  /** Every principal's bursts; call once all records are in (they arrive in no order). */
  *bursts(): Generator<Burst> {
    for (const [, stamps, identity] of this.seen.entries()) {
      for (const burst of bursts(stamps, this.threshold, this.windowMinutes * 60_000)) {
        const first = burst[0];
        const last = burst[burst.length - 1];
        if (first && last) yield burstOf(burst, first, last, identity);
      }
    }
  }
}

function burstOf(stamps: Stamp[], first: Stamp, last: Stamp, identity: UserIdentity | undefined): Burst {
  return { stamps, first, last, minutes: Math.max(1, Math.ceil((last.t - first.t) / 60_000)), firstRecord: recordOf(first, identity) };
}
