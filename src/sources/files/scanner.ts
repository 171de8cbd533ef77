/**
 * Byte-level JSON splitter: walks decompressed Buffer chunks, tracking only string/escape state and
 * bracket depth, and hands out the text of each record so that it alone is JSON.parse'd. The whole
 * file is never held in memory; only the record being sliced is (bounded by maxValueBytes).
 *
 * What it slices, decided from content:
 * - each top-level object (one record, a JSON Lines line, or a non-CloudTrail object): kind 'top';
 * - each object element of a top-level array: kind 'top';
 * - each object element of the array under "Records" (S3 delivery files): kind 'record';
 * - each object element of the array under "Events" (lookup-events output): kind 'event';
 *   both only as the first key of a top-level object, as AWS writes them.
 * Brackets are not checked for matching types: JSON.parse of each slice validates it.
 */
export type ValueKind = 'top' | 'record' | 'event';

export interface ScanSink {
  value(kind: ValueKind, text: string, offset: number): void;
  /** A value that could not be sliced: garbage between top-level values, or one over the size limit. */
  invalid(reason: string, offset: number): void;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

const enum Mode {
  Between, // depth 0, between top-level values
  TopObject, // inside a top-level object not (yet) known to be a Records/Events wrapper
  Wrapper, // inside a top-level {"Records":[...]} or {"Events":[...]}
  TopArray, // inside a top-level array
}

export class JsonRecordScanner {
  private depth = 0;
  private inString = false;
  /** The previous chunk ended on a backslash inside a string: skip the first byte of the next. */
  private skipFirst = false;
  /** Skipping garbage up to the next newline (JSON Lines resync). */
  private skipLine = false;
  private mode = Mode.Between;
  /** Depth at which a '{' starts a slice; -1 when nothing is sliced at this point. */
  private sliceAt = 0;
  private sliceKind: ValueKind = 'top';
  private wrapperKind: ValueKind = 'record';
  private slicing = false;
  private sliceStart = 0;
  private sliceOffset = 0;
  private pieces: Buffer[] = [];
  private pieceBytes = 0;
  private oversize = false;
  /**
   * First key of a top-level object when 6 or 7 bytes long (Events/Records), and how many strings
   * closed at its depth 1: only an array that is the value of the first key makes a wrapper, so a
   * record that happens to hold an "Events" array is still read as a record.
   */
  private lastKey = '';
  private depth1Strings = 0;
  private keyStart = 0;
  private keyCarry = '';
  /** Bytes before the current chunk, for error offsets. */
  private base = 0;

  constructor(
    private readonly sink: ScanSink,
    private readonly maxValueBytes = 32 * 1024 * 1024,
  ) {}

  /** Bytes consumed so far. */
  get offset(): number {
    return this.base;
  }

  /** True when the data seen so far ends inside a value (for "file ends inside a record"). */
  get insideValue(): boolean {
    return this.depth > 0 || this.inString;
  }

