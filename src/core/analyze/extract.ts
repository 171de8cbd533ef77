import type { ActorActivity } from '../activity.js';
import type { Finding } from '../finding.js';
import type { Extractor, Practice, Question } from '../../playbook/schema.js';
import { controlsOf, type ChecklistPlaybook } from './controls.js';
import { canonicalizer, clientOf, credentialKind, eventIdsOf, principalLabel, resourcesOf, targetsOf, type ResourceRef } from './describe.js';
import { groupBy } from '../group-by.js';
import { matches } from './match.js';
import type { Confidence, EvidenceLine } from './model.js';

const RANK: Record<Confidence, number> = { weak: 0, medium: 1, strong: 2 };


/** A line citing every finding and event it rests on. */
export function cite(text: string, fs: readonly Finding[]): EvidenceLine {
  const confidence = fs.reduce<Confidence>((c, f) => (RANK[f.confidence] > RANK[c] ? f.confidence : c), 'weak');
  return {
    text,
    findingIds: [...new Set(fs.map((f) => f.id))],
    eventIds: [...new Set(fs.flatMap(eventIdsOf))],
    confidence,
  };
}

/** Distinct CloudTrail events among findings (several rules may flag one event). */
function events(fs: readonly Finding[]): Finding[] {
  return [...groupBy(fs, (f) => f.eventId ?? f.id).values()].map((g) => g[0] as Finding);
}

function span(fs: readonly Finding[]): string {
  const first = fs[0]?.time ?? '';
  const last = fs[fs.length - 1]?.time ?? '';
  return first === last ? first : `${first} to ${last}`;
}

/** "CreateTrainingJob x2, StopNotebookInstance (1 failed)": calls by name, failed ones counted; `busiest`: most first, else first seen first. */
function callCounts<T extends { errorCode: string | null }>(calls: readonly T[], nameOf: (c: T) => string, busiest = false): string {
  const groups = [...groupBy(calls, nameOf)];
  if (busiest) groups.sort((x, y) => y[1].length - x[1].length || x[0].localeCompare(y[0]));
  return groups
    .map(([name, g]) => {
      const failed = g.filter((c) => c.errorCode).length;
      return `${name}${g.length > 1 ? ` x${g.length}` : ''}${failed ? ` (${failed} failed)` : ''}`;
    })
    .join(', ');
}

/** "CreateTrainingJob x2, StopNotebookInstance" over distinct events, with failed calls counted. */
function eventCounts(fs: readonly Finding[]): string {
  return callCounts(events(fs), (f) => f.eventName);
}

/** Events cited per timeline line: the earliest; the line counts them all. */
const TIMELINE_CITED = 20;

/** Source addresses listed per timeline line, busiest first; the rest are counted. */
const TIMELINE_ADDRESSES = 4;

/**
 * Everything the actor did in the window, from detect's activity timeline (reads, failed calls, other services
 * too), per source address: stolen credentials are the same principal as their owner, and the address is what
 * tells the thief's calls from the owner's.
 */
function timelineLine(a: ActorActivity, p: Finding['principal'], g: readonly Finding[]): EvidenceLine {
  const counts = (es: ActorActivity['events']) => callCounts(es, (e) => `${e.eventSource.replace('.amazonaws.com', '')}:${e.eventName}`, true);
  const byAddress = [...groupBy(a.events, (e) => e.sourceIp ?? 'no address')].sort((x, y) => y[1].length - x[1].length);
  const parts = byAddress.slice(0, TIMELINE_ADDRESSES).map(([ip, es]) => `from ${ip} (${es.length}, ${es.filter((e) => e.flagged).length} flagged): ${counts(es)}`);
  const more = byAddress.length > TIMELINE_ADDRESSES ? `; ${byAddress.length - TIMELINE_ADDRESSES} more address(es)` : '';
  const omitted = a.omitted > 0 ? `; ${a.omitted} more event(s) not kept` : '';
  const text =
    `${principalLabel(p)}, everything it did in the window (its activity timeline: ${a.total} event(s), ${a.denied} failed${omitted}): ` +
    `${parts.join('; ')}${more}; first ${a.events[0]?.time ?? '?'}, last ${a.events[a.events.length - 1]?.time ?? '?'}`;
  return { ...cite(text, g), eventIds: a.events.slice(0, TIMELINE_CITED).flatMap((e) => (e.eventId ? [e.eventId] : [])) };
}

function failure(f: Finding): string {
  return f.errorCode ? ` [failed: ${f.errorCode}]` : '';
}

/** "a, b, c and 9 more": long lists stay readable; the citations carry every id. */
function some(items: readonly string[], max = 3): string {
  return items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', ');
}

