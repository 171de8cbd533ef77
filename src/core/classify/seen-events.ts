import { hash, randomBytes } from 'node:crypto';
import type { CloudTrailRecord } from '../cloudtrail.js';

/**
 * At most this many distinct events are remembered: 2,097,152, in a table of at most 32 MB (2^22
 * slots of 8 bytes, kept at most half full). Duplicates can lie a whole archive apart (an
 * organization trail and an account trail of the same account are read one after the other), so
 * the set is not a sliding window; past the bound, later events are classified unchecked and counted.
 */
export const SEEN_EVENTS_LIMIT = 2 ** 21;
const MAX_SLOTS = SEEN_EVENTS_LIMIT * 2;
const FIRST_SLOTS = 1 << 12;

export type Seen = 'new' | 'duplicate' | 'not-checked';

/**
 * The events already classified, so that each is classified once however often it is read (the
 * same archive twice, an organization trail beside an account trail, saved evidence plus the
 * archive). An event is its eventID within its recipientAccountId, at its eventTime (CloudTrail's
 * eventID is unique per event; the account and time make a stray collision between accounts
 * harmless). Each key is kept as 64 bits of a salted SHA-1 in an open-addressed table: 8 bytes an
 * event instead of a string, and a salt per run, so input cannot be crafted to collide (chance of a
 * collision at the bound: about 1 in 8 million). Records without an eventID are never duplicates.
 */
export class SeenEvents {
  private slots = new Uint32Array(FIRST_SLOTS * 2);
  private size = 0;
  private readonly salt = randomBytes(16).toString('hex');
  /** Events classified without being checked because the set was full. */
  notChecked = 0;

  constructor(private readonly limit = SEEN_EVENTS_LIMIT) {}

  add(record: CloudTrailRecord): Seen {
    if (typeof record.eventID !== 'string') return 'new';
    const digest = hash('sha1', `${this.salt}\u0000${record.recipientAccountId ?? ''}\u0000${record.eventID}\u0000${record.eventTime}`, 'buffer');
    const hi = digest.readUInt32LE(0);
    const lo = digest.readUInt32LE(4) || 1; // 0,0 marks an empty slot
    const i = this.find(hi, lo);
    if (this.slots[i + 1] !== 0) return 'duplicate';
    if (this.size >= this.limit) {
      this.notChecked++;
      return 'not-checked';
    }
    this.slots[i] = hi;
    this.slots[i + 1] = lo;
    this.size++;
    const slots = this.slots.length / 2;
    if (this.size * 2 > slots && slots < MAX_SLOTS) this.grow();
    return 'new';
  }

  /** The index of the key's slot, or of the empty slot where it would go (linear probing). */
  private find(hi: number, lo: number): number {
    const mask = this.slots.length / 2 - 1;
    for (let s = (hi ^ lo) & mask; ; s = (s + 1) & mask) {
      const i = s * 2;
      if (this.slots[i + 1] === 0 || (this.slots[i] === hi && this.slots[i + 1] === lo)) return i;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      const j = this.find(old[i] as number, old[i + 1] as number);
      this.slots[j] = old[i] as number;
      this.slots[j + 1] = old[i + 1] as number;
    }
  }
}
