/** Fault injection for the fake: the next N matching calls fail in a chosen way, or all of them do. */

export interface CallMatch {
  service?: string;
  operation?: string;
  region?: string;
  accessKeyId?: string;
}

export type FaultKind = 'throttle' | 'server-error' | 'applied-server-error' | 'drop-connection' | 'access-denied' | 'expired-token' | 'hold';

export interface Fault {
  kind: FaultKind;
  match: CallMatch;
  remaining: number;
  /** hold: told once the call was applied and its answer withheld. */
  onHeld?: () => void;
}

export interface CallKey {
  service: string;
  operation: string;
  region: string;
  accessKeyId: string;
}

export function matches(m: CallMatch, c: CallKey): boolean {
  return (
    (m.service === undefined || m.service === c.service) &&
    (m.operation === undefined || m.operation === c.operation) &&
    (m.region === undefined || m.region === c.region) &&
    (m.accessKeyId === undefined || m.accessKeyId === c.accessKeyId)
  );
}

export class Faults {
  private list: Fault[] = [];

  /** The next `count` matching calls get ThrottlingException (HTTP 400), as AWS does past its rate. */
  throttle(match: CallMatch, count: number): void {
    this.list.push({ kind: 'throttle', match, remaining: count });
  }
  /** The next `count` matching calls get HTTP 500 InternalFailure. */
  serverError(match: CallMatch, count: number): void {
    this.list.push({ kind: 'server-error', match, remaining: count });
  }
  /** The next `count` matching calls are applied, then answered HTTP 500 InternalFailure (AWS did it, the client cannot know). */
  appliedServerError(match: CallMatch, count: number): void {
    this.list.push({ kind: 'applied-server-error', match, remaining: count });
  }
  /** The next `count` matching calls have their connection destroyed without a response. */
  dropConnection(match: CallMatch, count: number): void {
    this.list.push({ kind: 'drop-connection', match, remaining: count });
  }
  /** Every matching call is denied (e.g. an SCP denying one region) until cleared. */
  denyAccess(match: CallMatch): void {
    this.list.push({ kind: 'access-denied', match, remaining: Number.POSITIVE_INFINITY });
  }
  /** Every call signed with this key gets the expired-token error until cleared. */
  expireToken(accessKeyId: string): void {
    this.list.push({ kind: 'expired-token', match: { accessKeyId }, remaining: Number.POSITIVE_INFINITY });
  }
  /**
   * The next matching call is applied, but its answer never comes (the connection stays open until
   * the fake closes): a test kills the client at that point, deterministically, with the change made
   * and the client still waiting. `onHeld` is told once the change is made.
   */
  hold(match: CallMatch, onHeld: () => void): void {
    this.list.push({ kind: 'hold', match, remaining: 1, onHeld });
  }
  clear(): void {
    this.list = [];
  }

  /** Consume the first fault that applies to this call, if any. */
  take(call: CallKey): FaultKind | undefined {
    return this.takeFault(call)?.kind;
  }

  takeFault(call: CallKey): Fault | undefined {
    const f = this.list.find((x) => x.remaining > 0 && matches(x.match, call));
    if (!f) return undefined;
    f.remaining -= 1;
    return f;
  }
}
