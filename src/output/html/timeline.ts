/**
 * The case's timeline as one SVG: actors as lanes (an incident each, highest score first), findings as
 * marks coloured by severity and shaped by region, each incident's scenarios labelled where it first reached
 * them, and containment's changes (the case's audit log) in a lane of their own on the same time axis.
 * Drawn server-side with Observable Plot on a DOM shim (linkedom), so the page needs no script.
 */
import type { AuditEntry } from '../../core/audit.js';
import type { Finding } from '../../core/finding.js';
import type { Incident } from '../../core/incidents.js';
import { actorKeyOf } from '../../core/incidents.js';
import { SEVERITIES, type Severity } from '../../playbook/severity.js';
import { printable } from '../../view/printable.js';
import { serialise } from './escape.js';

/** Marks drawn at most; past it the page says how many were left out (the findings list still has them all). */
export const MAX_MARKS = 2000;
export const MAX_LANES = 12;
export const CONTAINMENT_LANE = 'containment (sm-ir contain)';

export const SEVERITY_COLOURS: Record<Severity, string> = { critical: '#7f0000', high: '#d7301f', medium: '#fc8d59', low: '#6baed6', info: '#bdbdbd' };

export interface TimelineInput {
  incidents: Incident[];
  findings: Finding[];
  containment: AuditEntry[];
  width?: number;
}

/** "arn:aws:sts::1:assumed-role/Role/session" -> "Role/session"; a user's ARN -> "user/name (AKIA…)". */
export function laneLabel(i: Incident): string {
  const arn = i.actor.arn ?? i.actor.key;
  const tail = arn.includes(':assumed-role/') ? arn.slice(arn.indexOf(':assumed-role/') + 14) : arn.slice(arn.lastIndexOf(':') + 1);
  // The end tells actors apart (role and session, user name): shortened from the left.
  const name = tail.length > LANE_NAME ? `…${tail.slice(-(LANE_NAME - 1))}` : tail;
  const key = i.actor.accessKeyIds[0];
  return printable(`${i.id.replace('incident-', '#')} ${name}${key && (i.actor.type === 'IAMUser' || i.actor.type === 'Root') ? ` ${key}` : ''}`);
}

const LANE_NAME = 30;
/** Scenarios first reached within this span of each other on a lane share one label. */
const LABEL_SPAN_MS = 10 * 60_000;

export interface TimelineDrawn {
  svg: string;
  marks: number;
  left: number;
  lanes: number;
}

export async function drawTimeline(input: TimelineInput): Promise<TimelineDrawn> {
  const [Plot, { parseHTML }] = await Promise.all([import('@observablehq/plot'), import('linkedom')]);
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const lanes = input.incidents.slice(0, MAX_LANES);
  const laneOf = new Map(lanes.map((i) => [i.actor.key, laneLabel(i)]));
  const shown = input.findings.filter((f) => laneOf.has(actorKeyOf(f))).slice(0, MAX_MARKS);
  const left = input.findings.length - shown.length;
  const marks = shown.map((f) => ({
    id: f.id,
    t: new Date(f.time),
    lane: laneOf.get(actorKeyOf(f)) as string,
    severity: f.severity,
    region: f.region ?? 'global',
    title: printable(`${f.id}\n${f.severity} · ${f.ruleId} · ${f.eventName}\n${f.time} · ${f.region ?? 'global'}\n${f.scenarios.join(', ')}`),
  }));
  // Each scenario once per lane, where the actor first reached it; those reached close together share a label,
  // and labels alternate above and below so neighbours do not overwrite each other.
  const byId = new Map(shown.map((f) => [f.id, f]));
  const reached = new Set<string>();
  const labels: { t: Date; lane: string; text: string; dy: number }[] = [];
  for (const m of [...marks].sort((a, b) => a.t.getTime() - b.t.getTime())) {
    const fresh = (byId.get(m.id) as Finding).scenarios.filter((s) => !reached.has(`${m.lane}\n${s}`));
    if (fresh.length === 0) continue;
    for (const s of fresh) reached.add(`${m.lane}\n${s}`);
    const last = labels.findLast((l) => l.lane === m.lane);
    if (last && m.t.getTime() - last.t.getTime() < LABEL_SPAN_MS) last.text += `, ${fresh.join(', ')}`;
    else labels.push({ t: m.t, lane: m.lane, text: fresh.join(', '), dy: labels.filter((l) => l.lane === m.lane).length % 2 === 0 ? -13 : 15 });
  }
  const changes = input.containment.map((e) => ({
    t: new Date(e.time),
    lane: CONTAINMENT_LANE,
    outcome: e.outcome,
    title: printable(`${e.time}\n${e.service}:${e.operation} → ${e.outcome}${e.region ? ` (${e.region})` : ''}`),
    text: printable(e.operation),
  }));
  const laneNames = [...lanes.map(laneLabel), ...(changes.length > 0 ? [CONTAINMENT_LANE] : [])];
  const figure = Plot.plot({
    document: document as never,
    width: input.width ?? 1100,
    height: 70 + laneNames.length * 56,
    marginLeft: 290,
    marginRight: 130,
    marginTop: 40,
    x: { type: 'utc', label: 'time (UTC)', grid: true },
    y: { domain: laneNames, label: null },
    color: { domain: [...SEVERITIES].reverse(), range: [...SEVERITIES].reverse().map((s) => SEVERITY_COLOURS[s]), legend: true, label: 'severity' },
    symbol: { legend: true, label: 'region' },
    marks: [
      Plot.dot(marks, { x: 't', y: 'lane', fill: 'severity', symbol: 'region', r: 5, stroke: 'white', strokeWidth: 0.5, title: 'title', className: 'finding' }),
      ...[-13, 15].map((dy) => Plot.text(labels.filter((l) => l.dy === dy), { x: 't', y: 'lane', text: (l: { text: string }) => printable(l.text), dy, fontSize: 9, textAnchor: 'start', lineWidth: 40, className: 'scenario' })),
      Plot.ruleX(changes, { x: 't', stroke: '#238b45', strokeDasharray: '3,3', strokeOpacity: 0.6, className: 'containment-time' }),
      Plot.dot(changes, { x: 't', y: 'lane', symbol: 'times', stroke: '#238b45', r: 6, strokeWidth: 2, title: 'title', className: 'containment' }),
      Plot.text(changes, { x: 't', y: 'lane', text: 'text', dy: -12, dx: 4, rotate: -30, textAnchor: 'start', fontSize: 9, fill: '#238b45', className: 'containment-label' }),
    ],
  });
  return { svg: serialise(figure as unknown as Parameters<typeof serialise>[0]), marks: marks.length, left, lanes: laneNames.length };
}
