import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { createSageMaker } from '../fake-aws/services/sagemaker.js';
import { createSts } from '../fake-aws/services/sts.js';
import { AnalysisSchema } from '../../src/core/analyze/model.js';
import { validate } from './json-schema.js';
import { CLI, ROOT, runCli, type CliResult } from './run-cli.js';
import { incidentReport } from './incident-report.js';

/** `sm-ir analyze` as a user runs it: the built binary, detect's real JSON for the bundled incident. */
let dir: string;
let findings: string;

/**
 * The binary on a real terminal: util-linux `script` gives it a pseudo-terminal, so stdin is a TTY and
 * the typed lines go through the terminal's line discipline as a person's would.
 */
const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p) && /util-linux/.test(spawnSync(p, ['--version'], { encoding: 'utf8' }).stdout));
function runOnTerminal(args: string[], typed: string): CliResult {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync(SCRIPT as string, ['-qec', command, '/dev/null'], {
    cwd: ROOT,
    input: typed,
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', NO_COLOR: '1', TERM: 'dumb' },
  });
  // The terminal ends lines with CR LF.
  return { code: r.status, stdout: r.stdout.replace(/\r\n/g, '\n'), stderr: r.stderr };
}

const noStack = (r: CliResult) => expect(r.stderr).not.toMatch(/\n\s+at |Error: .*\n.*node:/);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sm-ir-e2e-analyze-'));
  const detect = await incidentReport();
  expect(detect.code, detect.stderr).toBe(0);
  findings = join(dir, 'findings.json');
  writeFileSync(findings, detect.stdout);
});

