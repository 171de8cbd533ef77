/**
 * detect's first pass notes which principals each file holds, so the timelines' pass re-reads only the
 * actors' files (issue 22). The noting must miss no record: skipped ones (from raw bytes), parsed ones,
 * and those split across read chunks, which the prefilter never sees.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileSource, prefilterSpec } from '../../../src/sources/files/index.js';
import { FilePrincipals, PrincipalIndex, placesOf } from '../../../src/sources/files/principals.js';
import { principalKey } from '../../../src/core/classify/principal.js';
import { queryFilter } from '../../../src/core/classify/index.js';
import { loadPlaybook } from '../../../src/playbook/load.js';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';

const tmp = mkdtempSync(join(tmpdir(), 'sm-ir-principals-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ACCOUNT = '111122223333';
const user = (name: string) => ({ type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, accountId: ACCOUNT, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: name });
const session = (role: string, name: string) => ({
  type: 'AssumedRole',
  principalId: `AROAEXAMPLE:${name}`,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${name}`,
  accountId: ACCOUNT,
  sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/${role}`, accountId: ACCOUNT, userName: role } },
});
const record = (userIdentity: object | undefined, eventSource: string, eventName: string, extra: object = {}) => ({
  eventVersion: '1.09',
  ...(userIdentity ? { userIdentity } : {}),
  eventTime: '2026-11-20T00:00:00Z',
  eventSource,
  eventName,
  awsRegion: 'us-east-1',
  recipientAccountId: ACCOUNT,
  ...extra,
});
const keyOf = (r: object) => principalKey(r as CloudTrailRecord);

function write(name: string, records: object[], gzip = false): string {
  const path = join(tmp, name);
  const body = JSON.stringify({ Records: records });
  writeFileSync(path, gzip ? gzipSync(body) : body);
  return path;
}

async function index(paths: string[], chunkBytes?: number) {
  const pb = loadPlaybook();
  const window = { start: null, end: new Date('2100-01-01T00:00:00Z') };
  const source = createFileSource(paths, { prefilter: prefilterSpec(queryFilter(pb), window), notePrincipals: true, ...(chunkBytes ? { chunkBytes } : {}) });
  for await (const _ of source.records());
  return source;
}

describe('the principals each file holds', () => {
  // An unwatched call (skipped by bytes), a watched one (parsed), each by its own principal.
  const alice = record(user('alice'), 's3.amazonaws.com', 'GetObject');
  const bob = record(session('Builder', 'bob-session'), 'sagemaker.amazonaws.com', 'CreateNotebookInstance');
  const carol = record(user('carol'), 'ec2.amazonaws.com', 'DescribeInstances');
  const service = record({ type: 'AWSService', invokedBy: 'sagemaker.amazonaws.com' }, 'kms.amazonaws.com', 'Decrypt');

  it('lists, in reading order, only the files holding a record of one of the principals, skipped or parsed', async () => {
    const a = write('a.json', [alice, bob]);
    const b = write('b.json.gz', [carol, service], true);
    const c = write('c.json', [bob]);
    const source = await index([a, b, c]);
    expect(source.filesHolding?.([keyOf(alice)])).toEqual([a]);
    expect(source.filesHolding?.([keyOf(bob)])).toEqual([a, c]);
    expect(source.filesHolding?.([keyOf(carol), keyOf(bob)])).toEqual([a, b, c]);
    expect(source.filesHolding?.(['sagemaker.amazonaws.com'])).toEqual([b]);
    expect(source.filesHolding?.(['arn:aws:iam::111122223333:user/nobody'])).toEqual([]);
  });

  it('notes records split across read chunks, which the prefilter never judges', async () => {
    const padding = { requestParameters: { note: 'x'.repeat(3000) } };
    const d = write('d.json', [record(user('dave'), 's3.amazonaws.com', 'GetObject', padding), record(user('erin'), 's3.amazonaws.com', 'PutObject', padding)]);
    const source = await index([d], 1024);
    expect(source.filesHolding?.([keyOf(record(user('erin'), 's3.amazonaws.com', 'x'))])).toEqual([d]);
    expect(source.filesHolding?.([keyOf(record(user('dave'), 's3.amazonaws.com', 'x'))])).toEqual([d]);
  });

  it('matches a root user keyed by its account (no ARN in userIdentity) to any file of a root record without one', async () => {
    const root = record({ type: 'Root', accountId: ACCOUNT, principalId: ACCOUNT }, 's3.amazonaws.com', 'ListBuckets');
    const e = write('e.json', [root]);
    const f = write('f.json', [alice]);
    const source = await index([e, f]);
    expect(keyOf(root)).toBe(`root:${ACCOUNT}`);
    expect(source.filesHolding?.([keyOf(root)])).toEqual([e]);
  });

  it('reads again exactly the records of the principals asked for, from where the first read found them', async () => {
    const many = Array.from({ length: 40 }, (_, n) => [alice, bob, carol, service][n % 4]!).map((r, n) => ({ ...r, eventID: `e-${n}`, requestParameters: { pad: 'x'.repeat(n * 7), note: 'Zoë 数据' } }));
    const a = write('places-a.json', many);
    const b = write('places-b.json.gz', many.slice(0, 10), true);
    const bom = join(tmp, 'places-bom.json');
    writeFileSync(bom, `\ufeff${JSON.stringify({ Records: many.slice(0, 8) })}`);
    // Small chunks: records cut across them, in the first read and the second.
    for (const chunkBytes of [undefined, 97]) {
      const source = await index([a, b, bom], chunkBytes);
      for (const who of [[keyOf(alice)], [keyOf(bob), keyOf(carol)], [keyOf(service)]]) {
        const again = source.recordsOf?.(who);
        expect(again).toBeDefined();
        const got: string[] = [];
        for await (const r of again!.records()) got.push(`${r.eventID}`);
        const want = [...many, ...many.slice(0, 10), ...many.slice(0, 8)].filter((r) => who.includes(keyOf(r))).map((r) => r.eventID);
        expect(got, `${who} with chunks of ${chunkBytes ?? 'default'} bytes`).toEqual(want);
        expect(again!.stats.errors).toEqual([]);
      }
    }
  });

  it('says so when a file changed between the two reads, never handing on other records', async () => {
    const a = write('changed.json', [alice, bob, alice]);
    const source = await index([a]);
    writeFileSync(a, JSON.stringify({ Records: [alice] }));
    const again = source.recordsOf?.([keyOf(alice)]);
    const got = [];
    for await (const r of again!.records()) got.push(r);
    expect(got.length).toBeLessThanOrEqual(1);
    expect(again!.stats.errors.map((e) => e.reason).join()).toMatch(/changed since|invalid JSON/);
  });

  it('reads identities with escapes and non-ASCII names as JSON does, and passes over a corrupt one', () => {
    const p = new FilePrincipals();
    const at = (offset: number) => ({ offset, bytes: 10, kind: 'record' as const });
    p.addRawIdentity(Buffer.from('"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/j\\u00f8rn"', 'utf8'), at(0));
    p.addRawIdentity(Buffer.from('"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/zoë"', 'utf8'), at(10));
    p.addRawIdentity(Buffer.from('"type":"IAMUser","arn":'), at(20));
    p.addRawIdentity(undefined, at(30));
    p.addRawIdentity(Buffer.from('"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/zoë"', 'utf8'), at(40));
    expect([...p.places.keys()]).toEqual(['arn:aws:iam::111122223333:user/jørn', 'arn:aws:iam::111122223333:user/zoë', 'unknown']);
    // Where each one's records are; the corrupt one is no one's.
    expect(placesOf(['arn:aws:iam::111122223333:user/zoë', 'unknown'].map((k) => p.places.get(k))).map((x) => x.offset)).toEqual([10, 30, 40]);
  });

  it('gives up past its bounds and then answers "not known", so every file is read again', () => {
    // Each key with one record, at offset 0, 10 bytes long, of kind 'record'.
    const keys = (...names: string[]) => new Map(names.map((k) => [k, [0, 10 * 4 + 1]]));
    const small = new PrincipalIndex(2, 100);
    small.add('a', keys('k1', 'k2'));
    expect(small.filesFor(['k1'])).toEqual(['a']);
    small.add('b', keys('k3'));
    expect(small.filesFor(['k1'])).toBeUndefined();
    const entries = new PrincipalIndex(100, 3);
    entries.add('a', keys('k1', 'k2'));
    entries.add('b', keys('k1', 'k2'));
    expect(entries.filesFor(['k1'])).toBeUndefined();
    // Past its bound on record places it still knows the files, no longer the places: they are scanned again.
    const places = new PrincipalIndex(100, 100, 2);
    places.add('a', keys('k1', 'k2'));
    expect(places.placesFor(['k1'])).toEqual([{ path: 'a', places: [{ offset: 0, bytes: 10, kind: 'record' }] }]);
    places.add('b', keys('k1'));
    expect(places.filesFor(['k1'])).toEqual(['a', 'b']);
    expect(places.placesFor(['k1'])).toBeUndefined();
  });

  it('is not kept unless asked for', async () => {
    const a = write('g.json', [alice]);
    const source = createFileSource([a], {});
    for await (const _ of source.records());
    expect(source.filesHolding?.([keyOf(alice)])).toBeUndefined();
  });
});
