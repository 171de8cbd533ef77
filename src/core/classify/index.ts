import type { CloudTrailRecord, SkipReason } from '../cloudtrail.js';
import type { AggregatedFindings, Finding, Signal } from '../finding.js';
import type { Playbook } from '../../playbook/load.js';
import { PlaybookDataError } from '../../errors.js';
import { interestOf, type QueryFilter } from './interest.js';
import { createRouter } from './router.js';
import { RULES } from './registry.js';
import { SeenEvents } from './seen-events.js';
import type { RegisteredRule, RuleInstance } from './rule.js';
import { principalKey } from './principal.js';
import { CallerContext, requestSignals, settle } from './signals.js';
import { FindingLimit } from './finding-limit.js';
import type { Baseline } from './baseline.js';

export interface Classifier {
  /**
   * Feed one record to the rules that read it; any order (CloudTrail files are unordered). Returns why
   * no rule does, if none: an unwatched source not a failed call a rule counts ('unwatched-source'), or
   * a watched source's event that no rule reads ('not-read-by-rules'); or 'duplicate' when the rules
   * were already given this event (same eventID, recipientAccountId and eventTime), so each event is
   * classified once and bursts count distinct events. Only records some rule reads are checked: the
   * others are skipped anyway (the prefilter skips them unparsed).
   */
  push(record: CloudTrailRecord): SkipReason | 'duplicate' | undefined;
  /** Run the correlation rules; every finding, sorted by time then id. Call once. */
  finish(): Finding[];
  /** The raw records of these findings' events, by event id, as read (those emitted while their record was at hand; at most MAX_RECORDS kept). */
  recordsOf(findings: readonly Finding[]): Record<string, CloudTrailRecord>;
  /** Events classified without a duplicate check because the set of seen events was full (SEEN_EVENTS_LIMIT). */
  notCheckedForDuplicates(): number;
  /** The findings counted, not held, past the limits of finding-limit.ts; after finish(). */
  aggregated(): AggregatedFindings[];
}

const isSource = (v: unknown): v is string => typeof v === 'string' && /^[a-z0-9-]+\.amazonaws\.com$/.test(v);

/**
 * The event sources classification looks at: those of playbook/sources.json and any a rule's params
 * name (e.g. log-tampering's cloudtrail and logs). Look-alikes such as metrics-sagemaker are not in it.
 */
export function watchedSources(playbook: Playbook): Set<string> {
  const out = new Set(playbook.sources.sources.map((s) => s.source));
  for (const sc of playbook.scenarios.scenarios) for (const ev of sc.events) out.add(ev.source);
  const walk = (v: unknown): void => {
    if (isSource(v)) out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) Object.entries(v).forEach(([key, value]) => (walk(key), walk(value))); // a source may be a key: { "iam.amazonaws.com": [names] }
  };
  for (const r of playbook.rules.rules) walk(r.params);
  for (const lookAlike of playbook.sources.lookAlikes) out.delete(lookAlike);
  return out;
}

/**
 * The records classification can act on, from the rules' own `reads` declarations: what a query engine
 * must return, and what the file prefilter may skip, so that the findings are those of reading everything.
 */
export function queryFilter(playbook: Playbook): QueryFilter {
  return interestOf(buildRules(playbook), watchedSources(playbook));
}

/** Build the rule instances, failing clearly if the rules' data (rules/<id>/meta.ts) and code (rules/<id>/rule.ts) disagree or params are invalid. */
export function buildRules(playbook: Playbook, registry: Readonly<Record<string, RegisteredRule>> = RULES): RuleInstance[] {
  for (const [folder, rule] of Object.entries(registry)) {
    if (rule.id !== folder) throw new PlaybookDataError(`rules/${folder}/rule.ts`, `id '${rule.id}' differs from its folder name '${folder}'`);
  }
  const implemented = new Map(Object.entries(registry));
  const inData = new Set(playbook.rules.rules.map((r) => r.id));
  const missing = [...inData].filter((id) => !implemented.has(id));
  if (missing.length > 0) throw new PlaybookDataError('rules/', `no implementation for rule ${missing.join(', ')} (each rule folder needs a rule.ts, listed in registry.ts)`);
  const unlisted = [...implemented.keys()].filter((id) => !inData.has(id));
  if (unlisted.length > 0) throw new PlaybookDataError('rules/', `rule ${unlisted.join(', ')} is implemented but missing from the data (each rule folder needs a meta.ts, listed in rules/metadata.ts)`);
  return playbook.rules.rules.map((meta) => {
    const built = (implemented.get(meta.id) as RegisteredRule).build(meta, playbook);
    if (!built.ok) throw new PlaybookDataError(`rules/${meta.id}/meta.ts`, built.issues.join('; '));
    return built.instance;
  });
}

