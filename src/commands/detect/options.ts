// detect's flags, as commander hands them over: one type for index.ts and every source opener it loads.
import type { Severity } from '../../playbook/severity.js';
import type { AwsCliOptions } from '../options.js';

/** detect's flags for the query sources and --athena-create-table. */
export interface QuerySourceOptions {
  source?: string;
  athenaTable?: string;
  athenaDatabase: string;
  athenaWorkgroup?: string;
  athenaOutput?: string;
  athenaCreateTable?: boolean;
  trailBucket?: string;
  accounts?: string;
  eventDataStore?: string;
  yes?: boolean;
  auditLog: string;
}

export interface DetectOptions extends AwsCliOptions, QuerySourceOptions {
  logs?: string[];
  since: string;
  /** Whether --since was given (commander's value source): without it, --logs reads the whole input. */
  sinceGiven?: boolean;
  until: string;
  scenario?: string[];
  rule?: string[];
  minSeverity: Severity;
  principal?: string[];
  /** --list-findings: a number, or 'all'. */
  listFindings?: string;
  /** --aggregated-ids: a new file for the findings counted in aggregated. */
  aggregatedIds?: string;
  /** --suppress: a file of suppressions (src/core/suppress.ts); false with --no-suppress. */
  suppress?: string | false;
  failOn?: Severity;
  saveEvents?: string;
  /** Live source over every active account of the organization (with roleName). */
  org?: boolean;
  roleName?: string;
  prefilter: boolean;
  /** --baseline: a duration before --since whose calls say what is usual for each principal. */
  baseline?: string;
  /** false with --no-activity: no second pass for the actors' timelines. */
  activity?: boolean;
  output: string;
  /** --out: the report goes to this file, a summary to the terminal. */
  out?: string;
  /** --group: the table's findings one row per rule, actor and event name (event) or per finding (none). */
  group?: 'event' | 'none';
  /** Whether --group was given (commander's value source): it applies to the table only. */
  groupGiven?: boolean;
}
