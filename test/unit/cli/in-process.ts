/**
 * sm-ir's command line run in this process (src/program.ts: parse, validate, report), for usage errors:
 * the same code the binary runs, without a process launch per case. Every AWS client comes from one
 * factory (src/aws/clients.ts); the test files mock it to throw, so a case that would reach AWS fails
 * instead of calling anything. The environment is the end-to-end one: example credentials, no profiles.
 */
import { vi } from 'vitest';
import { main } from '../../../src/program.js';
import { cliEnv, type CliResult } from '../../e2e/run-cli.js';

export const NO_AWS = 'an AWS client was created: a usage error must come before any AWS call';

export async function runInProcess(args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const saved = { ...process.env };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  Object.assign(process.env, cliEnv({ HOME: process.env.HOME ?? '/nonexistent' }));
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_DEFAULT_REGION;
  try {
    const code = await main([process.execPath, 'sm-ir', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.exitCode = undefined; // a command's action sets it; the worker must not exit with it
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    out.mockRestore();
    err.mockRestore();
  }
}
