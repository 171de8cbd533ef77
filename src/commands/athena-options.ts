// Athena flags shared by detect's query source and prepare athena-table, checked before any AWS call.
import { UsageError } from '../errors.js';

const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s'"\\]*)?$/;

export function validateOutputLocation(value: string): string {
  if (!S3_URI.test(value)) throw new UsageError(`--athena-output: '${value}' is not an S3 location`, 'for example s3://my-athena-results/sm-ir/');
  return value.endsWith('/') ? value : `${value}/`;
}

// Athena workgroup names: letters, digits, period, underscore and hyphen, at most 128.
export function validateWorkgroup(value: string): string {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(value)) throw new UsageError(`--athena-workgroup: '${value}' is not a workgroup name`);
  return value;
}
