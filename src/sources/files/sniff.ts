// What an input is, told from its first bytes (gzip, JSON, or a format we name instead of reading)
// and, for a JSON value that is not a CloudTrail record, what it is instead.

export const isGzip = (head: Uint8Array): boolean => head[0] === 0x1f && head[1] === 0x8b;

const MAGIC: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive: unzip it first'],
  [[0x42, 0x5a, 0x68], 'bzip2-compressed: only gzip is read'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed: only gzip is read'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed: only gzip is read'],
  [[0xff, 0xfe], 'UTF-16 text: save it as UTF-8'],
  [[0xfe, 0xff], 'UTF-16 text: save it as UTF-8'],
];

export const BOM = [0xef, 0xbb, 0xbf]; // UTF-8 byte order mark (Windows editors, PowerShell 7)

export function startsWith(buf: Buffer, magic: number[]): boolean {
  return buf.length >= magic.length && magic.every((b, k) => buf[k] === b);
}

/** Why the first bytes are not JSON, or undefined when they may be. */
export function notJson(head: Buffer): string | undefined {
  for (const [magic, what] of MAGIC) if (startsWith(head, magic)) return `not JSON: ${what}`;
  let k = startsWith(head, BOM) ? BOM.length : 0;
  while (k < head.length && (head[k] === 0x20 || head[k] === 0x0a || head[k] === 0x0d || head[k] === 0x09)) k++;
  if (k === head.length) return undefined; // only whitespace so far
  const c = head[k];
  if (c === 0x7b || c === 0x5b) return undefined;
  const printable = head.subarray(k, k + 16).every((b) => (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09);
  return printable ? `not JSON (starts with ${JSON.stringify(head.toString('latin1', k, k + 12))})` : 'not JSON (binary data)';
}

export function describeObject(v: unknown): string {
  if (typeof v !== 'object' || v === null) return `a JSON ${v === null ? 'null' : typeof v}`;
  if (Array.isArray(v)) return 'a JSON array';
  const keys = Object.keys(v);
  for (const list of ['Records', 'Events'] as const) {
    const value = (v as Record<string, unknown>)[list];
    if (keys.includes(list) && !Array.isArray(value)) return `${list} is ${value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}, not an array of records`;
  }
  if (keys.includes('digestStartTime') || keys.includes('digestPublicKeyFingerprint')) return 'a CloudTrail digest file (integrity hashes, no events)';
  const shown = keys.slice(0, 4).join(', ') + (keys.length > 4 ? ', ...' : '');
  return `an object with keys ${shown || '(none)'} (no Records, Events or eventName)`;
}