  push(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    if (this.skipFirst) {
      this.skipFirst = false;
      i = 1;
    }
    if (this.skipLine) {
      const nl = buf.indexOf(NEWLINE, i);
      if (nl < 0) i = n;
      else {
        this.skipLine = false;
        i = nl;
      }
    }
    let depth = this.depth;
    let inString = this.inString;
    for (; i < n; i++) {
      let c = buf[i]!;
      if (inString) {
        // Tight inner loop: most bytes are string content.
        for (; i < n; i++) {
          c = buf[i]!;
          if (c === QUOTE) break;
          if (c === BACKSLASH) i++;
        }
        if (i >= n) break;
        inString = false;
        if (depth === 1 && this.mode === Mode.TopObject) this.closeKey(buf, i);
        continue;
      }
      if (c === QUOTE) {
        inString = true;
        if (depth === 1) {
          this.keyStart = i + 1;
          this.keyCarry = '';
        }
        continue;
      }
      switch (c) {
        case LBRACE:
        case LBRACKET:
          if (depth === 0) {
            if (c === LBRACE) {
              this.mode = Mode.TopObject;
              this.depth1Strings = 0;
              this.lastKey = '';
              this.startSlice(buf, i, 'top');
            } else {
              this.mode = Mode.TopArray;
              this.sliceAt = 1;
            }
          } else if (depth === this.sliceAt && !this.slicing) {
            if (c === LBRACE) this.startSlice(buf, i, this.mode === Mode.TopArray ? 'top' : this.wrapperKind);
          } else if (depth === 1 && c === LBRACKET && this.mode === Mode.TopObject) {
            this.maybeWrapper();
          }
          depth++;
          break;
        case RBRACE:
        case RBRACKET:
          depth--;
          if (depth < 0) {
            depth = 0;
            i = this.garbage(buf, i);
            break;
          }
          if (this.slicing && depth === this.sliceAt) this.endSlice(buf, i);
          if (depth === 0) {
            this.mode = Mode.Between;
            this.sliceAt = 0;
          } else if (depth === 1 && this.mode === Mode.Wrapper) {
            this.sliceAt = -1; // the Records/Events array ended; later keys (NextToken) are not records
          }
          break;
        default:
          // Whitespace, separators and scalars (digits, true/false/null); at depth 0 only the first two are valid.
          if (depth === 0 && c > 0x20 && c !== COMMA && c !== COLON) i = this.garbage(buf, i);
      }
    }
    if (i > n) this.skipFirst = true;
    this.depth = depth;
    this.inString = inString;
    if (this.slicing) {
      if (!this.oversize) {
        const tail = buf.subarray(this.sliceStart);
        this.pieces.push(tail);
        this.pieceBytes += tail.length;
        if (this.pieceBytes > this.maxValueBytes) {
          this.oversize = true;
          this.pieces = [];
          this.pieceBytes = 0;
        }
      }
      this.sliceStart = 0;
    }
    if (inString && depth === 1 && this.mode === Mode.TopObject && this.keyCarry.length < 8) {
      this.keyCarry += buf.toString('latin1', this.keyStart, n);
      this.keyStart = 0;
    }
    this.base += n;
  }

  private startSlice(buf: Buffer, i: number, kind: ValueKind): void {
    this.slicing = true;
    this.sliceKind = kind;
    this.sliceStart = i;
    this.sliceOffset = this.base + i;
    this.oversize = false;
  }

  private endSlice(buf: Buffer, i: number): void {
    this.slicing = false;
    if (this.oversize) {
      this.oversize = false;
      this.sink.invalid(`record larger than ${this.maxValueBytes} bytes`, this.sliceOffset);
      return;
    }
    let text: string;
    if (this.pieces.length === 0) text = buf.toString('utf8', this.sliceStart, i + 1);
    else {
      this.pieces.push(buf.subarray(0, i + 1));
      text = Buffer.concat(this.pieces, this.pieceBytes + i + 1).toString('utf8');
      this.pieces = [];
      this.pieceBytes = 0;
    }
    this.sink.value(this.sliceKind, text, this.sliceOffset);
  }

  private closeKey(buf: Buffer, i: number): void {
    if (++this.depth1Strings !== 1) return;
    const len = this.keyCarry.length + i - this.keyStart;
    this.lastKey = len === 6 || len === 7 ? this.keyCarry + buf.toString('latin1', this.keyStart, i) : '';
  }

  /** '[' at depth 1 of a top-level object: under "Records" or "Events", slice its elements instead. */
  private maybeWrapper(): void {
    if (this.depth1Strings !== 1 || (this.lastKey !== 'Records' && this.lastKey !== 'Events')) return;
    this.mode = Mode.Wrapper;
    this.wrapperKind = this.lastKey === 'Records' ? 'record' : 'event';
    this.sliceAt = 2;
    this.slicing = false;
    this.oversize = false;
    this.pieces = [];
    this.pieceBytes = 0;
  }

  /** Not JSON between top-level values: report it and resync at the next line (JSON Lines). */
  private garbage(buf: Buffer, i: number): number {
    this.sink.invalid('invalid JSON between records', this.base + i);
    this.mode = Mode.Between;
    this.sliceAt = 0;
    this.slicing = false;
    const nl = buf.indexOf(NEWLINE, i);
    if (nl >= 0) return nl;
    this.skipLine = true;
    return buf.length;
  }
}
