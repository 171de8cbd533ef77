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
import { MemberType, type MemberView } from './prefilter.js';

export type ValueKind = 'top' | 'record' | 'event';

export interface ScanSink {
  value(kind: ValueKind, text: string, offset: number): void;
  /**
   * Optional prefilter: for each 'top' or 'record' value held in one chunk and well-formed at its top
   * level, called before the value is decoded with the types and plain-string values of the members
   * named in `members`; returning true means the sink has counted it and value() is not called.
   */
  members?: readonly string[];
  skip?(view: MemberView, offset: number): boolean;
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
const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;

/** Bytes that may start a JSON number or literal (true, false, null). */
const SCALAR_START = new Uint8Array(256);
for (const c of '-0123456789tfn') SCALAR_START[c.charCodeAt(0)] = 1;

/** Bytes that may continue a number or literal: the rest of true/false/null, digits, '.', '+', '-', 'e', 'E'. */
const SCALAR_REST = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2b || c === 0x2d || c === 0x45;

/** Members of the record being sliced, as the prefilter sees them (positions in the current chunk). */
class Members implements MemberView {
  readonly names: Buffer[];
  readonly types: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  buf: Buffer = Buffer.alloc(0);
  constructor(names: readonly string[]) {
    this.names = names.map((n) => Buffer.from(n, 'latin1'));
    this.types = new Uint8Array(names.length);
    this.starts = new Int32Array(names.length);
    this.ends = new Int32Array(names.length);
  }
  type(k: number): MemberType {
    return this.types[k] as MemberType;
  }
  string(k: number): string {
    return this.buf.toString('latin1', this.starts[k], this.ends[k]);
  }
  /** Index of the member named by buf[start, end), or -1. */
  find(buf: Buffer, start: number, end: number): number {
    const len = end - start;
    for (let k = 0; k < this.names.length; k++) {
      const name = this.names[k] as Buffer;
      if (name.length !== len) continue;
      let j = 0;
      while (j < len && buf[start + j] === name[j]) j++;
      if (j === len) return k;
    }
    return -1;
  }
}

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
  /**
   * Prefilter state: the depth of the sliced record's own members (-1 when not probing), where the
   * current member-level string started, and the record's top-level grammar: a key is expected
   * (after '{' or ','), a ':' is expected (after a key), a value is expected (after ':').
   * `unsure` marks a record the prefilter must not judge (bad top-level syntax, escaped key, chunk split).
   */
  private readonly members: Members | undefined;
  private memberDepth = -1;
  private memberStart = 0;
  private memberField = -1;
  private expectKey = false;
  private inKey = false;
  private afterKey = false;
  private awaitValue = false;
  private afterComma = false;
  private unsure = false;

  constructor(
    private readonly sink: ScanSink,
    private readonly maxValueBytes = 32 * 1024 * 1024,
  ) {
    this.members = sink.members && sink.skip ? new Members(sink.members) : undefined;
  }

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
    let escaped = true; // unknown for a string begun in an earlier chunk; such records are not judged anyway
    for (; i < n; i++) {
      let c = buf[i]!;
      if (inString) {
        // Tight inner loop: most bytes are string content.
        for (; i < n; i++) {
          c = buf[i]!;
          if (c === QUOTE) break;
          if (c === BACKSLASH) {
            i++;
            escaped = true;
          }
        }
        if (i >= n) break;
        inString = false;
        if (depth === 1 && this.mode === Mode.TopObject) this.closeKey(buf, i);
        if (depth === this.memberDepth) this.memberString(buf, i, escaped);
        continue;
      }
      if (depth === this.memberDepth) this.memberByte(c, i);
      if (c === QUOTE) {
        escaped = false;
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
      this.unsure = true; // member positions point into this chunk: a record split across chunks is parsed
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
    if (this.members !== undefined && kind !== 'event') {
      this.members.types.fill(MemberType.Absent);
      this.memberDepth = this.sliceAt + 1;
      this.expectKey = true;
      this.inKey = false;
      this.afterKey = false;
      this.awaitValue = false;
      this.afterComma = false;
      this.memberField = -1;
      this.unsure = false;
    }
  }

  /** A byte outside strings at the record's member level: follow its top-level grammar. */
  private memberByte(c: number, i: number): void {
    if (c === SPACE || c === NEWLINE || c === CR || c === TAB) return;
    const m = this.members as Members;
    if (this.awaitValue) {
      this.awaitValue = false;
      const type = c === QUOTE ? MemberType.OtherString : c === LBRACE ? MemberType.Object : c === LBRACKET || SCALAR_START[c] === 1 ? MemberType.Other : -1;
      if (type < 0) this.unsure = true;
      else if (type === MemberType.OtherString) this.memberStart = i + 1; // type settled when the string closes
      else if (this.memberField >= 0) m.types[this.memberField] = type;
      return;
    }
    if (c === QUOTE) {
      if (this.expectKey) {
        this.expectKey = false;
        this.afterComma = false;
        this.inKey = true;
        this.memberStart = i + 1;
      } else this.unsure = true;
    } else if (c === COLON) {
      if (this.afterKey) {
        this.afterKey = false;
        this.awaitValue = true;
      } else this.unsure = true;
    } else if (c === COMMA) {
      if (this.expectKey || this.afterKey) this.unsure = true;
      this.expectKey = true;
      this.memberField = -1;
      this.afterComma = true;
    } else if (c === RBRACE) {
      if (this.afterKey || this.afterComma) this.unsure = true;
    } else if (this.expectKey || this.afterKey || !SCALAR_REST(c)) {
      this.unsure = true;
    }
  }

  /** A string closed at the record's member level: a key (which member?) or a value. */
  private memberString(buf: Buffer, i: number, escaped: boolean): void {
    const m = this.members as Members;
    if (this.inKey) {
      this.inKey = false;
      this.afterKey = true;
      if (escaped) this.unsure = true; // "event\u0053ource" is eventSource to JSON.parse
      this.memberField = m.find(buf, this.memberStart, i);
      return;
    }
    const k = this.memberField;
    if (k < 0) return;
    let plain = !escaped;
    for (let j = this.memberStart; plain && j < i; j++) if ((buf[j] as number) >= 0x80) plain = false;
    m.types[k] = plain ? MemberType.PlainString : MemberType.OtherString;
    m.starts[k] = this.memberStart;
    m.ends[k] = i;
  }

  private endSlice(buf: Buffer, i: number): void {
    this.slicing = false;
    const probed = this.memberDepth >= 0;
    this.memberDepth = -1;
    if (probed && !this.unsure && !this.oversize) {
      const m = this.members as Members;
      m.buf = buf;
      if (this.sink.skip?.(m, this.sliceOffset) === true) return;
    }
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
    this.memberDepth = -1;
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
    this.memberDepth = -1;
    const nl = buf.indexOf(NEWLINE, i);
    if (nl >= 0) return nl;
    this.skipLine = true;
    return buf.length;
  }
}
