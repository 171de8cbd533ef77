/**
 * detect --suppress FILE, or the working directory's .sm-ir/suppress.yaml when there is one: read, parsed as
 * JSON or YAML (by its extension), validated; every problem is one line, exit 2.
 */
import { existsSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { SuppressFileSchema, SUPPRESS_SCHEMA_ID, type Suppression } from '../../core/suppress.js';
import { CONFIG_MAX_BYTES, readUserFile } from '../user-files.js';

const HINT = `a JSON or YAML file: { "schema": "${SUPPRESS_SCHEMA_ID}", "suppress": [{ "rule": "...", "actor": "arn:aws:iam::*:role/ci-*", "reason": "...", "expires": "2027-01-31" }] }`;

/** Read without --suppress, in this order, when present in the working directory. */
export const DEFAULT_SUPPRESS_FILES = ['.sm-ir/suppress.yaml', '.sm-ir/suppress.yml', '.sm-ir/suppress.json'];

/** The file to read: --suppress's, none with --no-suppress (false), else the first default present. */
export function suppressFileFor(option: string | false | undefined): string | undefined {
  if (option === false) return undefined;
  return option ?? DEFAULT_SUPPRESS_FILES.find((f) => existsSync(f));
}

export async function readSuppressFile(path: string): Promise<Suppression[]> {
  const text = readUserFile(path, '--suppress', CONFIG_MAX_BYTES, HINT);
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? (await import('yaml')).default.parse(text) : JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--suppress ${path}: not ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'} (${(e as Error).message.split('\n')[0]})`, HINT);
  }
  const parsed = SuppressFileSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.map(String).join('.') || '(top level)';
    throw new UsageError(`--suppress ${path}: ${where}: ${first?.message ?? 'invalid'}${parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : ''}`, HINT);
  }
  return parsed.data.suppress;
}