/** Learns the baseline period's records that some rule reads (what classification would see), nothing else. */
export function baselineLearner(playbook: Playbook, baseline: Baseline): (record: CloudTrailRecord) => void {
  const route = createRouter(buildRules(playbook), watchedSources(playbook), new Set(playbook.sources.lookAlikes));
  return (record) => {
    if (route(record).length > 0) baseline.learn(record);
  };
}

/** Raw records kept for the report's findings: evidence to read beside them (bounded memory: about 2 KB each). */
export const MAX_RECORDS = 10_000;

export function createClassifier(playbook: Playbook, seen = new SeenEvents(), limit = new FindingLimit(), baseline?: Baseline): Classifier {
  const rules = buildRules(playbook);
  const watched = watchedSources(playbook);
  const route = createRouter(rules, watched, new Set(playbook.sources.lookAlikes));
  const metaOf = new Map(playbook.rules.rules.map((m) => [m.id, m]));
  const callers = new CallerContext(playbook.signals);
  // A finding emitted while its record is at hand gets the request's signals; correlation findings (finish) get none.
  // ATT&CK tactics by name, in the order of the techniques that bring them.
  const tacticsOf = (mitre: readonly string[]) => [...new Set(mitre.flatMap((t) => (playbook.attack.techniques[t]?.tactics ?? []).map((id) => playbook.attack.tactics[id] ?? id)))];
  let current: { record: CloudTrailRecord; signals?: Signal[] } | undefined;
  const records = new Map<string, CloudTrailRecord>();
  const emit = (f: Finding) => {
    if (current && f.eventId === (current.record.eventID ?? null)) {
      if (f.eventId !== null && records.size < MAX_RECORDS) records.set(f.eventId, current.record);
      current.signals ??= requestSignals(current.record, playbook.signals);
      const lowers = metaOf.get(f.ruleId)?.hardeningLowers !== false;
      f.signals.push(...current.signals.filter((s) => lowers || s.id !== 'hardened'));
    }
    f.tactics = tacticsOf(f.mitre);
    limit.add(f);
  };
  return {
    push(record) {
      const readers = route(record);
      if (readers.length === 0) return watched.has(record.eventSource) ? 'not-read-by-rules' : 'unwatched-source';
      if (seen.add(record) === 'duplicate') return 'duplicate';
      callers.observe(record, principalKey(record));
      current = { record };
      for (const rule of readers) rule.onRecord(record, emit);
      current = undefined;
      return undefined;
    },
    finish() {
      for (const rule of rules) rule.finish?.(emit);
      const findings = limit.listed();
      for (const f of findings) {
        f.signals.push(...callers.signals(f, baseline && ((kind, who, value) => baseline.knows(kind, who, value))));
        if (baseline) f.signals.push(...baseline.signals(f));
        f.severity = settle(f.severity, f.signals, metaOf.get(f.ruleId) ?? {}, playbook.signals.caller.maxSeverity);
      }
      return findings.sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    recordsOf(findings) {
      const out: Record<string, CloudTrailRecord> = {};
      for (const f of findings) {
        const r = f.eventId === null ? undefined : records.get(f.eventId);
        if (r && f.eventId !== null) out[f.eventId] = r;
      }
      return out;
    },
    notCheckedForDuplicates: () => seen.notChecked,
    aggregated: () => limit.aggregated(),
  };
}
