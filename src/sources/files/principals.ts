/**
 * Which principals each file holds records of, and where (issue 22). detect's first pass notes them as it
 * reads, so the actors' timelines (the second pass) need not scan the input again: for each file that
 * holds an actor's records, the byte ranges of those records (in the decompressed text) are read and
 * parsed, and nothing else is scanned. Keys are principalKey()'s, computed on every record of a file: the
 * parsed ones, and those the prefilter skipped (from their raw userIdentity, parsed once per distinct text).
 */
import type { CloudTrailRecord } from '../../core/cloudtrail.js';
import { principalKey } from '../../core/classify/principal.js';
import type { ValueKind, ValuePlace } from './values.js';

/**
 * A root user with no ARN is keyed `root:<account>` from outside userIdentity (recipientAccountId):
 * a skipped record's key is then this wildcard, which any `root:` actor matches.
 */
const ANY_ROOT = 'root:*';

/** Raw identities remembered per file: only a cache of what was parsed, cleared when full. */
const RAW_CACHE = 4096;
/**
 * The last few distinct identities' bytes and keys, compared natively before any string is made: a file
 * holds few principals, and a skipped record's identity (hundreds of bytes) is otherwise copied into a
 * string and hashed (8% of the CPU on a 1 GB archive).
 */
const RECENT = 8;

const KINDS: readonly ValueKind[] = ['top', 'record', 'event'];

/**
 * A file's records' places per principal key, two numbers each: the offset, and the length times four
 * plus the kind's index (lengths are bounded by maxRecordBytes, so the pair stays small integers).
 */
export type PlacesByKey = Map<string, number[]>;

