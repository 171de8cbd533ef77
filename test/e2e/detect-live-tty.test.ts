/**
 * Progress of the live source on a real terminal: util-linux `script` gives the binary a pseudo-terminal
 * for stderr while stdout goes to a file, so the test sees what a responder's terminal shows and what a
 * pipe receives. Off a TTY, stderr stays quiet (asserted here and in detect-live.test.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DetectReport } from '../../src/core/report.js';
import { startScenario, type Scenario } from '../fake-aws/scenario.js';
import { CLI, ROOT, UNPACED, cliEnv, runCli } from './run-cli.js';

const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Run the binary with stderr on a pseudo-terminal and stdout redirected to `stdoutFile`; returns the terminal's text. */
function runOnTty(args: string[], stdoutFile: string, env: Record<string, string>): Promise<{ code: number | null; terminal: string }> {
  const command = `${[process.execPath, CLI, ...args].map(quote).join(' ')} > ${quote(stdoutFile)}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: cliEnv({ ...env, TERM: 'xterm' }), stdio: ['pipe', 'pipe', 'pipe'] });
    let terminal = '';
    child.stdout.on('data', (d: Buffer) => (terminal += d.toString()));
    child.stderr.on('data', (d: Buffer) => (terminal += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, terminal }));
    child.stdin.end();
  });
}

describe.skipIf(!hasScript)('sm-ir detect --logs: a progress bar on a TTY only, none with --quiet', () => {
  it('draws inputs done of those found, bytes and records with their rates; --quiet draws nothing', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'smir-tty-')), 'report.json');
    // Redrawn every millisecond, so the bar is drawn however fast this machine reads the sample.
    const env = { SM_IR_PROGRESS_MS: '1' };
    const tty = await runOnTty(['detect', '--logs', 'fixtures/incident', '--since', 'all', '--output', 'json'], out, env);
    expect(tty.code, tty.terminal).toBe(0);
    expect(tty.terminal).toMatch(/\r\x1b\[2K\[[#-]{20}\] +\d+%  \d+ of 333 inputs  [\d.]+ [KMG]?B \([\d.]+ [KMG]?B\/s\)  [\d.]+[kM]? records \([\d.]+[kM]?\/s\)/);
    expect((JSON.parse(readFileSync(out, 'utf8')) as DetectReport).stats.unitsRead).toBe(333);
    const quiet = await runOnTty(['--quiet', 'detect', '--logs', 'fixtures/incident', '--since', 'all', '--output', 'jsonl'], out, env);
    expect(quiet.code).toBe(0);
    // Not a bar, not a note (jsonl's coverage lines go to stderr without --quiet): the result alone, in the file.
    expect(quiet.terminal).toBe('');
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(123);
  }, 60_000);
});

describe.skipIf(!hasScript)('sm-ir detect, live: progress on a TTY only', () => {
  let s: Scenario | undefined;
  afterEach(async () => {
    expect(s?.fake.handlerBugs ?? []).toEqual([]);
    await s?.fake.close();
  });

  it('shows per-region pages, events and throttles on a terminal, puts nothing extra on stdout, and is silent on stderr off a TTY', async () => {
    // Pacing is detect-live.test.ts's subject: unpaced here, so the throttles counted are the scenario's injected ones.
    s = await startScenario(Date.now(), { rateLimits: false });
    const out = join(mkdtempSync(join(tmpdir(), 'smir-tty-')), 'report.json');
    const window = ['--since', new Date(Date.now() - 86_400_000).toISOString(), '--until', new Date().toISOString()];
    const args = ['detect', '--endpoint-url', s.fake.url, '--regions', 'us-east-1,eu-west-1', ...window, '--output', 'json'];
    const tty = await runOnTty(args, out, UNPACED);
    expect(tty.code, tty.terminal).toBe(0);

    // A running total redrawn in place, then one line per region as it finishes; the line is cleared at the end.
    expect(tty.terminal).toMatch(/\r\x1b\[2KLookupEvents: \d\/2 regions done, \d+ pages, \d+ events, \d+ throttled/);
    expect(tty.terminal).toMatch(/us-east-1\s+14 pages\s+462 events\s+3 throttled {2}done/);
    expect(tty.terminal).toMatch(/eu-west-1\s+11 pages\s+355 events\s+2 throttled {2}done/);
    // Then the actors' timelines (issue 16), labelled as such, and the note of what they cost.
    expect(tty.terminal).toMatch(/\r\x1b\[2Kactors' timelines: LookupEvents: \d\/2 regions done/);
    expect(tty.terminal).toMatch(/\nsm-ir: activity: [^\n]*LookupEvents call\(s\)\r?\n$/);

    // stdout is the report and only the report, whether stderr is a terminal or not.
    const onTty = JSON.parse(readFileSync(out, 'utf8')) as DetectReport;
    s.fake.faults.throttle({ operation: 'LookupEvents', region: 'eu-west-1' }, 2);
    const piped = await runCli(args, { env: UNPACED });
    expect(piped.code).toBe(0);
    // No progress off a TTY: only the actors' timelines' cost, a fact of the run (issue 16).
    expect(piped.stderr).toMatch(/^sm-ir: activity: \d+ actor\(s\) with a finding at medium or above: .* \d+ LookupEvents call\(s\)\n$/);
    const offTty = JSON.parse(piped.stdout) as DetectReport;
    expect(offTty.findings).toEqual(onTty.findings);
    expect(offTty.stats.recordsRead).toBe(onTty.stats.recordsRead);
  }, 60_000);
});
