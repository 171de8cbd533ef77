/**
 * Which principals each file holds records of (issue 22). detect's first pass notes them as it reads, so
 * the actors' timelines (the second pass) re-read only the files that hold one of an actor's records,
 * not the whole input again. Keys are principalKey()'s, computed on every record of a file: the parsed
 * ones, and those the prefilter skipped (from their raw userIdentity, parsed once per distinct text).
 */
import type { CloudTrailRecord } from '../../core/cloudtrail.js';
import { principalKey } from '../../core/classify/principal.js';

/**
 * A root user with no ARN is keyed `root:<account>` from outside userIdentity (recipientAccountId):
 * a skipped record's key is then this wildcard, which any `root:` actor matches.
 */
const ANY_ROOT = 'root:*';

/** Raw identities remembered per file: only a cache of what was parsed, cleared when full. */
const RAW_CACHE = 4096;

/** One file's principal keys. */
export class FilePrincipals {
  readonly keys = new Set<string>();
  private readonly raw = new Set<string>();

  /** A parsed record's. */
  addRecord(r: CloudTrailRecord): void {
    this.keys.add(principalKey(r));
  }

  /** A skipped record's: its userIdentity's bytes between the braces (latin1), or undefined when it has none. */
  addRawIdentity(latin1: string | undefined): void {
    if (latin1 === undefined) {
      this.keys.add(principalKey({} as CloudTrailRecord));
      return;
    }
    if (this.raw.has(latin1)) return;
    if (this.raw.size >= RAW_CACHE) this.raw.clear();
    this.raw.add(latin1);
    let userIdentity: CloudTrailRecord['userIdentity'];
    try {
      userIdentity = JSON.parse(`{${Buffer.from(latin1, 'latin1').toString('utf8')}}`) as CloudTrailRecord['userIdentity'];
    } catch {
      return; // corrupt inside: the full path finds it invalid JSON, no one's record
    }
    const key = principalKey({ userIdentity } as CloudTrailRecord);
    this.keys.add(key.startsWith('root:') ? ANY_ROOT : key);
  }
}

/**
 * The files read, in order, each with the ids of its principals. Bounded: past `maxKeys` distinct keys
 * or `maxEntries` file-key pairs it stops indexing and answers "re-read everything".
 */
export class PrincipalIndex {
  private readonly ids = new Map<string, number>();
  private readonly files: { path: string; ids: Uint32Array }[] = [];
  private entries = 0;
  private full = false;

  constructor(
    private readonly maxKeys = 200_000,
    private readonly maxEntries = 4_000_000,
  ) {}

  add(path: string, keys: Iterable<string>): void {
    if (this.full) return;
    const ids: number[] = [];
    for (const key of keys) {
      let id = this.ids.get(key);
      if (id === undefined) this.ids.set(key, (id = this.ids.size));
      ids.push(id);
    }
    this.entries += ids.length;
    this.full = this.ids.size > this.maxKeys || this.entries > this.maxEntries;
    if (this.full) {
      this.ids.clear();
      this.files.length = 0;
    } else this.files.push({ path, ids: Uint32Array.from(ids) });
  }

  /** The files, in reading order, holding a record of one of `actors`; undefined when the index gave up. */
  filesFor(actors: Iterable<string>): string[] | undefined {
    if (this.full) return undefined;
    const wanted = new Set<number>();
    for (const actor of actors) {
      const id = this.ids.get(actor);
      if (id !== undefined) wanted.add(id);
      const root = this.ids.get(ANY_ROOT);
      if (actor.startsWith('root:') && root !== undefined) wanted.add(root);
    }
    return this.files.filter((f) => f.ids.some((id) => wanted.has(id))).map((f) => f.path);
  }
}
