/**
 * Options before the command, as AWS CLI users type them (issue 20): handed to the command that takes them,
 * refused for one that does not, refused when given twice with two values; --quiet leaves the result alone.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const INCIDENT = ['--logs', 'fixtures/incident', '--since', 'all'];

describe('options before the command', () => {
  it('--output and --quiet before detect: the same report, and nothing on stderr', async () => {
    const before = await runCli(['--quiet', '--output', 'jsonl', 'detect', ...INCIDENT]);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stderr).toBe('');
    const after = await runCli(['detect', ...INCIDENT, '--output', 'jsonl']);
    expect(before.stdout).toBe(after.stdout);
    // Without --quiet, jsonl's coverage lines go to stderr.
    expect(after.stderr).toMatch(/^sm-ir: inputs: fixtures\/incident$/m);
  }, 60_000);

  it.each([
    [['--profile', 'ir', 'playbook'], /^sm-ir: --profile does not apply to sm-ir playbook$/m],
    [['--output', 'html', 'posture'], /^sm-ir: --output html: sm-ir posture writes table, json, jsonl, csv, markdown$/m],
    [['--output', 'json', 'detect', ...INCIDENT, '--output', 'csv'], /^sm-ir: --output given twice: json before the command, csv after it$/m],
  ])('%j: exit 2 before anything is read', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('--color before the command colours a piped table; --no-color wins over FORCE_COLOR', async () => {
    const coloured = await runCli(['--color', 'detect', ...INCIDENT, '--min-severity', 'critical'], { env: { NO_COLOR: '' } });
    expect(coloured.stdout).toContain('\x1b[');
    const plain = await runCli(['detect', ...INCIDENT, '--min-severity', 'critical', '--no-color'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\x1b[');
  }, 60_000);
});
