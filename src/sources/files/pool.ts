/**
 * Worker threads over files (issue 7): each worker decompresses and scans whole files (prefilter
 * included); the main thread parses the values they keep, in file order, so records, counts and
 * errors come out exactly as a single-threaded read gives them. At most LOOKAHEAD files are in flight
 * and each worker stays at most two batches ahead of the main thread: memory is bounded.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CloudTrailRecord } from '../../core/cloudtrail.js';
import { UsageError } from '../../errors.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import { notePlaces, noteSpan, type SourceStats } from '../types.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { FileTally, finishFile } from './tally.js';
import type { ReadOptions } from './scan.js';
import { recordNotRead, type WalkEntry } from './walk.js';
import { FilePrincipals, type PrincipalIndex } from './principals.js';

/**
 * The worker script is the built worker.js (its own entry point in scripts/build.mjs); run from the
 * TypeScript sources (vitest, tsx) there is none, and files are read in the main thread.
 */
const WORKER_SCRIPT = new URL('dist/sources/files/worker.js', PACKAGE_ROOT);
export const workersAvailable = import.meta.url.endsWith('.js');

/** Below this much input (bytes on disk) starting threads costs more than it saves. */
const MIN_POOL_BYTES = 4 * 1024 * 1024;

/**
 * How many workers to use for `files` files of `bytes` bytes: SM_IR_WORKERS (0 = none) when set,
 * else one per core when the input is large enough, never more than there are files. A single file
 * is read in the main thread: zlib already inflates on another thread, and a worker measured no
 * faster there while holding more memory (npm run bench -- --large-file). Without a prefilter
 * (`prefiltered` false) every record is parsed in the main thread, so workers only add copying: on
 * 1 GB archives they cost 35-50% more CPU and 290-340 MB against 126-136 MB, for a wall time 12%
 * shorter on one shape and 7% longer on the other.
 */
export function workerCount(files: number, bytes: number, prefiltered: boolean, env: NodeJS.ProcessEnv = process.env): number {
  const set = env.SM_IR_WORKERS;
  if (set !== undefined && set !== '') {
    if (!/^\d+$/.test(set) || Number(set) > 64) throw new UsageError(`SM_IR_WORKERS: expected a number of worker threads from 0 to 64, got '${set}'`);
    return Math.min(Number(set), files);
  }
  if (!prefiltered || bytes < MIN_POOL_BYTES || files < 2) return 0;
  return Math.min(availableParallelism(), files);
}

interface Pending {
  messages: FromWorker[];
  wake: (() => void) | undefined;
  worker: Worker;
}

/**
 * Read the walked entries with `count` workers, yielding records in file order; entries not read
 * are recorded in order among them, as readLogFile's caller does.
 */
export async function* readWithWorkers(entries: WalkEntry[], count: number, stats: SourceStats, options: ReadOptions, index?: PrincipalIndex): AsyncGenerator<CloudTrailRecord> {
  const paths = entries.flatMap((e) => (e.read ? [e.path] : []));
  const lookahead = count * 2 + 1;
  const workers = Array.from({ length: count }, () => new Worker(WORKER_SCRIPT));
  const idle: Worker[] = [...workers];
  const pending = new Map<number, Pending>();
  let failure: Error | undefined;
  let next = 0;
  let consumed = 0;

  const wakeAll = () => {
    for (const p of pending.values()) {
      const w = p.wake;
      p.wake = undefined;
      w?.();
    }
  };
  const dispatch = () => {
    while (idle.length > 0 && next < paths.length && next < consumed + lookahead) {
      const worker = idle.shift() as Worker;
      const file = next++;
      pending.set(file, { messages: [], wake: undefined, worker });
      worker.postMessage({ type: 'scan', file, path: paths[file] as string, options } satisfies ToWorker);
    }
  };
  for (const worker of workers) {
    worker.on('message', (msg: FromWorker) => {
      const p = pending.get(msg.file);
      if (p === undefined) return;
      p.messages.push(msg);
      if (msg.type === 'done') {
        idle.push(worker);
        dispatch();
      }
      const w = p.wake;
      p.wake = undefined;
      w?.();
    });
    worker.on('error', (e) => {
      failure ??= e;
      wakeAll();
    });
    worker.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`file reader thread exited with code ${code}`);
      wakeAll();
    });
  }

  try {
    dispatch();
    let file = -1;
    for (const entry of entries) {
      if (!entry.read) {
        recordNotRead(entry, stats);
        continue;
      }
      file++;
      const p = pending.get(file) as Pending;
      // The parsed records' principals are noted here, the skipped ones' in the worker.
      const tally = new FileTally(stats, undefined, index && new FilePrincipals());
      for (;;) {
        while (p.messages.length === 0) {
          if (failure) throw failure;
          await new Promise<void>((resolve) => (p.wake = resolve));
        }
        const msg = p.messages.shift() as FromWorker;
        for (const [reason, n] of msg.skipped) tally.skipped(reason, n);
        noteSpan(stats, msg.span[0], msg.span[1]);
        if (msg.places.length > 0) notePlaces(stats, msg.places);
        for (const [kind, text, offset, bytes] of msg.events) {
          if (kind === 'invalid') tally.invalid(text, offset);
          else tally.value(kind, text, offset, bytes);
        }
        if (tally.out.length > 0) {
          yield* tally.out;
          tally.out.length = 0;
        }
        if (msg.type === 'done') {
          finishFile(paths[file] as string, msg.outcome, tally, stats);
          if (tally.principals) {
            const { places } = tally.principals;
            for (const [key, flat] of msg.principals ?? []) {
              const mine = places.get(key);
              if (mine === undefined) places.set(key, flat);
              else for (const n of flat) mine.push(n);
            }
            index?.add(paths[file] as string, places);
          }
          break;
        }
        p.worker.postMessage({ type: 'ack', file } satisfies ToWorker);
      }
      pending.delete(file);
      consumed++;
      dispatch();
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
