/**
 * `sm-ir detect --logs` over the fixture incident, through the built binary: the exact findings
 * fixtures/incident.expected.json describes, every output format, the filters, the time window,
 * --fail-on, and usage errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DetectReport } from '../../src/core/report.js';
import type { Finding } from '../../src/core/finding.js';
import stringWidth from 'string-width';
import { ROOT, runCli, type CliResult } from './run-cli.js';
import { incidentReport } from './incident-report.js';

interface Expected {
  counts: { files: number; records: number; attackEventsTriggeringRules: number };
  attacker: { principals: { arn: string; accessKeyId: string }[] };
  rules: Record<string, string[]>;
  correlations: Record<string, { firstEventId: string; eventIds: string[] }[]>;
  scenarios: Record<string, string[]>;
  benignPrincipals: string[];
  benignServices: string[];
  benignWebIdentity: string;
  nearMisses: { eventID: string }[];
  attackEvents: { eventID: string; principal: string }[];
}

const expected = JSON.parse(readFileSync(join(ROOT, 'fixtures/incident.expected.json'), 'utf8')) as Expected;
const INCIDENT = ['detect', '--logs', 'fixtures/incident', '--since', 'all'];

// Each run spawns the binary over 324 gzip files; several runs per test on a shared 2-core machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** A stack trace line ("    at fn (file:1:2)") must never reach the user. */
function noStack(r: CliResult): void {
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.stderr).not.toContain('internal error');
}

async function detect(args: string[], code = 0): Promise<DetectReport> {
  const r = await runCli([...INCIDENT, ...args, '--output', 'json']);
  noStack(r);
  expect(r.code, r.stderr).toBe(code);
  return JSON.parse(r.stdout) as DetectReport;
}

const cited = (f: Finding): string[] => (f.relatedEventIds.length ? f.relatedEventIds : [f.eventId ?? '']);
const sorted = (xs: Iterable<string>) => [...xs].sort();

let all: DetectReport;
beforeAll(async () => {
  const r = await incidentReport();
  noStack(r);
  expect(r.code, r.stderr).toBe(0);
  all = JSON.parse(r.stdout) as DetectReport;
});

