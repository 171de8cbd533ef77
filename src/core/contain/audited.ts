import { awsErrorCode } from '../../aws/errors.js';
import type { AuditEntry } from '../audit.js';
import { requestIdOf, type AwsCaller } from './caller.js';

/**
 * Every AWS call contain makes, as audit entries: reads (marked readOnly) and changes, with their
 * parameters, outcome and request id. Entries wait in memory until the case directory exists (the
 * reads made before confirmation), then go straight to the log.
 */
export class CallAudit {
  private pending: AuditEntry[] = [];
  private sink: ((e: AuditEntry) => void) | null = null;

  constructor(private readonly command: string, private readonly region: string, private readonly clock: () => Date) {}

  /** From now on entries are written by `sink`, starting with those that waited. */
  open(sink: (e: AuditEntry) => void): void {
    this.sink = sink;
    for (const e of this.pending) sink(e);
    this.pending = [];
  }

  record(entry: Omit<AuditEntry, 'time' | 'command' | 'region'>): void {
    const e: AuditEntry = { time: this.clock().toISOString(), command: this.command, region: this.region, ...entry };
    if (this.sink) this.sink(e);
    else this.pending.push(e);
  }

  /** `caller`, with each call recorded as it completes. */
  wrap(caller: AwsCaller): AwsCaller {
    return {
      call: async (service, operation, parameters) => {
        const readOnly = /^(Describe|List|Get)/.test(operation);
        try {
          const res = await caller.call(service, operation, parameters);
          this.record({ service, operation, parameters, outcome: 'ok', requestId: res.requestId, error: null, readOnly });
          return res;
        } catch (e) {
          const error = { code: awsErrorCode(e) ?? null, message: e instanceof Error ? e.message : String(e) };
          this.record({ service, operation, parameters, outcome: 'error', requestId: requestIdOf(e), error, readOnly });
          throw e;
        }
      },
    };
  }
}
