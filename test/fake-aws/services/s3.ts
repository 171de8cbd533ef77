/**
 * S3 (restXml) as sm-ir reads a CloudTrail archive: ListObjectsV2 (Prefix, Delimiter, CommonPrefixes,
 * MaxKeys up to 1,000 keys and prefixes per page, ContinuationToken, StartAfter, encoding-type=url) and
 * GetObject of the stored bytes, with S3's errors (NoSuchBucket, NoSuchKey, AccessDenied per bucket).
 * Path-style (/bucket/key) and virtual-hosted-style (Host: bucket.localhost) addressing are both
 * understood. Every request is kept in `requests`, so tests can assert which prefixes were listed.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { FakeAwsError, type FakeRequest, type RestRequest, type RestResponse, type ServiceModule } from '../types.js';

export interface S3Call {
  operation: 'ListObjectsV2' | 'GetObject' | 'HeadObject' | 'CopyObject';
  bucket: string;
  /** ListObjectsV2: Prefix (empty when absent). */
  prefix?: string;
  delimiter?: string;
  continuation?: boolean;
  /** GetObject: the key. */
  key?: string;
  accountId: string;
}

export interface FakeS3 {
  module: ServiceModule;
  createBucket(bucket: string, options?: { owner?: string; readers?: string[] }): void;
  /** Stores a new version of the object (every bucket is versioned here); returns its version id. */
  putObject(bucket: string, key: string, body: Buffer | string): string;
  /** The current version of an object, or undefined. */
  object(bucket: string, key: string): { body: Buffer; versionId: string; copiedFrom?: string } | undefined;
  /** Every ListObjectsV2 and GetObject that reached the module, in order. */
  requests: S3Call[];
}

const PAGE_LIMIT = 1000;

function crc32Base64(body: Buffer): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(crc32(body));
  return b.toString('base64');
}
const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Bucket {
  owner: string;
  /** Accounts allowed to read (the owner always is); others get AccessDenied, as with a bucket policy. */
  readers: Set<string>;
  objects: Map<string, StoredObject>;
}
interface StoredObject {
  body: Buffer;
  modified: Date;
  versionId: string;
  /** Earlier versions by id (an attacker's overwrite leaves the original here). */
  versions?: Map<string, Buffer>;
  /** CopyObject: the source it was copied from (bucket/key?versionId=...). */
  copiedFrom?: string;
}

/** Bucket and key of a request: virtual-hosted style when the Host starts with "<bucket>.", else path-style. */
function locate(req: RestRequest): { bucket: string; key: string } {
  const host = req.host.split(':')[0] ?? '';
  const virtual = /^(.+)\.(localhost|127\.0\.0\.1)$/.exec(host);
  if (virtual) return { bucket: virtual[1] as string, key: req.path.slice(1) };
  const [bucket = '', ...rest] = req.path.slice(1).split('/');
  return { bucket, key: rest.join('/') };
}

