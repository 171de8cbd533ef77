/**
 * Benchmark (not a test): the issue-3 scenario, 1,000 SageMaker events over 3 regions plus IAM,
 * CloudTrail and Logs events, with throttle bursts, a 500 and a dropped connection, fetched twice
 * from a fresh fake: by the LookupEvents source in process, then by the built binary
 * (`sm-ir detect --endpoint-url`, run `npm run build` first). Prints calls, throttles, the highest
 * calls per second per region as the fake measured them, and wall time. Judges nothing.
 * Run: npm run bench:lookup [-- --in-process-only]
 */
import { existsSync } from 'node:fs';
import { watchedSources } from '../../src/core/classify/index.js';
import { loadPlaybook } from '../../src/playbook/load.js';
import { createLookupEventsSource, homeRegions } from '../../src/sources/lookup-events/index.js';
import { CLI, runCli } from '../e2e/run-cli.js';
import { SCENARIO_REGIONS, expectedCalls, startScenario, useExampleCredentials, type Scenario } from './scenario.js';

const REGIONS = Object.keys(SCENARIO_REGIONS);
const PLAYBOOK = loadPlaybook();
const SOURCES = [...watchedSources(PLAYBOOK)];
const LOOKUP = { operation: 'LookupEvents' };

function report(title: string, s: Scenario, returned: number, wallMs: number, retries?: Record<string, number>): void {
  const st = s.fake.stats;
  const minimum = expectedCalls(s.served, SOURCES);
  const ok = st.count(LOOKUP, 'ok');
  const throttled = st.throttles(LOOKUP);
  console.log(`\n${title}`);
  console.log(`  events of watched sources served ${s.records.length}, returned ${returned}; sources queried: ${SOURCES.join(', ')}`);
  console.log(
    `  LookupEvents calls ${st.count(LOOKUP)}: ok ${ok} (minimum ${Object.values(minimum).reduce((a, b) => a + b, 0)}), ` +
      `throttled ${throttled}, other failures ${st.count(LOOKUP) - ok - throttled}; other calls ${st.count() - st.count(LOOKUP)}`,
  );
  for (const region of REGIONS) {
    const r = { ...LOOKUP, region };
    console.log(
      `  ${region.padEnd(15)} ok ${st.count(r, 'ok')}/${minimum[region]} min, throttled ${st.throttles(r)}, ` +
        `failed ${st.count(r) - st.count(r, 'ok') - st.throttles(r)}${retries ? `, retries ${retries[region]}` : ''}, max ${st.maxPerSecond(r)} calls/s`,
    );
  }
  console.log(`  wall time ${(wallMs / 1000).toFixed(2)} s`);
}

async function inProcess(): Promise<void> {
  const restore = useExampleCredentials();
  const s = await startScenario();
  const source = createLookupEventsSource({
    regions: REGIONS,
    eventSources: SOURCES,
    homeRegions: homeRegions(PLAYBOOK.sources.sources),
    window: { start: new Date(Date.now() - 86_400_000), end: new Date() },
    aws: { endpointUrl: s.fake.url },
  });
  const t0 = performance.now();
  let n = 0;
  for await (const _ of source.records()) n += 1;
  const wall = performance.now() - t0;
  await s.fake.close();
  restore();
  report('in process (createLookupEventsSource)', s, n, wall, Object.fromEntries(source.progress().map((p) => [p.region, p.retries])));
}

async function binary(): Promise<void> {
  if (!existsSync(CLI)) {
    console.log(`\nthrough the binary: skipped, ${CLI} is missing (npm run build)`);
    return;
  }
  const s = await startScenario();
  const t0 = performance.now();
  const r = await runCli(['detect', '--endpoint-url', s.fake.url, '--regions', REGIONS.join(','), '--since', '24h', '--output', 'json']);
  const wall = performance.now() - t0;
  await s.fake.close();
  if (r.code !== 0) throw new Error(`sm-ir exited ${r.code}: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as { stats: { recordsRead: number }; findings: unknown[] };
  report(`through the binary (sm-ir detect --endpoint-url, process start included; ${doc.findings.length} findings)`, s, doc.stats.recordsRead, wall);
  console.log(`  of which DescribeRegions (checking --regions): ${s.fake.stats.count({ operation: 'DescribeRegions' })} call(s)`);
}

await inProcess();
if (!process.argv.includes('--in-process-only')) await binary();
