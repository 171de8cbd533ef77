/**
 * Copies the artifacts to preserve (core/contain/artifacts.ts) server-side to the responder's bucket,
 * through the audited caller: HeadObject pins the version in use now, CopyObject copies exactly that
 * version with a SHA-256 checksum S3 computes. A prefix (an uncompressed model) is listed and each
 * object copied. Any failure stops the run before the first change: evidence that was not kept is
 * never traded for containment.
 */
import { SmIrError } from '../../errors.js';
import { explainFailure, type AwsCaller } from '../../core/contain/caller.js';
import { copyDestination, type ArtifactToPreserve } from '../../core/contain/artifacts.js';
import { parseS3Uri, type S3Location } from '../../core/s3-uri.js';
import type { Manifest } from '../../core/contain/documents.js';

type Preserved = NonNullable<Manifest['artifacts']>[number];

/** CopyObject copies at most 5 GB in one request (larger objects need a multipart copy). */
const MAX_COPY_BYTES = 5 * 1024 ** 3;
/** Objects under one artifact prefix: more is not a model's data. */
const MAX_PREFIX_OBJECTS = 1000;

const uri = (l: S3Location) => `s3://${l.bucket}/${l.key}`;
/** CopySource: bucket/key URL-encoded (slashes kept), with the version pinned. */
const copySource = (l: S3Location, versionId: string | null) => `${l.bucket}/${encodeURIComponent(l.key).replace(/%2F/g, '/')}${versionId ? `?versionId=${encodeURIComponent(versionId)}` : ''}`;
const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export async function preserveArtifacts(caller: AwsCaller, artifacts: ArtifactToPreserve[], dest: S3Location, run: string, region: string): Promise<Preserved[]> {
  const out: Preserved[] = [];
  for (const a of artifacts) {
    const source = parseS3Uri(a.source);
    if (!source) throw new SmIrError(`--preserve-artifacts: ${a.source} (${a.because}) is not an S3 location sm-ir can copy; nothing was changed`);
    try {
      // A prefix (an uncompressed model) is every object under it.
      for (const key of source.key === '' || source.key.endsWith('/') ? await listPrefix(caller, source) : [source.key]) out.push(await copyOne(caller, { bucket: source.bucket, key }, dest, run));
    } catch (e) {
      const err = e instanceof SmIrError ? e : explainFailure(e, 's3:GetObject, s3:GetObjectVersion (on the source) and s3:PutObject (on the destination)', region);
      throw new SmIrError(`could not preserve ${a.source} (${a.because}): ${err.message}; nothing was changed`, { hint: err.hint ?? 'fix the cause and run the same command again, or contain without --preserve-artifacts', cause: e });
    }
  }
  return out;
}

async function listPrefix(caller: AwsCaller, at: S3Location): Promise<string[]> {
  const keys: string[] = [];
  let token: string | null = null;
  do {
    const page: Record<string, unknown> = (await caller.call('s3', 'ListObjectsV2', { Bucket: at.bucket, Prefix: at.key, ...(token ? { ContinuationToken: token } : {}) })).output;
    for (const o of (page.Contents as { Key?: string }[] | undefined) ?? []) if (o.Key && !o.Key.endsWith('/')) keys.push(o.Key);
    if (keys.length > MAX_PREFIX_OBJECTS) throw new SmIrError(`more than ${MAX_PREFIX_OBJECTS} objects under ${uri(at)}`, { hint: 'copy the prefix yourself (aws s3 sync) before containing, then run without --preserve-artifacts' });
    token = page.IsTruncated === true ? s(page.NextContinuationToken) : null;
  } while (token);
  return keys;
}

async function copyOne(caller: AwsCaller, source: S3Location, dest: S3Location, run: string): Promise<Preserved> {
  const head = (await caller.call('s3', 'HeadObject', { Bucket: source.bucket, Key: source.key })).output;
  const bytes = typeof head.ContentLength === 'number' ? head.ContentLength : 0;
  if (bytes > MAX_COPY_BYTES) throw new SmIrError(`${uri(source)} is ${(bytes / 1024 ** 3).toFixed(1)} GB, over the 5 GB a single CopyObject copies`, { hint: `copy it yourself first (aws s3 cp ${uri(source)} ...), then run without --preserve-artifacts` });
  const versionId = s(head.VersionId);
  const to = copyDestination(dest, run, source);
  const copy = (await caller.call('s3', 'CopyObject', { Bucket: to.bucket, Key: to.key, CopySource: copySource(source, versionId), ChecksumAlgorithm: 'SHA256' })).output;
  const result = (copy.CopyObjectResult ?? {}) as Record<string, unknown>;
  return {
    source: uri(source),
    sourceVersionId: s(copy.CopySourceVersionId) ?? versionId,
    destination: uri(to),
    destinationVersionId: s(copy.VersionId),
    bytes,
    etag: s(result.ETag),
    checksumSHA256: s(result.ChecksumSHA256),
    run,
  };
}
