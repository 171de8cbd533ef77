/**
 * Suppressions with reasons (issue 16): a responder's known-good activity, written down with why and until when.
 * A suppressed finding leaves the views and --fail-on but stays in the JSON report, under `suppressed`, with the
 * entry that matched it; an expired entry suppresses nothing and is reported, so no exception outlives its reason.
 */
import { z } from 'zod';
import type { Finding } from './finding.js';

export const SUPPRESS_SCHEMA_ID = 'sm-ir/suppress@1';

const glob = z.string().min(1).max(2048);

export const SuppressionSchema = z
  .object({
    /** A detective rule id (`sm-ir playbook rules`). */
    rule: z.string().min(1).optional(),
    /** The actor: matched against the principal's ARN and key; `*` matches any text. */
    actor: glob.optional(),
    /** A resource the finding names (ARN or name); `*` matches any text. */
    resource: glob.optional(),
    /** The CloudTrail event name. */
    eventName: z.string().min(1).optional(),
    /** Why this is known-good: shown with every finding it suppresses. */
    reason: z.string().min(1),
    /** The last day (UTC, YYYY-MM-DD) it applies: after it, it suppresses nothing and detect says so. */
    expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date'),
  })
  .strict()
  .refine((s) => s.rule !== undefined || s.actor !== undefined || s.resource !== undefined || s.eventName !== undefined, {
    message: 'an entry needs at least one of rule, actor, resource, eventName (an entry matching everything would hide every finding)',
  });
export type Suppression = z.infer<typeof SuppressionSchema>;

export const SuppressFileSchema = z
  .object({
    schema: z.literal(SUPPRESS_SCHEMA_ID).optional(),
    suppress: z.array(SuppressionSchema),
  })
  .strict();
export type SuppressFile = z.infer<typeof SuppressFileSchema>;

const globToRegExp = (pattern: string): RegExp => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');

/** Whether an entry is past its last day at `now`. */
export const expired = (s: Suppression, now: Date): boolean => Date.parse(`${s.expires}T23:59:59.999Z`) < now.getTime();

export interface Suppressed {
  entry: number;
  reason: string;
  expires: string;
  finding: Finding;
}

/** Split findings into those kept and those an unexpired entry suppresses (the first entry that matches). */
export function applySuppressions(findings: Finding[], entries: Suppression[], now: Date): { kept: Finding[]; suppressed: Suppressed[]; expired: number[] } {
  const live = entries
    .map((s, index) => ({ s, index, actor: s.actor ? globToRegExp(s.actor) : undefined, resource: s.resource ? globToRegExp(s.resource) : undefined }))
    .filter((e) => !expired(e.s, now));
  const kept: Finding[] = [];
  const suppressed: Suppressed[] = [];
  for (const f of findings) {
    const match = live.find(
      (e) =>
        (e.s.rule === undefined || e.s.rule === f.ruleId) &&
        (e.s.eventName === undefined || e.s.eventName === f.eventName) &&
        (e.actor === undefined || [f.principal.arn, f.principal.key].some((a) => a !== null && e.actor!.test(a))) &&
        (e.resource === undefined || f.resources.some((r) => e.resource!.test(r))),
    );
    if (match) suppressed.push({ entry: match.index, reason: match.s.reason, expires: match.s.expires, finding: f });
    else kept.push(f);
  }
  return { kept, suppressed, expired: entries.flatMap((s, i) => (expired(s, now) ? [i] : [])) };
}
