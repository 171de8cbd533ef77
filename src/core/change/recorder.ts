import type { AuditEntry } from '../audit.js';

/** A call's audit line before the recorder stamps it with time, command and (by default) region. */
export type CallRecord = Omit<AuditEntry, 'time' | 'command' | 'region'> & { region?: string | null };

/** Describe*, List*, Get*, and Validate* (Access Analyzer's ValidatePolicy reads a document, changes nothing): reads, marked readOnly in the audit log. */
export const isReadOperation = (operation: string): boolean => /^(Describe|List|Get|Head|Validate)/.test(operation);

/**
 * Every AWS call a changing command makes, as audit lines in one format: reads (readOnly: true) and
 * changes, with parameters, outcome and request id. Lines wait in memory until the command has
 * confirmed and knows where its log goes (the reads that built the plan), then go straight there;
 * a run that stops before confirming writes nothing.
 */
export class CallRecorder {
  private pending: AuditEntry[] = [];
  private sink: ((e: AuditEntry) => void) | null = null;

  constructor(readonly command: string, private readonly region: string | null, private readonly clock: () => Date = () => new Date()) {}

  /** From now on lines are written by `sink`, starting with those that waited. */
  open(sink: (e: AuditEntry) => void): void {
    this.sink = sink;
    for (const e of this.pending) sink(e);
    this.pending = [];
  }

  /**
   * A call about to be sent. For a change, its `sent` line is written now (so a kill while AWS has the
   * request leaves a trace) and the callId its settled line must carry is returned, to spread into that
   * line; a read is written once, when settled, and gets nothing.
   */
  sent(entry: Omit<CallRecord, 'outcome' | 'requestId' | 'error' | 'callId'>): { callId?: string } {
    if (entry.readOnly === true) return {};
    const callId = globalThis.crypto.randomUUID();
    this.record({ ...entry, callId, outcome: 'sent', requestId: null, error: null });
    return { callId };
  }

  record({ region, ...entry }: CallRecord): void {
    const e: AuditEntry = { time: this.clock().toISOString(), command: this.command, region: region === undefined ? this.region : region, ...entry };
    if (this.sink) this.sink(e);
    else this.pending.push(e);
  }
}
