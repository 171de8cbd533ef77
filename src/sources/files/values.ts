/** What the scanner slices: a top-level value, an element of "Records" (S3 delivery files) or of "Events" (lookup-events output). */
export type ValueKind = 'top' | 'record' | 'event';

/** Where a value was sliced: its offset and length in bytes of the decompressed text, and its kind. */
export interface ValuePlace {
  offset: number;
  bytes: number;
  kind: ValueKind;
}