/** The places in these lists (PlacesByKey's values), merged in file order. */
export function placesOf(lists: Iterable<ArrayLike<number> | undefined>): ValuePlace[] {
  const out: ValuePlace[] = [];
  for (const flat of lists) {
    if (flat === undefined) continue;
    for (let k = 0; k < flat.length; k += 2) {
      const packed = flat[k + 1] as number;
      out.push({ offset: flat[k] as number, bytes: Math.floor(packed / 4), kind: KINDS[packed % 4] as ValueKind });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** One file's principal keys, and where each one's records are. */
export class FilePrincipals {
  readonly places: PlacesByKey = new Map();
  private readonly raw = new Map<string, string | undefined>();
  private readonly recent: { bytes: Buffer; key: string | undefined }[] = [];

  /** A parsed record's. */
  addRecord(r: CloudTrailRecord, place: ValuePlace): void {
    this.note(principalKey(r), place);
  }

  /**
   * A skipped record's: its userIdentity's bytes between the braces (a view of the chunk, valid only
   * during the call), or undefined when it has none.
   */
  addRawIdentity(bytes: Buffer | undefined, place: ValuePlace): void {
    if (bytes === undefined) {
      this.note(principalKey({} as CloudTrailRecord), place);
      return;
    }
    const recent = this.recent;
    for (let k = 0; k < recent.length; k++) {
      const seen = recent[k] as (typeof recent)[number];
      if (seen.bytes.length === bytes.length && seen.bytes.equals(bytes)) {
        if (k > 0) {
          recent.splice(k, 1);
          recent.unshift(seen);
        }
        if (seen.key !== undefined) this.note(seen.key, place);
        return;
      }
    }
    const key = this.rawKey(bytes);
    if (recent.length === RECENT) recent.pop();
    recent.unshift({ bytes: Buffer.from(bytes), key });
    if (key !== undefined) this.note(key, place);
  }

  /** The key of a raw identity, undefined when it is corrupt inside (the full path finds it invalid JSON: no one's record). */
  private rawKey(bytes: Buffer): string | undefined {
    const latin1 = bytes.toString('latin1');
    if (this.raw.has(latin1)) return this.raw.get(latin1);
    if (this.raw.size >= RAW_CACHE) this.raw.clear();
    let key: string | undefined;
    try {
      const userIdentity = JSON.parse(`{${bytes.toString('utf8')}}`) as CloudTrailRecord['userIdentity'];
      key = principalKey({ userIdentity } as CloudTrailRecord);
      if (key.startsWith('root:')) key = ANY_ROOT;
    } catch {
      key = undefined;
    }
    this.raw.set(latin1, key);
    return key;
  }

  private note(key: string, place: ValuePlace): void {
    let flat = this.places.get(key);
    if (flat === undefined) this.places.set(key, (flat = []));
    flat.push(place.offset, place.bytes * 4 + KINDS.indexOf(place.kind));
  }
}

/**
 * The files read, in order, each with the ids of its principals and where their records are. Bounded:
 * past `maxKeys` distinct keys or `maxEntries` file-key pairs it stops indexing and answers "re-read
 * everything"; past `maxPlaces` record places it keeps the files but drops the places (the files that
 * hold an actor are then scanned again in full).
 */
export class PrincipalIndex {
  private readonly ids = new Map<string, number>();
  /** Per file, its keys' ids and, per id, its places packed as PlacesByKey's pairs (16 bytes a record, no spare capacity). */
  private readonly files: { path: string; ids: Uint32Array; places?: Map<number, Float64Array> }[] = [];
  private entries = 0;
  private placeCount = 0;
  private full = false;
  private placesFull = false;

  constructor(
    private readonly maxKeys = 200_000,
    private readonly maxEntries = 4_000_000,
    private readonly maxPlaces = 1_000_000,
  ) {}

  /** A file's principals (their keys) and where their records are. */
  add(path: string, places: PlacesByKey): void {
    if (this.full) return;
    const ids: number[] = [];
    for (const key of places.keys()) {
      let id = this.ids.get(key);
      if (id === undefined) this.ids.set(key, (id = this.ids.size));
      ids.push(id);
    }
    this.entries += ids.length;
    this.full = this.ids.size > this.maxKeys || this.entries > this.maxEntries;
    if (this.full) {
      this.ids.clear();
      this.files.length = 0;
      return;
    }
    let byId: Map<number, Float64Array> | undefined;
    if (!this.placesFull) {
      for (const flat of places.values()) this.placeCount += flat.length / 2;
      if (this.placeCount > this.maxPlaces) {
        this.placesFull = true;
        for (const f of this.files) delete f.places;
      } else byId = new Map([...places].map(([key, flat]) => [this.ids.get(key) as number, Float64Array.from(flat)]));
    }
    this.files.push({ path, ids: Uint32Array.from(ids), ...(byId ? { places: byId } : {}) });
  }

  /** The files, in reading order, holding a record of one of `actors`; undefined when the index gave up. */
  filesFor(actors: Iterable<string>): string[] | undefined {
    return this.holding(this.wanted(actors))?.map((f) => f.path);
  }

  /**
   * The same files, each with the places of the actors' records in it (root actors: of every record
   * keyed by the root wildcard too); undefined when the index gave up or holds no places.
   */
  placesFor(actors: Iterable<string>): { path: string; places: ValuePlace[] }[] | undefined {
    if (this.placesFull) return undefined;
    const wanted = this.wanted(actors);
    const files = this.holding(wanted);
    if (files === undefined || files.some((f) => f.places === undefined)) return undefined;
    return files.map((f) => ({ path: f.path, places: placesOf([...wanted].map((id) => f.places?.get(id))) }));
  }

  private wanted(actors: Iterable<string>): Set<number> {
    const wanted = new Set<number>();
    const root = this.ids.get(ANY_ROOT);
    for (const actor of actors) {
      const id = this.ids.get(actor);
      if (id !== undefined) wanted.add(id);
      if (actor.startsWith('root:') && root !== undefined) wanted.add(root);
    }
    return wanted;
  }

  private holding(wanted: Set<number>): (typeof this.files)[number][] | undefined {
    if (this.full) return undefined;
    return this.files.filter((f) => f.ids.some((id) => wanted.has(id)));
  }
}
