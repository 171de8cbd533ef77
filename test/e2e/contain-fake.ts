/**
 * The account the contain E2E tests run against: the wire-level fake with stateful SageMaker and IAM
 * (transitions take `delayMs`, as AWS's take minutes) and STS, and the built binary pointed at it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from '../../src/core/audit.js';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { createIam, type IamFake } from '../fake-aws/services/iam.js';
import { createS3, type FakeS3 } from '../fake-aws/services/s3.js';
import { createSageMaker, type SageMakerFake } from '../fake-aws/services/sagemaker.js';
import { createSts } from '../fake-aws/services/sts.js';
import { CLI, cliEnv, runCli, type CliResult } from './run-cli.js';

export interface ContainWorld {
  fake: FakeAws;
  sm: SageMakerFake;
  iam: IamFake;
  s3: FakeS3;
  /** A fresh case directory (not yet created). */
  caseDir: string;
}

/**
 * `transitions`: ms a transitional state lasts, or `{ afterCalls }` to settle it after that many later
 * SageMaker calls (polls included), for tests that must see the state under way whatever the machine's
 * speed; `{ afterCalls: Infinity }` settles only when the test calls `w.sm.settle()`.
 */
export async function startWorld(transitions: number | { afterCalls: number } = 150): Promise<ContainWorld> {
  const sm = createSageMaker(typeof transitions === 'number' ? { delayMs: transitions } : { settleAfterCalls: transitions.afterCalls });
  const iam = createIam();
  const s3 = createS3();
  const fake = await startFakeAws({ modules: [sm.module, iam.module, createSts(), s3.module] });
  return { fake, sm, iam, s3, caseDir: join(mkdtempSync(join(tmpdir(), 'sm-ir-e2e-contain-')), 'case') };
}

/** `sm-ir contain ARGS --endpoint-url FAKE --poll 0.05` (polls fast: the fake's transitions take milliseconds). */
export function contain(w: ContainWorld, args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliResult> {
  // Given first, so a test's own --poll wins.
  return runCli(['contain', '--endpoint-url', w.fake.url, '--poll', '0.05', ...args], options);
}

/** Calls that change something, as the fake received them (any outcome). */
export function writeCalls(w: ContainWorld): string[] {
  return w.fake.stats.calls.filter((c) => /^(Delete|Stop|Start|Update|Put|Create|Attach|Detach)/.test(c.operation)).map((c) => `${c.operation}:${c.outcome}`);
}

export type AuditLine = AuditEntry;
export function auditLog(caseDir: string): AuditLine[] {
  return readFileSync(join(caseDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditLine);
}

/** util-linux `script`, to give the binary a terminal; the TTY tests are skipped without it. */
export const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

/**
 * `sm-ir contain ARGS` on a pseudo-terminal (through `script`), answering the confirmation prompt
 * with `answer`. stdout and stderr arrive mixed, as a person sees them.
 */
export function containOnTty(w: ContainWorld, args: string[], answer: string): Promise<{ code: number | null; screen: string; asked: boolean }> {
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const cmd = [process.execPath, CLI, 'contain', '--endpoint-url', w.fake.url, '--poll', '0.05', ...args].map(quote).join(' ');
  const child = spawn('script', ['-qefc', cmd, '/dev/null'], {
    env: cliEnv({ TERM: 'xterm' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let asked = false;
  const onData = (d: Buffer) => {
    screen += d.toString();
    if (!asked && screen.includes('[y/N]')) {
      asked = true;
      child.stdin.write(`${answer}\n`);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen, asked }));
  });
}
