import type { DetectReport } from '../../../core/report.js';
import { describeScan } from '../../../sources/query/poll.js';
import { printableLine } from '../../../view/printable.js';
import { PER_RULE_FACTOR } from '../../../core/classify/finding-limit.js';

/** The counts under a report, shared by the terminal and markdown views. */
const UNITS: Record<string, string> = {
  files: 'files',
  'lookup-events': 'LookupEvents pages',
  'org-lookup-events': 'LookupEvents pages',
  s3: 'S3 objects',
  'files+s3': 'files and S3 objects',
  athena: 'Athena result pages',
  lake: 'CloudTrail Lake result pages',
};
function unitsLabel(r: DetectReport): string {
  const where = r.sources.flatMap((s) =>
    s.kind === 'lookup-events' ? [` in ${s.inputs.length} region(s)`] : s.kind === 'org-lookup-events' ? [` in ${s.inputs.length} account(s)`] : [],
  );
  return `${r.sources.map((s) => UNITS[s.kind] ?? `${s.kind} inputs`).join(' + ')}${where.join('')}`;
}

/**
 * What an empty report means: "No findings." only when records were looked at. A run that read no
 * record, or whose every record fell outside the window or --regions, says that instead (issue 14).
 */
export function emptyVerdict(r: DetectReport): string {
  if (r.coverage !== undefined && r.coverage.span.first === null) {
    return `Nothing read: not one CloudTrail record in ${r.coverage.inputs.join(', ') || 'the inputs'}, so this is not "no findings" (see the lines below).`;
  }
  const outside = (r.stats.skipped['outside-window'] ?? 0) + (r.stats.skipped['outside-regions'] ?? 0);
  const notRecords = (r.stats.skipped['not-a-cloudtrail-record'] ?? 0) + (r.stats.skipped['insights-event'] ?? 0);
  const lost = r.stats.errors.reduce((n, e) => n + (e.recordsLost ?? 0), 0);
  if (outside > 0 && r.stats.recordsRead - outside - notRecords - lost <= 0) {
    return `Nothing in scope: all ${outside} records read are outside the window or --regions, so this is not "no findings" (see the window below).`;
  }
  return 'No findings.';
}

export function statsLines(r: DetectReport): string[] {
  const skipped = Object.entries(r.stats.skipped)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const lines = [
    `window: ${r.window.start ?? 'beginning'} .. ${r.window.end}; records seen: ${r.coverage?.span.first ? `${r.coverage.span.first} .. ${r.coverage.span.last}` : 'none'}`,
    `read ${r.stats.recordsRead} events from ${r.stats.unitsRead} ${unitsLabel(r)}; ${r.stats.recordsMatched} matched; skipped: ${skipped || 'none'}`,
  ];
  lines.push(...placesLines(r));
  if (r.stats.duplicates > 0) lines.push(`duplicates: ${r.stats.duplicates} records of events already read (same eventID, account and time), classified once`);
  if (r.stats.duplicatesNotChecked) {
    lines.push(`input problem: more distinct events than sm-ir remembers for de-duplication: ${r.stats.duplicatesNotChecked} classified without a duplicate check`);
  }
  lines.push(...aggregatedLines(r));
  if ((r.suppressed ?? []).length > 0) {
    const reasons = [...new Set(r.suppressed.map((s) => s.reason))];
    lines.push(`suppressed: ${r.suppressed.length} findings by --suppress (${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? `; ... ${reasons.length - 3} more` : ''}); all in --output json, suppressed`);
  }
  for (const s of r.sources) if (s.scan) lines.push(describeScan(s.scan));
  for (const e of r.stats.errors) lines.push(`input problem: ${e.input}: ${e.reason}${e.recordsLost ? ` (${e.recordsLost} records lost)` : ''}`);
  const notRead = r.stats.skippedFiles;
  if (notRead.length > 0) {
    const shown = notRead.slice(0, 3).map((f) => `${f.input} (${f.reason})`).join(', ');
    lines.push(`not read: ${notRead.length} file(s) that are not CloudTrail logs: ${shown}${notRead.length > 3 ? ', ... (all in --output json)' : ''}`);
  }
  // Names and times in these lines come from the inputs: a line break in one must not forge a line.
  return lines.map(printableLine);
}

/** Which regions and accounts the records came from: the answer covers those, and only those. */
function placesLines(r: DetectReport): string[] {
  const places = r.coverage?.records ?? [];
  if (places.length === 0) return [];
  const accounts = new Set(places.map((p) => p.account));
  const regions = new Set(places.map((p) => p.region));
  const shown = places.slice(0, 6).map((p) => `${p.region ?? '(no region)'} ${p.account ?? '(no account)'} ${p.records}`);
  return [
    `records from ${accounts.size} account(s) in ${regions.size} region(s): ${shown.join(', ')}${places.length > 6 ? `, ... ${places.length - 6} more (all in --output json, coverage.records)` : ''}`,
  ];
}

/** Findings counted, not listed (a flood of one rule by one actor): say so, largest first. */
export function aggregatedLines(r: DetectReport): string[] {
  const groups = r.aggregated ?? [];
  if (groups.length === 0) return [];
  const total = groups.reduce((n, g) => n + g.count, 0);
  const shown = groups.slice(0, 5).map((g) => `${g.count} ${g.maxSeverity} ${g.ruleId} by ${g.principal} (${g.first.time} .. ${g.last.time})`);
  return [
    `aggregated: ${total} more findings counted, not listed (past --list-findings of a rule by one actor, or ${PER_RULE_FACTOR} times that of a rule): ` +
      `${shown.join('; ')}${groups.length > 5 ? `; ... ${groups.length - 5} more (all in --output json, aggregated)` : ''}`,
  ];
}

/**
 * One line per actor of the report's activity: how much it did, and what of it no finding cites
 * (its reconnaissance, its other reads), most frequent first.
 */
export function activityLines(r: DetectReport): string[] {
  return (r.activity ?? []).map((a) => {
    const first = a.events[0]?.time ?? '';
    const last = a.events[a.events.length - 1]?.time ?? '';
    const counts = new Map<string, number>();
    for (const e of a.events) {
      if (e.flagged) continue;
      const k = `${e.eventSource.replace('.amazonaws.com', '')}:${e.eventName}${e.errorCode ? ` (${e.errorCode})` : ''}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const other = [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([k, n]) => (n > 1 ? `${n} x ${k}` : k));
    const flagged = a.events.filter((e) => e.flagged).length;
    const shown = other.slice(0, 8).join(', ') + (other.length > 8 ? `, ... ${other.length - 8} more kinds` : '');
    return printableLine(
      `${a.actor}: ${a.total} events ${first} .. ${last} (${a.denied} denied, ${flagged} cited by findings${a.omitted ? `, ${a.omitted} not kept` : ''})` +
        (other.length > 0 ? `; not flagged: ${shown}` : ''),
    );
  });
}