/** One line per rule, event name, principal and outcome: the finding's own words, with every resource it names. */
function findingLines(fs: readonly Finding[], ctx: Ctx): EvidenceLine[] {
  const key = (f: Finding) => [f.ruleId, f.eventName, f.principal.key, f.title, f.errorCode ?? ''].join('|');
  const groups = [...groupBy(fs, key).values()];
  // Event names alone (weak) come after the rest, so the first lines shown are the telling ones.
  const weakOnly = (g: Finding[]) => g.every((x) => x.confidence === 'weak');
  return [...groups.filter((g) => !weakOnly(g)), ...groups.filter(weakOnly)].map((g) => {
    const f = g[0] as Finding;
    const count = g.length > 1 ? `${g.length} x ` : '';
    const names = [...new Set(g.flatMap((x) => ctx.names(x).map((r) => r.name)))];
    const on = names.length ? ` on ${some(names)}` : '';
    const reasons = [...new Set(g.map((x) => x.reason))];
    const reason = reasons.length > 1 ? `${reasons[0]} (and ${reasons.length - 1} similar)` : f.reason;
    const weak = weakOnly(g) ? ' (weak: an event name alone)' : '';
    return cite(`${span(g)} ${count}${f.eventName} by ${principalLabel(f.principal)}${on}${failure(f)}: ${f.title}. ${reason}${weak}`, g);
  });
}

function resourceLines(fs: readonly Finding[], ctx: Ctx): EvidenceLine[] {
  const refs = fs.flatMap((f) => ctx.names(f).map((ref) => ({ ref, f })));
  const byRes = groupBy(refs, (x) => `${x.ref.type}\u0000${x.ref.name}`);
  return [...byRes.values()]
    .sort((a, b) => (a[0]!.ref.type + a[0]!.ref.name).localeCompare(b[0]!.ref.type + b[0]!.ref.name))
    .map((g) => {
      const gf = g.map((x) => x.f);
      const who = [...new Set(gf.map((f) => principalLabel(f.principal)))].join(', ');
      return cite(`[${g[0]!.ref.type}] ${g[0]!.ref.name}: ${eventCounts(gf)} by ${who} (${span(gf)})`, gf);
    });
}

/** What every extractor shares: the resources each finding names, one name per resource across the whole report. */
export interface Ctx {
  names: (f: Finding) => ResourceRef[];
  /** Each actor's whole timeline in the window (detect's activity), by principal key: Q3 answers from it. */
  activity: ReadonlyMap<string, ActorActivity>;
  /** What enforces a practice (Q15), from the playbook data. */
  controls: (p: Practice) => string[];
}

export function contextFor(all: readonly Finding[], pb: Omit<ChecklistPlaybook, 'questions'>, activity: readonly ActorActivity[] = []): Ctx {
  const canon = canonicalizer(all.flatMap(resourcesOf));
  const cache = new Map<Finding, ResourceRef[]>();
  return {
    activity: new Map(activity.map((a) => [a.actor, a])),
    controls: (p) => controlsOf(p, pb),
    names(f) {
      let refs = cache.get(f);
      if (!refs) {
        refs = [...new Map(resourcesOf(f).map(canon).map((r) => [r.name, r])).values()];
        cache.set(f, refs);
      }
      return refs;
    },
  };
}

function byPrincipal(fs: readonly Finding[]): Map<string, Finding[]> {
  return groupBy(fs, (f) => f.principal.key);
}