describe('the bare checklist', () => {
  it('--help documents the statuses and exit codes', async () => {
    const r = await runCli(['analyze', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing found in the logs read (never a "no"');
    expect(r.stdout).toMatch(/Exit codes:\n +0  done\n +1  runtime error.*\n +2  usage error: a findings file/);
  });

  it('prints the 15 questions as a table, not assessed', async () => {
    const r = await runCli(['analyze']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/^Q\d+\. /gm)).toHaveLength(15);
    expect(r.stdout).toContain('Q8. Were any SageMaker logs or audit trails modified or deleted to cover tracks?');
    expect(r.stdout).toContain('[not assessed] Not assessed: give detect findings with --findings.');
    expect(r.stdout).toContain('[needs a human] A human must answer this.');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('as JSON with its schema id, and as markdown', async () => {
    const json = await runCli(['analyze', '--output', 'json']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { schema: string; logsRead: null; questions: { id: string; status: string | null }[] };
    expect(doc.schema).toBe('sm-ir/analysis@1');
    // The documented model holds all of it: parsing drops nothing.
    expect(AnalysisSchema.parse(doc)).toEqual(doc);
    expect(doc.logsRead).toBeNull();
    expect(doc.questions.map((q) => q.status)).toEqual(doc.questions.map((q) => (['q5', 'q13', 'q14'].includes(q.id) ? 'needs-human' : null)));
    const md = await runCli(['analyze', '--output', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# SageMaker incident analysis\n/);
    expect(md.stdout).toContain('- No detect findings were given: the checklist below is not assessed.');
    expect(md.stdout.match(/^### Q\d+\. /gm)).toHaveLength(15);
  });
});

describe('--findings with detect\'s JSON', () => {
  it('answers from the evidence: table, json and markdown', async () => {
    const table = await runCli(['analyze', '--findings', findings]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('Logs read: files fixtures/incident, the earliest record to ');
    expect(table.stdout).toContain('[evidence found] 7 findings bear on this.');
    expect(table.stdout).toContain('StopLogging by arn:aws:sts::111122223333:assumed-role/AmazonSageMaker-ExecutionRole-MlCi/SageMaker');

    const json = await runCli(['analyze', '--findings', findings, '--output', 'json']);
    const doc = JSON.parse(json.stdout) as { schema: string; questions: { id: string; status: string; evidence: { eventIds: string[] }[] }[] };
    expect(doc.schema).toBe('sm-ir/analysis@1');
    expect(AnalysisSchema.parse(doc)).toEqual(doc);
    expect(doc.questions.filter((q) => q.status === 'evidence-found').map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4', 'q6', 'q7', 'q8', 'q9', 'q10', 'q11', 'q12', 'q15']);
    const stopLogging = (JSON.parse(readFileSync('fixtures/incident.expected.json', 'utf8')) as { attackEvents: { eventID: string; eventName: string }[] })
      .attackEvents.find((e) => e.eventName === 'StopLogging')!.eventID;
    expect(doc.questions[7]!.evidence.flatMap((l) => l.eventIds)).toContain(stopLogging);

    const md = await runCli(['analyze', '--findings', findings, '--output', 'markdown', '--out', join(dir, 'report.md')]);
    expect(md.code).toBe(0);
    expect(md.stdout).toBe('');
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    for (const section of ['## Summary', '## Timeline of flagged events', '## Findings by scenario', '## Findings by principal', '## Analysis checklist']) {
      expect(report).toContain(section);
    }
    expect(report).not.toContain('## Containment audit log');
  });
});

describe('a bad findings file: a clear error, exit 2, no stack trace', () => {
  const bad = (name: string, content: string) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  it('not JSON', async () => {
    const r = await runCli(['analyze', '--findings', bad('half.json', '{"schema": "sm-ir/detect-report@1", "find')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--findings .*half\.json: not a JSON document/);
    expect(r.stderr).toContain('sm-ir detect ... --output json');
    noStack(r);
  });
  it('another schema, and a detect report of the wrong shape', async () => {
    const other = await runCli(['analyze', '--findings', bad('plan.json', JSON.stringify({ schema: 'sm-ir/contain-plan@1', steps: [] }))]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("a 'sm-ir/contain-plan@1' document; analyze reads 'sm-ir/detect-report@1'");
    noStack(other);
    const broken = JSON.parse(readFileSync(findings, 'utf8')) as { findings: { severity: string }[] };
    broken.findings[3]!.severity = 'catastrophic';
    const shape = await runCli(['analyze', '--findings', bad('shape.json', JSON.stringify(broken))]);
    expect(shape.code).toBe(2);
    expect(shape.stderr).toMatch(/not a valid detect report: findings\.3\.severity: /);
    noStack(shape);
    const lines = await runCli(['analyze', '--findings', bad('lines.json', readFileSync(findings, 'utf8').split('\n')[0]!)]);
    expect(lines.code).toBe(2);
    noStack(lines);
  });
  it('missing', async () => {
    const r = await runCli(['analyze', '--findings', join(dir, 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--findings .*nope\.json: no such file/);
    noStack(r);
  });
  it('a device or a directory (a device used to hang it): exit 2, one line', async () => {
    for (const [path, why] of [['/dev/zero', 'not a regular file'], [dir, 'is a directory']] as const) {
      const r = await runCli(['analyze', '--findings', path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--findings ${path}: ${why}`);
      noStack(r);
    }
  });
  it('--out into a missing directory, and --case naming a file: exit 2 with the path, not an internal error (issue 14)', async () => {
    const out = join(dir, 'no-such-dir', 'r.md');
    const r = await runCli(['analyze', '--findings', findings, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`sm-ir: --out ${out}: cannot write: no such file or directory`);
    noStack(r);
    const file = bad('case-file.txt', 'notes');
    const c = await runCli(['analyze', '--case', file]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain(`sm-ir: --case ${file}: not a directory`);
    expect(c.stdout).toBe('');
    noStack(c);
  });
});

describe('--case', () => {
  it('--interactive refuses without a TTY and records nothing', async () => {
    const caseDir = join(dir, 'case-no-tty');
    const r = await runCli(['analyze', '--case', caseDir, '--findings', findings, '--interactive'], { input: 'an answer\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing --interactive: stdin is not a TTY');
    noStack(r);
    expect(() => readFileSync(join(caseDir, 'analysis.json'))).toThrow(/ENOENT/);
  });

  it.skipIf(!SCRIPT)('--interactive on a terminal records answers, stops, and resumes where it stopped', () => {
    const caseDir = join(dir, 'case-walk');
    const first = runOnTerminal(['analyze', '--case', caseDir, '--findings', findings, '--interactive'], 'The CI key leaked\nfound in a CI log\nq\n');
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).toContain('Q1. Which SageMaker resources were accessed without authorization?');
    expect(first.stdout).toContain('Stopped at Q2; run again to resume.');
    const saved = JSON.parse(readFileSync(join(caseDir, 'analysis.json'), 'utf8')) as { cursor: string; findingsFile: string; answers: Record<string, { answer: string; note: string }> };
    expect(saved.cursor).toBe('q2');
    expect(saved.findingsFile).toBe(findings);
    expect(saved.answers).toEqual({ q1: expect.objectContaining({ answer: 'The CI key leaked', note: 'found in a CI log' }) });

    // The case remembers its findings: no --findings this time.
    const second = runOnTerminal(['analyze', '--case', caseDir, '--interactive'], '\nq\n');
    expect(second.code, second.stdout).toBe(0);
    expect(second.stdout).not.toContain('Q1. ');
    expect(second.stdout).toMatch(/Q2\. How was the unauthorized access gained\?.*\n\(1 of 15 answered\)/);
    expect(second.stdout).toContain('Stopped at Q3; run again to resume.');

    const md = runOnTerminal(['analyze', '--case', caseDir, '--output', 'markdown'], '');
    expect(md.stdout).toContain('- Answered: 1 of 15');
    expect(md.stdout).toMatch(/\*\*Answer\*\* \(2\d{3}-[^)]+\): The CI key leaked/);
    expect(md.stdout).toContain('**Note:** found in a CI log');
  });

  describe('with a containment audit log', () => {
    let fake: FakeAws;
    beforeAll(async () => {
      fake = await startFakeAws();
      const sm = createSageMaker({ delayMs: 5 });
      sm.seed.endpointConfig('fraud-detector-v4-config', []);
      sm.seed.endpoint('fraud-detector-shadow', 'fraud-detector-v4-config');
      fake.register(sm.module);
      fake.register(createSts());
    });
    afterAll(async () => {
      expect(fake.handlerBugs).toEqual([]);
      await fake.close();
    });

    it('puts the calls contain made into the case report', async () => {
      const caseDir = join(dir, 'case');
      mkdirSync(caseDir);
      const contain = await runCli(['contain', 'delete-endpoint', 'fraud-detector-shadow', '--case', caseDir, '--yes', '--endpoint-url', fake.url, '--region', 'us-east-1', '--output', 'json']);
      expect(contain.code, contain.stderr).toBe(0);
      const audit = readFileSync(join(caseDir, 'audit.jsonl'), 'utf8');
      expect(audit).toContain('"operation":"DeleteEndpoint"');

      const r = await runCli(['analyze', '--case', caseDir, '--findings', findings, '--output', 'markdown']);
      expect(r.code, r.stderr).toBe(0);
      const section = r.stdout.split('## Containment audit log')[1] ?? '';
      const entries = audit.trim().split('\n').map((l) => JSON.parse(l) as { readOnly?: boolean });
      const reads = entries.filter((e) => e.readOnly === true).length;
      expect(reads).toBeGreaterThan(0); // contain captured evidence before deleting
      expect(section).toContain(`From ${caseDir}/audit.jsonl: 1 change. ${reads} read-only calls (evidence, state checks) in the log, not shown.`);
      expect(section).toMatch(/\| contain[^|]* \| us-east-1 \| sagemaker:DeleteEndpoint \| .*fraud-detector-shadow.* \| ok \|/);
      expect(r.stdout).toContain(`- Case directory: ${caseDir}`);

      // The JSON carries the same: the case and the changes contain made, the reads counted.
      const j = await runCli(['analyze', '--case', caseDir, '--findings', findings, '--output', 'json']);
      expect(j.code, j.stderr).toBe(0);
      const doc = JSON.parse(j.stdout) as { caseDir: string; containment: { auditLog: string; changes: { operation: string; requestId: string }[]; readOnlyCalls: number } };
      expect(doc.caseDir).toBe(caseDir);
      expect(doc.containment.auditLog).toBe(join(caseDir, 'audit.jsonl'));
      expect(doc.containment.changes.map((c) => c.operation)).toEqual(['DeleteEndpoint']);
      expect(doc.containment.changes[0]!.requestId).toBe(fake.stats.select({ operation: 'DeleteEndpoint' })[0]!.requestId);
      expect(doc.containment.readOnlyCalls).toBe(reads);
      const schema = JSON.parse((await runCli(['schema', 'sm-ir/analysis@1'])).stdout) as Parameters<typeof validate>[0];
      expect(validate(schema, doc)).toEqual([]);
    });
  });
});
