/**
 * The fake organization `sm-ir prepare` runs against in the E2E tests: the wire-level fake AWS with
 * stateful Organizations, Config and STS, IAM Access Analyzer (no findings unless a test stages some), a scratch directory for the audit log, and helpers that
 * count the calls that change something.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { ACCESS_KEY } from '../fake-aws/helpers.js';
import { defaultRegions } from '../fake-aws/regions.js';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { createConfigFake, type ConfigFake, type ConfigFakeOptions } from '../fake-aws/services/config.js';
import { createOrganizationsFake, type OrganizationsFake, type OrganizationsFakeOptions } from '../fake-aws/services/organizations.js';
import { createEc2 } from '../fake-aws/services/ec2.js';
import { createAccessAnalyzerFake, type AccessAnalyzerFake } from '../fake-aws/services/access-analyzer.js';
import { createSts } from '../fake-aws/services/sts.js';
import type { z } from 'zod';
import { CLI, ROOT, UNPACED, runCli, type CliResult } from './run-cli.js';
import { settledChanges } from '../support/audit-lines.js';
import { contentHash, creationTags } from '../../src/core/prepare/plan.js';
import { loadPlaybookFile } from '../../src/playbook/load.js';

/** Each test spawns the binary several times; on a loaded machine one run can take a few seconds. */
export const E2E_TIMEOUT = 60_000;
export const ROOT_ID = 'r-examplerootid111';
export const OU_ID = 'ou-exam-ple12345';
export const MANAGEMENT = '111122223333';
export const MEMBER = '444455556666';
export const PREFIX = 'sm-ir-sagemaker-guardrails';
export const PARAMS = ['--allowed-ip', '203.0.113.0/24', '198.51.100.0/24', '--allowed-instance-types', 'ml.t3.medium', 'ml.m5.xlarge'];
/** n distinct /24 CIDRs: enough of them push the RestrictUrlToIp statement past what one policy holds. */
/** Public ranges (aws:SourceIp never carries private ones, and prepare refuses them): 198.18.0.0/15, up to 512 of them. */
export const manyCidrs = (n: number): string[] => Array.from({ length: n }, (_, i) => `198.${18 + Math.floor(i / 256)}.${i % 256}.0/24`);
export const WRITE_OPERATIONS = ['CreatePolicy', 'UpdatePolicy', 'TagResource', 'AttachPolicy', 'DetachPolicy', 'DeletePolicy', 'EnablePolicyType', 'PutConfigRule'];

/** The content seedPolicy gives a policy: a customer's own Deny. */
export const SEED_CONTENT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Customer', Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] });
const { deployment } = loadPlaybookFile('scps');
const OWN = { namePrefix: deployment.namePrefix, tag: deployment.tag, ownershipTags: deployment.ownershipTags };
/** The tags sm-ir itself would write on a policy holding `content` (another sm-ir run's, or copied by a look-alike). */
export const smIrTags = (content = SEED_CONTENT): Record<string, string> => creationTags(OWN, content, randomUUID());

export interface AuditLine {
  operation: string;
  outcome: string;
  parameters: Record<string, unknown>;
  error: { code: string | null } | null;
  requestId: string | null;
  /** true for reads (Describe, List, Get). */
  readOnly?: boolean;
}

export interface PrepareFixture {
  fake: FakeAws;
  org: OrganizationsFake;
  config: ConfigFake;
  analyzer: AccessAnalyzerFake;
  auditPath: string;
  /** `sm-ir prepare <args> --endpoint-url <fake> --audit-log <scratch>`. */
  run(args: string[], options?: { onSpawn?: (child: ChildProcess) => void; env?: Record<string, string> }): Promise<CliResult>;
  /** The same in a pseudo-terminal (util-linux `script`), answering `answer` when the confirmation prompt shows. */
  runInTty(args: string[], answer: string): Promise<{ code: number | null; output: string }>;
  /** Calls that change AWS, in order (operation names). */
  writes(): string[];
  /** The changes in the audit log (reads left out). */
  /** The changes by their settled lines (each is also logged as sent before its request; the pairs are checked). */
  audit(): AuditLine[];
  /** Every line of the audit log: the reads (readOnly: true) and the changes. */
  auditAll(): AuditLine[];
  /** A policy the customer made themselves, straight into the fake's state (no call is recorded). */
  seedPolicy(name: string, attachTo: string[], tags?: Record<string, string>): string;
  /** sm-ir's policies as the fake holds them (its name, tags and a matching content hash): name -> { id, content, targets }. */
  ours(): Record<string, { id: string; content: string; targets: string[] }>;
  attached(target: string): string[];
}

