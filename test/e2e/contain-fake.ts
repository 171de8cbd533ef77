/**
 * The account the contain E2E tests run against: the wire-level fake with stateful SageMaker and IAM
 * (transitions take `delayMs`, as AWS's take minutes) and STS, and the built binary pointed at it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { createIam, type IamFake } from '../fake-aws/services/iam.js';
import { createSageMaker, type SageMakerFake } from '../fake-aws/services/sagemaker.js';
import { createSts } from '../fake-aws/services/sts.js';
import { runCli, type CliResult } from './run-cli.js';

export interface ContainWorld {
  fake: FakeAws;
  sm: SageMakerFake;
  iam: IamFake;
  /** A fresh case directory (not yet created). */
  caseDir: string;
}

export async function startWorld(delayMs = 150): Promise<ContainWorld> {
  const sm = createSageMaker({ delayMs });
  const iam = createIam();
  const fake = await startFakeAws({ modules: [sm.module, iam.module, createSts()] });
  return { fake, sm, iam, caseDir: join(mkdtempSync(join(tmpdir(), 'sm-ir-e2e-contain-')), 'case') };
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

export interface AuditLine {
  time: string;
  command: string;
  region: string;
  service: string;
  operation: string;
  parameters: Record<string, unknown>;
  outcome: 'ok' | 'already-done' | 'error';
  requestId: string | null;
  error: { code: string | null; message: string } | null;
}
export function auditLog(caseDir: string): AuditLine[] {
  return readFileSync(join(caseDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditLine);
}
