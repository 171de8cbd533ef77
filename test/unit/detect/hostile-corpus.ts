/**
 * A generated corpus of hostile log files (issue 14's fuzz pass): each kind is written next to a real
 * attack file, so a test can check the attack is still found and every hostile file is accounted for.
 * Written into a temporary directory per run; sizes are kept small enough for a unit test (the 1 GB
 * bomb is the benchmark's, test/bench).
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { stopLogging } from '../../../src/core/classify/rules/log-tampering/fixtures.js';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';

/** A watched but benign record (a read no rule flags), with fields to replace. */
const benign = (id: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...stopLogging,
  eventName: 'GetTrailStatus',
  readOnly: true,
  eventID: `hostile-${id}`,
  requestID: `req-hostile-${id}`,
  ...over,
});
const records = (...rs: unknown[]): string => JSON.stringify({ Records: rs });

/** The real attack beside the hostile files: StopLogging on the management trail. */
export const ATTACK: CloudTrailRecord = { ...stopLogging, eventID: 'attack-stop-logging' };

/** File name -> content (or a special kind made on disk). Each is one kind of hostile input. */
export function hostileFiles(): Record<string, string | Buffer | { fifo: true } | { symlink: string }> {
  const full = Buffer.from(records(benign('g1'), benign('g2')));
  const gz = gzipSync(full);
  const corruptCrc = Buffer.from(gz);
  corruptCrc[corruptCrc.length - 6]! ^= 0xff;
  return {
    'truncated.json.gz': gz.subarray(0, Math.floor(gz.length / 2)),
    'corrupt-crc.json.gz': corruptCrc,
    // 64 MiB of zeros in 64 KiB on disk: never inflated whole into memory.
    'gzip-bomb.json.gz': gzipSync(Buffer.alloc(64 * 1024 * 1024)),
    'invalid.json': '{"Records": [{"eventName": "StopLogging",,,]}',
    'empty.json': '',
    'whitespace.json': ' \n\t\n ',
    'insights.json': records({ eventVersion: '1.07', eventType: 'AwsCloudTrailInsight', insightDetails: { state: 'Start' }, eventID: 'hostile-insight', eventTime: '2026-11-27T09:00:00Z' }),
    'look-alike-source.json': records(benign('look', { eventSource: 'cloudtrail.amazonaws.com.evil.example', eventName: 'StopLogging' })),
    'wrong-types.json': records(benign('w1', { eventName: 42 }), benign('w2', { eventTime: 'yesterday' }), benign('w3', { userIdentity: 'root' })),
    'huge-string.json': records(benign('huge', { userAgent: 'A'.repeat(8 * 1024 * 1024) })),
    'deep-nesting.json': records(benign('deep', { requestParameters: 'DEEP' })).replace('"DEEP"', `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`),
    'bom.json': `\ufeff${records(benign('bom'))}`,
    'records-an-object.json': '{"Records": {"eventName": "StopLogging"}}',
    'records-a-string.json': '{"Records": "StopLogging"}',
    // The attack again, three times: classified once (de-duplicated by eventID, account and time).
    'duplicates.json': records(ATTACK, ATTACK, ATTACK),
    'endless-line.jsonl': 'x'.repeat(4 * 1024 * 1024),
    'invalid-utf8.json': Buffer.concat([Buffer.from('{"Records": [{"eventName": "'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}]}')]),
    'numbers.json': '[1, 2, 3]',
    'nested-arrays.json': `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    'proto-keys.json': records({ ...benign('proto'), ['__proto__']: { isAdmin: true }, constructor: { prototype: { polluted: true } } }),
    'ansi-bidi.json': records(
      benign('ansi', { userAgent: '\u001b[2J\u001b[31mcleared', sourceIPAddress: '\u202e01.311.0.302', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/\u001b]0;pwned\u0007x', accountId: '111122223333' } }),
    ),
    'utf16.json': Buffer.from(`\ufeff${records(benign('u16'))}`, 'utf16le'),
    'zip.json': Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64)]),
    'lookup-events-bad.json': JSON.stringify({ Events: [{ EventId: 'x', CloudTrailEvent: { not: 'a string' } }] }),
    'fifo.json': { fifo: true },
    'loop': { symlink: 'loop' },
    'dangling.json': { symlink: 'no-such-file.json' },
  };
}

/** Writes the corpus and the attack file into dir. */
export function writeHostileCorpus(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'attack.json'), records(ATTACK));
  for (const [name, content] of Object.entries(hostileFiles())) {
    const path = join(dir, name);
    if (typeof content === 'string' || Buffer.isBuffer(content)) writeFileSync(path, content);
    else if ('fifo' in content) execFileSync('mkfifo', [path]);
    else symlinkSync(content.symlink, path);
  }
}
