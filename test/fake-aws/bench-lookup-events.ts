/**
 * Benchmark (not a test): the issue-3 scenario, 1,000 SageMaker events over 3 regions with throttle
 * bursts, a 500 and a dropped connection, fetched by the LookupEvents source from the fake.
 * Run: npx tsx test/fake-aws/bench-lookup-events.ts
 */
import { createLookupEventsSource } from '../../src/sources/lookup-events/index.js';
import { SCENARIO_REGIONS, WATCHED_SOURCES, expectedCalls, startScenario, useExampleCredentials } from './scenario.js';

const restore = useExampleCredentials();
const s = await startScenario();
const source = createLookupEventsSource({
  regions: Object.keys(SCENARIO_REGIONS),
  eventSources: WATCHED_SOURCES,
  window: { start: new Date(Date.now() - 86_400_000), end: new Date() },
  aws: { endpointUrl: s.fake.url },
});
const t0 = performance.now();
let n = 0;
for await (const _ of source.records()) n += 1;
const wall = performance.now() - t0;
await s.fake.close();
restore();

const st = s.fake.stats;
const op = { operation: 'LookupEvents' };
const minimum = expectedCalls(s.served, WATCHED_SOURCES);
console.log(`events served ${s.records.length}, returned ${n} (errors: ${source.stats.errors.length})`);
console.log(`LookupEvents calls ${st.count(op)}: ok ${st.count(op, 'ok')} (minimum ${Object.values(minimum).reduce((a, b) => a + b, 0)}), throttled ${st.throttles(op)}, other failures ${st.count(op) - st.count(op, 'ok') - st.throttles(op)}`);
for (const p of source.progress()) {
  const r = { ...op, region: p.region };
  console.log(`  ${p.region.padEnd(15)} ok ${st.count(r, 'ok')}/${minimum[p.region]} min, throttled ${st.throttles(r)}, retries ${p.retries}, max ${st.maxPerSecond(r)} calls/s, ${p.events} events`);
}
console.log(`wall time ${(wall / 1000).toFixed(2)} s`);
