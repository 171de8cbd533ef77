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
 *
 * Speed (issue 7): a value held whole in the current chunk is walked by wholeObject(), a loop
 * specialised for an object's members that also notes the members a prefilter asks for; the byte
 * state machine in push() handles everything else (structure between records, values split across
 * chunks, anything wholeObject() finds unusual), and the values it slices are never prefiltered.
 */
import { MemberType, type MemberView } from './prefilter.js';
import type { ValueKind, ValuePlace } from './values.js';


export interface ScanSink {
  /** A value's text, its offset and length in bytes of the decompressed input. */
  value(kind: ValueKind, text: string, offset: number, bytes: number): void;
  /** Top-level members of each record that skip() wants to see (the prefilter's names). */
  readonly members?: readonly string[] | undefined;
  /**
   * Called for a 'top' or 'record' value held whole in one chunk and well-formed at its top level,
   * before it is decoded; true means the sink has counted it and value() is not called for it.
   */
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

/** Bytes that may start a JSON number or literal (true, false, null). */
const SCALAR_START = new Uint8Array(256);
for (const c of '-0123456789tfn') SCALAR_START[c.charCodeAt(0)] = 1;
/** Bytes that may continue one: the letters of true/false/null, digits, '.', '+', '-', 'e', 'E'. */
const SCALAR_REST = new Uint8Array(256);
for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789.+-E') SCALAR_REST[c.charCodeAt(0)] = 1;

const isSpace = (c: number): boolean => c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;

/** The members of the value wholeObject() walked last, as the prefilter sees them. */
class Members implements MemberView {
  readonly names: Buffer[];
  readonly types: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** For each key length, whether some name has it: most keys are dismissed on their length. */
  readonly lengths = new Uint8Array(64);
  buf: Buffer = Buffer.alloc(0);
  readonly place: ValuePlace = { offset: 0, bytes: 0, kind: 'record' };
  constructor(names: readonly string[]) {
    this.names = names.map((n) => Buffer.from(n, 'latin1'));
    for (const n of this.names) if (n.length < this.lengths.length) this.lengths[n.length] = 1;
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
  equals(k: number, bytes: Uint8Array): boolean {
    const start = this.starts[k] as number;
    const len = (this.ends[k] as number) - start;
    if (len !== bytes.length) return false;
    for (let j = 0; j < len; j++) if (this.buf[start + j] !== bytes[j]) return false;
    return true;
  }
  bytes(k: number): Buffer {
    return this.buf.subarray(this.starts[k], this.ends[k]);
  }
  includes(k: number, bytes: Uint8Array): boolean {
    return this.buf.subarray(this.starts[k], this.ends[k]).indexOf(bytes) >= 0;
  }
  /** Index of the name held in buf[start, end), or -1. */
  find(buf: Buffer, start: number, end: number): number {
    const len = end - start;
    if (len >= this.lengths.length || this.lengths[len] === 0) return -1;
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

/**
 * The chunk wholeObject() walks, also seen as 32-bit words: string content is passed over four bytes a
 * step (SWAR: a word holds a quote or a backslash when one of its bytes XOR that byte is zero). Word k
 * holds bytes [lead + 4k, lead + 4k + 4), lead aligning them; a view, nothing copied.
 */
let words: Int32Array = new Int32Array(0);
let wordsOf: Buffer | undefined;
let lead = 0;
function useWords(buf: Buffer): void {
  if (wordsOf === buf) return;
  wordsOf = buf;
  lead = (4 - (buf.byteOffset & 3)) & 3;
  words = buf.length > lead ? new Int32Array(buf.buffer, buf.byteOffset + lead, (buf.length - lead) >> 2) : new Int32Array(0);
}

/** Whether the string stringEnd() passed last held a backslash. */
let escapedString = false;

/** Index just past the string whose opening quote is at buf[i - 1], or -1 past the chunk. */
function stringEnd(buf: Buffer, i: number, n: number): number {
  const lastWord = words.length;
  escapedString = false;
  while (i < n) {
    // Byte by byte up to a word boundary.
    while (((i - lead) & 3) !== 0) {
      if (i >= n) return -1;
      const c = buf[i];
      if (c === QUOTE) return i + 1;
      if (c === BACKSLASH) {
        escapedString = true;
        i += 2;
      } else i++;
    }
    // Whole words while none holds a quote or a backslash.
    let k = (i - lead) >> 2;
    for (; k < lastWord; k++) {
      const w = words[k] as number;
      const q = w ^ 0x22222222;
      const b = w ^ 0x5c5c5c5c;
      if ((((q - 0x01010101) & ~q) | ((b - 0x01010101) & ~b)) & 0x80808080) break;
    }
    i = lead + 4 * k;
    // The word that holds one (or the chunk's last bytes): byte by byte to it.
    const stop = Math.min(i + 4, n);
    for (; i < stop; i++) {
      const c = buf[i];
      if (c === QUOTE) return i + 1;
      if (c === BACKSLASH) {
        escapedString = true;
        i += 2;
        break;
      }
    }
  }
  return -1;
}

/** Index of the bracket closing the one at buf[i], or -1 past the chunk (types unchecked, like push()). */
function nestedEnd(buf: Buffer, i: number, n: number): number {
  let depth = 0;
  for (; i < n; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      i = stringEnd(buf, i + 1, n) - 1;
      if (i < 0) return -1;
    } else if (c === LBRACE || c === LBRACKET) depth++;
    else if (c === RBRACE || c === RBRACKET) {
      if (--depth === 0) return i;
    }
  }
  return -1;
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
  private wrapperSeen = false;
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

  private readonly members: Members | undefined;

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

  /** True once a top-level {"Records":[...]} or {"Events":[...]} array was found (an empty one holds no record, rightly). */
  get sawWrapper(): boolean {
    return this.wrapperSeen;
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
              const end = this.wholeObject(buf, i, 'top');
              if (end >= 0) {
                i = end;
                continue;
              }
              this.mode = Mode.TopObject;
              this.depth1Strings = 0;
              this.lastKey = '';
              this.startSlice(buf, i, 'top');
            } else {
              this.mode = Mode.TopArray;
              this.sliceAt = 1;
            }
          } else if (depth === this.sliceAt && !this.slicing) {
            if (c === LBRACE) {
              const kind = this.mode === Mode.TopArray ? 'top' : this.wrapperKind;
              const end = this.wholeObject(buf, i, kind);
              if (end >= 0) {
                i = end;
                continue;
              }
              this.startSlice(buf, i, kind);
            }
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

  /**
   * The fast path: walk the object starting at buf[start] when it ends in this chunk and its top
   * level is plain JSON (key, colon, value, comma; no surprises), hand it to the sink (or let the
   * prefilter skip it) and return the index of its closing brace. Otherwise return -1 having changed
   * nothing, and push() slices it byte by byte. A top-level object whose first key is Records or
   * Events is a wrapper, never a value: -1 too.
   */
  private wholeObject(buf: Buffer, start: number, kind: ValueKind): number {
    const n = buf.length;
    useWords(buf);
    const m = kind === 'event' ? undefined : this.members;
    if (m !== undefined) m.types.fill(MemberType.Absent);
    let judge = m !== undefined;
    let i = start + 1;
    while (i < n && (buf[i] as number) <= 0x20 && isSpace(buf[i] as number)) i++;
    if (i >= n) return -1;
    if (buf[i] !== RBRACE) {
      for (let first = true; ; first = false) {
        // "key"
        if (buf[i] !== QUOTE) return -1;
        const keyStart = i + 1;
        i = stringEnd(buf, keyStart, n);
        if (i < 0) return -1;
        const escaped = escapedString;
        const keyEnd = i - 1;
        if (first && kind === 'top' && (keyEnd - keyStart === 7 || keyEnd - keyStart === 6)) {
          const key = buf.toString('latin1', keyStart, keyEnd);
          if (key === 'Records' || key === 'Events') return -1;
        }
        let field = -1;
        if (judge) {
          if (escaped) judge = false; // "event\u0053ource" is eventSource to JSON.parse: leave it to JSON.parse
          else field = (m as Members).find(buf, keyStart, keyEnd);
        }
        // :
        while (i < n && (buf[i] as number) <= 0x20 && isSpace(buf[i] as number)) i++;
        if (i >= n || buf[i] !== COLON) return -1;
        i++;
        while (i < n && (buf[i] as number) <= 0x20 && isSpace(buf[i] as number)) i++;
        if (i >= n) return -1;
        // value
        const c = buf[i] as number;
        if (c === QUOTE) {
          const valueStart = i + 1;
          i = stringEnd(buf, valueStart, n);
          if (i < 0) return -1;
          if (field >= 0) {
            const mm = m as Members;
            let plain = true;
            for (let j = valueStart; plain && j < i - 1; j++) {
              const b = buf[j] as number;
              if (b === BACKSLASH || b >= 0x80) plain = false;
            }
            mm.types[field] = plain ? MemberType.PlainString : MemberType.OtherString;
            mm.starts[field] = valueStart;
            mm.ends[field] = i - 1;
          }
        } else if (c === LBRACE || c === LBRACKET) {
          const valueStart = i + 1;
          i = nestedEnd(buf, i, n);
          if (i < 0) return -1;
          if (field >= 0) {
            const mm = m as Members;
            mm.types[field] = c === LBRACE ? MemberType.Object : MemberType.Other;
            mm.starts[field] = valueStart;
            mm.ends[field] = i;
          }
          i++;
        } else if (SCALAR_START[c] === 1) {
          for (i++; i < n && SCALAR_REST[buf[i] as number] === 1; ) i++;
          if (field >= 0) (m as Members).types[field] = MemberType.Other;
        } else return -1;
        // , or }
        while (i < n && (buf[i] as number) <= 0x20 && isSpace(buf[i] as number)) i++;
        if (i >= n) return -1;
        if (buf[i] === RBRACE) break;
        if (buf[i] !== COMMA) return -1;
        i++;
        while (i < n && (buf[i] as number) <= 0x20 && isSpace(buf[i] as number)) i++;
        if (i >= n) return -1;
      }
    }
    const offset = this.base + start;
    if (i + 1 - start > this.maxValueBytes) {
      this.sink.invalid(`record larger than ${this.maxValueBytes} bytes`, offset);
      return i;
    }
    if (judge) {
      const mm = m as Members;
      mm.buf = buf;
      mm.place.offset = offset;
      mm.place.bytes = i + 1 - start;
      mm.place.kind = kind;
      if (this.sink.skip?.(mm, offset) === true) return i;
    }
    this.sink.value(kind, buf.toString('utf8', start, i + 1), offset, i + 1 - start);
    return i;
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
    let bytes: number;
    if (this.pieces.length === 0) {
      text = buf.toString('utf8', this.sliceStart, i + 1);
      bytes = i + 1 - this.sliceStart;
    } else {
      this.pieces.push(buf.subarray(0, i + 1));
      bytes = this.pieceBytes + i + 1;
      text = Buffer.concat(this.pieces, bytes).toString('utf8');
      this.pieces = [];
      this.pieceBytes = 0;
    }
    this.sink.value(this.sliceKind, text, this.sliceOffset, bytes);
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
    this.wrapperSeen = true;
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
