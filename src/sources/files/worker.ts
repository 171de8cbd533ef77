/**
 * Worker thread of the file source: decompresses and scans the files it is given, prefilter
 * included, and posts batches of kept values to the main thread, at most MAX_UNACKED ahead of it so
 * memory stays bounded however fast the worker is.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { SkipReason } from '../../core/cloudtrail.js';
import { createPrefilter, type MemberView, type RecordPrefilter } from './prefilter.js';
import type { FromWorker, ScanEvent, ToWorker } from './protocol.js';
import { scanFile } from './scan.js';
import { FilePrincipals } from './principals.js';
import type { ScanSink } from './scanner.js';
import type { ValueKind } from './values.js';

const BATCH_CHARS = 1 << 20;
const MAX_UNACKED = 2;

class BatchSink implements ScanSink {
  events: ScanEvent[] = [];
  chars = 0;
  skipped = new Map<SkipReason, number>();
  readonly members: readonly string[] | undefined;
  constructor(private readonly prefilter: RecordPrefilter | undefined) {
    this.members = prefilter?.names;
  }
  skip(view: MemberView): boolean {
    const reason = this.prefilter?.judge(view);
    if (reason === undefined) return false;
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
    return true;
  }
  value(kind: ValueKind, text: string, offset: number, bytes: number): void {
    this.events.push([kind, text, offset, bytes]);
    this.chars += text.length;
  }
  invalid(reason: string, offset: number): void {
    this.events.push(['invalid', reason, offset, 0]);
  }
  take(): Pick<Extract<FromWorker, { type: 'batch' }>, 'events' | 'skipped' | 'span' | 'places'> {
    const span: [number, number] = this.prefilter ? [this.prefilter.span.first, this.prefilter.span.last] : [Infinity, -Infinity];
    const counts = this.prefilter?.places?.counts;
    const places: [string, number][] = counts ? [...counts] : [];
    counts?.clear();
    const out = { events: this.events, skipped: [...this.skipped], span, places };
    this.events = [];
    this.chars = 0;
    this.skipped = new Map();
    return out;
  }
}

if (parentPort === null) throw new Error('worker.ts runs as a worker thread');
const port: MessagePort = parentPort;

let current = -1;
let unacked = 0;
let wake: (() => void) | undefined;
const queue: Extract<ToWorker, { type: 'scan' }>[] = [];
let busy = false;

async function scan(job: Extract<ToWorker, { type: 'scan' }>): Promise<void> {
  const principals = job.options.notePrincipals ? new FilePrincipals() : undefined;
  const sink = new BatchSink(job.options.prefilter && createPrefilter(job.options.prefilter, principals));
  const it = scanFile(job.path, sink, job.options);
  for (;;) {
    const step = await it.next();
    if (step.done === true) {
      const done = { type: 'done', file: job.file, ...sink.take(), outcome: step.value } satisfies FromWorker;
      port.postMessage(principals ? { ...done, principals: [...principals.places] } : done);
      return;
    }
    if (sink.chars >= BATCH_CHARS) {
      while (unacked >= MAX_UNACKED) await new Promise<void>((resolve) => (wake = resolve));
      unacked++;
      port.postMessage({ type: 'batch', file: job.file, ...sink.take() } satisfies FromWorker);
    }
  }
}

async function drain(): Promise<void> {
  busy = true;
  for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
    current = job.file;
    unacked = 0;
    await scan(job);
  }
  busy = false;
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'ack') {
    if (msg.file !== current) return;
    unacked--;
    const w = wake;
    wake = undefined;
    w?.();
    return;
  }
  queue.push(msg);
  if (!busy) void drain();
});
