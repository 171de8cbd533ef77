import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * sm-ir's pace knobs raised (src/commands/pacing.ts): LookupEvents and posture's SageMaker reads unpaced,
 * the SCP enable poll every millisecond. For tests that do not check pacing, against a fake started with rateLimits: false.
 */
export const UNPACED: Record<string, string> = { SM_IR_LOOKUP_EVENTS_RATE: '1000', SM_IR_SCP_ENABLE_POLL_MS: '1', SM_IR_POSTURE_RATE: '1000' };

/** The sample incident's JSON report: run once for all test files (test/global-setup.ts, incident-report.ts). */
export const INCIDENT_REPORT_ARGS = ['detect', '--logs', 'fixtures/incident', '--since', 'all', '--output', 'json'];

/** The environment the binary runs in: AWS's documented example credentials, no profile files, no colour, a wide terminal. */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: '/nonexistent',
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    // Wide, so tests that read a view's content find its lines whole; tests of fitting set COLUMNS themselves.
    COLUMNS: '1000',
    ...extra,
  };
}

/**
 * Run the built binary as a user would: its own process, no TTY, a clean environment with AWS's
 * documented example credentials (never real ones) so the SDK's chain finds nothing else.
 */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: cliEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // Decoded as a stream: a chunk may end inside a multi-byte character (a table's box drawing).
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (stdout += d));
    child.stderr.on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
    // For tests that signal the process mid-run (Ctrl-C).
    options.onSpawn?.(child);
  });
}
