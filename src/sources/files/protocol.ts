/**
 * Messages between the file source and its worker threads (pool.ts, worker.ts). A worker scans one
 * file at a time and sends what the main thread needs to tally it: the text of each value the
 * prefilter kept, the values that could not be sliced, and counts of what the prefilter skipped.
 */
import type { SkipReason } from '../../core/cloudtrail.js';
import type { ReadOptions } from './scan.js';
import type { ScanOutcome } from './tally.js';
import type { ValueKind } from './values.js';

/** A sliced value [kind, text, byte offset, byte length], or one the scanner found invalid ['invalid', reason, offset, 0]; in file order. */
export type ScanEvent = [ValueKind | 'invalid', string, number, number];

export type ToWorker =
  | { type: 'scan'; file: number; path: string; options: ReadOptions }
  /** The main thread consumed one batch of this file: the worker may send another. */
  | { type: 'ack'; file: number };

export type FromWorker =
  /** `places`: records skipped since the last message, per region and account (PlaceCounts' entries). */
  | { type: 'batch'; file: number; events: ScanEvent[]; skipped: [SkipReason, number][]; span: [number, number]; places: [string, number][] }
  /** `principals`: the keys of the records the prefilter skipped and where they are (PlacesByKey's entries), with ReadOptions.notePrincipals. */
  | { type: 'done'; file: number; events: ScanEvent[]; skipped: [SkipReason, number][]; span: [number, number]; places: [string, number][]; outcome: ScanOutcome; principals?: [string, number[]][] };