describe('detect --logs fixtures/incident --since all: the exact findings of the incident', () => {
  it('reads every file and record of the incident, the README listed as not read', () => {
    expect(all.stats.unitsRead).toBe(expected.counts.files);
    expect(all.stats.recordsRead).toBe(expected.counts.records);
    expect(all.stats.recordsMatched).toBe(expected.counts.attackEventsTriggeringRules);
    expect(all.stats.errors).toEqual([]);
    expect(all.stats.skippedFiles.map((f) => f.input)).toEqual(['fixtures/incident/README.md']);
    expect(all.partial).toBe(false);
  });

  it('every rule fires, each on exactly the attacker events expected for it', () => {
    const ruleIds = Object.keys(expected.rules);
    // Every rule but monitoring-disabled, which the incident's story does not include.
    expect(ruleIds).toHaveLength(18);
    expect(sorted(new Set(all.findings.map((f) => f.ruleId)))).toEqual(sorted(ruleIds));
    for (const rule of ruleIds) {
      const mine = all.findings.filter((f) => f.ruleId === rule);
      expect(sorted(new Set(mine.flatMap(cited))), rule).toEqual(sorted(expected.rules[rule]!));
      if (!expected.correlations[rule]) expect(mine.length, rule).toBe(expected.rules[rule]!.length); // one finding per event
    }
  });

  it('correlation rules give one finding per group, named by its first event, citing the group in time order', () => {
    for (const [rule, groups] of Object.entries(expected.correlations)) {
      const mine = all.findings.filter((f) => f.ruleId === rule);
      expect(mine.map((f) => ({ id: f.id, eventId: f.eventId, related: f.relatedEventIds })), rule).toEqual(
        groups.map((g) => ({ id: `${rule}:${g.firstEventId}`, eventId: g.firstEventId, related: g.eventIds })),
      );
    }
  });

  it('every scenario is found, on exactly the events the playbook lists under it', () => {
    const scenarioEvents = all.findings.filter((f) => f.ruleId === 'scenario-event');
    for (const [scenario, ids] of Object.entries(expected.scenarios)) {
      expect(sorted(scenarioEvents.filter((f) => f.scenarios.includes(scenario)).map((f) => f.eventId!)), scenario).toEqual(sorted(ids));
    }
    expect(sorted(new Set(scenarioEvents.flatMap((f) => f.scenarios)))).toEqual(sorted(Object.keys(expected.scenarios)));
  });

  it('no finding for the benign principals, services or near misses: only the attacker is named', () => {
    const attackers = new Set(expected.attacker.principals.map((p) => p.arn));
    for (const f of all.findings) expect(attackers.has(f.principal.arn ?? ''), f.id).toBe(true);
    const benign = new Set([...expected.benignPrincipals, ...expected.benignServices, expected.benignWebIdentity]);
    expect(all.findings.filter((f) => benign.has(f.principal.arn ?? '') || benign.has(f.principal.key))).toEqual([]);
    const near = new Set(expected.nearMisses.map((n) => n.eventID));
    expect(all.findings.filter((f) => cited(f).some((id) => near.has(id)))).toEqual([]);
    expect(sorted(all.principals.map((p) => p.arn ?? ''))).toEqual(sorted(attackers));
  });

  it('each finding carries what a responder needs', () => {
    const ids = new Set<string>();
    for (const f of all.findings) {
      expect(ids.has(f.id), `duplicate ${f.id}`).toBe(false);
      ids.add(f.id);
      expect(f.region).toMatch(/^(us-east-1|eu-west-1)$/);
      expect(f.account).toBe('111122223333');
      expect(f.principal.accessKeyId).toMatch(/^(AKIA|ASIA)IOSFODNN7EXAMPLE$/);
      expect(f.sourceIp).toMatch(/^(203\.0\.113\.45|198\.51\.100\.77)$/);
      expect(f.userAgent).toBeTruthy();
      expect(f.reason.length).toBeGreaterThan(10);
      expect(f.eventId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const lcc = all.findings.find((f) => f.ruleId === 'lifecycle-script-suspicious')!;
    expect(lcc.severity).toBe('critical');
    expect(JSON.stringify(lcc.evidence)).toContain('169.254.169.254');
  });
});

describe('everything the actor did (issue 16)', () => {
  it('each actor with a finding at medium or above has every event in the window: its reconnaissance included, the same without the prefilter', async () => {
    const byActor = new Map((all.activity ?? []).map((a) => [a.actor, a]));
    // Principal keys: the IAM user's ARN; for the stolen session, its role's ARN and session name.
    expect([...byActor.keys()].sort()).toEqual([
      'arn:aws:iam::111122223333:role/service-role/AmazonSageMaker-ExecutionRole-MlCi/SageMaker',
      'arn:aws:iam::111122223333:role/service-role/sagemaker-ops-automation/ops-backup',
      'arn:aws:iam::111122223333:user/ml-ci-deployer',
    ]);
    const user = byActor.get('arn:aws:iam::111122223333:user/ml-ci-deployer')!;
    // The key's 28 attack events, plus its 3 benign ECR calls from the CI runner: all of them, in time order.
    const attackIds = expected.attackEvents.filter((e) => e.principal.endsWith(':user/ml-ci-deployer')).map((e) => e.eventID);
    expect(user.events.map((e) => e.eventId)).toEqual(expect.arrayContaining(attackIds));
    expect(user.total).toBe(attackIds.length + 3);
    expect(user.omitted).toBe(0);
    const unflagged = user.events.filter((e) => !e.flagged).map((e) => `${e.eventName}`);
    expect(unflagged).toEqual(expect.arrayContaining(['ListNotebookInstances', 'ListDomains', 'ListModelPackageGroups', 'ListTrainingJobs', 'GetAuthorizationToken']));
    expect(user.events.map((e) => e.time)).toEqual([...user.events.map((e) => e.time)].sort());
    const unfiltered = await detect(['--no-prefilter']);
    expect(unfiltered.activity).toEqual(all.activity);
    const r = await runCli(INCIDENT);
    expect(r.stdout).toContain('arn:aws:iam::111122223333:user/ml-ci-deployer: 31 events');
    expect(r.stdout).toContain('not flagged: 3 x ecr:GetAuthorizationToken, sagemaker:ListDomains');
  });
});

describe('one story per actor (issue 16)', () => {
  it('JSON: one incident per attacker actor, highest score first, every finding in exactly one', () => {
    const actors = all.incidents.map((i) => i.actor.key);
    expect(actors).toEqual([
      'arn:aws:iam::111122223333:role/service-role/AmazonSageMaker-ExecutionRole-MlCi/SageMaker',
      'arn:aws:iam::111122223333:user/ml-ci-deployer#AKIAIOSFODNN7EXAMPLE',
      'arn:aws:iam::111122223333:role/service-role/sagemaker-ops-automation/ops-backup',
    ]);
    expect(all.incidents.map((i) => i.id)).toEqual(['incident-1', 'incident-2', 'incident-3']);
    expect(all.incidents.flatMap((i) => i.findingIds).sort()).toEqual(all.findings.map((f) => f.id).sort());
    const key = all.incidents[1]!;
    // The leaked key's story: denied probing first (Discovery), then the planted script and the notebooks.
    expect(key.tactics[0]).toBe('Discovery');
    expect(key.first).toBe('2026-11-27T09:02:05Z');
    expect(key.sourceIps).toEqual(['203.0.113.45']);
    expect(key.scenarios).toEqual(expect.arrayContaining(['credential-theft', 'malware-deployment', 'cryptojacking']));
    const session = all.incidents[0]!;
    expect(session.maxSeverity).toBe('critical');
    expect(session.tactics).toEqual(expect.arrayContaining(['Persistence', 'Defense Evasion', 'Exfiltration', 'Impact']));
    expect(session.resources).toEqual(expect.arrayContaining(['arn:aws:sagemaker:us-east-1:111122223333:endpoint/fraud-detector-prod']));
  });

  it('the default table fits 100 columns: incidents first, then one row per rule, actor and event name', async () => {
    const r = await runCli(INCIDENT, { env: { COLUMNS: '100' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(100);
    expect(r.stdout.indexOf('Incidents: one per actor')).toBeLessThan(r.stdout.indexOf('Findings, one row per rule, actor and event name'));
    // Each incident's summary: grade, score, span, the actor (its distinguishing end kept), where from, the tactics in order.
    expect(r.stdout).toMatch(/^incident-2 {2}critical {2}score \d+ {2}17 findings {2}2026-11-27 09:02:05 \.\. 09:49:10$/m);
    expect(r.stdout).toContain('  actor     arn:aws:iam::111122223333:user/ml-ci-deployer (AKIAIOSFODNN7EXAMPLE)');
    expect(r.stdout).toContain('  from      203.0.113.45 in us-east-1, eu-west-1');
    expect(r.stdout).toMatch(/^ {2}tactics {3}Discovery → Credential Access →/m);
    expect(r.stdout).toMatch(/^ {2}actor {5}….*assumed-role\/sagemaker-ops-automation\/ops-backup \(ASIAIOSFODNN7EXAMPLE\)$/m);
    // The twelve training jobs of the burst: one row, counted, with the first and last job (wide enough not to wrap).
    const wide = await runCli(INCIDENT, { env: { COLUMNS: '240' } });
    expect(wide.stdout).toMatch(/│ 12 × CreateTrainingJob +│/);
    expect(wide.stdout).toMatch(/12 events: llm-finetune-bench-01 … llm-finetune-bench-12/);
    const rows = (text: string) => text.split('\n').filter((l) => /^├/.test(l)).length;
    const none = await runCli([...INCIDENT, '--group', 'none'], { env: { COLUMNS: '100' } });
    expect(none.code).toBe(0);
    // One row per finding (a separator between rows), many more than grouped.
    expect(rows(none.stdout) - rows(r.stdout)).toBeGreaterThan(10);
    expect(rows(none.stdout)).toBe(all.findings.length); // the header's, then one between each two rows
  });

  it('--group lays out the table only: refused with another format', async () => {
    const r = await runCli([...INCIDENT, '--group', 'none', '--output', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--group lays out the table');
    expect(r.stdout).toBe('');
  });
});

describe('output formats', () => {
  it('table: the incidents, findings grouped by severity, and the counts', async () => {
    // Wide enough that a reason's line is not wrapped (the table fits COLUMNS, issue 20).
    const r = await runCli(INCIDENT, { env: { COLUMNS: '240' } });
    expect(r.code).toBe(0);
    const bySeverity = (['critical', 'high', 'medium', 'low', 'info'] as const)
      .map((s) => [s, all.findings.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`);
    expect(bySeverity).toEqual(['4 critical', '81 high', '38 low']);
    expect(r.stdout).toContain(`${all.findings.length} findings: ${bySeverity.join(', ')}`);
    const firstOf = (s: string) => r.stdout.search(new RegExp(`│ ${s} +│`));
    expect(firstOf('critical')).toBeGreaterThan(0);
    expect(firstOf('critical')).toBeLessThan(firstOf('high'));
    expect(firstOf('high')).toBeLessThan(firstOf('low'));
    expect(r.stdout).toContain('severity: +long-term-key +denied-before');
    expect(r.stdout).toContain('Incidents: one per actor, highest score first (3)');
    for (const p of expected.attacker.principals) expect(r.stdout).toContain(p.arn);
    expect(r.stdout).toContain(`read ${expected.counts.records} events from ${expected.counts.files} files; ${expected.counts.attackEventsTriggeringRules} matched; skipped: unwatched-source`);
    expect(r.stdout).not.toContain('\x1b['); // no colour when not on a TTY
    // Where the records came from: every record read, parsed or skipped unparsed, counted once.
    const places = all.coverage!.records!;
    expect(places.reduce((n, p) => n + p.records, 0)).toBe(expected.counts.records);
    expect(new Set(places.map((p) => p.account))).toEqual(new Set(['111122223333']));
    expect(r.stdout).toMatch(new RegExp(`records from 1 account\\(s\\) in ${new Set(places.map((p) => p.region)).size} region\\(s\\): ${places[0]!.region} 111122223333 ${places[0]!.records}`));
  });

  it('jsonl: one finding per line, the same as the JSON report', async () => {
    const r = await runCli([...INCIDENT, '--output', 'jsonl']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Finding)).toEqual(all.findings);
  });

  it('csv: a header and one row per finding, quoted where needed', async () => {
    const r = await runCli([...INCIDENT, '--output', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('time,severity,confidence,rule,scenarios,principal,access key,source ip,region,account,event,resources,reason,signals,event id');
    expect(lines).toHaveLength(all.findings.length + 1);
    const burst = all.findings.find((f) => f.ruleId === 'failed-call-burst')!;
    expect(lines).toContain(
      [burst.time, burst.severity, burst.confidence, burst.ruleId, 'credential-theft', burst.principal.arn, burst.principal.accessKeyId, burst.sourceIp, burst.region, burst.account, `${burst.eventSource.split('.')[0]}:${burst.eventName}`, '', `"${burst.reason}"`, "'+long-term-key", burst.eventId].join(','), // a leading + is guarded against spreadsheet formulas
    );
  });
});

describe('markdown output', () => {
  it('a case-file report: what was read, then one table row per finding', async () => {
    const r = await runCli([...INCIDENT, '--output', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# sm-ir detect report\n/);
    expect(r.stdout).toContain(`- read ${expected.counts.records} events from ${expected.counts.files} files`);
    expect(r.stdout).toContain(`## Findings (${all.findings.length})`);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('| 2026-11-27T'));
    expect(rows.map((l) => l.split(' | ').at(-1)?.replace(/ \|$/, ''))).toEqual(all.findings.map((f) => f.eventId));
  });
});

describe('filters', () => {
  const ids = (r: DetectReport) => r.findings.map((f) => f.id);

  it('--scenario keeps findings of that scenario, several scenarios are a union', async () => {
    const r = await detect(['--scenario', 'log-tampering']);
    expect(ids(r)).toEqual(ids({ ...all, findings: all.findings.filter((f) => f.scenarios.includes('log-tampering')) }));
    expect(r.findings.length).toBeGreaterThan(0);
    const two = await detect(['--scenario', 'log-tampering', 'cryptojacking']);
    expect(ids(two)).toEqual(all.findings.filter((f) => f.scenarios.includes('log-tampering') || f.scenarios.includes('cryptojacking')).map((f) => f.id));
    // The report says how it was filtered (analyze states it beside every "nothing found").
    expect(two.filters).toEqual({ minSeverity: 'info', scenarios: ['log-tampering', 'cryptojacking'], principals: null });
    expect(all.filters).toEqual({ minSeverity: 'info', scenarios: null, principals: null });
  });

  it('--min-severity keeps findings at or above it', async () => {
    const r = await detect(['--min-severity', 'high']);
    expect(ids(r)).toEqual(all.findings.filter((f) => f.severity === 'high' || f.severity === 'critical').map((f) => f.id));
    expect(r.findings.length).toBeLessThan(all.findings.length);
    expect(ids(await detect(['--min-severity', 'critical']))).toEqual(all.findings.filter((f) => f.severity === 'critical').map((f) => f.id));
  });

  it('--principal matches the ARN or the access key id', async () => {
    const user = await detect(['--principal', 'user/ml-ci-deployer']);
    expect(ids(user)).toEqual(all.findings.filter((f) => f.principal.arn === 'arn:aws:iam::111122223333:user/ml-ci-deployer').map((f) => f.id));
    const session = await detect(['--principal', 'ASIAIOSFODNN7EXAMPLE']);
    expect(ids(session)).toEqual(all.findings.filter((f) => f.principal.accessKeyId === 'ASIAIOSFODNN7EXAMPLE').map((f) => f.id));
    expect(user.findings.length + session.findings.length).toBe(all.findings.length);
    expect((await detect(['--principal', 'maria.garcia'])).findings).toEqual([]);
  });
});

describe('time window', () => {
  it('without --since, --logs reads the whole input (issue 14: the 24h default skipped every saved record)', async () => {
    const r = await runCli(['detect', '--logs', 'fixtures/incident', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as DetectReport;
    expect(rep.window.start).toBeNull();
    expect(rep.findings.map((f) => f.id)).toEqual(all.findings.map((f) => f.id));
    expect(rep.stats.skipped['outside-window']).toBeUndefined();
    expect(rep.coverage?.span).toEqual({ first: '2026-11-27T00:00:00.000Z', last: '2026-11-27T23:39:53.000Z' });
    expect(rep.coverage?.inputs).toEqual(['fixtures/incident']);
    const table = await runCli(['detect', '--logs', 'fixtures/incident']);
    expect(table.stdout).toContain('window: beginning .. ');
    expect(table.stdout).toContain('records seen: 2026-11-27T00:00:00.000Z .. 2026-11-27T23:39:53.000Z');
  });

  it('--since/--until as ISO times keep the events inside and count the rest as outside-window', async () => {
    const since = '2026-11-27T10:00:00Z';
    const until = '2026-11-27T11:00:00Z';
    const r = await detect(['--since', since, '--until', until]);
    expect(r.window).toEqual({ start: '2026-11-27T10:00:00.000Z', end: '2026-11-27T11:00:00.000Z' });
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) expect(f.time >= since && f.time <= until, f.id).toBe(true);
    // Events found one at a time are the same as in the full run, restricted to the window.
    const single = (rep: DetectReport) => rep.findings.filter((f) => !expected.correlations[f.ruleId]).map((f) => f.id);
    expect(single(r)).toEqual(single({ ...all, findings: all.findings.filter((f) => f.time >= since && f.time <= until) }));
    expect(r.stats.skipped['outside-window']).toBeGreaterThan(0);
    expect(r.stats.recordsRead).toBe(expected.counts.records);
  });

  it('a relative --since (the incident is older than 30 minutes) finds nothing; --until as a duration keeps it all', async () => {
    const r = await runCli(['detect', '--logs', 'fixtures/incident', '--since', '30m', '--output', 'json']);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout) as DetectReport;
    expect(rep.findings).toEqual([]);
    expect(rep.stats.skipped['outside-window']).toBe(expected.counts.records - (rep.stats.skipped['unwatched-source'] ?? 0));
    // Not a silent "nothing": stderr says every record fell outside, when they ran, and how to widen.
    expect(r.stderr).toContain('is outside the window');
    expect(r.stderr).toContain(`the records run from ${all.coverage?.span.first} to ${all.coverage?.span.last}`);
    expect(r.stderr).toContain('--since all');
    expect(rep.coverage?.span).toEqual(all.coverage?.span);
    const until = await detect(['--until', '1h']);
    expect(until.findings.map((f) => f.id)).toEqual(all.findings.map((f) => f.id));
  });
});

describe('--fail-on', () => {
  it('exits 3 when a finding is at or above the severity, still printing the report; 0 otherwise', async () => {
    expect((await detect(['--fail-on', 'critical'], 3)).findings.length).toBe(all.findings.length);
    const r = await runCli([...INCIDENT, '--scenario', 'log-tampering', '--fail-on', 'critical', '--output', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as DetectReport).findings.every((f) => f.severity !== 'critical')).toBe(true);
    const none = await runCli(['detect', '--logs', 'fixtures/incident', '--since', '30m', '--fail-on', 'info']);
    expect(none.code).toBe(0);
  });
});

describe('usage errors: exit 2, a clear message, no stack trace, nothing on stdout', () => {
  const cases: [string, string[], RegExp][] = [
    // One or two cases per command here (the binary's contract); every per-flag case runs in process: test/unit/cli/usage-errors.test.ts.
    ['unknown flag', ['--logs', 'fixtures/incident', '--bogus'], /^sm-ir: unknown option '--bogus'/m],
    ['bad duration', ['--logs', 'fixtures/incident', '--since', 'yesterday'], /--since: cannot read 'yesterday' as a time[\s\S]*hint: use a duration before now \(30m, 24h, 7d, 2w\)/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await runCli(['detect', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    noStack(r);
  });
});

describe('no input is not "no findings" (issue 14)', () => {
  it('an empty directory exits 5, even with --fail-on, and says why', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'sm-ir-empty-'));
    const r = await runCli(['detect', '--logs', dir, '--fail-on', 'high']);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain('no input: not one CloudTrail record was read');
    expect(r.stderr).toContain('no log file found there');
  });
});

describe('--regions with --logs keeps the records of those regions (issue 14: it was ignored)', () => {
  it('filters by awsRegion, counts the rest as outside-regions, and says IAM is left out', async () => {
    const r = await runCli([...INCIDENT, '--regions', 'eu-west-1', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as DetectReport;
    expect(rep.findings.length).toBeGreaterThan(0);
    for (const f of rep.findings) expect(f.region, f.id).toBe('eu-west-1');
    // Events found one at a time are those of the full run in eu-west-1.
    const single = (rep: DetectReport) => rep.findings.filter((f) => !expected.correlations[f.ruleId]).map((f) => f.id);
    expect(single(rep)).toEqual(single({ ...all, findings: all.findings.filter((f) => f.region === 'eu-west-1') }));
    expect(rep.stats.recordsRead).toBe(expected.counts.records);
    expect(rep.stats.skipped['outside-regions']).toBeGreaterThan(0);
    expect(r.stderr).toContain('--regions eu-west-1 leaves out us-east-1, where iam.amazonaws.com records its events: they are not read (add us-east-1 to read them)');
    const both = await detect(['--regions', 'us-east-1,eu-west-1']);
    expect(both.findings.map((f) => f.id)).toEqual(all.findings.map((f) => f.id));
    expect(both.stats.skipped['outside-regions']).toBeUndefined();
  });

  it('says so when every record is in other regions', async () => {
    const r = await runCli([...INCIDENT, '--regions', 'ap-south-1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`every record in the window (${expected.counts.records}) is outside --regions ap-south-1: see their regions with --regions all`);
  });
});

describe('detect table view fits the terminal (issue 20)', () => {
  // The end of an ARN names the actor (user/ml-ci-deployer, ExecutionRole-MlCi/SageMaker): it must stay visible.
  const actorTails = () => all.principals.map((p) => (p.arn ?? p.key).split(/[:/]/).slice(-1)[0]!);
  for (const columns of [80, 200]) {
    it(`COLUMNS=${columns}: no line wider, every actor identifiable, the key columns shown`, async () => {
      const r = await runCli([...INCIDENT], { env: { COLUMNS: String(columns) } });
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split('\n');
      const widest = Math.max(...lines.map((l) => stringWidth(l)));
      expect(widest).toBeLessThanOrEqual(columns);
      for (const tail of actorTails()) expect(r.stdout, tail).toContain(tail);
      expect(lines[2]).toMatch(/^incident-1 {2}critical {2}score \d+/);
      const findingsHeader = lines[lines.findIndex((l) => l.startsWith('Findings, one row per rule')) + 2];
      for (const header of ['severity', 'time (UTC)', 'principal', 'event']) expect(findingsHeader).toContain(header);
      if (columns === 200) expect(widest).toBeGreaterThan(120); // it uses the width it has
    });
  }
});
