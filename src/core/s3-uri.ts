/** s3://BUCKET/KEY as SageMaker and CloudTrail write S3 locations: what contain copies and detect compares. */
export interface S3Location {
  bucket: string;
  /** Key, or key prefix ending in "/" (empty: the whole bucket). */
  key: string;
}

/** Bucket names as S3 allows them (3-63 characters: lower-case letters, digits, dots, hyphens). */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function parseS3Uri(uri: string): S3Location | null {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(uri);
  if (!m || !BUCKET_NAME.test(m[1]!)) return null;
  return { bucket: m[1]!, key: m[2] ?? '' };
}