export function createS3(): FakeS3 {
  const buckets = new Map<string, Bucket>();
  const requests: S3Call[] = [];
  let versions = 0;
  const newVersion = () => `v${String(++versions).padStart(6, '0')}EXAMPLE`;
  const store = (b: Bucket, key: string, body: Buffer, copiedFrom?: string): StoredObject => {
    const old = b.objects.get(key);
    const o: StoredObject = { body, modified: new Date(), versionId: newVersion(), versions: new Map([...(old?.versions ?? []), ...(old ? [[old.versionId, old.body] as const] : [])]), ...(copiedFrom ? { copiedFrom } : {}) };
    b.objects.set(key, o);
    return o;
  };
  const md5 = (body: Buffer) => createHash('md5').update(body).digest('hex');

  function headObject(req: FakeRequest): RestResponse {
    const [name, b] = bucketFor(req);
    const key = String(req.input.Key);
    requests.push({ operation: 'HeadObject', bucket: name, key, accountId: req.accountId ?? '' });
    const o = b.objects.get(key);
    if (!o) throw new FakeAwsError('NotFound', 'Not Found', 404);
    return { body: '', headers: { 'content-length': String(o.body.length), etag: `"${md5(o.body)}"`, 'x-amz-version-id': o.versionId, 'last-modified': o.modified.toUTCString(), 'content-type': 'application/octet-stream' } };
  }

  /** CopyObject: x-amz-copy-source "bucket/key[?versionId=v]" (URL-encoded), server-side, SHA-256 checksum on request. */
  function copyObject(req: FakeRequest): RestResponse {
    const [name, dest] = bucketFor(req);
    const key = String(req.input.Key);
    const raw = decodeURIComponent(String(req.input.CopySource ?? '').replace(/^\//, ''));
    const [path = '', query = ''] = raw.split('?');
    const slash = path.indexOf('/');
    const source = { ...req, input: { Bucket: path.slice(0, slash) } };
    const [, from] = bucketFor(source);
    const sourceKey = path.slice(slash + 1);
    const version = new URLSearchParams(query).get('versionId');
    const current = from.objects.get(sourceKey);
    const body = version === null || current?.versionId === version ? current?.body : current?.versions?.get(version);
    if (!body) throw new FakeAwsError(version ? 'NoSuchVersion' : 'NoSuchKey', 'The specified key does not exist.', 404);
    requests.push({ operation: 'CopyObject', bucket: name, key, accountId: req.accountId ?? '' });
    const o = store(dest, key, Buffer.from(body), raw);
    const sha = req.input.ChecksumAlgorithm === 'SHA256' ? `<ChecksumSHA256>${createHash('sha256').update(body).digest('base64')}</ChecksumSHA256>` : '';
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<CopyObjectResult><LastModified>${o.modified.toISOString()}</LastModified><ETag>&quot;${md5(body)}&quot;</ETag>${sha}</CopyObjectResult>`;
    const sourceVersion = version ?? current?.versionId;
    return { body: xml, headers: { 'content-type': 'application/xml', 'x-amz-version-id': o.versionId, ...(sourceVersion ? { 'x-amz-copy-source-version-id': sourceVersion } : {}) } };
  }

  function bucketFor(req: FakeRequest): [string, Bucket] {
    const name = String(req.input.Bucket);
    const b = buckets.get(name);
    if (!b) throw new FakeAwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
    const account = req.accountId ?? '';
    if (account !== b.owner && !b.readers.has(account)) throw new FakeAwsError('AccessDenied', 'Access Denied', 403);
    return [name, b];
  }

  function listObjectsV2(req: FakeRequest): RestResponse {
    const q = req.input.query as URLSearchParams;
    const [name, b] = bucketFor(req);
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const maxKeys = Math.min(PAGE_LIMIT, Number(q.get('max-keys') ?? PAGE_LIMIT));
    const token = q.get('continuation-token');
    const url = q.get('encoding-type') === 'url';
    requests.push({
      operation: 'ListObjectsV2', bucket: name, prefix, ...(delimiter ? { delimiter } : {}), continuation: token !== null, accountId: req.accountId ?? '',
    });
    let after = q.get('start-after') ?? '';
    if (token !== null) {
      after = Buffer.from(token, 'base64').toString('utf8');
      if (!after) throw new FakeAwsError('InvalidArgument', 'The continuation token provided is incorrect', 400);
    }
    // Keys in UTF-8 binary order, as S3 lists them; a common prefix stands for all the keys under it.
    const keys = [...b.objects.keys()].filter((k) => k.startsWith(prefix)).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    const entries: { key?: string; prefix?: string; last: string }[] = [];
    for (const k of keys) {
      const cut = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
      const common = cut >= 0 ? k.slice(0, cut + delimiter.length) : undefined;
      const id = common ?? k;
      if (id <= after) continue; // returned on an earlier page
      if (common !== undefined && entries.at(-1)?.prefix === common) continue;
      entries.push(common !== undefined ? { prefix: common, last: common } : { key: k, last: k });
    }
    const page = entries.slice(0, maxKeys);
    const truncated = entries.length > maxKeys;
    const enc = (s: string) => escapeXml(url ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
    const contents = page
      .filter((e) => e.key !== undefined)
      .map((e) => {
        const o = b.objects.get(e.key as string) as { body: Buffer; modified: Date };
        const etag = createHash('md5').update(o.body).digest('hex');
        return `<Contents><Key>${enc(e.key as string)}</Key><LastModified>${o.modified.toISOString()}</LastModified><ETag>&quot;${etag}&quot;</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      });
    const commons = page.filter((e) => e.prefix !== undefined).map((e) => `<CommonPrefixes><Prefix>${enc(e.prefix as string)}</Prefix></CommonPrefixes>`);
    const next = truncated ? Buffer.from((page.at(-1) as { last: string }).last).toString('base64') : undefined;
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      `<Name>${escapeXml(name)}</Name><Prefix>${enc(prefix)}</Prefix>${delimiter ? `<Delimiter>${enc(delimiter)}</Delimiter>` : ''}` +
      `<MaxKeys>${maxKeys}</MaxKeys><KeyCount>${page.length}</KeyCount><IsTruncated>${truncated}</IsTruncated>` +
      (token !== null ? `<ContinuationToken>${escapeXml(token)}</ContinuationToken>` : '') +
      (next ? `<NextContinuationToken>${next}</NextContinuationToken>` : '') +
      (url ? '<EncodingType>url</EncodingType>' : '') +
      contents.join('') +
      commons.join('') +
      '</ListBucketResult>';
    return { body: xml, headers: { 'content-type': 'application/xml' } };
  }

  function getObject(req: FakeRequest): RestResponse {
    const [name, b] = bucketFor(req);
    const key = String(req.input.Key);
    requests.push({ operation: 'GetObject', bucket: name, key, accountId: req.accountId ?? '' });
    const o = b.objects.get(key);
    if (!o) throw new FakeAwsError('NoSuchKey', 'The specified key does not exist.', 404);
    // With x-amz-checksum-mode: ENABLED (the SDK's default) S3 returns the object's full-object checksum,
    // which the SDK checks against the body it received.
    const checksum: Record<string, string> = req.input.ChecksumMode === 'ENABLED' ? { 'x-amz-checksum-crc32': crc32Base64(o.body), 'x-amz-checksum-type': 'FULL_OBJECT' } : {};
    return {
      body: o.body,
      headers: {
        ...checksum,
        'content-type': 'application/octet-stream',
        etag: `"${createHash('md5').update(o.body).digest('hex')}"`,
        'last-modified': o.modified.toUTCString(),
      },
    };
  }

  return {
    requests,
    createBucket(bucket, options = {}) {
      buckets.set(bucket, { owner: options.owner ?? '111122223333', readers: new Set(options.readers ?? []), objects: new Map() });
    },
    putObject(bucket, key, body) {
      const b = buckets.get(bucket);
      if (!b) throw new Error(`fake S3: create bucket ${bucket} first`);
      return store(b, key, Buffer.isBuffer(body) ? body : Buffer.from(body)).versionId;
    },
    object(bucket, key) {
      return buckets.get(bucket)?.objects.get(key);
    },
    module: {
      service: 's3',
      protocol: 'restXml',
      route(req) {
        const { bucket, key } = locate(req);
        if (req.method === 'HEAD' && bucket && key) return { operation: 'HeadObject', input: { Bucket: bucket, Key: key } };
        if (req.method === 'PUT' && bucket && key && req.headers['x-amz-copy-source']) {
          return { operation: 'CopyObject', input: { Bucket: bucket, Key: key, CopySource: req.headers['x-amz-copy-source'], ChecksumAlgorithm: req.headers['x-amz-checksum-algorithm'] } };
        }
        if (req.method !== 'GET' || !bucket) return undefined;
        if (key === '' && req.query.get('list-type') === '2') return { operation: 'ListObjectsV2', input: { Bucket: bucket, query: req.query } };
        if (key !== '' && !req.query.has('list-type')) {
          return { operation: 'GetObject', input: { Bucket: bucket, Key: key, ChecksumMode: req.headers['x-amz-checksum-mode'] } };
        }
        return undefined;
      },
      handlers: { ListObjectsV2: listObjectsV2, GetObject: getObject, HeadObject: headObject, CopyObject: copyObject },
    },
  };
}