const fixtures: PrepareFixture[] = [];

export async function startPrepareFake(
  o: { org?: OrganizationsFakeOptions; config?: ConfigFakeOptions; callerAccount?: string; optedIn?: string[] } = {},
): Promise<PrepareFixture> {
  const fake = await startFakeAws({
    regions: defaultRegions(o.optedIn),
    ...(o.callerAccount ? { accounts: { [ACCESS_KEY]: o.callerAccount } } : {}),
  });
  const org = createOrganizationsFake(o.org);
  const config = createConfigFake(o.config);
  fake.register(org);
  fake.register(config);
  fake.register(createSts());
  fake.register(createEc2(fake.regions));
  const analyzer = createAccessAnalyzerFake();
  fake.register(analyzer);
  // Seeding goes to the real handlers even when a test wraps them to stage a race.
  const handlers = { ...org.handlers };
  const dir = mkdtempSync(join(tmpdir(), 'sm-ir-e2e-prepare-'));
  const auditPath = join(dir, 'audit.jsonl');
  const seedReq = (operation: string, input: Record<string, unknown>) => ({
    service: 'organizations', region: 'us-east-1', operation, input, accessKeyId: ACCESS_KEY, accountId: MANAGEMENT,
  });
  const f: PrepareFixture = {
    fake, org, config, analyzer, auditPath,
    // The SCP enable poll unpaced: no test here checks its interval (Organizations has no rate limit in the fake).
    run: (args, options = {}) => runCli(['prepare', ...args, '--endpoint-url', fake.url, '--audit-log', auditPath], { ...options, env: { ...UNPACED, ...options.env } }),
    runInTty: (args, answer) => inTty(['prepare', ...args, '--endpoint-url', fake.url, '--audit-log', auditPath], answer),
    writes: () => fake.stats.calls.filter((c) => WRITE_OPERATIONS.includes(c.operation)).map((c) => c.operation),
    auditAll: () => (existsSync(auditPath) ? readFileSync(auditPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditLine) : []),
    audit: () => settledChanges(f.auditAll()),
    seedPolicy(name, attachTo, tags = { owner: 'security-team' }) {
      const content = SEED_CONTENT;
      const out = handlers.CreatePolicy!(seedReq('CreatePolicy', {
        Name: name, Type: 'SERVICE_CONTROL_POLICY', Content: content, Description: 'the customer\'s own',
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      })) as { Policy: { PolicySummary: { Id: string } } };
      const id = out.Policy.PolicySummary.Id;
      for (const t of attachTo) handlers.AttachPolicy!(seedReq('AttachPolicy', { PolicyId: id, TargetId: t }));
      return id;
    },
    ours() {
      const out: Record<string, { id: string; content: string; targets: string[] }> = {};
      for (const p of org.state.policies.values()) {
        const own = p.tags['managed-by'] === 'sm-ir' && /^[0-9a-f-]{36}$/.test(p.tags[deployment.ownershipTags.policyId] ?? '');
        if (own && new RegExp(`^${PREFIX}-\\d+$`).test(p.name) && p.tags[deployment.ownershipTags.contentHash] === contentHash(p.content)) {
          out[p.name] = { id: p.id, content: p.content, targets: [...(org.state.attachments.get(p.id) ?? [])].sort() };
        }
      }
      return out;
    },
    attached: (target) => [...org.state.policies.values()].filter((p) => org.state.attachments.get(p.id)?.has(target)).map((p) => p.name).sort(),
  };
  fixtures.push(f);
  return f;
}

/** Close every fixture started by the test; the fake must have met no bug of its own. */
export async function closeFixtures(): Promise<Error[]> {
  const bugs = fixtures.flatMap((f) => f.fake.handlerBugs);
  await Promise.all(fixtures.splice(0).map((f) => f.fake.close()));
  return bugs;
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x,
  );

/** Parse a JSON document and check it against its published schema, unknown fields included (zod strips them). */
export function documented<T>(schema: z.ZodType<T>, stdout: string): T {
  const raw = JSON.parse(stdout) as unknown;
  const parsed = schema.parse(raw);
  if (canonical(parsed) !== canonical(raw)) throw new Error(`the document holds fields its schema does not describe:\n${stdout}`);
  return parsed;
}

/** util-linux `script` gives a child a pseudo-terminal; without it the TTY tests are skipped. */
export const HAS_SCRIPT = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const shellQuote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

function inTty(args: string[], answer: string): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI, ...args].map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '', HOME: '/nonexistent', AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
        AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', TERM: 'dumb',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let answered = false;
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (!answered && output.includes('[y/N]')) {
        answered = true;
        child.stdin.write(`${answer}\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
