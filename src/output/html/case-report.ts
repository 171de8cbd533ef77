/**
 * The case report as one self-contained HTML file: no script, no network (a Content-Security-Policy that
 * allows only inline styles and data: images says so to the browser too), readable from an evidence share.
 * Sections: what was read, the incidents, the timeline picture, the 15 questions with their evidence,
 * containment's changes, and every finding with its evidence and raw CloudTrail record folded under it.
 */
import { auditChanges, citation, STATUS_LABEL, type CaseReportInput } from '../../core/analyze/markdown.js';
import type { Finding } from '../../core/finding.js';
import { SEVERITIES } from '../../playbook/severity.js';
import { esc } from './escape.js';
import { drawTimeline, SEVERITY_COLOURS } from './timeline.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1180px;padding:1em 1.5em;color:#1b1b1b}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}code,pre{font:12px/1.4 ui-monospace,monospace}pre{background:#f7f7f7;padding:.6em;overflow:auto;white-space:pre-wrap;word-break:break-all}
.sev{display:inline-block;min-width:5.5em;padding:0 .4em;border-radius:3px;color:#fff;font-size:.85em;text-align:center}
.sev-info,.sev-low{color:#111}.muted{color:#666}.warn{background:#fff4e5;border:1px solid #f0ad4e;padding:.5em}
details{border:1px solid #e3e3e3;border-radius:4px;margin:.3em 0;padding:.3em .6em}summary{cursor:pointer}
.status-evidence-found{color:#b30000}.status-needs-human{color:#8a6d00}.status-nothing-in-logs{color:#1b6e2d}
figure{margin:0;overflow-x:auto}
${SEVERITIES.map((s) => `.sev-${s}{background:${SEVERITY_COLOURS[s]}}`).join('')}`;

const sev = (s: string) => `<span class="sev sev-${esc(s)}">${esc(s)}</span>`;
const row = (cells: string[], th = false) => `<tr>${cells.map((c) => (th ? `<th>${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`;
const table = (head: string[] | null, rows: string[][]) => `<table>${head ? row(head.map(esc), true) : ''}${rows.map((r) => row(r)).join('')}</table>`;

function readSection(input: CaseReportInput): string {
  const { report, checklist, caseDir } = input;
  const out = ['<h2 id="read">What was read</h2>'];
  if (!report) return `${out.join('')}<p class="warn">No detect findings were given: the checklist below is not assessed.</p>`;
  const rows: string[][] = [
    ['Logs read', esc(checklist.logsRead ?? '')],
    ['Window', esc(`${report.window.start ?? 'the beginning'} .. ${report.window.end}`)],
    ['Sources', esc(report.sources.map((s) => `${s.kind}: ${s.inputs.length} input(s)`).join('; '))],
    ['Records', esc(`${report.stats.recordsRead} read, ${report.stats.recordsMatched} matched, ${report.stats.duplicates} duplicates`)],
    ['Filters', esc(report.filters ? `min severity ${report.filters.minSeverity}${report.filters.scenarios ? `; scenarios ${report.filters.scenarios.join(', ')}` : ''}${report.filters.principals ? `; principals ${report.filters.principals.join(', ')}` : ''}${report.filters.suppressFile ? `; suppressions from ${report.filters.suppressFile}` : ''}` : 'none')],
    ['Generated', esc(report.generatedAt)],
  ];
  if (caseDir) rows.unshift(['Case directory', esc(caseDir)]);
  out.push(table(null, rows));
  if (report.partial) out.push(`<p class="warn">Partial result: ${esc(report.stats.errors.length)} input(s) could not be read in full; findings may be missing. ${esc(report.stats.errors.slice(0, 5).map((e) => `${e.input}: ${e.reason}`).join('; '))}</p>`);
  return out.join('');
}

function incidentsSection(input: CaseReportInput): string {
  const incidents = input.report?.incidents ?? [];
  if (incidents.length === 0) return '<h2 id="incidents">Incidents</h2><p>No findings: no incident.</p>';
  return `<h2 id="incidents">Incidents (${incidents.length})</h2>${table(
    ['incident', 'severity', 'score', 'actor', 'first .. last (UTC)', 'from', 'tactics', 'scenarios'],
    incidents.map((i) => [
      esc(i.id),
      sev(i.maxSeverity),
      esc(i.score),
      `<code>${esc(i.actor.arn ?? i.actor.key)}</code>${i.actor.accessKeyIds.length ? `<br><code>${esc(i.actor.accessKeyIds.join(', '))}</code>` : ''}`,
      esc(`${i.first} .. ${i.last}`),
      esc(`${i.sourceIps.join(', ')} in ${i.regions.join(', ')}`),
      esc(i.tactics.join(' → ')),
      esc(i.scenarios.join(', ')),
    ]),
  )}`;
}

async function timelineSection(input: CaseReportInput): Promise<string> {
  const report = input.report;
  if (!report || report.findings.length === 0) return '';
  const containment = input.audit ? auditChanges(input.audit).changes : [];
  const drawn = await drawTimeline({ incidents: report.incidents, findings: report.findings, containment });
  const note = drawn.left > 0 ? `<p class="muted">${esc(drawn.left)} finding(s) of actors past the first lanes or marks are not drawn; they are all listed below.</p>` : '';
  return `<h2 id="timeline">Timeline</h2><p class="muted">Each lane is an incident's actor; marks are findings (colour: severity, shape: region; hover for the rule and event), labels the scenarios where the actor first reached them${containment.length ? `, crosses containment's changes` : ''}.</p><figure class="timeline" data-marks="${drawn.marks}">${drawn.svg}</figure>${note}`;
}

function questionsSection(input: CaseReportInput): string {
  const out = ['<h2 id="questions">The 15 analysis questions</h2>'];
  for (const q of input.checklist.items) {
    const status = q.status ? `<span class="status-${esc(q.status)}">[${esc(STATUS_LABEL[q.status])}]</span>` : '<span class="muted">[not assessed]</span>';
    const evidence = q.evidence.map((l) => `<li>${esc(l.text)}<br><span class="muted">${esc(citation(l).replace(/`/g, ''))}</span></li>`).join('');
    const guidance = q.status !== 'evidence-found' ? q.guidance.map((g) => `<li class="muted">${esc(g)}</li>`).join('') : '';
    const answer = q.answer ? `<p><strong>Answer:</strong> ${esc(q.answer.answer)}${q.answer.note ? ` <span class="muted">(${esc(q.answer.note)})</span>` : ''}</p>` : '';
    out.push(`<section class="question" id="${esc(q.id)}"><h3>Q${esc(q.number)}. ${esc(q.question)}</h3><p>${status} ${esc(q.summary)}</p>${evidence ? `<ul>${evidence}</ul>` : ''}${guidance ? `<ul>${guidance}</ul>` : ''}${answer}</section>`);
  }
  return out.join('');
}

function containmentSection(input: CaseReportInput): string {
  if (!input.audit) return '';
  const { changes, reads } = auditChanges(input.audit);
  return `<h2 id="containment">Containment</h2><p class="muted">From ${esc(input.audit.path)}: ${esc(changes.length)} change(s), ${esc(reads)} read-only call(s).</p>${table(
    ['time (UTC)', 'command', 'region', 'call', 'outcome'],
    changes.map((e) => [esc(e.time), esc(e.command), esc(e.region ?? ''), `<code>${esc(`${e.service}:${e.operation}`)}</code>`, esc(`${e.outcome}${e.error ? `: ${e.error.message}` : ''}`)]),
  )}`;
}

function findingDetails(f: Finding, record: unknown): string {
  const signals = f.signals.map((s) => `${s.effect === 'raise' ? '+' : '-'}${s.id}: ${s.detail}`);
  const facts = table(null, [
    ['rule', esc(f.ruleId)],
    ['scenarios', esc(f.scenarios.join(', '))],
    ['principal', `<code>${esc(f.principal.arn ?? f.principal.key)}</code>${f.principal.accessKeyId ? ` <code>${esc(f.principal.accessKeyId)}</code>` : ''}`],
    ['from', esc(`${f.sourceIp ?? ''} ${f.userAgent ?? ''}`)],
    ['event', `<code>${esc(`${f.eventSource} ${f.eventName}`)}</code> ${esc(f.eventId ?? '')}`],
    ['resources', esc(f.resources.join(', '))],
    ['ATT&amp;CK', esc(`${f.mitre.join(', ')} (${f.tactics.join(', ')})`)],
    ['severity set by', esc(signals.join('; ') || 'the rule alone')],
  ]);
  const raw = record ? `<details><summary>raw CloudTrail record</summary><pre>${esc(JSON.stringify(record, null, 2))}</pre></details>` : '<p class="muted">The raw record is not in this report (reports before sm-ir 0.2, and correlation findings, cite events only).</p>';
  return `<details class="finding" id="${esc(f.id)}"><summary>${sev(f.severity)} <code>${esc(f.time)}</code> ${esc(f.eventName)} · ${esc(f.ruleId)} · ${esc(f.principal.arn ?? f.principal.key)}</summary><p>${esc(f.reason)}</p>${facts}<details><summary>evidence</summary><pre>${esc(JSON.stringify(f.evidence, null, 2))}</pre></details>${raw}</details>`;
}

function findingsSection(input: CaseReportInput): string {
  const report = input.report;
  if (!report) return '';
  const records = report.records ?? {};
  const items = report.findings.map((f) => findingDetails(f, f.eventId ? records[f.eventId] : undefined)).join('');
  const aggregated = report.aggregated.length > 0 ? `<p class="muted">${esc(report.aggregated.reduce((n, g) => n + g.count, 0))} more finding(s) counted, not listed (see the JSON report's aggregated).</p>` : '';
  const suppressed = report.suppressed.length > 0 ? `<p class="muted">${esc(report.suppressed.length)} finding(s) suppressed by ${esc(report.filters?.suppressFile ?? 'a suppression file')} are left out.</p>` : '';
  return `<h2 id="findings">Findings (${report.findings.length})</h2>${aggregated}${suppressed}${items}`;
}

/** The page; `title` names the case. */
export async function renderCaseReportHtml(input: CaseReportInput, title = 'SageMaker incident report'): Promise<string> {
  const body = [
    `<h1>${esc(title)}</h1><p class="muted">${esc(input.checklist.attribution)}</p>`,
    readSection(input),
    incidentsSection(input),
    await timelineSection(input),
    questionsSection(input),
    containmentSection(input),
    findingsSection(input),
  ].join('\n');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${esc(title)}</title><style>${STYLE}</style></head><body>\n${body}\n</body></html>\n`;
}
