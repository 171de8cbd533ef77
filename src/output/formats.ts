import { UsageError } from '../errors.js';

/** The formats every model renders (src/output/render.ts). */
export const OUTPUT_FORMATS = ['table', 'json', 'jsonl', 'csv', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What a detect report also renders to: the HTML case report, and findings for other tools (OCSF, Security Hub). */
export const REPORT_FORMATS = [...OUTPUT_FORMATS, 'html', 'ocsf', 'asff'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function parseOutputFormat<F extends string = OutputFormat>(value: string, allowed: readonly F[] = OUTPUT_FORMATS as unknown as readonly F[]): F {
  if ((allowed as readonly string[]).includes(value)) return value as F;
  throw new UsageError(`--output: unknown format '${value}'`, `use one of: ${allowed.join(', ')}`);
}
