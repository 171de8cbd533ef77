import { UsageError } from '../errors.js';

export const OUTPUT_FORMATS = ['table', 'json', 'jsonl', 'csv', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function parseOutputFormat(value: string, allowed: readonly OutputFormat[] = OUTPUT_FORMATS): OutputFormat {
  if ((allowed as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`--output: unknown format '${value}'`, `use one of: ${allowed.join(', ')}`);
}