const EXTRACT: Record<Extractor, (fs: Finding[], q: Question, ctx: Ctx) => EvidenceLine[]> = {
  resources: (fs, _q, ctx) => resourceLines(fs, ctx),
  findings: (fs, _q, ctx) => findingLines(fs, ctx),

  access: (fs, q, ctx) => {
    const perPrincipal = [...byPrincipal(fs).values()].map((g) => {
      const p = (g[0] as Finding).principal;
      const clients = [...new Set(g.map((f) => clientOf(f.userAgent)))].join(', ');
      const ips = [...new Set(g.map((f) => f.sourceIp).filter((x): x is string => x !== null))].join(', ') || 'no source IP';
      const n = events(g).length;
      return cite(`${principalLabel(p)}: ${credentialKind(p)}; via ${clients}; from ${ips}; ${n} flagged event${n === 1 ? '' : 's'} (${span(g)})`, g);
    });
    const highlight = q.evidence.highlight ?? [];
    return [...perPrincipal, ...findingLines(fs.filter((f) => highlight.some((m) => matches(m, f))), ctx)];
  },

  'actions-by-principal': (fs, _q, ctx) =>
    [...byPrincipal(fs).values()].flatMap((g) => {
      const p = (g[0] as Finding).principal;
      const flagged = cite(`${principalLabel(p)}: ${eventCounts(g)}; first ${g[0]!.time}, last ${g[g.length - 1]!.time}`, g);
      const timeline = ctx.activity.get(p.key);
      return timeline ? [flagged, timelineLine(timeline, p, g)] : [flagged];
    }),

  'clients-by-principal': (fs) =>
    [...groupBy(fs, (f) => `${f.principal.key}\u0000${f.userAgent ?? ''}`).values()].map((g) => {
      const f = g[0] as Finding;
      const ua = f.userAgent ? ` (${f.userAgent})` : '';
      return cite(`${principalLabel(f.principal)} via ${clientOf(f.userAgent)}${ua}: ${eventCounts(g)} (${span(g)})`, g);
    }),

  'created-modified': (fs, _q, ctx) => {
    const step = (f: Finding) => {
      // A correlation names more than its first event: say what the sequence was.
      const seq = f.relatedEventIds.length > 1 ? ` (${f.title}: ${f.reason})` : '';
      return `${f.eventName}${failure(f)} at ${f.time} by ${principalLabel(f.principal)}${seq}`;
    };
    const targeted = fs.flatMap((f) => targetsOf(f, ctx.names(f)).map((r) => ({ r: r.name, f })));
    const lines = [...groupBy(targeted, (x) => x.r).values()].map((g) =>
      cite(`${g[0]!.r}: ${events(g.map((x) => x.f)).map(step).join('; ')}`, g.map((x) => x.f)),
    );
    // Events whose finding does not name what they acted on (a burst, an image-only finding), unless
    // another finding of the same events already does.
    const cited = new Set(targeted.flatMap((x) => eventIdsOf(x.f)));
    const untargeted = events(fs.filter((f) => targetsOf(f, ctx.names(f)).length === 0 && !eventIdsOf(f).every((id) => cited.has(id))));
    return [
      ...lines,
      ...untargeted.map((f) => {
        const named = ctx.names(f).map((r) => r.name);
        return cite(`(not named in the finding): ${step(f)}${named.length ? `; it names ${some(named)}` : ''}`, [f]);
      }),
    ];
  },

  roles: (fs, _q, ctx) => {
    // Roles by name: IAM events give the name (evidence roleName), SageMaker events the ARN.
    const rolesOf = (f: Finding) =>
      new Set(
        ctx
          .names(f)
          .filter((r) => r.type === 'iam role')
          .map((r) => r.name.replace(/^arn:[^:]+:iam::\d{12}:role\/(.*\/)?/, '')),
      );
    const perRole = groupBy(
      fs.flatMap((f) => [...rolesOf(f)].map((role) => ({ role, f }))),
      (x) => x.role,
    );
    const roleLines = [...perRole].map(([role, g]) => {
      const gf = g.map((x) => x.f);
      const who = [...new Set(gf.map((f) => principalLabel(f.principal)))].join(', ');
      return cite(`role ${role}: ${eventCounts(gf)} by ${who} (${span(gf)})`, gf);
    });
    return [...roleLines, ...findingLines(fs, ctx)];
  },

  practices: (fs, q, ctx) =>
    (q.evidence.practices ?? []).flatMap((p) => {
      const hit = fs.filter((f) => matches(p.match, f));
      if (hit.length === 0) return [];
      const where = [...new Set(hit.flatMap((f) => (ctx.names(f).length ? ctx.names(f).map((r) => r.name) : [f.eventName])))];
      return [cite(`${p.practice} Seen in: ${some(where, 5)}. Controls: ${ctx.controls(p).join('; ')}.`, hit)];
    }),

  scenarios: (fs) => {
    const perScenario = groupBy(
      fs.flatMap((f) => (f.scenarios.length ? f.scenarios : ['(no scenario)']).map((s) => ({ s, f }))),
      (x) => x.s,
    );
    return [...perScenario].map(([s, g]) => {
      const gf = g.map((x) => x.f);
      const sev = [...new Set(gf.map((f) => f.severity))].join('/');
      const who = [...new Set(gf.map((f) => principalLabel(f.principal)))].join(', ');
      return cite(`${s}: ${gf.length} finding${gf.length === 1 ? '' : 's'} (${sev}) by ${who} (${span(gf)})`, gf);
    });
  },
};

/** The findings that bear on a question: any of its matches, or any of its practices. */
export function relevantFindings(q: Question, findings: readonly Finding[]): Finding[] {
  const ms = [...q.evidence.match, ...(q.evidence.practices ?? []).map((p) => p.match)];
  return findings.filter((f) => ms.some((m) => matches(m, f)));
}

export function extractEvidence(q: Question, relevant: Finding[], ctx: Ctx): EvidenceLine[] {
  return EXTRACT[q.evidence.extractor](relevant, q, ctx);
}
